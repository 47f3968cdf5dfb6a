// Package model holds the Microsoft Graph deviceManagementPartner resource as Go types: the partner,
// its enums and assignment targets, Graph's JSON and error shapes, validation of what a user may
// send, and the triage rules that decide what needs attention first. It does no I/O.
package model

import (
	"encoding/json"
	"fmt"
	"sort"
)

// Partner is microsoft.graph.deviceManagementPartner: one partner connection (Jamf and the like)
// of an Intune tenant.
type Partner struct {
	// ODataType is the entity's @odata.type as read; the service always sends it.
	ODataType string `json:"@odata.type,omitempty"`
	// ID is the server-assigned key.
	ID string `json:"id,omitempty"`
	// DisplayName is the partner's display name.
	DisplayName string `json:"displayName"`
	// PartnerState is the connection state (service-managed).
	PartnerState PartnerState `json:"partnerState,omitempty"`
	// PartnerAppType says whether the partner's Entra app is single- or multi-tenant.
	PartnerAppType AppType `json:"partnerAppType,omitempty"`
	// SingleTenantAppID is the partner's single-tenant Entra application (client) id.
	SingleTenantAppID string `json:"singleTenantAppId,omitempty"`
	// IsConfigured is false for the placeholder partners Intune lists before they are set up.
	IsConfigured bool `json:"isConfigured"`
	// LastHeartbeat is when the partner last checked in.
	LastHeartbeat DateTime `json:"lastHeartbeatDateTime,omitzero"`
	// NonCompliantAt is when the partner's devices will be marked non-compliant.
	NonCompliantAt DateTime `json:"whenPartnerDevicesWillBeMarkedAsNonCompliantDateTime,omitzero"`
	// RemovedAt is when the partner's devices will be removed from Intune.
	RemovedAt DateTime `json:"whenPartnerDevicesWillBeRemovedDateTime,omitzero"`
	// Groups are the groupsRequiringPartnerEnrollment: who must enroll through this partner.
	// Nil means the member was absent; an empty slice is written as [].
	Groups []Assignment `json:"groupsRequiringPartnerEnrollment,omitempty"`

	// Extra keeps members this version does not know (e.g. beta's legacy deadline fields) so they
	// are written back unchanged.
	Extra map[string]json.RawMessage `json:"-"`
}

// partnerKnownMembers are the JSON names Partner decodes itself.
var partnerKnownMembers = map[string]bool{
	"@odata.type": true, "id": true, "displayName": true, "partnerState": true, "partnerAppType": true,
	"singleTenantAppId": true, "isConfigured": true, "lastHeartbeatDateTime": true,
	"whenPartnerDevicesWillBeMarkedAsNonCompliantDateTime": true,
	"whenPartnerDevicesWillBeRemovedDateTime":              true, "groupsRequiringPartnerEnrollment": true,
}

// PartnerProperties are the ten documented properties, in the order the docs list them; $select
// and the unknown-property check use it.
var PartnerProperties = []string{
	"id", "displayName", "partnerState", "partnerAppType", "singleTenantAppId", "isConfigured",
	"lastHeartbeatDateTime", "whenPartnerDevicesWillBeMarkedAsNonCompliantDateTime",
	"whenPartnerDevicesWillBeRemovedDateTime", "groupsRequiringPartnerEnrollment",
}

// IsPartnerProperty reports whether name is one of the documented properties.
func IsPartnerProperty(name string) bool { return partnerKnownMembers[name] && name != "@odata.type" }

type partnerAlias Partner // no methods: lets (Un)MarshalJSON use the default struct coding

// UnmarshalJSON decodes a partner, keeping members it does not know in Extra. An explicit
// "groupsRequiringPartnerEnrollment": null reads as an empty list.
func (p *Partner) UnmarshalJSON(b []byte) error {
	if err := decodePartner(b, p); err != nil {
		return fmt.Errorf("partner: %w", err)
	}
	return nil
}

// MarshalJSON encodes the partner with any members kept in Extra.
func (p Partner) MarshalJSON() ([]byte, error) {
	a := partnerAlias(p)
	if a.Groups != nil && len(a.Groups) == 0 {
		// omitempty would drop an empty list the caller meant to send (e.g. "remove all groups").
		type withEmpty struct {
			partnerAlias
			Groups []Assignment `json:"groupsRequiringPartnerEnrollment"`
		}
		return mergeExtra(json.Marshal(withEmpty{partnerAlias: a, Groups: []Assignment{}}))(p.Extra)
	}
	return mergeExtra(json.Marshal(a))(p.Extra)
}

// mergeExtra appends the extra members, sorted by name, to an encoded JSON object.
func mergeExtra(b []byte, err error) func(map[string]json.RawMessage) ([]byte, error) {
	return func(extra map[string]json.RawMessage) ([]byte, error) {
		if err != nil || len(extra) == 0 {
			return b, err
		}
		out := append([]byte{}, b[:len(b)-1]...)
		for _, k := range sortedKeys(extra) {
			if len(out) > 1 {
				out = append(out, ',')
			}
			kb, _ := json.Marshal(k)
			out = append(out, kb...)
			out = append(out, ':')
			out = append(out, extra[k]...)
		}
		return append(out, '}'), nil
	}
}

// Clone returns a copy that shares nothing mutable with p.
func (p Partner) Clone() Partner {
	p.Groups = cloneAssignments(p.Groups)
	p.Extra = cloneExtra(p.Extra)
	return p
}

// cloneAssignments copies an assignment list; nil (absent) stays nil, empty stays empty.
func cloneAssignments(as []Assignment) []Assignment {
	if as == nil {
		return nil
	}
	return append([]Assignment{}, as...)
}

// cloneExtra deep-copies the members kept from reading; nil stays nil.
func cloneExtra(extra map[string]json.RawMessage) map[string]json.RawMessage {
	if extra == nil {
		return nil
	}
	out := make(map[string]json.RawMessage, len(extra))
	for k, v := range extra {
		out[k] = append(json.RawMessage{}, v...)
	}
	return out
}

// sortedKeys returns the names of the members kept in Extra, sorted: the order they are written in.
func sortedKeys(extra map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(extra))
	for k := range extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Name is the display name, or a placeholder that says there is none.
func (p Partner) Name() string { return nameOrPlaceholder(p.DisplayName) }

// ConfirmText is what a user must type to confirm a destructive action: the display name, or the
// id when the name is empty.
func (p Partner) ConfirmText() string { return confirmText(p.DisplayName, p.ID) }

// nameOrPlaceholder is a partner's display name, or "(no name)" when it has none (either kind).
func nameOrPlaceholder(displayName string) string {
	if displayName == "" {
		return "(no name)"
	}
	return displayName
}

// confirmText is what a user types to confirm a destructive action on a partner of either kind:
// the display name, or the id when the name is empty.
func confirmText(displayName, id string) string {
	if displayName == "" {
		return id
	}
	return displayName
}

// PartnerList is a Graph collection page: {"value":[...], "@odata.nextLink": "..."}.
type PartnerList struct {
	Context  string    `json:"@odata.context,omitempty"`
	Count    *int      `json:"@odata.count,omitempty"`
	NextLink string    `json:"@odata.nextLink,omitempty"`
	Value    []Partner `json:"value"`
}
