package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/partnerdash/partnerdash/model"
)

// detailPane is the detail pane's scroll state. The lines themselves are drawn from the selected
// entry each time: a few dozen lines, whatever the number of partners.
type detailPane struct {
	id     string // the partner offset belongs to: another selection starts at the top
	offset int
}

// follow resets the scroll when the selection changed.
func (d *detailPane) follow(id string) {
	if id != d.id {
		d.id, d.offset = id, 0
	}
}

// scroll moves by delta lines within content lines shown rows at a time.
func (d *detailPane) scroll(delta, content, rows int) {
	d.offset = min(max(d.offset+delta, 0), max(content-rows, 0))
}

const labelW = 14 // "Non-compliant" and a space

// detailLines describes every property of e in lines of at most w cells. Times are shown in UTC
// and in loc (the user's zone, injected so tests are deterministic), with their age at now.
func detailLines(t Theme, e *entry, w int, now time.Time, loc *time.Location) []string {
	if e == nil {
		return nil
	}
	p, a := e.p, e.assess
	var out []string
	add := func(label string, value string) { out = append(out, fieldLines(t, label, value, w)...) }
	more := func(value string) { out = append(out, fieldLines(t, "", value, w)...) }

	if p.DisplayName == "" {
		add("Name", t.Faint.Render("(no name)"))
	} else {
		add("Name", t.Bold.Render(p.DisplayName))
	}
	add("ID", orDash(t, p.ID))
	add("State", t.stateStyle(p.PartnerState).Render(e.badge))
	more(t.Muted.Render(p.PartnerState.Meaning()))
	add("Health", t.healthStyle(a.Health).Render(a.Health.String())+t.Muted.Render(" · "+a.Reason()))
	add("App type", p.PartnerAppType.Label())
	add("App ID", orDash(t, p.SingleTenantAppID))
	add("Configured", yesNo(p.IsConfigured))

	if a.HasHeartbeat {
		add("Heartbeat", heartbeatCell(t, e).style.Render(model.Ago(a.HeartbeatAge)+" ago"))
		for _, l := range whenLines(t, p.LastHeartbeat.Time(), loc) {
			more(l)
		}
	} else {
		add("Heartbeat", t.Faint.Render("never"))
	}
	for _, d := range []struct {
		label string
		d     model.Deadline
	}{{"Non-compliant", a.NonCompliant}, {"Removal", a.Removed}} {
		if !d.d.Set {
			add(d.label, t.Faint.Render("— not scheduled"))
			continue
		}
		rel := t.deadlineStyle(d.d).Render(d.d.Relative())
		if d.d.Overdue() {
			rel += " " + t.Overdue.Render("OVERDUE")
		}
		add(d.label, rel)
		for _, l := range whenLines(t, d.d.At, loc) {
			more(l)
		}
	}

	out = append(out, "", t.Section.Render(fmt.Sprintf("Groups requiring enrollment (%d)", len(e.groups))))
	if len(e.groups) == 0 {
		out = append(out, t.Faint.Render("  none"))
	}
	for _, g := range e.groups {
		mark := "  "
		switch {
		case g.include:
			mark = t.OK.Render("+ ")
		case g.exclude:
			mark = t.Critical.Render("− ")
		}
		out = append(out, wrapIndent(mark+g.text, w, 2)...)
		if g.filter != "" {
			out = append(out, wrapIndent("    "+t.Muted.Render(g.filter), w, 4)...)
		}
	}
	return out
}

// whenLines gives an instant in UTC and, when it differs, in the local zone.
func whenLines(t Theme, at time.Time, loc *time.Location) []string {
	utc := at.UTC()
	out := []string{t.Muted.Render(utc.Format("2006-01-02 15:04 UTC"))}
	if loc != nil {
		if l := at.In(loc); l.Format("15:04 -0700") != utc.Format("15:04 -0700") {
			out = append(out, t.Muted.Render(l.Format("2006-01-02 15:04 MST")+" local"))
		}
	}
	return out
}

func orDash(t Theme, s string) string {
	if s == "" {
		return t.Faint.Render("—")
	}
	return s
}

// fieldLines lays out "Label         value" in w cells. A value too long for the value column
// but short enough for the pane (an id) goes on its own line so it is never broken; longer ones wrap.
func fieldLines(t Theme, label, value string, w int) []string {
	head := t.Label.Render(fit(label, labelW))
	vw := w - labelW
	if ansi.StringWidth(value) <= vw {
		return []string{head + value}
	}
	if ansi.StringWidth(value) <= w-2 {
		return []string{strings.TrimRight(head, " "), "  " + value}
	}
	lines := strings.Split(ansi.Wrap(value, max(vw, 1), " -"), "\n")
	for i := range lines {
		if i == 0 {
			lines[i] = head + lines[i]
		} else {
			lines[i] = strings.Repeat(" ", labelW) + lines[i]
		}
	}
	return lines
}

// wrapIndent word-wraps s to w cells, indenting continuation lines by indent.
func wrapIndent(s string, w, indent int) []string {
	if ansi.StringWidth(s) <= w {
		return []string{s}
	}
	lines := strings.Split(ansi.Wrap(s, max(w-indent, 1), " "), "\n")
	for i := 1; i < len(lines); i++ {
		lines[i] = strings.Repeat(" ", indent) + lines[i]
	}
	return lines
}

// detailView draws the detail pane for e in a w x h box.
func (m *root) detailView(e *entry, w, h int, focused bool) []string {
	t := m.theme
	if e == nil {
		return t.pane("Details", "", centre([]string{t.Faint.Render("Nothing selected")}, w-4, h-2), w, h, focused)
	}
	lines := detailLines(t, e, w-4, m.now, m.opts.Location)
	rows := h - 2
	info := ""
	if len(lines) > rows {
		// Update keeps the offset in range; min guards a resize between Update and View.
		off := min(m.detail.offset, len(lines)-rows)
		info = fmt.Sprintf("%d–%d of %d", off+1, off+rows, len(lines))
		lines = lines[off : off+rows]
	}
	return t.pane(e.name, info, lines, w, h, focused)
}
