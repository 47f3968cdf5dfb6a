package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// The decoders here read a partner in one pass over its members instead of decoding it once into
// a struct and again into a map to find the members it does not know: list responses can hold
// thousands of partners, and decoding dominates the cost of listing them.

// decodeString reads a JSON string (null reads as ""). Strings without escapes, the usual case,
// are sliced out directly.
func decodeString(raw []byte) (string, error) {
	if n := len(raw); n >= 2 && raw[0] == '"' && raw[n-1] == '"' {
		inner := raw[1 : n-1]
		if bytes.IndexByte(inner, '\\') < 0 && bytes.IndexByte(inner, '"') < 0 && utf8.Valid(inner) && !hasControl(inner) {
			return string(inner), nil
		}
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("want a string, got %s", truncateJSON(raw))
	}
	return s, nil
}

func hasControl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 {
			return true
		}
	}
	return false
}

// decodeBool reads a JSON boolean (null reads as false).
func decodeBool(raw []byte) (bool, error) {
	switch string(bytes.TrimSpace(raw)) {
	case "true":
		return true, nil
	case "false", "null":
		return false, nil
	}
	return false, fmt.Errorf("want true or false, got %s", truncateJSON(raw))
}

// decodePartner fills p from the members of one partner object.
func decodePartner(b []byte, p *Partner) error {
	var out Partner
	shared := sharedMembers{&out.ODataType, &out.ID, &out.DisplayName, &out.PartnerState, &out.LastHeartbeat}
	null, err := shared.eachMember(b, func(name, key, v []byte) (err error) {
		switch string(name) {
		case "partnerAppType":
			var s string
			s, err = decodeString(v)
			out.PartnerAppType = AppType(s)
		case "singleTenantAppId":
			out.SingleTenantAppID, err = decodeString(v)
		case "isConfigured":
			out.IsConfigured, err = decodeBool(v)
		case "whenPartnerDevicesWillBeMarkedAsNonCompliantDateTime":
			err = out.NonCompliantAt.UnmarshalJSON(v)
		case "whenPartnerDevicesWillBeRemovedDateTime":
			err = out.RemovedAt.UnmarshalJSON(v)
		case "groupsRequiringPartnerEnrollment":
			out.Groups, err = decodeAssignments(v)
		default:
			err = keepMember(&out.Extra, key, v)
		}
		return err
	})
	if err != nil {
		return err
	}
	if null {
		return nil // json.Unmarshal leaves a value alone on null
	}
	*p = out
	return nil
}

// sharedMembers points at the fields both partner kinds (deviceManagementPartner and
// complianceManagementPartner) decode the same way.
type sharedMembers struct {
	odataType, id, displayName *string
	state                      *PartnerState
	heartbeat                  *DateTime
}

// decode reads the member name (unquoted) into its field; known is false for a member the kinds
// do not share.
func (m sharedMembers) decode(name, v []byte) (known bool, err error) {
	switch string(name) {
	case "@odata.type":
		*m.odataType, err = decodeString(v)
	case "id":
		*m.id, err = decodeString(v)
	case "displayName":
		*m.displayName, err = decodeString(v)
	case "partnerState":
		var s string
		s, err = decodeString(v)
		*m.state = PartnerState(s)
	case "lastHeartbeatDateTime":
		err = m.heartbeat.UnmarshalJSON(v)
	default:
		return false, nil
	}
	return true, err
}

// eachMember reads the object b, a partner of either kind: each member the kinds share goes into
// its field, every other member to own (key as written, quotes included; name without them). An
// error names the member it came from. It reports whether b was null.
func (m sharedMembers) eachMember(b []byte, own func(name, key, v []byte) error) (null bool, err error) {
	return eachMember(b, func(key, v []byte) error {
		name := key[1 : len(key)-1]
		known, err := m.decode(name, v)
		if !known {
			err = own(name, key, v)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	})
}

// keepMember copies an unknown member into *extra, so it can be written back unchanged.
func keepMember(extra *map[string]json.RawMessage, key, v []byte) error {
	k, err := decodeString(key)
	if err != nil {
		return err
	}
	if *extra == nil {
		*extra = map[string]json.RawMessage{}
	}
	(*extra)[k] = append(json.RawMessage(nil), v...)
	return nil
}

// decodeAssignments reads groupsRequiringPartnerEnrollment; null reads as an empty list.
func decodeAssignments(raw []byte) ([]Assignment, error) {
	out := []Assignment{}
	err := eachElement(raw, func(i int, v []byte) error {
		var a Assignment
		if err := a.UnmarshalJSON(v); err != nil {
			return fmt.Errorf("item %d: %w", i+1, err)
		}
		out = append(out, a)
		return nil
	})
	return out, err
}

// rawTarget holds the members of an assignment target as they were read.
type rawTarget struct {
	typ, filterID, filterType, groupID, collectionID, targetType, entraObjectID []byte
}

// decodeTarget reads one target; it also returns the @odata.type as spelled, to write it back so,
// and the members a known kind does not define.
func decodeTarget(b []byte) (Target, string, map[string]json.RawMessage, error) {
	var rt rawTarget
	var extra map[string]json.RawMessage
	null, err := eachMember(b, func(key, v []byte) error {
		switch string(key[1 : len(key)-1]) {
		case "@odata.type":
			rt.typ = v
		case "deviceAndAppManagementAssignmentFilterId":
			rt.filterID = v
		case "deviceAndAppManagementAssignmentFilterType":
			rt.filterType = v
		case "groupId":
			rt.groupID = v
		case "collectionId":
			rt.collectionID = v
		case "targetType":
			rt.targetType = v
		case "entraObjectId":
			rt.entraObjectID = v
		default:
			return keepMember(&extra, key, v)
		}
		return nil
	})
	if err != nil {
		return nil, "", nil, fmt.Errorf("group assignment target: %w", err)
	}
	if null || len(bytes.TrimSpace(b)) == 0 {
		return nil, "", nil, fmt.Errorf("group assignment: target is missing")
	}
	var firstErr error
	str := func(name string, v []byte) string {
		if v == nil {
			return ""
		}
		s, err := decodeString(v)
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("%s: %w", name, err)
		}
		return s
	}
	typ := str("@odata.type", rt.typ)
	f := AssignmentFilter{
		ID:   str("deviceAndAppManagementAssignmentFilterId", rt.filterID),
		Type: FilterType(str("deviceAndAppManagementAssignmentFilterType", rt.filterType)),
	}
	var t Target
	switch normalizeODataType(typ) {
	case ODataGroupTarget:
		t = GroupTarget{AssignmentFilter: f, GroupID: str("groupId", rt.groupID)}
	case ODataExclusionGroupTarget:
		t = ExclusionGroupTarget{AssignmentFilter: f, GroupID: str("groupId", rt.groupID)}
	case ODataAllLicensedUsersTarget:
		t = AllLicensedUsersTarget{AssignmentFilter: f}
	case ODataAllDevicesTarget:
		t = AllDevicesTarget{AssignmentFilter: f}
	case ODataConfigMgrCollectionTarget:
		t = ConfigMgrCollectionTarget{AssignmentFilter: f, CollectionID: str("collectionId", rt.collectionID)}
	case ODataScopeTagGroupTarget:
		t = ScopeTagGroupTarget{AssignmentFilter: f, TargetType: ScopeTagTargetType(str("targetType", rt.targetType)),
			EntraObjectID: str("entraObjectId", rt.entraObjectID)}
	default:
		if rt.typ != nil && firstErr != nil {
			return nil, "", nil, fmt.Errorf("group assignment target: %w", firstErr)
		}
		return UnknownTarget{Type: typ, Raw: append(json.RawMessage(nil), bytes.TrimSpace(b)...)}, "", nil, nil
	}
	if firstErr != nil {
		return nil, "", nil, fmt.Errorf("group assignment target %s: %w", typ, firstErr)
	}
	// Members the known kind does not define travel with the assignment, to be written back.
	return t, typ, extra, nil
}
