package graphsim

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/partnerdash/partnerdash/model"
)

// fieldRule says what one target property must hold.
type fieldRule struct {
	members  []string // enum members, when an enum
	enum     string   // the enum type's name
	required bool
}

var (
	// Ids are Edm.String in the schema: any string is taken. Intune may check more (unknown; a
	// guess left open), but the simulator does not invent a rule the schema does not state.
	idRequired = fieldRule{required: true}
	// filterRules are the assignment-filter properties every target kind has, in beta only.
	filterRules = map[string]fieldRule{
		"deviceAndAppManagementAssignmentFilterId": {},
		"deviceAndAppManagementAssignmentFilterType": {
			members: []string{"none", "include", "exclude"}, enum: "microsoft.graph.deviceAndAppManagementAssignmentFilterType"},
	}
	// v1TargetRules are the target kinds of the v1.0 schema and their properties.
	v1TargetRules = map[string]map[string]fieldRule{
		model.ODataGroupTarget:               {"groupId": idRequired},
		model.ODataExclusionGroupTarget:      {"groupId": idRequired},
		model.ODataAllLicensedUsersTarget:    {},
		model.ODataAllDevicesTarget:          {},
		model.ODataConfigMgrCollectionTarget: {"collectionId": idRequired},
	}
	// betaTargetRules adds beta's kinds: scope-tag groups and Android FOTA deployments.
	betaTargetRules = func() map[string]map[string]fieldRule {
		m := maps.Clone(v1TargetRules)
		m[model.ODataScopeTagGroupTarget] = map[string]fieldRule{
			"targetType": {
				members: []string{"none", "user", "device", "unknownFutureValue"}, enum: "microsoft.graph.scopeTagTargetType"},
			"entraObjectId": idRequired,
		}
		m[model.ODataAndroidFotaTarget] = map[string]fieldRule{"groupId": idRequired}
		return m
	}()
)

// assignments checks groupsRequiringPartnerEnrollment strictly, as the service would: an array
// of assignments, each with a target of a kind Graph knows holding only that kind's properties.
// null means no groups. The whole list replaces the partner's, as collections do in a PATCH.
func assignments(raw json.RawMessage, version string) ([]model.Assignment, problem) {
	return assignmentsOf(raw, "groupsRequiringPartnerEnrollment", model.ODataPartnerAssignment, version)
}

// assignmentsOf checks the assignment list property name, whose items are of type typ (e.g.
// model.ODataComplianceAssignment), against the version's target kinds, as assignments does.
func assignmentsOf(raw json.RawMessage, name, typ, version string) ([]model.Assignment, problem) {
	if jsonKind(raw) == "null" {
		return []model.Assignment{}, ""
	}
	var items []json.RawMessage
	if jsonKind(raw) != "an array" || json.Unmarshal(raw, &items) != nil {
		return nil, wrongType(name, "an array of "+strings.TrimPrefix(typ, "#"), raw)
	}
	out := make([]model.Assignment, 0, len(items))
	for i, item := range items {
		path := fmt.Sprintf("%s[%d]", name, i)
		a, p := assignment(path, item, typ, version)
		if p != "" {
			return nil, p
		}
		out = append(out, a)
	}
	return out, ""
}

// assignment checks one assignment of type typ (a deviceManagementPartnerAssignment or a
// complianceManagementPartnerAssignment: both hold only a target).
func assignment(path string, raw json.RawMessage, typ, version string) (model.Assignment, problem) {
	var members map[string]json.RawMessage
	if jsonKind(raw) != "an object" || json.Unmarshal(raw, &members) != nil {
		return model.Assignment{}, wrongType(path, "an object ("+strings.TrimPrefix(typ, "#")+")", raw)
	}
	for _, k := range slices.Sorted(maps.Keys(members)) {
		switch {
		case k == "@odata.type":
			if p := checkODataType(members[k], typ, path+".@odata.type"); p != "" {
				return model.Assignment{}, p
			}
		case k == "target", strings.Contains(k, "@"):
		default:
			return model.Assignment{}, unknownProperty(k, typ)
		}
	}
	target, ok := members["target"]
	if !ok || jsonKind(target) == "null" {
		return model.Assignment{}, problem(fmt.Sprintf("Invalid value for property '%s': the target is required.", path))
	}
	t, p := checkTarget(path+".target", target, version)
	if p != "" {
		return model.Assignment{}, p
	}
	return model.Assignment{ODataType: typ, Target: t}, ""
}

// checkTarget checks one assignment target and decodes it with the model.
func checkTarget(path string, raw json.RawMessage, version string) (model.Target, problem) {
	var members map[string]json.RawMessage
	if jsonKind(raw) != "an object" || json.Unmarshal(raw, &members) != nil {
		return nil, wrongType(path, "an object (microsoft.graph.deviceAndAppManagementAssignmentTarget)", raw)
	}
	typeRaw, ok := members["@odata.type"]
	if !ok {
		return nil, problem(fmt.Sprintf("Invalid value for property '%s': @odata.type is required to say which kind of target it is.", path))
	}
	typ, p := stringValue(typeRaw, path+".@odata.type", false)
	if p != "" {
		return nil, p
	}
	kind := "#" + strings.TrimPrefix(typ, "#")
	kinds := v1TargetRules
	if version == model.VersionBeta {
		kinds = betaTargetRules
	}
	rules, known := kinds[kind]
	if !known {
		return nil, unresolvedType(typ)
	}
	for _, k := range slices.Sorted(maps.Keys(members)) {
		if k == "@odata.type" || strings.Contains(k, "@") {
			continue
		}
		rule, ok := rules[k]
		if !ok && version == model.VersionBeta {
			rule, ok = filterRules[k]
		}
		if !ok {
			return nil, unknownProperty(k, kind)
		}
		if p := rule.check(path+"."+k, members[k]); p != "" {
			return nil, p
		}
	}
	for _, k := range slices.Sorted(maps.Keys(rules)) {
		if _, ok := members[k]; !ok && rules[k].required {
			return nil, problem(fmt.Sprintf("Invalid value for property '%s.%s': it is required.", path, k))
		}
	}
	t, err := model.DecodeTarget(raw)
	if err != nil {
		return nil, problem(fmt.Sprintf("Invalid value for property '%s': %v.", path, err))
	}
	return t, ""
}

// check applies the rule to one value.
func (r fieldRule) check(path string, raw json.RawMessage) problem {
	if r.members != nil {
		_, p := enumValue(raw, path, r.enum, r.members)
		return p
	}
	s, p := stringValue(raw, path, !r.required)
	if p != "" {
		return p
	}
	if r.required && strings.TrimSpace(s) == "" {
		return problem(fmt.Sprintf("Invalid value for property '%s': it is required.", path))
	}
	return ""
}

// unknownProperty is Intune's message for a member the type does not have (observed:
// Intune-PowerShell-SDK issue 98): the type in Intune's own namespace, and no path.
func unknownProperty(name, odataType string) problem {
	return problem(fmt.Sprintf("The property '%s' does not exist on type '%s'. "+
		"Make sure to only use property names that are defined by the type.", name, intuneType(odataType)))
}

// unresolvedType is OData's message for an @odata.type the version's model does not have.
func unresolvedType(typ string) problem {
	return problem(fmt.Sprintf("A type named '%s' could not be resolved by the model. "+
		"When a model is available, each type name must resolve to a valid type.", strings.TrimPrefix(typ, "#")))
}
