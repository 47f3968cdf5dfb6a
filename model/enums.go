package model

// PartnerState is deviceManagementPartnerTenantState: the connection state of a partner for the
// tenant. It is a string type so that a value Graph adds later survives a round trip and is shown
// as it came instead of being dropped.
type PartnerState string

// The partner states Graph documents (v1.0 and beta are identical).
const (
	StateUnknown      PartnerState = "unknown"
	StateUnavailable  PartnerState = "unavailable"
	StateEnabled      PartnerState = "enabled"
	StateTerminated   PartnerState = "terminated"
	StateRejected     PartnerState = "rejected"
	StateUnresponsive PartnerState = "unresponsive"
)

// PartnerStates lists the documented states in Graph's ordinal order.
var PartnerStates = []PartnerState{StateUnknown, StateUnavailable, StateEnabled, StateTerminated, StateRejected, StateUnresponsive}

// Known reports whether s is one of the documented states.
func (s PartnerState) Known() bool {
	for _, k := range PartnerStates {
		if s == k {
			return true
		}
	}
	return false
}

// Label is the word the Intune admin center uses for the state ("Active" for enabled). An
// undocumented value is returned as it came (cleaned: words are for people), and an empty one as
// "Unknown".
func (s PartnerState) Label() string {
	switch s {
	case StateEnabled:
		return "Active"
	case StateTerminated:
		return "Terminated"
	case StateRejected:
		return "Rejected"
	case StateUnresponsive:
		return "Unresponsive"
	case StateUnavailable:
		return "Unavailable"
	case StateUnknown, "":
		return "Unknown"
	}
	return Sanitize(string(s))
}

// Meaning explains the state in a sentence for the detail pane.
func (s PartnerState) Meaning() string {
	switch s {
	case StateEnabled:
		return "connection active; the partner reports to Intune"
	case StateTerminated:
		return "connection terminated; devices will be marked non-compliant, then removed"
	case StateRejected:
		return "Intune is rejecting this partner's messages"
	case StateUnresponsive:
		return "the partner stopped answering Intune"
	case StateUnavailable:
		return "the partner is not available"
	case StateUnknown, "":
		return "Intune does not know the state of this partner"
	}
	return "a state this version of partnerdash does not know"
}

// AppType is deviceManagementPartnerAppType: whether the partner's Entra app is single- or
// multi-tenant. Unknown values are kept as they came.
type AppType string

// The app types Graph documents.
const (
	AppTypeUnknown      AppType = "unknown"
	AppTypeSingleTenant AppType = "singleTenantApp"
	AppTypeMultiTenant  AppType = "multiTenantApp"
)

// AppTypes lists the documented app types in Graph's ordinal order.
var AppTypes = []AppType{AppTypeUnknown, AppTypeSingleTenant, AppTypeMultiTenant}

// Known reports whether t is one of the documented app types.
func (t AppType) Known() bool {
	for _, k := range AppTypes {
		if t == k {
			return true
		}
	}
	return false
}

// Label names the app type in words. Single-tenant apps are how a manual Jamf connection is made,
// multi-tenant apps how the cloud connector connects (an inference the UI labels as such).
func (t AppType) Label() string {
	switch t {
	case AppTypeSingleTenant:
		return "single-tenant app"
	case AppTypeMultiTenant:
		return "multi-tenant app"
	case AppTypeUnknown, "":
		return "unknown"
	}
	return Sanitize(string(t)) // an undocumented value, cleaned: words are for people
}

// FilterType is deviceAndAppManagementAssignmentFilterType (beta): how an assignment filter applies.
type FilterType string

// The documented filter types.
const (
	FilterNone    FilterType = "none"
	FilterInclude FilterType = "include"
	FilterExclude FilterType = "exclude"
)

// ScopeTagTargetType is scopeTagTargetType: whether a scope-tag group target means the users or the
// devices in the group.
type ScopeTagTargetType string

// The documented scope-tag target types.
const (
	ScopeTagTargetNone               ScopeTagTargetType = "none"
	ScopeTagTargetUser               ScopeTagTargetType = "user"
	ScopeTagTargetDevice             ScopeTagTargetType = "device"
	ScopeTagTargetUnknownFutureValue ScopeTagTargetType = "unknownFutureValue"
)
