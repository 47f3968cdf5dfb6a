// Package columns declares the partner list's columns once: the dashboard's list and
// `partnerdash list -o table` both size, fill and align their columns from these declarations.
//
// It knows model and nothing of screens: a cell says its Tone (muted, faint, coloured by the
// partner's state...), and the dashboard's theme turns tones into styles. That keeps it light
// enough for the CLI to import without the dashboard.
package columns

import (
	"strconv"
	"strings"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/cells"
)

// Align is where a cell's text sits in its column; the title sits the same way.
type Align int

const (
	Left Align = iota
	Right
)

// Tone is what a cell's colour means; the dashboard's theme picks the colour.
type Tone int

const (
	Text       Tone = iota // ordinary text
	Muted                  // secondary
	Faint                  // a placeholder: "never", "—", an unconfigured partner
	Warning                // needs a look
	Critical               // needs action
	ByState                // coloured by the partner's state
	ByDeadline             // coloured by how near the partner's next deadline is
)

// Cell is one column's text for one partner, and its tone.
type Cell struct {
	Text string
	Tone Tone
}

// Row is one partner as the columns read it: cleaned for display by model.Show, with its triage.
type Row struct {
	p *model.Partner
	a model.Assessment
}

// NewRow is the row of a cleaned partner and its triage.
func NewRow(s *model.Shown, a model.Assessment) Row { return Row{p: s.Partner(), a: a} }

// Partner is the row's cleaned partner.
func (r Row) Partner() *model.Partner { return r.p }

// Assessment is the row's triage.
func (r Row) Assessment() model.Assessment { return r.a }

// Column is one column, declared once, of rows of type R (Row for device management partners,
// ComplianceRow for compliance partners).
type Column[R any] struct {
	Key   string // a stable name, e.g. "heartbeat"
	Title string // the column head
	// Width is the column's width in cells; 0 sizes it to its widest cell and title, up to Max
	// (0: no limit) in the dashboard.
	Width, Max int
	// Flex takes the width that is left (the name). It is never dropped and is at least Min.
	Flex bool
	// Min is how narrow a sized column may shrink before anything is cut further; 0 keeps it.
	Min   int
	Align Align
	// Drop is the order in which the column gives way when space runs out (1 first; 0 never):
	// it goes while the flex column would be narrower than DropBelow (or its widest cell).
	Drop, DropBelow int
	// Cell fills the column for a partner.
	Cell func(r R) Cell
}

// Dashboard are the list's columns, in display order.
var Dashboard = []Column[Row]{Name, State, App, Configured, Heartbeat, Deadline, Groups}

// CLI are the columns of `partnerdash list -o table`: the dashboard's, after the id scripts need.
var CLI = append([]Column[Row]{ID}, Dashboard...)

// The columns.
var (
	ID = Column[Row]{Key: "id", Title: "ID",
		Cell: func(r Row) Cell { return Cell{Text: model.Dash(r.p.ID), Tone: Muted} }}
	Name = Column[Row]{Key: "name", Title: "PARTNER", Flex: true, Min: 8,
		Cell: func(r Row) Cell {
			c := Cell{Text: r.p.Name()}
			if !r.p.IsConfigured || r.p.DisplayName == "" {
				c.Tone = Faint
			}
			return c
		}}
	State = Column[Row]{Key: "state", Title: "STATE", Max: 14, Min: 6, // "● Unresponsive"; glyph, space, a few letters
		Cell: func(r Row) Cell { return Cell{Text: StateBadge(r.p.PartnerState), Tone: ByState} }}
	App = Column[Row]{Key: "app", Title: "APP", Drop: 2, DropBelow: 24,
		Cell: func(r Row) Cell { return Cell{Text: appShort(r.p.PartnerAppType), Tone: Muted} }}
	Configured = Column[Row]{Key: "configured", Title: "CONF", Width: 4, Drop: 1, DropBelow: 24,
		Cell: func(r Row) Cell {
			c := Cell{Text: model.YesNo(r.p.IsConfigured), Tone: Muted}
			if !r.p.IsConfigured {
				c.Tone = Faint
			}
			return c
		}}
	Heartbeat = Column[Row]{Key: "heartbeat", Title: "HEARTBEAT", Width: 9, Drop: 4, DropBelow: 14,
		Cell: func(r Row) Cell { return heartbeat(r.p.PartnerState, r.a) }}
	Deadline = Column[Row]{Key: "deadline", Title: "DEADLINE", Width: len("12d overdue"), Drop: 5, DropBelow: 12,
		Cell: func(r Row) Cell {
			d, ok := r.a.Next()
			if !ok {
				return Cell{Text: "—", Tone: Faint}
			}
			return Cell{Text: d.Relative(), Tone: ByDeadline}
		}}
	Groups = Column[Row]{Key: "groups", Title: "GROUPS", Width: 6, Align: Right, Drop: 3, DropBelow: 20,
		Cell: func(r Row) Cell { return Cell{Text: strconv.Itoa(len(r.p.Groups)), Tone: Muted} }}
)

// heartbeat shows the heartbeat's age; an active partner's stale heartbeat is toned by how stale,
// as the triage rules judge it.
// Both kinds of partner share it.
func heartbeat(st model.PartnerState, a model.Assessment) Cell {
	if !a.HasHeartbeat {
		return Cell{Text: "never", Tone: Faint}
	}
	c := Cell{Text: model.Ago(a.HeartbeatAge) + " ago", Tone: Muted}
	if st == model.StateEnabled {
		switch {
		case a.HeartbeatAge >= model.DeadHeartbeat:
			c.Tone = Critical
		case a.HeartbeatAge >= model.StaleHeartbeat:
			c.Tone = Warning
		}
	}
	return c
}

// Natural is each column's width before space runs out: its Width, or its widest cell among rows
// and its title (capped at Max when capped). The flex column's is its widest cell alone: the
// width its text wants, which decides when other columns give way.
func Natural[R any](cols []Column[R], rows []R, capped bool) []int {
	w := make([]int, len(cols))
	for i, c := range cols {
		if c.Width > 0 {
			w[i] = c.Width
			continue
		}
		if !c.Flex {
			w[i] = cells.Width(c.Title)
		}
		for _, r := range rows {
			w[i] = max(w[i], cells.Width(c.Cell(r).Text))
		}
		if capped && c.Max > 0 {
			w[i] = min(w[i], c.Max)
		}
	}
	return w
}

// Fit sizes the columns for avail cells, from their natural widths: the flex column takes what is
// left; when that is too little, columns are dropped (width 0) in their Drop order, then columns
// with a Min shrink; in narrow panes the gaps are one space. Widths depend only on the data, not
// on the rows on screen, so columns do not shift while scrolling.
func Fit[R any](cols []Column[R], natural []int, avail int) (w []int, gap int) {
	w = append([]int(nil), natural...)
	flex := -1
	for i, c := range cols {
		if c.Flex {
			flex = i
		}
	}
	gap = 2
	if avail < 60 {
		gap = 1
	}
	rest := func() int {
		n, sum := 0, 0
		for i := range cols {
			if i != flex && w[i] > 0 {
				n++
				sum += w[i]
			}
		}
		if flex >= 0 {
			n++
		}
		return sum + gap*max(n-1, 0)
	}
	if flex < 0 {
		return w, gap
	}
	for _, i := range dropOrder(cols) {
		if avail-rest() >= min(cols[i].DropBelow, natural[flex]) {
			break
		}
		w[i] = 0
	}
	if short := cols[flex].Min - (avail - rest()); short > 0 {
		for i, c := range cols {
			if i != flex && c.Min > 0 && w[i] > 0 {
				w[i] = max(c.Min, w[i]-short)
			}
		}
	}
	w[flex] = max(avail-rest(), 1)
	return w, gap
}

// dropOrder is the indices of the columns that may be dropped, in the order they go.
func dropOrder[R any](cols []Column[R]) []int {
	var out []int
	for d := 1; ; d++ {
		found := false
		for i, c := range cols {
			if c.Drop == d {
				out, found = append(out, i), true
			}
		}
		if !found {
			return out
		}
	}
}

// Pad fits s to w cells on the column's side.
func (c Column[R]) Pad(s string, w int) string {
	if c.Align == Right {
		return cells.FitRight(s, w)
	}
	return cells.Fit(s, w)
}

// TableFlexMax caps the flex column (the name) in Table, so that one long name does not widen
// every line; `-o json` has names whole.
const TableFlexMax = 60

// Table lays rows out as plain text: a head line, then a line per row, every column at its
// natural width (uncapped: a script gets whole words) but the flex column at most TableFlexMax,
// two spaces apart, no trailing spaces.
func Table[R any](cols []Column[R], rows []R) []string {
	w := Natural(cols, rows, false)
	for i, c := range cols {
		w[i] = max(w[i], cells.Width(c.Title))
		if c.Flex {
			w[i] = min(w[i], max(TableFlexMax, cells.Width(c.Title)))
		}
	}
	line := func(text func(i int) string) string {
		parts := make([]string, len(cols))
		for i, c := range cols {
			parts[i] = c.Pad(text(i), w[i])
		}
		return strings.TrimRight(strings.Join(parts, "  "), " ")
	}
	out := []string{line(func(i int) string { return cols[i].Title })}
	for _, r := range rows {
		out = append(out, line(func(i int) string { return cols[i].Cell(r).Text }))
	}
	return out
}

// StateBadge is a state's glyph and word, e.g. "● Unresponsive": the glyph lets the state read
// without colour.
func StateBadge(s model.PartnerState) string { return StateGlyph(s) + " " + s.Label() }

// StateGlyph pairs every state with a shape, so that the state reads without colour.
func StateGlyph(s model.PartnerState) string {
	switch s {
	case model.StateEnabled:
		return "✓"
	case model.StateUnresponsive:
		return "●"
	case model.StateTerminated:
		return "✕"
	case model.StateRejected:
		return "!"
	case model.StateUnavailable:
		return "◌"
	case model.StateUnknown, "":
		return "○"
	}
	return "?"
}

// appShort names the app type in a word for the list; the detail pane uses the full label.
func appShort(t model.AppType) string {
	switch t {
	case model.AppTypeSingleTenant:
		return "single"
	case model.AppTypeMultiTenant:
		return "multi"
	case model.AppTypeUnknown, "":
		return "unknown"
	}
	return string(t)
}

// Head is cols' titles on screen: indent spaces (the selection marker's cells), then each shown
// column (width w[i] > 0) padded to its width and styled by style, gap spaces apart. The screens
// pass their theme's style (columns knows no styles).
func Head[R any](cols []Column[R], w []int, gap, indent int, style func(string) string) string {
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", indent))
	first := true
	for i, c := range cols {
		if w[i] == 0 {
			continue
		}
		if !first {
			b.WriteString(strings.Repeat(" ", gap))
		}
		first = false
		b.WriteString(style(c.Pad(c.Title, w[i])))
	}
	return b.String()
}

// Cells writes r's shown cells (width w[i] > 0) to b, each padded to its width and drawn by paint
// in the style of its tone, with sep between them.
func Cells[R any](b *strings.Builder, cols []Column[R], r R, w []int, sep string, paint func(tone Tone, text string) string) {
	first := true
	for i, c := range cols {
		if w[i] == 0 {
			continue
		}
		if !first {
			b.WriteString(sep)
		}
		first = false
		x := c.Cell(r)
		b.WriteString(paint(x.Tone, c.Pad(x.Text, w[i])))
	}
}
