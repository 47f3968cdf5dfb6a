package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/cells"
	"github.com/partnerdash/partnerdash/ui/columns"
	"github.com/partnerdash/partnerdash/ui/theme"
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

// detailLines describes every property of e in lines of at most w cells, naming groups from
// names. Times are shown in UTC and in loc (the user's zone, injected so tests are
// deterministic), with their age at now.
func detailLines(t theme.Theme, e *entry, names model.GroupNames, w int, now time.Time, loc *time.Location) []string {
	if e == nil {
		return nil
	}
	if e.c != nil {
		return complianceDetailLines(t, e, names, w, loc)
	}
	p, a := e.p, e.assess
	var out []string
	add := func(label, value string, st lipgloss.Style) {
		out = append(out, fieldLines(t, label, value, st, w)...)
	}
	more := func(value string, st lipgloss.Style) { add("", value, st) }

	label := model.Label
	out = append(out, identityLines(t, e, label("displayName"), label("id"), label("partnerState"),
		model.PropertyNamed("partnerState").Explain(*p), w)...)
	add(label("partnerAppType"), p.PartnerAppType.Label(), t.Text)
	add(label("singleTenantAppId"), model.Dash(p.SingleTenantAppID), t.Text)
	add(label("isConfigured"), model.YesNo(p.IsConfigured), t.Text)
	out = append(out, heartbeatLines(t, e, label("lastHeartbeatDateTime"), p.LastHeartbeat, w, loc)...)
	for _, d := range []struct {
		label string
		d     model.Deadline
	}{{label("whenPartnerDevicesWillBeMarkedAsNonCompliantDateTime"), a.NonCompliant},
		{label("whenPartnerDevicesWillBeRemovedDateTime"), a.Removed}} {
		if !d.d.Set {
			add(d.label, "— not scheduled", t.Faint)
			continue
		}
		add(d.label, d.d.Relative(), t.Deadline(d.d))
		for _, l := range whenLines(d.d.At, loc) {
			more(l, t.Muted)
		}
	}
	gs := describeGroups(p.Groups, names)
	out = append(out, "", t.Section.Render(fmt.Sprintf("%s (%d)", label("groupsRequiringPartnerEnrollment"), len(gs))))
	return append(out, groupLines(t, gs, w)...)
}

// identityLines are the lines both kinds start with: name, id, state and what it means, and the
// triage's verdict and reason.
func identityLines(t theme.Theme, e *entry, nameL, idL, stateL, meaning string, w int) []string {
	var out []string
	add := func(label, value string, st lipgloss.Style) {
		out = append(out, fieldLines(t, label, value, st, w)...)
	}
	if e.nameKey == "" {
		add(nameL, "(no name)", t.Faint)
	} else {
		add(nameL, e.name, t.Bold)
	}
	add(idL, model.Dash(e.id), t.Text)
	add(stateL, e.badge, t.State(e.state))
	add("", meaning, t.Muted)
	add("Health", e.assess.Health.String(), t.Health(e.assess.Health))
	add("", e.assess.Reason(), t.Muted)
	return out
}

// heartbeatLines say the heartbeat's age, toned as the list's column, and when it was.
func heartbeatLines(t theme.Theme, e *entry, label string, at model.DateTime, w int, loc *time.Location) []string {
	if !e.assess.HasHeartbeat {
		return fieldLines(t, label, "never", t.Faint, w)
	}
	var tone columns.Tone
	if e.p != nil {
		tone = columns.Heartbeat.Cell(e.row()).Tone
	} else {
		tone = columns.ComplianceHeartbeat.Cell(e.complianceRow()).Tone
	}
	out := fieldLines(t, label, model.Ago(e.assess.HeartbeatAge)+" ago", toneStyle(t, tone, e.state, e.assess), w)
	for _, l := range whenLines(at.Time(), loc) {
		out = append(out, fieldLines(t, "", l, t.Muted, w)...)
	}
	return out
}

// groupLines draws assignments in words: + for an inclusion, − for an exclusion.
func groupLines(t theme.Theme, gs []groupLine, w int) []string {
	if len(gs) == 0 {
		return []string{t.Faint.Render("  none")}
	}
	var out []string
	for _, g := range gs {
		mark := "  "
		switch {
		case g.include:
			mark = t.OK.Render("+ ")
		case g.exclude:
			mark = t.Critical.Render("− ")
		}
		for i, l := range cells.Wrap(g.text, w-2) {
			if i == 0 {
				out = append(out, mark+t.Text.Render(l))
			} else {
				out = append(out, "  "+t.Text.Render(l))
			}
		}
		for _, l := range cells.Wrap(g.filter, w-4) {
			out = append(out, "    "+t.Muted.Render(l))
		}
	}
	return out
}

// detailLines is detailLines for the selected entry, built once for the entry, width and clock
// (Update measures the pane with it, View draws it).
func (m *root) detailLines(e *entry, w int) []string {
	c := &m.detailDrawn
	groups := m.groupLabels(e)
	if c.e != e || c.w != w || !c.now.Equal(m.now) || c.groups != groups || c.lines == nil {
		build := func() []string { return detailLines(m.theme, e, m.groups.names, w, m.now, m.opts.Location) }
		var lines []string
		if i, d := m.list.selectedIndex(), m.list.data; d != nil && i >= 0 && &d.entries[m.list.kind][i] == e && m.now.Equal(d.at) {
			// Every session drawing this data shares the pane (entries are triaged at d.at).
			lines = d.detail(detailKey{kind: m.list.kind, i: i, w: w, theme: m.theme.Variant(), loc: m.opts.Location, groups: groups}, build)
		} else {
			lines = build()
		}
		*c = detailDrawn{e: e, w: w, now: m.now, groups: groups, lines: lines}
	}
	return c.lines
}

// groupLabels is how this session names e's groups now, for the caches of the detail pane.
func (m *root) groupLabels(e *entry) string {
	var b strings.Builder
	for _, id := range e.groupIDs {
		b.WriteString(m.groups.names.Label(id))
		b.WriteByte(0)
	}
	return b.String()
}

// detailDrawn is the detail pane's lines for one entry, width, clock and group names.
type detailDrawn struct {
	e      *entry
	w      int
	now    time.Time
	groups string
	lines  []string
}

// whenLines gives an instant in UTC and, when it differs, in the local zone.
func whenLines(at time.Time, loc *time.Location) []string {
	utc := at.UTC()
	out := []string{utc.Format("2006-01-02 15:04 UTC")}
	if loc != nil {
		if l := at.In(loc); l.Format("15:04 -0700") != utc.Format("15:04 -0700") {
			out = append(out, l.Format("2006-01-02 15:04 MST")+" local")
		}
	}
	return out
}

// fieldLines lays out "Label         value" in w cells, the value (plain text) in style st. A
// single word too long for the value column but not for the pane (an id) goes on its own line,
// so it is never broken; anything else wraps within the value column.
func fieldLines(t theme.Theme, label, value string, st lipgloss.Style, w int) []string {
	head := t.Label.Render(cells.Fit(label, labelW))
	vw := w - labelW
	vlen := ansi.StringWidth(value)
	if vlen <= vw {
		return []string{head + st.Render(value)}
	}
	if label != "" && vlen <= w && !strings.Contains(value, " ") {
		indent := min(w-vlen, 2) // flush left in the narrowest pane, where a GUID just fits
		return []string{t.Label.Render(label), strings.Repeat(" ", indent) + st.Render(value)}
	}
	lines := cells.Wrap(value, vw)
	for i, l := range lines {
		if i == 0 {
			lines[i] = head + st.Render(l)
		} else {
			lines[i] = strings.Repeat(" ", labelW) + st.Render(l)
		}
	}
	return lines
}

// detailView draws the detail pane for e in a w x h box.
func (m *root) detailView(e *entry, w, h int, focused bool) []string {
	t := m.theme
	if e == nil {
		return m.drawPane("Details", "", centre([]string{t.Faint.Render("Nothing selected")}, w-4, h-2), w, h, focused)
	}
	lines := m.detailLines(e, w-4)
	rows := h - 2
	info := ""
	if len(lines) > rows {
		// Update keeps the offset in range; min guards a resize between Update and View.
		off := min(m.detail.offset, len(lines)-rows)
		info = fmt.Sprintf("%d–%d of %d", off+1, off+rows, len(lines))
		lines = lines[off : off+rows]
	}
	return m.drawPane(e.name, info, lines, w, h, focused)
}
