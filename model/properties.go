package model

import (
	"strings"
	"time"
)

// Property is one property of a partner that a person sees: Graph's name for it, the label people
// read, how its value is said, and whether a person may change it. The detail pane, the review of
// a change, "what changed", the CLI's get and the audit log read Properties, so a property is
// declared once, here.
type Property struct {
	JSON     string // Graph's name, e.g. "singleTenantAppId"
	Label    string // what people read, e.g. "App ID"
	Editable bool   // a person may change it (the forms offer it; PartnerUpdate carries it)
	// Live marks a property that changes by itself (the heartbeat): a new value is not "a change"
	// someone made.
	Live bool
	// Say is the value in words, "—" when there is none; now is the clock for relative times.
	// The words are raw: Changes and Show clean them.
	Say func(p Partner, now time.Time) string
	// Explain, when set, says in a sentence what the value means (a state's meaning).
	Explain func(p Partner) string
	// Same, when set, compares two values exactly (times, assignments); without it two values are
	// the same when Say says the same.
	Same func(a, b Partner) bool
}

// Properties are the partner's properties people see, in the order they are shown.
var Properties = []Property{
	{JSON: "displayName", Label: "Display name", Editable: true,
		Say: func(p Partner, _ time.Time) string { return Quoted(p.DisplayName) }},
	{JSON: "id", Label: "ID", Say: func(p Partner, _ time.Time) string { return Dash(p.ID) }},
	{JSON: "partnerState", Label: "State", Say: func(p Partner, _ time.Time) string { return p.PartnerState.Label() },
		Explain: func(p Partner) string { return p.PartnerState.Meaning() }},
	{JSON: "partnerAppType", Label: "App type", Editable: true,
		Say: func(p Partner, _ time.Time) string { return p.PartnerAppType.Label() }},
	{JSON: "singleTenantAppId", Label: "App ID", Editable: true,
		Say: func(p Partner, _ time.Time) string { return Dash(p.SingleTenantAppID) }},
	{JSON: "isConfigured", Label: "Configured", Say: func(p Partner, _ time.Time) string { return YesNo(p.IsConfigured) }},
	{JSON: "lastHeartbeatDateTime", Label: "Heartbeat", Live: true,
		Say:  func(p Partner, now time.Time) string { return When(p.LastHeartbeat, now) },
		Same: func(a, b Partner) bool { return a.LastHeartbeat.Equal(b.LastHeartbeat) }},
	{JSON: "whenPartnerDevicesWillBeMarkedAsNonCompliantDateTime", Label: "Non-compliant",
		Say:  func(p Partner, now time.Time) string { return When(p.NonCompliantAt, now) },
		Same: func(a, b Partner) bool { return a.NonCompliantAt.Equal(b.NonCompliantAt) }},
	{JSON: "whenPartnerDevicesWillBeRemovedDateTime", Label: "Removal",
		Say:  func(p Partner, now time.Time) string { return When(p.RemovedAt, now) },
		Same: func(a, b Partner) bool { return a.RemovedAt.Equal(b.RemovedAt) }},
	{JSON: "groupsRequiringPartnerEnrollment", Label: "Group assignments", Editable: true,
		Say:  func(p Partner, _ time.Time) string { return describeAssignments(p.Groups) },
		Same: func(a, b Partner) bool { return SameAssignments(a.Groups, b.Groups) }},
}

// PropertyNamed is the property whose JSON name is name; it panics on a name not in Properties,
// which is a mistake in the program, not in data.
func PropertyNamed(name string) Property {
	for _, p := range Properties {
		if p.JSON == name {
			return p
		}
	}
	panic("model: no property " + name)
}

// Label is the label of the property named json.
func Label(json string) string { return PropertyNamed(json).Label }

// Change is one property that differs, for showing "old → new".
type Change struct {
	Field string // the Graph property name
	Label string // the property in words
	Old   string
	New   string
}

// Changes lists, in words, the properties that differ between old and new, except the live ones
// (a newer heartbeat is not a change anyone made). Every value is sanitized. now is the clock
// for the relative part of times.
func Changes(old, new Partner, now time.Time) []Change {
	var cs []Change
	for _, p := range Properties {
		if p.Live {
			continue
		}
		a, b := p.Say(old, now), p.Say(new, now)
		same := a == b
		if p.Same != nil {
			same = p.Same(old, new)
		}
		if !same {
			cs = append(cs, Change{Field: p.JSON, Label: p.Label, Old: Sanitize(a), New: Sanitize(b)})
		}
	}
	return cs
}

// When says a time absolutely in UTC and relative to now: "2026-12-02 03:47 UTC (in 2d)", or "—".
func When(d DateTime, now time.Time) string {
	if !d.IsSet() {
		return "—"
	}
	dl := Deadline{At: d.Time(), Set: true, In: d.Time().Sub(now)}
	return d.Time().UTC().Format("2006-01-02 15:04 UTC") + " (" + dl.Relative() + ")"
}

// Quoted is s in double quotes (so spaces at its ends show), or "—" when empty.
func Quoted(s string) string {
	if s == "" {
		return "—"
	}
	return `"` + s + `"`
}

func describeAssignments(as []Assignment) string {
	if len(as) == 0 {
		return "none"
	}
	parts := make([]string, len(as))
	for i, a := range as {
		if a.Target == nil {
			parts[i] = "(missing target)"
			continue
		}
		parts[i] = a.Target.Describe()
	}
	return strings.Join(parts, "; ")
}
