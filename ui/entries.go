package ui

import (
	"runtime"
	"strings"
	"sync"
	"time"
	"weak"

	"github.com/partnerdash/partnerdash/client/snapshot"
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

// newEntries builds the entries of one snapshot's device management partners (never changed:
// entries point into them), triaged at now, in the order received.
func newEntries(raw []model.Partner, now time.Time) []entry {
	safe := make([]model.Shown, len(raw))
	es := make([]entry, len(raw))
	for i := range raw {
		safe[i] = model.Show(raw[i])
		p := safe[i].Partner()
		es[i] = entry{
			kind:     kindDevice,
			raw:      &raw[i],
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

// newComplianceEntries builds the entries of one snapshot's compliance partners, as newEntries
// does for the first kind.
func newComplianceEntries(raw []model.CompliancePartner, now time.Time) []entry {
	safe := make([]model.ShownCompliance, len(raw))
	es := make([]entry, len(raw))
	for i := range raw {
		safe[i] = model.ShowCompliance(raw[i])
		c := safe[i].Partner()
		es[i] = entry{
			kind:     kindCompliance,
			craw:     &raw[i],
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

// tenantData is what every dashboard drawing one snapshot's partners shares: the entries of each
// kind (cleaned and triaged at the fetch's time) and each column's natural width. Nobody changes
// it; a dashboard that re-triages at its own clock copies the entries first (partnerList.retriage).
type tenantData struct {
	partners   *model.Partner           // the snapshot's partners (identity), to know the data is the same
	compliance *model.CompliancePartner // the same for its compliance partners
	n, nc      int
	at         time.Time
	entries    [numKinds][]entry
	natural    [numKinds][]int
}

// shared keeps, for each refresher, the entries of its latest data, so that N sessions drawing
// one tenant clean and triage its partners once. The key is weak: a refresher nobody uses any
// more takes its entry with it.
var shared = struct {
	sync.Mutex
	m map[weak.Pointer[Snapshots]]*tenantData
}{m: map[weak.Pointer[Snapshots]]*tenantData{}}

// first is the address of a slice's first element (its identity), or nil.
func first[E any](s []E) *E {
	if len(s) == 0 {
		return nil
	}
	return &s[0]
}

// tenantEntries is the shared entries of snapshot s of refresher r.
func tenantEntries(r *Snapshots, s *snapshot.Snapshot[model.TenantPartners]) *tenantData {
	ps, cs := s.Data.Partners, s.Data.Compliance
	same := func(d *tenantData) bool {
		return d.n == len(ps) && d.partners == first(ps) && d.nc == len(cs) && d.compliance == first(cs) &&
			d.at.Equal(s.Fetched)
	}
	key := weak.Make(r)
	shared.Lock()
	defer shared.Unlock()
	if d := shared.m[key]; d != nil && same(d) {
		return d
	}
	d := &tenantData{n: len(ps), nc: len(cs), partners: first(ps), compliance: first(cs), at: s.Fetched}
	d.entries[kindDevice] = newEntries(ps, s.Fetched)
	d.entries[kindCompliance] = newComplianceEntries(cs, s.Fetched)
	d.natural[kindDevice] = columns.Natural(columns.Dashboard, rowsOf(d.entries[kindDevice], (*entry).row), true)
	d.natural[kindCompliance] = columns.Natural(columns.ComplianceDashboard,
		rowsOf(d.entries[kindCompliance], (*entry).complianceRow), true)
	if _, known := shared.m[key]; !known {
		runtime.AddCleanup(r, func(k weak.Pointer[Snapshots]) {
			shared.Lock()
			delete(shared.m, k)
			shared.Unlock()
		}, key)
	}
	shared.m[key] = d
	return d
}
