package model

import (
	"strings"
	"time"
)

// Property is one property of a partner of kind P (Partner or CompliancePartner) that a person
// sees: Graph's name for it, the label people read, how its value is said, and whether a person
// may change it. The detail pane, the review of a change, "what changed", the CLI's get and the
// audit log read Properties and ComplianceProperties, so a property is declared once, here.
type Property[P any] struct {
	JSON     string // Graph's name, e.g. "singleTenantAppId"
	Label    string // what people read, e.g. "App ID"
	Editable bool   // a person may change it (the forms offer it; PartnerUpdate carries it)
	// Live marks a property that changes by itself (the heartbeat): a new value is not "a change"
	// someone made.
	Live bool
	// Say is the value in words, "—" when there is none; now is the clock for relative times.
	// The words are raw: Changes and Show clean them.
	Say func(p P, now time.Time) string
	// Explain, when set, says in a sentence what the value means (a state's meaning).
	Explain func(p P) string
	// Same, when set, compares two values exactly (times, assignments); without it two values are
	// the same when Say says the same.
	Same func(a, b P) bool
	// Present, when set, says whether the partner has the property at all: a member of one Graph
	// version only (Linux's under v1.0) is absent from the other's answers, and is not shown.
	Present func(p P) bool
	// Assignments, when set, marks a list of assignments and returns it: the detail pane and get
	// show one line each, naming groups (DescribeTarget) instead of saying only their ids.
	Assignments func(p P) []Assignment
}

// Shows reports whether p has the property (Present), so a screen or get shows it.
func (pr Property[P]) Shows(p P) bool { return pr.Present == nil || pr.Present(p) }

// Properties are the device management partner's properties people see, in the order they are shown.
var Properties = []Property[Partner]{
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
		Say:  func(p Partner, now time.Time) string { return Seen(p.LastHeartbeat, now) },
		Same: func(a, b Partner) bool { return a.LastHeartbeat.Equal(b.LastHeartbeat) }},
	{JSON: "whenPartnerDevicesWillBeMarkedAsNonCompliantDateTime", Label: "Non-compliant",
		Say:  func(p Partner, now time.Time) string { return When(p.NonCompliantAt, now) },
		Same: func(a, b Partner) bool { return a.NonCompliantAt.Equal(b.NonCompliantAt) }},
	{JSON: "whenPartnerDevicesWillBeRemovedDateTime", Label: "Removal",
		Say:  func(p Partner, now time.Time) string { return When(p.RemovedAt, now) },
		Same: func(a, b Partner) bool { return a.RemovedAt.Equal(b.RemovedAt) }},
	{JSON: "groupsRequiringPartnerEnrollment", Label: "Group assignments", Editable: true,
		Say:         func(p Partner, _ time.Time) string { return describeAssignments(p.Groups) },
		Same:        func(a, b Partner) bool { return SameAssignments(a.Groups, b.Groups) },
		Assignments: func(p Partner) []Assignment { return p.Groups }},
}

// ComplianceProperties are the compliance partner's properties people see, in the order they are
// shown: each platform's onboarded flag, then each platform's assignments (ComplianceUpdate's
// "what changed" reads them in this order).
var ComplianceProperties = complianceProperties()

func complianceProperties() []Property[CompliancePartner] {
	ps := []Property[CompliancePartner]{
		{JSON: "displayName", Label: "Display name", Editable: true,
			Say: func(p CompliancePartner, _ time.Time) string { return Quoted(p.DisplayName) }},
		{JSON: "id", Label: "ID", Say: func(p CompliancePartner, _ time.Time) string { return Dash(p.ID) }},
		{JSON: "partnerState", Label: "State",
			Say:     func(p CompliancePartner, _ time.Time) string { return p.PartnerState.Label() },
			Explain: func(p CompliancePartner) string { return p.PartnerState.Meaning() }},
		{JSON: "lastHeartbeatDateTime", Label: "Heartbeat", Live: true,
			Say:  func(p CompliancePartner, now time.Time) string { return Seen(p.LastHeartbeat, now) },
			Same: func(a, b CompliancePartner) bool { return a.LastHeartbeat.Equal(b.LastHeartbeat) }},
	}
	present := func(pl Platform) func(p CompliancePartner) bool {
		return func(p CompliancePartner) bool {
			e := p.Platforms[pl]
			return e.Onboarded != nil || e.Assignments != nil
		}
	}
	for _, pl := range Platforms {
		ps = append(ps, Property[CompliancePartner]{JSON: pl.OnboardedProperty(), Label: pl.String() + " onboarded",
			Editable: true, Present: present(pl),
			Say: func(p CompliancePartner, _ time.Time) string { return YesNo(p.Platforms[pl].IsOnboarded()) }})
	}
	for _, pl := range Platforms {
		ps = append(ps, Property[CompliancePartner]{JSON: pl.AssignmentsProperty(), Label: pl.String() + " assignments",
			Editable: true, Present: present(pl),
			Say:         func(p CompliancePartner, _ time.Time) string { return describeAssignments(p.Platforms[pl].Assignments) },
			Assignments: func(p CompliancePartner) []Assignment { return p.Platforms[pl].Assignments },
			Same: func(a, b CompliancePartner) bool {
				return SameAssignments(a.Platforms[pl].Assignments, b.Platforms[pl].Assignments)
			}})
	}
	return ps
}

// Named is the property of props whose JSON name is name; it panics on a name not in props,
// which is a mistake in the program, not in data.
func Named[P any](props []Property[P], name string) Property[P] {
	for _, p := range props {
		if p.JSON == name {
			return p
		}
	}
	panic("model: no property " + name)
}

// PropertyNamed is the device management partner's property named name (see Named).
func PropertyNamed(name string) Property[Partner] { return Named(Properties, name) }

// Label is the label of the device management partner's property named json.
func Label(json string) string { return PropertyNamed(json).Label }

// ComplianceLabel is the label of the compliance partner's property named json.
func ComplianceLabel(json string) string { return Named(ComplianceProperties, json).Label }

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
func Changes(old, new Partner, now time.Time) []Change { return changesIn(Properties, old, new, now) }

// ComplianceChanges is Changes for compliance partners (ComplianceProperties).
func ComplianceChanges(old, new CompliancePartner, now time.Time) []Change {
	return changesIn(ComplianceProperties, old, new, now)
}

func changesIn[P any](props []Property[P], old, new P, now time.Time) []Change {
	var cs []Change
	for _, p := range props {
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

// Seen says when something last happened (a heartbeat): "2026-11-29 06:46 UTC (30h ago)", or
// "never". When would call a past heartbeat "overdue", which it is not.
func Seen(d DateTime, now time.Time) string {
	if !d.IsSet() {
		return "never"
	}
	return d.Time().UTC().Format("2006-01-02 15:04 UTC") + " (" + Ago(now.Sub(d.Time())) + " ago)"
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

// DescribeTarget says what t means in words, as Target.Describe does, but naming the group of a
// group or exclusion target when names knows it ("Include group Mac users (c0ffee00-…)"). The
// group's label is sanitized (GroupNames.Label); the rest is as raw as Describe.
func DescribeTarget(t Target, names GroupNames) string {
	switch v := t.(type) {
	case nil:
		return "(missing target)"
	case GroupTarget:
		return "Include group " + names.Label(v.GroupID)
	case ExclusionGroupTarget:
		return "Exclude group " + names.Label(v.GroupID)
	}
	return t.Describe()
}
