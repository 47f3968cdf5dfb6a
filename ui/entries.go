package ui

import (
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"weak"

	"github.com/partnerdash/partnerdash/client/snapshot"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/columns"
	"github.com/partnerdash/partnerdash/ui/theme"
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
		es[i] = partnerEntry(kindDevice, p.ID, p.PartnerState, p.Name(), p.DisplayName, raw[i].GroupIDs(),
			model.Triage(*p, now))
		es[i].raw, es[i].shown, es[i].p = &raw[i], &safe[i], p
		es[i].appID = p.SingleTenantAppID
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
		es[i] = partnerEntry(kindCompliance, c.ID, c.PartnerState, c.Name(), c.DisplayName, raw[i].GroupIDs(),
			model.TriageCompliance(*c, now))
		es[i].craw, es[i].cshown, es[i].c = &raw[i], &safe[i], c
	}
	return es
}

// partnerEntry is an entry as both kinds fill it, from the cleaned partner's id, state, name
// cell and display name, the raw partner's group ids, and its triage: the kind's own pointers
// are set by its builder.
func partnerEntry(k kind, id string, state model.PartnerState, name, displayName string, groupIDs []string, assess model.Assessment) entry {
	return entry{
		kind:     k,
		assess:   assess,
		id:       id,
		state:    state,
		name:     name,
		badge:    columns.StateBadge(state),
		nameKey:  strings.ToLower(displayName),
		groupIDs: groupIDs,
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
// kind (cleaned, and triaged at one clock reading) and each column's natural width. Nobody
// changes it.
type tenantData struct {
	partners   *model.Partner           // the snapshot's partners (identity), to know the data is the same
	compliance *model.CompliancePartner // the same for its compliance partners
	n, nc      int
	at         time.Time // the triage's clock reading
	entries    [numKinds][]entry
	natural    [numKinds][]int

	mu      sync.Mutex
	details map[detailKey][]string // detail panes drawn of these entries, for every session
}

// detailKey is what an entry's detail pane depends on besides the entry.
type detailKey struct {
	kind  kind
	i, w  int // entry index, text width
	theme theme.Variant
	loc   *time.Location
	// groups is how the session names the entry's groups (their labels, joined): a session that
	// knows the names, or may not read them, draws its own pane.
	groups string
}

// detail is the detail pane of entry i as build draws it, drawn once for every session with the
// same width, terminal, time zone and group names: a cursor walking the list draws each partner once.
func (d *tenantData) detail(k detailKey, build func() []string) []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	if ls, ok := d.details[k]; ok {
		return ls
	}
	if d.details == nil || len(d.details) > 4*(len(d.entries[kindDevice])+len(d.entries[kindCompliance]))+64 {
		d.details = map[detailKey][]string{} // bounded: a few variants of each partner
	}
	ls := build()
	d.details[k] = ls
	return ls
}

// shared keeps, for each refresher, the entries of its latest data at the last two clock
// readings (the fetch's, and the latest relative-time tick's), so that N sessions drawing one
// tenant clean and triage its partners once per fetch and once per tick, not N times. The key
// is weak: a refresher nobody uses any more takes its entries with it.
var shared = struct {
	sync.Mutex
	m map[weak.Pointer[Snapshots]][]*tenantData
}{m: map[weak.Pointer[Snapshots]][]*tenantData{}}

// first is the address of a slice's first element (its identity), or nil.
func first[E any](s []E) *E {
	if len(s) == 0 {
		return nil
	}
	return &s[0]
}

// tenantEntries is the shared entries of snapshot s of refresher r, triaged at the fetch's time.
func tenantEntries(r *Snapshots, s *snapshot.Snapshot[model.TenantPartners]) *tenantData {
	return tenantEntriesAt(r, s, s.Fetched)
}

// tenantEntriesAt is the shared entries of snapshot s of refresher r, triaged at at.
func tenantEntriesAt(r *Snapshots, s *snapshot.Snapshot[model.TenantPartners], at time.Time) *tenantData {
	ps, cs := s.Data.Partners, s.Data.Compliance
	sameData := func(d *tenantData) bool {
		return d.n == len(ps) && d.partners == first(ps) && d.nc == len(cs) && d.compliance == first(cs)
	}
	key := weak.Make(r)
	shared.Lock()
	defer shared.Unlock()
	kept, known := shared.m[key]
	for _, d := range kept {
		if sameData(d) && d.at.Equal(at) {
			return d
		}
	}
	d := &tenantData{n: len(ps), nc: len(cs), partners: first(ps), compliance: first(cs), at: at}
	d.entries[kindDevice] = newEntries(ps, at)
	d.entries[kindCompliance] = newComplianceEntries(cs, at)
	// The natural widths come from the first triage of the data (the fetch's), so that a tick
	// does not make columns jump.
	for _, k := range kept {
		if sameData(k) {
			d.natural = k.natural
		}
	}
	if d.natural[kindDevice] == nil {
		d.natural[kindDevice] = columns.Natural(columns.Dashboard, rowsOf(d.entries[kindDevice], (*entry).row), true)
		d.natural[kindCompliance] = columns.Natural(columns.ComplianceDashboard,
			rowsOf(d.entries[kindCompliance], (*entry).complianceRow), true)
	}
	if !known {
		runtime.AddCleanup(r, func(k weak.Pointer[Snapshots]) {
			shared.Lock()
			delete(shared.m, k)
			shared.Unlock()
		}, key)
	}
	if len(kept) >= 2 {
		kept = kept[1:]
	}
	shared.m[key] = append(slices.Clip(kept), d)
	return d
}
