package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// The @odata.type names of the compliance partner and its assignments, as the service emits them.
const (
	ODataCompliancePartner    = "#microsoft.graph.complianceManagementPartner"
	ODataComplianceAssignment = "#microsoft.graph.complianceManagementPartnerAssignment"
)

// Platform is one device platform a compliance partner can be onboarded for. Each has a
// "<key>Onboarded" flag and "<key>EnrollmentAssignments" on complianceManagementPartner.
type Platform int

// The platforms, in the order the docs list them. Linux exists only in beta (msgraph-metadata
// beta type mappings and the beta resource page); v1.0 has macOS, Android and iOS. Older beta
// docs showed windowsOnboarded/windowsEnrollmentAssignments: current beta has no such members,
// so a partner that still carries them keeps them in Extra.
const (
	PlatformMacOS Platform = iota
	PlatformAndroid
	PlatformIOS
	PlatformLinux
	numPlatforms
)

// Platforms lists every platform the model knows.
var Platforms = []Platform{PlatformMacOS, PlatformAndroid, PlatformIOS, PlatformLinux}

var platformInfo = [numPlatforms]struct{ key, label string }{
	PlatformMacOS:   {"macOs", "macOS"},
	PlatformAndroid: {"android", "Android"},
	PlatformIOS:     {"ios", "iOS"},
	PlatformLinux:   {"linux", "Linux"},
}

// String is the platform's name as an admin writes it: "macOS", "iOS", "Android", "Linux".
func (pl Platform) String() string {
	if pl < 0 || pl >= numPlatforms {
		return fmt.Sprintf("Platform(%d)", int(pl))
	}
	return platformInfo[pl].label
}

// OnboardedProperty is the JSON name of the platform's onboarded flag, e.g. "macOsOnboarded".
func (pl Platform) OnboardedProperty() string { return platformInfo[pl].key + "Onboarded" }

// AssignmentsProperty is the JSON name of the platform's assignments, e.g. "iosEnrollmentAssignments".
func (pl Platform) AssignmentsProperty() string {
	return platformInfo[pl].key + "EnrollmentAssignments"
}

// BetaOnly reports whether the platform exists only in the beta schema.
func (pl Platform) BetaOnly() bool { return pl == PlatformLinux }

// PlatformsIn returns the platforms of a Graph version ("v1.0" or "beta").
func PlatformsIn(version string) []Platform {
	if version == "beta" {
		return Platforms
	}
	return Platforms[:PlatformLinux]
}

// PlatformEnrollment is what a compliance partner holds for one platform.
type PlatformEnrollment struct {
	// Onboarded is the platform's onboarded flag; nil means the member was absent (as Linux is
	// under v1.0), and an absent flag is not written.
	Onboarded *bool
	// Assignments are the groups (or other targets) whose devices on this platform enroll through
	// the partner. Nil means absent; an empty slice is written as [].
	Assignments []Assignment
}

// IsOnboarded reports whether the flag is present and true.
func (e PlatformEnrollment) IsOnboarded() bool { return e.Onboarded != nil && *e.Onboarded }

// CompliancePartner is microsoft.graph.complianceManagementPartner: a third-party compliance
// partner (Jamf Pro's device compliance integration, Kandji, Mosyle, Addigy, Workspace ONE, …)
// connected to an Intune tenant, under /deviceManagement/complianceManagementPartners.
type CompliancePartner struct {
	// ODataType is the entity's @odata.type as read.
	ODataType string
	// ID is the server-assigned key.
	ID string
	// DisplayName is the partner's display name.
	DisplayName string
	// PartnerState is the connection state (the same enum as deviceManagementPartner's).
	PartnerState PartnerState
	// LastHeartbeat is when the partner last checked in.
	LastHeartbeat DateTime
	// Platforms holds each platform's onboarded flag and assignments, indexed by Platform.
	Platforms [numPlatforms]PlatformEnrollment
	// Extra keeps members this version does not know (e.g. older beta's windows members) so they
	// are written back unchanged.
	Extra map[string]json.RawMessage
}

// CompliancePartnerProperties are the documented properties, in the order the docs list them
// (beta's linux members included); $select and the unknown-property check use it.
var CompliancePartnerProperties = []string{
	"id", "lastHeartbeatDateTime", "partnerState", "displayName",
	"macOsOnboarded", "linuxOnboarded", "androidOnboarded", "iosOnboarded",
	"macOsEnrollmentAssignments", "androidEnrollmentAssignments", "iosEnrollmentAssignments", "linuxEnrollmentAssignments",
}

// Platform returns the enrollment for pl.
func (p CompliancePartner) Platform(pl Platform) PlatformEnrollment { return p.Platforms[pl] }

// SetOnboarded sets pl's onboarded flag.
func (p *CompliancePartner) SetOnboarded(pl Platform, on bool) { p.Platforms[pl].Onboarded = &on }

// OnboardedPlatforms lists the platforms the partner is onboarded for, in Platforms order.
func (p CompliancePartner) OnboardedPlatforms() []Platform {
	var out []Platform
	for _, pl := range Platforms {
		if p.Platforms[pl].IsOnboarded() {
			out = append(out, pl)
		}
	}
	return out
}

// OnboardedWords says in words which platforms the partner is onboarded for: "macOS, iOS", or
// "no platform". A "<name>Onboarded": true member this version does not know (older beta's
// windowsOnboarded) is named as it came, so nothing the service says is hidden.
func (p CompliancePartner) OnboardedWords() string {
	var names []string
	for _, pl := range p.OnboardedPlatforms() {
		names = append(names, pl.String())
	}
	for _, k := range sortedKeys(p.Extra) {
		name, ok := strings.CutSuffix(k, "Onboarded")
		if ok && name != "" && bytes.Equal(bytes.TrimSpace(p.Extra[k]), []byte("true")) {
			names = append(names, Sanitize(name))
		}
	}
	if len(names) == 0 {
		return "no platform"
	}
	return strings.Join(names, ", ")
}

// IsOnboardedAnywhere reports whether the partner is onboarded for at least one platform.
func (p CompliancePartner) IsOnboardedAnywhere() bool { return len(p.OnboardedPlatforms()) > 0 }

// Name is the display name, or a placeholder that says there is none.
func (p CompliancePartner) Name() string { return nameOrPlaceholder(p.DisplayName) }

// ConfirmText is what a user must type to confirm deleting the partner: the display name, or the
// id when the name is empty.
func (p CompliancePartner) ConfirmText() string { return confirmText(p.DisplayName, p.ID) }

// GroupIDs returns the Entra group ids the partner's assignments name (include, exclude and
// scope-tag targets), each once, in the order they first appear.
func (p CompliancePartner) GroupIDs() []string {
	var all []Assignment
	for _, pl := range Platforms {
		all = append(all, p.Platforms[pl].Assignments...)
	}
	return AssignmentGroupIDs(all)
}

// Clone returns a copy that shares nothing mutable with p.
func (p CompliancePartner) Clone() CompliancePartner {
	for i := range p.Platforms {
		if o := p.Platforms[i].Onboarded; o != nil {
			v := *o
			p.Platforms[i].Onboarded = &v
		}
		p.Platforms[i].Assignments = cloneAssignments(p.Platforms[i].Assignments)
	}
	p.Extra = cloneExtra(p.Extra)
	return p
}

// UnmarshalJSON decodes a compliance partner, keeping members it does not know in Extra. An
// explicit null for an assignment list reads as an empty list.
func (p *CompliancePartner) UnmarshalJSON(b []byte) error {
	var out CompliancePartner
	shared := sharedMembers{&out.ODataType, &out.ID, &out.DisplayName, &out.PartnerState, &out.LastHeartbeat}
	null, err := shared.eachMember(b, func(name, key, v []byte) (err error) {
		pl, onboarded, ok := platformMember(string(name))
		switch {
		case !ok:
			err = keepMember(&out.Extra, key, v)
		case onboarded:
			var on bool
			on, err = decodeBool(v)
			out.Platforms[pl].Onboarded = &on
		default:
			out.Platforms[pl].Assignments, err = decodeAssignments(v)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("compliance partner: %w", err)
	}
	if !null {
		*p = out
	}
	return nil
}

// platformMember maps a JSON member name to its platform, and whether it is the onboarded flag
// (true) or the assignments (false).
func platformMember(name string) (Platform, bool, bool) {
	for _, pl := range Platforms {
		switch name {
		case pl.OnboardedProperty():
			return pl, true, true
		case pl.AssignmentsProperty():
			return pl, false, true
		}
	}
	return 0, false, false
}

// MarshalJSON writes the partner in the docs' member order, then the members kept in Extra.
// Assignments built in code (no @odata.type) are written as complianceManagementPartnerAssignment.
func (p CompliancePartner) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	first := true
	member := func(name string, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("compliance partner %s: %w", name, err)
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		k, _ := json.Marshal(name)
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(b)
		return nil
	}
	var err error
	add := func(name string, v any) {
		if err == nil {
			err = member(name, v)
		}
	}
	if p.ODataType != "" {
		add("@odata.type", p.ODataType)
	}
	if p.ID != "" {
		add("id", p.ID)
	}
	if !p.LastHeartbeat.IsZero() {
		add("lastHeartbeatDateTime", p.LastHeartbeat)
	}
	if p.PartnerState != "" {
		add("partnerState", p.PartnerState)
	}
	add("displayName", p.DisplayName)
	for _, pl := range []Platform{PlatformMacOS, PlatformLinux, PlatformAndroid, PlatformIOS} {
		if o := p.Platforms[pl].Onboarded; o != nil {
			add(pl.OnboardedProperty(), *o)
		}
	}
	for _, pl := range Platforms {
		if as := p.Platforms[pl].Assignments; as != nil {
			add(pl.AssignmentsProperty(), complianceAssignments(as))
		}
	}
	if err != nil {
		return nil, err
	}
	buf.WriteByte('}')
	return mergeExtra(buf.Bytes(), nil)(p.Extra)
}

// complianceAssignments gives assignments built in code the compliance assignment type.
func complianceAssignments(as []Assignment) []Assignment {
	out := make([]Assignment, len(as))
	for i, a := range as {
		if a.ODataType == "" {
			a.ODataType = ODataComplianceAssignment
		}
		out[i] = a
	}
	return out
}

// NewComplianceAssignment returns an assignment of t for a compliance partner.
func NewComplianceAssignment(t Target) Assignment {
	return Assignment{ODataType: ODataComplianceAssignment, Target: t}
}

// CompliancePartnerList is a Graph collection page of compliance partners.
type CompliancePartnerList struct {
	Context  string              `json:"@odata.context,omitempty"`
	Count    *int                `json:"@odata.count,omitempty"`
	NextLink string              `json:"@odata.nextLink,omitempty"`
	Value    []CompliancePartner `json:"value"`
}

// AssignmentGroupIDs returns the Entra group ids that assignments name (include, exclude and
// scope-tag targets), each once, in the order they first appear: the ids to resolve to names.
func AssignmentGroupIDs(as []Assignment) []string {
	var out []string
	seen := map[string]bool{}
	for _, a := range as {
		var id string
		switch t := a.Target.(type) {
		case GroupTarget:
			id = t.GroupID
		case ExclusionGroupTarget:
			id = t.GroupID
		case ScopeTagGroupTarget:
			id = t.EntraObjectID
		}
		if k := strings.ToLower(id); id != "" && !seen[k] {
			seen[k] = true
			out = append(out, id)
		}
	}
	return out
}
