package model

import (
	"encoding/json"
	"time"
)

// PartnerUpdate is the body of a PATCH: only the properties a user changed. A nil field is not
// sent. Groups, when set, replace the whole collection, as Graph replaces collections in a PATCH.
type PartnerUpdate struct {
	DisplayName       *string       `json:"displayName,omitempty"`
	PartnerAppType    *AppType      `json:"partnerAppType,omitempty"`
	SingleTenantAppID *string       `json:"singleTenantAppId,omitempty"`
	Groups            *[]Assignment `json:"groupsRequiringPartnerEnrollment,omitempty"`
}

// IsEmpty reports whether the update changes nothing.
func (u PartnerUpdate) IsEmpty() bool {
	return u.DisplayName == nil && u.PartnerAppType == nil && u.SingleTenantAppID == nil && u.Groups == nil
}

// MarshalJSON writes the changed properties; an empty group list is written as [] (remove all).
func (u PartnerUpdate) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	if u.DisplayName != nil {
		m["displayName"] = *u.DisplayName
	}
	if u.PartnerAppType != nil {
		m["partnerAppType"] = *u.PartnerAppType
	}
	if u.SingleTenantAppID != nil {
		m["singleTenantAppId"] = *u.SingleTenantAppID
	}
	if u.Groups != nil {
		g := *u.Groups
		if g == nil {
			g = []Assignment{}
		}
		m["groupsRequiringPartnerEnrollment"] = g
	}
	return json.Marshal(m)
}

// Apply returns p with the update's properties set, as Graph would merge the PATCH.
func (u PartnerUpdate) Apply(p Partner) Partner {
	if u.DisplayName != nil {
		p.DisplayName = *u.DisplayName
	}
	if u.PartnerAppType != nil {
		p.PartnerAppType = *u.PartnerAppType
	}
	if u.SingleTenantAppID != nil {
		p.SingleTenantAppID = *u.SingleTenantAppID
	}
	if u.Groups != nil {
		p.Groups = append([]Assignment{}, (*u.Groups)...)
	}
	return p
}

// Diff returns the update that turns old into edited, for the user-editable properties only.
func Diff(old, edited Partner) PartnerUpdate {
	return PartnerUpdate{
		DisplayName:       changed(old.DisplayName, edited.DisplayName),
		PartnerAppType:    changed(old.PartnerAppType, edited.PartnerAppType),
		SingleTenantAppID: changed(old.SingleTenantAppID, edited.SingleTenantAppID),
		Groups:            changedAssignments(old.Groups, edited.Groups),
	}
}

// changed is what an update sends for one property of either partner kind: a copy of the edited
// value when it differs from the old one, else nil (not sent).
func changed[T comparable](old, edited T) *T {
	if old == edited {
		return nil
	}
	return &edited
}

// changedAssignments is what an update sends for an assignment list of either partner kind: a
// copy of the edited list when it differs from the old one (order included), else nil (not sent).
func changedAssignments(old, edited []Assignment) *[]Assignment {
	if SameAssignments(old, edited) {
		return nil
	}
	v := append([]Assignment{}, edited...)
	return &v
}

// Changes lists what u changes relative to old, in words (sanitized).
func (u PartnerUpdate) Changes(old Partner) []Change {
	return Changes(old, u.Apply(old), time.Time{}) // only editable properties change; none is a time
}

// SameAssignments reports whether two assignment lists are equal, order included.
func SameAssignments(a, b []Assignment) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		ja, err1 := EncodeTarget(a[i].Target)
		jb, err2 := EncodeTarget(b[i].Target)
		if err1 != nil || err2 != nil || string(ja) != string(jb) {
			return false
		}
	}
	return true
}
