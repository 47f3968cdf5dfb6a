package ui

import (
	"strings"
	"time"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/columns"
)

// entry is one partner of either kind as the dashboard shows it. Everything a View needs that
// does not depend on the clock is computed once, when a list reply arrives, so drawing costs the
// same for ten partners or ten thousand.
type entry struct {
	kind kind
	// A device management partner: raw exactly as Graph returned it (for JSON copies and
	// actions, never drawn); shown as model.Show cleaned it, and p points into it. Nil for a
	// compliance partner.
	raw   *model.Partner
	shown *model.Shown
	p     *model.Partner
	// A compliance partner, the same way (model.ShowCompliance). Nil for a device management partner.
	craw   *model.CompliancePartner
	cshown *model.ShownCompliance
	c      *model.CompliancePartner

	assess model.Assessment // triage at the dashboard's clock; refreshed on the relative-time tick

	id       string             // the partner's id (cleaned)
	state    model.PartnerState // its state (cleaned)
	appID    string             // the app id the filter also matches (device management partners)
	name     string             // the name cell: the display name, or a placeholder
	badge    string             // state glyph and word, e.g. "● Unresponsive"
	nameKey  string             // lower-case name, for sorting by name
	groupIDs []string           // the raw group ids its assignments name, to resolve to names
}

// triage judges the entry at now by its kind's rules.
func (e *entry) triage(now time.Time) {
	if e.c != nil {
		e.assess = model.TriageCompliance(*e.c, now)
		return
	}
	e.assess = model.Triage(*e.p, now)
}

// rawJSON is the partner exactly as Graph returned it, for a JSON copy.
func (e *entry) rawJSON() any {
	if e.craw != nil {
		return e.craw
	}
	return e.raw
}

// groupLine is one assignment in words, with its assignment filter when it has one.
type groupLine struct {
	include bool   // an inclusion (drawn with +) rather than an exclusion or other kind
	exclude bool   // an exclusion (drawn with −)
	text    string // "Include group Mac users (c0ffee00-…)", sanitized
	filter  string // "filter (include) <id>", or ""
}

// describeGroups puts each assignment in words, naming groups from names; every string from
// Graph is sanitized here.
func describeGroups(as []model.Assignment, names model.GroupNames) []groupLine {
	if len(as) == 0 {
		return nil
	}
	out := make([]groupLine, 0, len(as))
	for _, a := range as {
		if a.Target == nil {
			out = append(out, groupLine{text: "Assignment without a target"})
			continue
		}
		g := groupLine{text: model.Sanitize(model.DescribeTarget(a.Target, names))}
		switch a.Target.(type) {
		case model.ExclusionGroupTarget:
			g.exclude = true
		case model.UnknownTarget:
		default:
			g.include = true
		}
		if f := a.Target.Filter(); f.IsSet() {
			id, typ := model.Sanitize(f.ID), model.Sanitize(string(f.Type))
			if id == "" {
				id = "(no id)"
			}
			if typ == "" {
				typ = "no type"
			}
			g.filter = "filter (" + typ + ") " + id
		}
		out = append(out, g)
	}
	return out
}

// stateRank orders states by how bad they are, for the state sort.
func stateRank(s model.PartnerState) int {
	switch s {
	case model.StateRejected:
		return 0
	case model.StateUnresponsive:
		return 1
	case model.StateTerminated:
		return 2
	case model.StateUnavailable:
		return 3
	case model.StateEnabled:
		return 5
	case model.StateUnknown, "":
		return 6
	}
	return 4 // undocumented: between the known troubles and the healthy
}

// newEntries builds the entries of one list reply of device management partners, triaged at
// now, in the order received.
func newEntries(raw []model.Partner, now time.Time) []entry {
	safe := make([]model.Shown, len(raw))
	own := make([]model.Partner, len(raw)) // a copy, so the service may reuse its slice
	copy(own, raw)
	es := make([]entry, len(raw))
	for i := range raw {
		safe[i] = model.Show(raw[i])
		p := safe[i].Partner()
		es[i] = entry{
			kind:     kindDevice,
			raw:      &own[i],
			shown:    &safe[i],
			p:        p,
			assess:   model.Triage(*p, now),
			id:       p.ID,
			state:    p.PartnerState,
			appID:    p.SingleTenantAppID,
			name:     p.Name(),
			badge:    columns.StateBadge(p.PartnerState),
			nameKey:  strings.ToLower(p.DisplayName),
			groupIDs: raw[i].GroupIDs(),
		}
	}
	return es
}

// newComplianceEntries builds the entries of one list reply of compliance partners, as
// newEntries does for the first kind.
func newComplianceEntries(raw []model.CompliancePartner, now time.Time) []entry {
	safe := make([]model.ShownCompliance, len(raw))
	own := make([]model.CompliancePartner, len(raw))
	copy(own, raw)
	es := make([]entry, len(raw))
	for i := range raw {
		safe[i] = model.ShowCompliance(raw[i])
		c := safe[i].Partner()
		es[i] = entry{
			kind:     kindCompliance,
			craw:     &own[i],
			cshown:   &safe[i],
			c:        c,
			assess:   model.TriageCompliance(*c, now),
			id:       c.ID,
			state:    c.PartnerState,
			name:     c.Name(),
			badge:    columns.StateBadge(c.PartnerState),
			nameKey:  strings.ToLower(c.DisplayName),
			groupIDs: raw[i].GroupIDs(),
		}
	}
	return es
}

// triageAll re-applies the triage rules at now: health changes as heartbeats age and deadlines near.
func triageAll(es []entry, now time.Time) {
	for i := range es {
		es[i].triage(now)
	}
}

// summary counts entries by health and by state from the triage already done: it runs on every
// reply and tick.
func summary(es []entry) model.Summary {
	s := model.Summary{ByState: map[model.PartnerState]int{}}
	for i := range es {
		s.Add(es[i].state, es[i].assess)
	}
	return s
}
