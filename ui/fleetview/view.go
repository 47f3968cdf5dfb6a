package fleetview

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/partnerdash/partnerdash/client/fleet"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui"
	"github.com/partnerdash/partnerdash/ui/cells"
	"github.com/partnerdash/partnerdash/ui/columns"
)

// Smallest terminal the fleet screen draws in; below it says so.
const minWidth, minHeight = 40, 8

// markerW is the width of the selection marker before each row: "❯ ".
const markerW = 2

// fixed is the lines that are not rows: header, column heads, the selected tenant's two lines,
// the summary and the help line.
func (m *screen) fixed() int {
	n := 4 + infoLines // header, column heads, the selected tenant, summary, help
	if m.filterShown() {
		n++
	}
	if m.help.ShowAll {
		h := m.help
		h.Width = max(m.width-2, 1)
		n += lipgloss.Height(h.View(m.helpKeys())) - 1
	}
	return n
}

// pageRows is how many tenant rows fit.
func (m *screen) pageRows() int { return max(m.height-m.fixed(), 1) }

func (m *screen) filterShown() bool { return m.filter.Focused() || m.filter.Value() != "" }

// syncKeys enables exactly the keys that do something now.
func (m *screen) syncKeys() {
	k := &m.keys
	sel := m.selected() != nil
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.Top, &k.Bottom, &k.PgUp, &k.PgDn, &k.moveHelp, &k.Open} {
		b.SetEnabled(sel)
	}
	k.ClearFilter.SetEnabled(m.filter.Value() != "" || m.attention)
	k.Sort.SetEnabled(len(m.rows) > 1)
	if m.attention {
		k.Attention.SetHelp("u", "show all")
	} else {
		k.Attention.SetHelp("u", "only unhealthy")
	}
}

// View draws the fleet, or the open tenant's dashboard.
func (m *screen) View() string {
	if m.dash != nil {
		return m.dash.View()
	}
	if m.width == 0 || m.height == 0 {
		return ""
	}
	return cells.Clamp(m.screen(), m.width, m.height)
}

func (m *screen) screen() []string {
	t := m.theme
	if m.width < minWidth || m.height < minHeight {
		return []string{cells.Fit(t.Warning.Render(fmt.Sprintf("Terminal too small (%dx%d); the fleet needs %dx%d.", m.width, m.height, minWidth, minHeight)), m.width)}
	}
	lines := []string{m.headerView()}
	if m.filterShown() {
		m.filter.Width = max(m.width-6, 1)
		lines = append(lines, " "+m.filter.View())
	}
	lines = append(lines, m.tableView()...)
	lines = append(lines, m.selectedView()...)
	lines = append(lines, m.summaryView())
	h := m.help
	h.Width = max(m.width-2, 1)
	for _, l := range strings.Split(h.View(m.helpKeys()), "\n") {
		lines = append(lines, " "+l)
	}
	return lines
}

func (m *screen) helpKeys() help.KeyMap {
	if m.filter.Focused() {
		return filterHelp{m.keys}
	}
	return listHelp{m.keys}
}

// headerView: name, DEMO, the fleet's source, who is looking; the progress count or the time of
// the last news on the right.
func (m *screen) headerView() string {
	t := m.theme
	o := m.opts.Dashboard
	parts := []string{t.Title.Render("partnerdash")}
	if m.opts.Demo {
		parts = append(parts, t.Demo.Render("DEMO"))
	}
	src := "fleet"
	if m.opts.Source != "" {
		src += " (" + m.opts.Source + ")"
	}
	parts = append(parts, t.Muted.Render(src))
	if o.Identity != "" {
		parts = append(parts, t.Text.Render(o.Identity))
	}
	if o.ReadOnly {
		parts = append(parts, t.ReadOnly.Render("READ-ONLY"))
	}
	left := " " + strings.Join(parts, t.HelpSep.Render(" · "))
	var right string
	if m.done < m.all {
		right = t.Warning.Render(m.Progress())
	} else {
		right = t.Muted.Render(fmt.Sprintf("%d tenants", m.all))
		if !m.changedAt.IsZero() {
			loc := o.Location
			if loc == nil {
				loc = m.changedAt.Location()
			}
			right += t.Muted.Render(" · ⟳ " + m.changedAt.In(loc).Format("15:04:05"))
		}
	}
	right += " "
	rw := ansi.StringWidth(right)
	if rw+1 >= m.width {
		return cells.Fit(left, m.width)
	}
	return cells.Fit(left, m.width-rw-1) + " " + right
}

// tableView is the column heads and the rows on screen.
func (m *screen) tableView() []string {
	t := m.theme
	cols := Columns
	w, gap := columns.Fit(cols, m.natural, m.width-markerW)
	out := []string{columns.Head(cols, w, gap, markerW, func(s string) string { return t.ColumnHead.Render(s) })}
	rows := m.pageRows()
	if len(m.visible) == 0 {
		msg := "No tenants in the fleet file."
		if len(m.rows) > 0 {
			msg = "No tenant matches."
			if m.attention && m.filter.Value() == "" {
				msg = "Every tenant that has loaded is healthy."
			}
		}
		out = append(out, "  "+t.Muted.Render(msg))
	}
	end := min(m.offset+rows, len(m.visible))
	for i := m.offset; i < end; i++ {
		out = append(out, m.drawRow(&m.rows[m.visible[i]], w, gap, i == m.cursor))
	}
	for len(out) < rows+1 {
		out = append(out, "")
	}
	return out
}

// drawRow draws one tenant; the selected one has the ❯ marker and the selection background.
func (m *screen) drawRow(r *Row, w []int, gap int, selected bool) string {
	t := m.theme
	style := func(s lipgloss.Style) lipgloss.Style {
		if selected {
			return s.Inherit(t.Selected)
		}
		return s
	}
	var b strings.Builder
	if selected {
		b.WriteString(style(t.Cursor).Render("❯ "))
	} else {
		b.WriteString("  ")
	}
	sep := style(t.Text).Render(strings.Repeat(" ", gap))
	columns.Cells(&b, Columns, *r, w, sep, func(tone columns.Tone, text string) string {
		return style(m.toneStyle(tone, r)).Render(text)
	})
	return b.String()
}

// toneStyle is the dashboard's tone → style mapping (ui.ToneStyle); no fleet column is coloured
// by a partner's state.
func (m *screen) toneStyle(tone columns.Tone, r *Row) lipgloss.Style {
	return ui.ToneStyle(m.theme, tone, "", r.Deadline)
}

// infoLines is how many lines selectedView takes.
const infoLines = 3

// selectedView is three lines about the selected tenant: its status in words, then why and what
// to do (Graph's or the authority's reason with its request-id, the admin-consent URL, when a
// throttled tenant is read again), wrapped.
func (m *screen) selectedView() []string {
	t := m.theme
	out := make([]string, infoLines)
	r := m.selected()
	if r == nil {
		return out
	}
	w := max(m.width-2, 1)
	st := r.Status
	head := t.Bold.Render(r.Name)
	if r.Name != r.ID {
		head += t.Muted.Render(" (" + r.ID + ")")
	}
	var word, body string
	tone := t.Critical
	switch st.Kind {
	case fleet.Loading:
		word, tone = "loading…", t.Muted
	case fleet.OK:
		word, tone = fmt.Sprintf("%d partners need a look", r.Problems), t.Muted
		switch r.Problems {
		case 0:
			word = "every partner is healthy"
		case 1:
			word = "1 partner needs a look"
		}
		body = "enter opens its dashboard."
	case fleet.ConsentMissing:
		word = "consent missing"
		body = st.Reason + ". "
		if st.ConsentURL != "" {
			body += "An administrator of the tenant consents at " + st.ConsentURL
		} else {
			body += "An administrator of the tenant grants the app admin consent (DeviceManagementServiceConfig.Read.All)."
		}
	case fleet.Throttled:
		word, tone = "throttled by Graph", t.Warning
		body = st.Reason
		if st.RetryAfter > 0 {
			body += fmt.Sprintf(". Graph asked to wait (Retry-After %s); the tenant is read again then, the others go on.", st.RetryAfter)
		}
	default:
		word, body = st.Kind.String(), st.Reason
		if st.Kind == fleet.AuthFailed {
			body += ". Sign-in is not retried for a while; check the app's credentials and the tenant id."
		}
	}
	out[0] = " " + cells.Fit(head+t.Muted.Render(" · ")+tone.Render(word), w)
	for i, l := range cells.Wrap(body, w) {
		if i+1 >= infoLines {
			break
		}
		if i+2 == infoLines && len(cells.Wrap(body, w)) > infoLines-1 {
			l = cells.Fit(l+" "+cells.Ellipsis, w)
		}
		out[i+1] = " " + t.Muted.Render(l)
	}
	return out
}

// summaryView counts the tenants by what they need, after the filter line.
func (m *screen) summaryView() string {
	t := m.theme
	var crit, warn, bad, loading int
	for _, r := range m.rows {
		switch {
		case r.Status.Kind == fleet.Loading:
			loading++
		case !r.Status.Readable():
			bad++
		case r.Health == model.HealthCritical:
			crit++
		case r.Health == model.HealthWarning:
			warn++
		}
	}
	parts := []string{}
	if crit > 0 {
		parts = append(parts, t.Critical.Render(fmt.Sprintf("%d critical", crit)))
	}
	if warn > 0 {
		parts = append(parts, t.Warning.Render(fmt.Sprintf("%d warning", warn)))
	}
	if bad > 0 {
		parts = append(parts, t.Critical.Render(fmt.Sprintf("%d unreadable", bad)))
	}
	if loading > 0 {
		parts = append(parts, t.Muted.Render(fmt.Sprintf("%d loading", loading)))
	}
	parts = append(parts, t.Muted.Render(fmt.Sprintf("%d ok", len(m.rows)-crit-warn-bad-loading)))
	s := " " + strings.Join(parts, t.HelpSep.Render(" · "))
	var tail []string
	if m.attention {
		tail = append(tail, "unhealthy only")
	}
	if m.filter.Value() != "" {
		tail = append(tail, fmt.Sprintf("%d shown", len(m.visible)))
	}
	tail = append(tail, "sort: "+m.sortBy.String())
	s += t.Faint.Render(" · " + strings.Join(tail, " · "))
	return cells.Fit(s, m.width)
}
