package fleetview

import (
	"strconv"
	"strings"

	"github.com/partnerdash/partnerdash/client/fleet"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/columns"
)

// Row is one tenant as the fleet's columns read it. Every string in it is cleaned (model.Sanitize)
// when the row is built: names come from the fleet file, reasons from Graph and the authority.
type Row struct {
	ID, Name string
	Status   fleet.Status
	Health   model.Health
	// Loaded is true once the tenant's partners were read at least once (they may be stale
	// when Status says the last read failed).
	Loaded bool
	// Device and Compliance count each kind's partners by state.
	Device, Compliance map[model.PartnerState]int
	// Deadline is the nearest device deadline of the tenant's configured partners.
	Deadline    model.Deadline
	HasDeadline bool
	// Problems counts partners whose health is not ok.
	Problems int

	nameKey string // lower-case name, for sorting
}

// newRow is the row of a tenant's report, cleaned for the screen.
func newRow(tr fleet.TenantReport) Row {
	st := tr.Status
	st.Reason = model.Sanitize(st.Reason)
	st.ConsentURL = model.Sanitize(st.ConsentURL)
	r := Row{
		ID: model.Sanitize(tr.Config.ID), Name: model.Sanitize(tr.Config.Label()), Status: st,
		Health: tr.Health, Loaded: !tr.Fetched.IsZero(),
		Device: map[model.PartnerState]int{}, Compliance: map[model.PartnerState]int{},
	}
	for _, p := range tr.Partners {
		if p.Kind == fleet.KindCompliance {
			r.Compliance[p.State]++
		} else {
			r.Device[p.State]++
		}
		if p.Assessment.Configured && p.Assessment.Health != model.HealthOK {
			r.Problems++
		}
	}
	r.Deadline, r.HasDeadline = tr.NearestDeadline()
	r.nameKey = strings.ToLower(r.Name)
	return r
}

// unhealthy is what u keeps: a tenant with a partner to look at, or one that cannot be read.
func (r Row) unhealthy() bool {
	if r.Status.Kind == fleet.Loading {
		return false
	}
	return r.Health != model.HealthOK || !r.Status.Readable()
}

// Columns are the fleet screen's columns, in display order, declared once.
var Columns = []columns.Column[Row]{Tenant, Health, Device, Compliance, Deadline, Status}

// The columns.
var (
	Tenant = columns.Column[Row]{Key: "tenant", Title: "TENANT", Flex: true, Min: 8,
		Cell: func(r Row) columns.Cell { return columns.Cell{Text: r.Name} }}
	Health = columns.Column[Row]{Key: "health", Title: "HEALTH", Width: len("critical"), Drop: 4, DropBelow: 12,
		Cell: func(r Row) columns.Cell {
			if !r.Loaded {
				return columns.Cell{Text: "—", Tone: columns.Faint}
			}
			c := columns.Cell{Text: r.Health.String(), Tone: columns.Muted}
			switch r.Health {
			case model.HealthCritical:
				c.Tone = columns.Critical
			case model.HealthWarning:
				c.Tone = columns.Warning
			}
			return c
		}}
	Device = columns.Column[Row]{Key: "device", Title: "DEVICE", Max: 18, Min: 6, Drop: 2, DropBelow: 14,
		Cell: func(r Row) columns.Cell { return counts(r, r.Device) }}
	Compliance = columns.Column[Row]{Key: "compliance", Title: "COMPLIANCE", Max: 18, Min: 6, Drop: 1, DropBelow: 14,
		Cell: func(r Row) columns.Cell { return counts(r, r.Compliance) }}
	Deadline = columns.Column[Row]{Key: "deadline", Title: "DEADLINE", Width: len("12d overdue"), Drop: 3, DropBelow: 12,
		Cell: func(r Row) columns.Cell {
			if !r.HasDeadline {
				return columns.Cell{Text: "—", Tone: columns.Faint}
			}
			return columns.Cell{Text: r.Deadline.Relative(), Tone: columns.ByDeadline}
		}}
	Status = columns.Column[Row]{Key: "status", Title: "STATUS", Max: 22, Min: 7,
		Cell: func(r Row) columns.Cell { return statusCell(r.Status) }}
)

// stateOrder is the order of the per-state counts: active first, then the states that need a look.
var stateOrder = []model.PartnerState{model.StateEnabled, model.StateUnresponsive, model.StateRejected,
	model.StateTerminated, model.StateUnavailable, model.StateUnknown}

// counts says a kind's partners per state as glyph-marked numbers, "3✓ 1● 1✕": the glyphs are
// the dashboard's state glyphs, so they read without colour.
func counts(r Row, by map[model.PartnerState]int) columns.Cell {
	if !r.Loaded {
		return columns.Cell{Text: "—", Tone: columns.Faint}
	}
	if len(by) == 0 {
		return columns.Cell{Text: "none", Tone: columns.Faint}
	}
	var parts []string
	seen := 0
	for _, s := range stateOrder {
		if n := by[s]; n > 0 {
			parts = append(parts, strconv.Itoa(n)+columns.StateGlyph(s))
			seen += n
		}
	}
	total := 0
	for _, n := range by {
		total += n
	}
	if other := total - seen; other > 0 { // undocumented states (and "" with unknown)
		parts = append(parts, strconv.Itoa(other)+"?")
	}
	c := columns.Cell{Text: strings.Join(parts, " "), Tone: columns.Muted}
	if by[model.StateUnresponsive] > 0 || by[model.StateRejected] > 0 || by[model.StateTerminated] > 0 {
		c.Tone = columns.Warning
	}
	return c
}

// statusCell is the tenant's own status in a word or two; the line under the table says the rest
// (the reason, the admin-consent URL).
func statusCell(st fleet.Status) columns.Cell {
	switch st.Kind {
	case fleet.OK:
		return columns.Cell{Text: "ok", Tone: columns.Muted}
	case fleet.Loading:
		return columns.Cell{Text: "loading…", Tone: columns.Faint}
	case fleet.Throttled:
		text := "throttled"
		if st.RetryAfter > 0 {
			text += " " + model.ShortDuration(st.RetryAfter)
		}
		return columns.Cell{Text: text, Tone: columns.Warning}
	}
	return columns.Cell{Text: st.Kind.String(), Tone: columns.Critical}
}
