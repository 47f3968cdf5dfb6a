package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/cells"
	"github.com/partnerdash/partnerdash/ui/theme"
)

// The list's columns, in display order.
type column int

const (
	colName column = iota
	colState
	colApp
	colConf
	colHeartbeat
	colDeadline
	colGroups
	numCols
)

var colTitles = [numCols]string{"PARTNER", "STATE", "APP", "CONF", "HEARTBEAT", "DEADLINE", "GROUPS"}

// dropOrder is which columns give way, in order, when the name would be cut: a column goes
// while the name column is narrower than its threshold (or the longest name, if shorter). Minor
// columns yield to a comfortable name, the heartbeat and deadline only to a cramped one; the
// detail pane shows every property anyway. Name and state never go.
var dropOrder = []struct {
	col       column
	threshold int
}{{colConf, 24}, {colApp, 24}, {colGroups, 20}, {colHeartbeat, 14}, {colDeadline, 12}}

const (
	nameMin  = 8
	stateMin = 6  // glyph, space and a few letters
	stateMax = 14 // "● Unresponsive"; an undocumented state's longer name is cut
	markerW  = 2  // "❯ "
)

func cellWidth(s string) int { return ansi.StringWidth(s) }

// columns fits the columns into avail cells: the name takes what is left; when that is too
// little, columns are dropped (width 0) by dropOrder, then the state column shrinks; in narrow
// panes the gaps are one space. Widths depend only on the data (its longest name, widest badge
// and app type), not on the rows on screen, so columns do not shift while scrolling.
func (l *partnerList) columns(avail int) (w [numCols]int, gap int) {
	w = [numCols]int{
		colState: min(max(l.badgeW, len("STATE")), stateMax), colApp: max(l.appW, len("APP")),
		colConf: len("CONF"), colHeartbeat: len("HEARTBEAT"), colDeadline: len("12d overdue"),
		colGroups: len("GROUPS"),
	}
	gap = 2
	if avail < 60 {
		gap = 1
	}
	rest := func() int {
		n, sum := 1, 0 // the name column
		for c := colState; c < numCols; c++ {
			if w[c] > 0 {
				n++
				sum += w[c]
			}
		}
		return sum + gap*(n-1)
	}
	for _, d := range dropOrder {
		if avail-rest() >= min(d.threshold, l.nameW) {
			break
		}
		w[d.col] = 0
	}
	if short := nameMin - (avail - rest()); short > 0 {
		w[colState] = max(stateMin, w[colState]-short)
	}
	w[colName] = max(avail-rest(), 1)
	return w, gap
}

// cell is one styled table cell.
type cell struct {
	text  string
	style lipgloss.Style
	right bool
}

// view draws the column heads and the rows on screen in width cells.
func (l *partnerList) view(t theme.Theme, width int, focused bool) []string {
	w, gap := l.columns(width - markerW)
	out := make([]string, 0, l.rows+1)
	var head strings.Builder
	head.WriteString(strings.Repeat(" ", markerW))
	first := true
	for c := colName; c < numCols; c++ {
		if w[c] == 0 {
			continue
		}
		if !first {
			head.WriteString(strings.Repeat(" ", gap))
		}
		first = false
		if c == colGroups {
			head.WriteString(t.ColumnHead.Render(cells.FitRight(colTitles[c], w[c])))
		} else {
			head.WriteString(t.ColumnHead.Render(cells.Fit(colTitles[c], w[c])))
		}
	}
	out = append(out, head.String())
	end := min(l.offset+l.rows, len(l.visible))
	for i := l.offset; i < end; i++ {
		out = append(out, l.row(t, &l.entries[l.visible[i]], w, gap, i == l.cursor, focused))
	}
	return out
}

// row draws one partner. The selected row has the ❯ marker (which survives without colour) and,
// when the list has focus, the selection background.
func (l *partnerList) row(t theme.Theme, e *entry, w [numCols]int, gap int, selected, focused bool) string {
	row := [numCols]cell{
		colName:      {text: e.name, style: t.Text},
		colState:     {text: e.badge, style: t.State(e.p.PartnerState)},
		colApp:       {text: e.app, style: t.Muted},
		colConf:      {text: e.conf, style: t.Muted},
		colHeartbeat: heartbeatCell(t, e),
		colDeadline:  deadlineCell(t, e.assess),
		colGroups:    {text: e.count, style: t.Muted, right: true},
	}
	if !e.p.IsConfigured || e.p.DisplayName == "" {
		row[colName].style = t.Faint
	}
	if !e.p.IsConfigured {
		row[colConf].style = t.Faint
	}
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
	first := true
	for c := colName; c < numCols; c++ {
		if w[c] == 0 {
			continue
		}
		if !first {
			b.WriteString(sep)
		}
		first = false
		x := row[c]
		text := cells.Fit(x.text, w[c])
		if x.right {
			text = cells.FitRight(x.text, w[c])
		}
		b.WriteString(style(x.style).Render(text))
	}
	return b.String()
}

// heartbeatCell shows the heartbeat's age; an active partner's stale heartbeat is coloured by
// how stale, as the triage rules judge it.
func heartbeatCell(t theme.Theme, e *entry) cell {
	a := e.assess
	if !a.HasHeartbeat {
		return cell{text: "never", style: t.Faint}
	}
	c := cell{text: model.Ago(a.HeartbeatAge) + " ago", style: t.Muted}
	if e.p.PartnerState == model.StateEnabled {
		switch {
		case a.HeartbeatAge >= model.DeadHeartbeat:
			c.style = t.Critical
		case a.HeartbeatAge >= model.StaleHeartbeat:
			c.style = t.Warning
		}
	}
	return c
}

// deadlineCell shows the nearest device deadline relative to now, coloured by how near.
func deadlineCell(t theme.Theme, a model.Assessment) cell {
	d, ok := a.Next()
	if !ok {
		return cell{text: "—", style: t.Faint}
	}
	return cell{text: d.Relative(), style: t.Deadline(d)}
}
