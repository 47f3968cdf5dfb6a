package ui

import (
	"slices"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/columns"
	"github.com/partnerdash/partnerdash/ui/theme"
)

// markerW is the width of the selection marker before each row: "❯ ".
const markerW = 2

// row is a device management partner's entry as the columns read it.
func (e *entry) row() columns.Row { return columns.NewRow(e.shown, e.assess) }

// complianceRow is a compliance partner's entry as the columns read it.
func (e *entry) complianceRow() columns.ComplianceRow {
	return columns.NewComplianceRow(e.cshown, e.assess)
}

// toneStyle is the theme's style for a cell's tone, for a partner in state with triage a.
func toneStyle(t theme.Theme, tone columns.Tone, state model.PartnerState, a model.Assessment) lipgloss.Style {
	var d model.Deadline
	if tone == columns.ByDeadline { // only then: Next is not free, and most cells are not deadlines
		d, _ = a.Next()
	}
	return ToneStyle(t, tone, state, d)
}

// ToneStyle is the theme's style for a cell's tone (ui/columns says tones, the theme has styles):
// ByState colours by state, ByDeadline by how near deadline is. The dashboard's list and detail
// and the fleet screen draw their cells with it.
func ToneStyle(t theme.Theme, tone columns.Tone, state model.PartnerState, deadline model.Deadline) lipgloss.Style {
	switch tone {
	case columns.Muted:
		return t.Muted
	case columns.Faint:
		return t.Faint
	case columns.Warning:
		return t.Warning
	case columns.Critical:
		return t.Critical
	case columns.ByState:
		return t.State(state)
	case columns.ByDeadline:
		return t.Deadline(deadline)
	}
	return t.Text
}

// view draws the column heads and the rows on screen in width cells, with the columns of the
// list's kind.
func (l *partnerList) view(t theme.Theme, width int, focused bool) []string {
	if l.kind == kindCompliance {
		return tableView(l, t, columns.ComplianceDashboard, (*entry).complianceRow, width, focused)
	}
	return tableView(l, t, columns.Dashboard, (*entry).row, width, focused)
}

// tableView draws l's rows on screen with cols, reading each entry through rowOf.
func tableView[R any](l *partnerList, t theme.Theme, cols []columns.Column[R], rowOf func(*entry) R, width int, focused bool) []string {
	w, gap := columns.Fit(cols, l.natural, width-markerW)
	out := make([]string, 0, l.rows+1)
	out = append(out, columns.Head(cols, w, gap, markerW, func(s string) string { return t.ColumnHead.Render(s) }))
	c := &l.drawn
	if c.gen != l.gen || c.gap != gap || !slices.Equal(c.w, w) || len(c.rows) > 4*l.rows+64 {
		*c = drawnRows{gen: l.gen, w: w, gap: gap, rows: make(map[int]string, l.rows)}
	}
	end := min(l.offset+l.rows, len(l.visible))
	for i := l.offset; i < end; i++ {
		j := l.visible[i]
		e := &l.entries[j]
		if i == l.cursor {
			out = append(out, drawRow(t, cols, rowOf(e), e, w, gap, true, focused))
			continue
		}
		r, ok := c.rows[j]
		if !ok {
			r = drawRow(t, cols, rowOf(e), e, w, gap, false, focused)
			c.rows[j] = r
		}
		out = append(out, r)
	}
	return out
}

// drawnRows keeps the rows drawn for this data at these column widths, except the selected
// one: a keystroke that moves the cursor draws two rows, not a screenful. Rows depend only on
// the entry and the widths (the theme is the session's), so the entries' generation and the
// widths are the key.
type drawnRows struct {
	gen  int
	w    []int
	gap  int
	rows map[int]string // entry index -> its unselected row
}

// drawRow draws one partner. The selected row has the ❯ marker (which survives without colour)
// and, when the list has focus, the selection background.
func drawRow[R any](t theme.Theme, cols []columns.Column[R], r R, e *entry, w []int, gap int, selected, focused bool) string {
	hl := selected && focused
	style := func(s lipgloss.Style) lipgloss.Style {
		if hl {
			return s.Inherit(t.Selected)
		}
		return s
	}
	var b strings.Builder
	switch {
	case hl:
		b.WriteString(style(t.Cursor).Render("❯ "))
	case selected:
		b.WriteString(t.Muted.Render("❯ "))
	default:
		b.WriteString("  ")
	}
	sep := style(t.Text).Render(strings.Repeat(" ", gap))
	columns.Cells(&b, cols, r, w, sep, func(tone columns.Tone, text string) string {
		return style(toneStyle(t, tone, e.state, e.assess)).Render(text)
	})
	return b.String()
}
