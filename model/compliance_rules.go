package model

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// TriageCompliance applies the rules to a compliance partner at now. A compliance partner has no
// device deadlines, so only its state and heartbeat count, by the same rules as Triage:
//   - critical: rejected or unresponsive; an active partner silent for DeadHeartbeat;
//   - warning: unavailable, terminated, unknown or undocumented state; an active partner silent
//     for StaleHeartbeat or that never checked in;
//   - ok otherwise.
//
// A partner onboarded for no platform is not yet set up: it counts as not configured (sorted
// last, counted apart, never more than a warning), as deviceManagementPartner placeholders do.
func TriageCompliance(p CompliancePartner, now time.Time) Assessment {
	return TriageComplianceWith(p, now, DefaultThresholds())
}

// TriageComplianceWith is TriageCompliance with the heartbeat thresholds in th.
func TriageComplianceWith(p CompliancePartner, now time.Time, th Thresholds) Assessment {
	a := Assessment{Configured: p.IsOnboardedAnywhere(), Terminated: p.PartnerState == StateTerminated}
	if p.LastHeartbeat.IsSet() {
		a.HasHeartbeat = true
		a.HeartbeatAge = now.Sub(p.LastHeartbeat.Time())
	}
	a.triageConnection(p.PartnerState, a.Configured, th)
	if !a.Configured {
		if a.Health > HealthWarning {
			a.Health = HealthWarning
		}
		a.Reasons = append(a.Reasons, "not onboarded for any platform")
	}
	return a
}

// CompareComplianceUrgency orders two assessed compliance partners as CompareUrgency orders
// device management partners (there are no deadlines to compare).
func CompareComplianceUrgency(a CompliancePartner, aa Assessment, b CompliancePartner, ba Assessment) int {
	return compareAssessed(a.DisplayName, a.ID, aa, b.DisplayName, b.ID, ba)
}

// SortComplianceByUrgency sorts compliance partners most urgent first, as seen at now.
func SortComplianceByUrgency(ps []CompliancePartner, now time.Time) {
	as := make([]Assessment, len(ps))
	idx := make([]int, len(ps))
	for i, p := range ps {
		as[i], idx[i] = TriageCompliance(p, now), i
	}
	sort.SliceStable(idx, func(i, j int) bool {
		return CompareComplianceUrgency(ps[idx[i]], as[idx[i]], ps[idx[j]], as[idx[j]]) < 0
	})
	sorted := make([]CompliancePartner, len(ps))
	for i, k := range idx {
		sorted[i] = ps[k]
	}
	copy(ps, sorted)
}

// SummarizeCompliance triages every compliance partner at now and counts them.
func SummarizeCompliance(ps []CompliancePartner, now time.Time) Summary {
	s := Summary{ByState: map[PartnerState]int{}}
	for _, p := range ps {
		s.Add(p.PartnerState, TriageCompliance(p, now))
	}
	return s
}

// ComplianceUpdate is the body of a PATCH of a compliance partner: only what a user changed. A
// nil field is not sent. Assignments, when set, replace that platform's whole list. partnerState
// and lastHeartbeatDateTime are the service's and are never sent.
type ComplianceUpdate struct {
	DisplayName *string
	Onboarded   [numPlatforms]*bool
	Assignments [numPlatforms]*[]Assignment
}

// IsEmpty reports whether the update changes nothing.
func (u ComplianceUpdate) IsEmpty() bool {
	if u.DisplayName != nil {
		return false
	}
	for _, pl := range Platforms {
		if u.Onboarded[pl] != nil || u.Assignments[pl] != nil {
			return false
		}
	}
	return true
}

// MarshalJSON writes the changed properties; an empty assignment list is written as [].
func (u ComplianceUpdate) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	if u.DisplayName != nil {
		m["displayName"] = *u.DisplayName
	}
	for _, pl := range Platforms {
		if o := u.Onboarded[pl]; o != nil {
			m[pl.OnboardedProperty()] = *o
		}
		if as := u.Assignments[pl]; as != nil {
			list := *as
			if list == nil {
				list = []Assignment{}
			}
			m[pl.AssignmentsProperty()] = complianceAssignments(list)
		}
	}
	return json.Marshal(m)
}

// Apply returns p with the update's properties set, as Graph would merge the PATCH.
func (u ComplianceUpdate) Apply(p CompliancePartner) CompliancePartner {
	p = p.Clone()
	if u.DisplayName != nil {
		p.DisplayName = *u.DisplayName
	}
	for _, pl := range Platforms {
		if o := u.Onboarded[pl]; o != nil {
			v := *o
			p.Platforms[pl].Onboarded = &v
		}
		if as := u.Assignments[pl]; as != nil {
			p.Platforms[pl].Assignments = complianceAssignments(*as)
		}
	}
	return p
}

// DiffCompliance returns the update that turns old into edited, for the properties a user may
// edit: the name, and each platform's onboarded flag and assignments.
func DiffCompliance(old, edited CompliancePartner) ComplianceUpdate {
	u := ComplianceUpdate{DisplayName: changed(old.DisplayName, edited.DisplayName)}
	for _, pl := range Platforms {
		o, e := old.Platforms[pl], edited.Platforms[pl]
		if e.Onboarded != nil {
			u.Onboarded[pl] = changed(o.IsOnboarded(), *e.Onboarded)
		}
		if e.Assignments != nil {
			u.Assignments[pl] = changedAssignments(o.Assignments, e.Assignments)
		}
	}
	return u
}

// Changes lists what u changes relative to old, in words, as ComplianceProperties say them
// (every value sanitized).
func (u ComplianceUpdate) Changes(old CompliancePartner) []Change {
	return ComplianceChanges(old, u.Apply(old), time.Time{}) // only editable properties change; none is a time
}

// assignmentLabel returns what names the n-th (from 0) assignment of a platform for a FieldError.
func assignmentLabel(pl Platform) func(int) string {
	return func(i int) string { return fmt.Sprintf("%s assignment %d", pl, i+1) }
}

// ValidateCompliance checks the properties of a compliance partner a user edits before a create:
// the display name and every platform's assignment targets. It returns FieldErrors, or nil.
func ValidateCompliance(p CompliancePartner) error {
	var es FieldErrors
	es.add(CheckDisplayName(p.DisplayName))
	for _, pl := range Platforms {
		es.addTargets(pl.AssignmentsProperty(), assignmentLabel(pl), p.Platforms[pl].Assignments)
	}
	return es.err()
}

// ValidateComplianceUpdate checks the properties a PATCH would send.
func ValidateComplianceUpdate(u ComplianceUpdate) error {
	var es FieldErrors
	if u.DisplayName != nil {
		es.add(CheckDisplayName(*u.DisplayName))
	}
	for _, pl := range Platforms {
		if as := u.Assignments[pl]; as != nil {
			es.addTargets(pl.AssignmentsProperty(), assignmentLabel(pl), *as)
		}
	}
	return es.err()
}
