package graphsim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

// Tenant is everything the simulator serves for one tenant: both kinds of partner and the Entra
// groups their assignments name.
type Tenant struct {
	Partners   []model.Partner
	Compliance []model.CompliancePartner
	Groups     []model.Group
}

// Demo returns the built-in demo tenant at now: DemoTenant's device management partners,
// DemoCompliance's compliance partners and DemoGroups.
func Demo(now time.Time) Tenant {
	return Tenant{Partners: DemoTenant(now), Compliance: DemoCompliance(now), Groups: DemoGroups()}
}

// WithTenant sets the partners of both kinds and the groups (see WithPartners,
// WithCompliancePartners and WithGroups).
func WithTenant(t Tenant) Option {
	return func(s *Server) {
		WithPartners(t.Partners)(s)
		WithCompliancePartners(t.Compliance)(s)
		WithGroups(t.Groups)(s)
	}
}

// Describe counts what the tenant holds, for a start-up line: "12 partners, 8 compliance
// partners, 11 groups".
func (t Tenant) Describe() string {
	return fmt.Sprintf("%d partners, %d compliance partners, %d groups", len(t.Partners), len(t.Compliance), len(t.Groups))
}

// tenantMembers are the members of a tenant file, as Graph names its collections.
var tenantMembers = []string{"deviceManagementPartners", "complianceManagementPartners", "groups"}

// LoadTenantFile reads a tenant from a JSON file: either what LoadFile reads (a partner list, for
// device management partners only), or an object with any of
//
//	{"deviceManagementPartners":{"value":[...]},
//	 "complianceManagementPartners":{"value":[...]},
//	 "groups":{"value":[{"id":"…","displayName":"…"}]}}
//
// where each list may also be a bare array. Errors name the file, the list, the item and the
// property at fault.
func LoadTenantFile(path string) (Tenant, error) {
	data, err := readDataFile(path)
	if err != nil {
		return Tenant{}, err
	}
	t, err := DecodeTenant(data)
	if err != nil {
		return Tenant{}, fmt.Errorf("load tenant from %s: %w", path, err)
	}
	return t, nil
}

// DecodeTenant reads a tenant document (see LoadTenantFile).
func DecodeTenant(data []byte) (Tenant, error) {
	trimmed := bytes.TrimSpace(data)
	var doc map[string]json.RawMessage
	if len(trimmed) == 0 || trimmed[0] != '{' || json.Unmarshal(trimmed, &doc) != nil || !hasTenantMember(doc) {
		ps, err := Decode(data)
		return Tenant{Partners: ps}, err
	}
	for _, k := range slices.Sorted(maps.Keys(doc)) {
		if !slices.Contains(tenantMembers, k) && !strings.HasPrefix(k, "@") {
			return Tenant{}, fmt.Errorf("unknown member %q: a tenant file holds %s", k, strings.Join(tenantMembers, ", "))
		}
	}
	var t Tenant
	var err error
	if raw, ok := doc["deviceManagementPartners"]; ok {
		if t.Partners, err = Decode(raw); err != nil {
			return Tenant{}, fmt.Errorf("deviceManagementPartners: %w", err)
		}
	}
	if raw, ok := doc["complianceManagementPartners"]; ok {
		if t.Compliance, err = decodeComplianceList(raw); err != nil {
			return Tenant{}, fmt.Errorf("complianceManagementPartners: %w", err)
		}
	}
	if raw, ok := doc["groups"]; ok {
		if t.Groups, err = decodeGroupList(raw); err != nil {
			return Tenant{}, fmt.Errorf("groups: %w", err)
		}
	}
	return t, nil
}

func hasTenantMember(doc map[string]json.RawMessage) bool {
	for _, k := range tenantMembers {
		if _, ok := doc[k]; ok {
			return true
		}
	}
	return false
}

// listItems returns the items of a {"value":[...]} list or a bare array.
func listItems(raw json.RawMessage) ([]json.RawMessage, error) {
	raw = bytes.TrimSpace(raw)
	if jsonKind(raw) == "an object" {
		var doc map[string]json.RawMessage
		_ = json.Unmarshal(raw, &doc) // valid JSON, checked by the caller's decode
		v, ok := doc["value"]
		if !ok {
			return nil, fmt.Errorf(`no "value" member: want {"value":[...]}`)
		}
		raw = v
	}
	if jsonKind(raw) != "an array" {
		return nil, fmt.Errorf("want a list, got %s", jsonKind(raw))
	}
	var items []json.RawMessage
	_ = json.Unmarshal(raw, &items) // an array, checked above
	return items, nil
}

// decodeComplianceList reads compliance partners; unknown members and enum values are kept, as
// in Decode. Duplicate ids are refused.
func decodeComplianceList(raw json.RawMessage) ([]model.CompliancePartner, error) {
	items, err := listItems(raw)
	if err != nil {
		return nil, err
	}
	return decodeEach(items, "", func(item json.RawMessage) (model.CompliancePartner, error) {
		var p model.CompliancePartner
		if jsonKind(item) != "an object" {
			return p, fmt.Errorf("want an object, got %s", jsonKind(item))
		}
		err := json.Unmarshal(item, &p)
		return p, err
	}, func(p model.CompliancePartner) string { return p.ID })
}

// decodeGroupList reads groups: each needs a GUID id and a display name.
func decodeGroupList(raw json.RawMessage) ([]model.Group, error) {
	items, err := listItems(raw)
	if err != nil {
		return nil, err
	}
	out := make([]model.Group, 0, len(items))
	for i, item := range items {
		var members map[string]json.RawMessage
		if jsonKind(item) != "an object" || json.Unmarshal(item, &members) != nil {
			return nil, fmt.Errorf("value[%d]: want an object, got %s", i, jsonKind(item))
		}
		var g model.Group
		var p problem
		if g.ID, p = stringValue(members["id"], "id", false); p != "" {
			return nil, fmt.Errorf("value[%d]: %s", i, p)
		}
		if !model.IsGUID(g.ID) {
			return nil, fmt.Errorf("value[%d]: id %q is not a GUID", i, g.ID)
		}
		if g.DisplayName, p = stringValue(members["displayName"], "displayName", true); p != "" {
			return nil, fmt.Errorf("value[%d]: %s", i, p)
		}
		out = append(out, g)
	}
	return out, nil
}
