package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// The @odata.type names of the assignment targets, in the form the service emits (with '#').
const (
	ODataGroupTarget               = "#microsoft.graph.groupAssignmentTarget"
	ODataExclusionGroupTarget      = "#microsoft.graph.exclusionGroupAssignmentTarget"
	ODataAllLicensedUsersTarget    = "#microsoft.graph.allLicensedUsersAssignmentTarget"
	ODataAllDevicesTarget          = "#microsoft.graph.allDevicesAssignmentTarget"
	ODataConfigMgrCollectionTarget = "#microsoft.graph.configurationManagerCollectionAssignmentTarget"
	ODataScopeTagGroupTarget       = "#microsoft.graph.scopeTagGroupAssignmentTarget"
	ODataPartnerAssignment         = "#microsoft.graph.deviceManagementPartnerAssignment"
	ODataPartner                   = "#microsoft.graph.deviceManagementPartner"
)

// Target is one deviceAndAppManagementAssignmentTarget: a closed set of variants chosen by
// @odata.type. UnknownTarget carries any kind this version does not know, unchanged.
type Target interface {
	// ODataType is the variant's @odata.type, with the leading '#'.
	ODataType() string
	// Describe says what the target means, in words, for the detail pane.
	Describe() string
	// Filter is the beta assignment filter on the target, if any.
	Filter() AssignmentFilter
	isTarget()
}

// AssignmentFilter holds the beta-only filter fields every target may carry.
type AssignmentFilter struct {
	ID   string     `json:"deviceAndAppManagementAssignmentFilterId,omitempty"`
	Type FilterType `json:"deviceAndAppManagementAssignmentFilterType,omitempty"`
}

// Filter returns the filter itself, so every variant that embeds it satisfies Target.Filter.
func (f AssignmentFilter) Filter() AssignmentFilter { return f }

// IsSet reports whether a filter id or type is present.
func (f AssignmentFilter) IsSet() bool { return f.ID != "" || f.Type != "" }

// GroupTarget includes an Entra group: its users' devices must enroll through the partner.
type GroupTarget struct {
	AssignmentFilter
	GroupID string `json:"groupId"`
}

// ExclusionGroupTarget excludes an Entra group; exclusion wins over inclusion.
type ExclusionGroupTarget struct {
	AssignmentFilter
	GroupID string `json:"groupId"`
}

// AllLicensedUsersTarget targets every licensed user.
type AllLicensedUsersTarget struct{ AssignmentFilter }

// AllDevicesTarget targets every managed device.
type AllDevicesTarget struct{ AssignmentFilter }

// ConfigMgrCollectionTarget targets a Configuration Manager collection.
type ConfigMgrCollectionTarget struct {
	AssignmentFilter
	CollectionID string `json:"collectionId"`
}

// ScopeTagGroupTarget targets the users or devices of an Entra group for scope tags.
type ScopeTagGroupTarget struct {
	AssignmentFilter
	TargetType    ScopeTagTargetType `json:"targetType,omitempty"`
	EntraObjectID string             `json:"entraObjectId,omitempty"`
}

// UnknownTarget is a target kind this version does not know. Raw is the JSON object as read and
// is written back byte for byte.
type UnknownTarget struct {
	Type string
	Raw  json.RawMessage
}

func (GroupTarget) isTarget()               {}
func (ExclusionGroupTarget) isTarget()      {}
func (AllLicensedUsersTarget) isTarget()    {}
func (AllDevicesTarget) isTarget()          {}
func (ConfigMgrCollectionTarget) isTarget() {}
func (ScopeTagGroupTarget) isTarget()       {}
func (UnknownTarget) isTarget()             {}

// ODataType implements Target.
func (GroupTarget) ODataType() string { return ODataGroupTarget }

// ODataType implements Target.
func (ExclusionGroupTarget) ODataType() string { return ODataExclusionGroupTarget }

// ODataType implements Target.
func (AllLicensedUsersTarget) ODataType() string { return ODataAllLicensedUsersTarget }

// ODataType implements Target.
func (AllDevicesTarget) ODataType() string { return ODataAllDevicesTarget }

// ODataType implements Target.
func (ConfigMgrCollectionTarget) ODataType() string { return ODataConfigMgrCollectionTarget }

// ODataType implements Target.
func (ScopeTagGroupTarget) ODataType() string { return ODataScopeTagGroupTarget }

// ODataType implements Target.
func (u UnknownTarget) ODataType() string { return u.Type }

// Filter implements Target; an unknown target's filter is not interpreted.
func (UnknownTarget) Filter() AssignmentFilter { return AssignmentFilter{} }

// Describe implements Target.
func (t GroupTarget) Describe() string { return "Include group " + t.GroupID }

// Describe implements Target.
func (t ExclusionGroupTarget) Describe() string { return "Exclude group " + t.GroupID }

// Describe implements Target.
func (AllLicensedUsersTarget) Describe() string { return "All licensed users" }

// Describe implements Target.
func (AllDevicesTarget) Describe() string { return "All devices" }

// Describe implements Target.
func (t ConfigMgrCollectionTarget) Describe() string { return "ConfigMgr collection " + t.CollectionID }

// Describe implements Target.
func (t ScopeTagGroupTarget) Describe() string {
	kind := string(t.TargetType)
	if kind == "" {
		kind = "none"
	}
	return "Scope-tag group " + kind + " " + t.EntraObjectID
}

// Describe implements Target.
func (u UnknownTarget) Describe() string {
	if u.Type == "" {
		return "Unknown target (no @odata.type)"
	}
	return "Unknown target " + u.Type
}

// normalizeODataType adds the leading '#' Graph uses at the top level, so that both spellings match.
func normalizeODataType(s string) string {
	if s == "" || strings.HasPrefix(s, "#") {
		return s
	}
	return "#" + s
}

// Assignment is one deviceManagementPartnerAssignment: a group (or other target) whose devices must
// enroll through the partner.
type Assignment struct {
	// ODataType is kept as read (docs send it without '#'); empty when built in code.
	ODataType string
	Target    Target

	// targetSpelling is the target's @odata.type as read ("microsoft.graph.x" or "#microsoft.graph.x"),
	// so a known target is written back in the spelling it came in.
	targetSpelling string
	// extra and targetExtra keep members this version does not know, of the assignment and of a
	// known target kind, so that what is read is written back equal.
	extra, targetExtra map[string]json.RawMessage
}

// UnmarshalJSON decodes the assignment and picks the target variant by its @odata.type.
func (a *Assignment) UnmarshalJSON(b []byte) error {
	var typ string
	var target []byte
	var extra map[string]json.RawMessage
	null, err := eachMember(b, func(key, v []byte) error {
		switch string(key[1 : len(key)-1]) {
		case "@odata.type":
			s, err := decodeString(v)
			if err != nil {
				return fmt.Errorf("@odata.type: %w", err)
			}
			typ = s
		case "target":
			target = v
		default:
			return keepMember(&extra, key, v)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("group assignment: %w", err)
	}
	if null || target == nil {
		return fmt.Errorf("group assignment: target is missing")
	}
	t, spelling, targetExtra, err := decodeTarget(target)
	if err != nil {
		return err
	}
	*a = Assignment{ODataType: typ, Target: t, targetSpelling: spelling, extra: extra, targetExtra: targetExtra}
	return nil
}

type assignmentJSON struct {
	ODataType string          `json:"@odata.type,omitempty"`
	Target    json.RawMessage `json:"target"`
}

// MarshalJSON writes the assignment with its target.
func (a Assignment) MarshalJSON() ([]byte, error) {
	t, err := EncodeTarget(a.Target)
	if err != nil {
		return nil, err
	}
	if sp := a.targetSpelling; sp != "" && a.Target != nil && normalizeODataType(sp) == a.Target.ODataType() {
		if sp != a.Target.ODataType() {
			head, _ := json.Marshal(a.Target.ODataType())
			spelled, _ := json.Marshal(sp)
			t = bytes.Replace(t, head, spelled, 1)
		}
		if t, err = mergeExtra(t, nil)(a.targetExtra); err != nil {
			return nil, err
		}
	}
	typ := a.ODataType
	if typ == "" {
		typ = ODataPartnerAssignment
	}
	return mergeExtra(json.Marshal(assignmentJSON{ODataType: typ, Target: t}))(a.extra)
}

// DecodeTarget reads one assignment target, choosing the variant by @odata.type (with or without
// the leading '#'). A kind it does not know becomes UnknownTarget holding the raw JSON.
func DecodeTarget(b []byte) (Target, error) {
	t, _, _, err := decodeTarget(b)
	return t, err
}

// EncodeTarget writes a target as JSON with its @odata.type first; an unknown target is written
// back exactly as it was read.
func EncodeTarget(t Target) (json.RawMessage, error) {
	switch v := t.(type) {
	case nil:
		return nil, fmt.Errorf("group assignment: target is missing")
	case UnknownTarget:
		return v.Raw, nil
	case *UnknownTarget:
		return v.Raw, nil
	}
	body, err := json.Marshal(t)
	if err != nil {
		return nil, err
	}
	head, _ := json.Marshal(t.ODataType())
	out := append([]byte(`{"@odata.type":`), head...)
	if len(body) > 2 { // body is "{...}": splice its members after the type
		out = append(out, ',')
		out = append(out, body[1:]...)
	} else {
		out = append(out, '}')
	}
	return out, nil
}
