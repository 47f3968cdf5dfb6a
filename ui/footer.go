package ui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/cells"
	"github.com/partnerdash/partnerdash/ui/columns"
	"github.com/partnerdash/partnerdash/ui/dialog"
)

// statusView is the line above the help: an error (until the next key press), a toast, or the
// counts by health and by state.
func (m *root) statusView(l layout) []string {
	t := m.theme
	switch {
	case m.status.err != nil:
		lines := dialog.ErrorLines(m.status.err)
		for i, s := range lines {
			if i == 0 {
				lines[i] = " " + t.StatusError.Render(cells.Fit(s, l.width-2))
			} else {
				lines[i] = " " + t.Muted.Render(cells.Fit(s, l.width-2))
			}
		}
		return lines
	case m.status.text != "":
		return []string{" " + t.StatusInfo.Render(cells.Fit("✓ "+m.status.text, l.width-2))}
	case !m.loaded():
		return []string{""}
	}
	// The counts change only with the data and the width.
	if c := &m.statusDrawn; c.kind == m.kind && c.gen == m.list.gen && c.width == l.width && c.lines != nil {
		return c.lines
	}
	lines := m.summaryLine(l)
	m.statusDrawn = statusDrawn{kind: m.kind, gen: m.list.gen, width: l.width, lines: lines}
	return lines
}

// statusDrawn is the counts line last drawn.
type statusDrawn struct {
	kind       kind // the tab it counts
	gen, width int  // the entries' generation (summary follows it) and the width
	lines      []string
}

// summaryLine is the status line's counts by health and by state.
func (m *root) summaryLine(l layout) []string {
	health := m.healthSummary()
	room := l.width - 2 - cells.Width(health) - 3
	for _, wide := range []bool{true, false} {
		if states := m.stateSummary(wide); cells.Width(states) <= room {
			return []string{spread(" "+health, states+" ", l.width)}
		}
	}
	return []string{" " + cells.Fit(health, l.width-2)}
}

// healthSummary counts partners by triage verdict, in words (colour only repeats them).
func (m *root) healthSummary() string {
	t, s := m.theme, m.summary[m.kind]
	if len(m.list.entries) == 0 {
		return t.Muted.Render("no partners")
	}
	parts := []string{
		t.Critical.Render(fmt.Sprintf("%d critical", s.Critical)),
		t.Warning.Render(fmt.Sprintf("%d warning", s.Warning)),
		t.OK.Render(fmt.Sprintf("%d ok", s.OK)),
	}
	if s.NotConfigured > 0 {
		parts = append(parts, t.Faint.Render(fmt.Sprintf("%d not configured", s.NotConfigured)))
	}
	return strings.Join(parts, t.HelpSep.Render(" · "))
}

// stateSummary counts partners by state: "✓ 3 Active  ● 1 Unresponsive" or, compact, "✓3 ●1".
func (m *root) stateSummary(wide bool) string {
	sum := m.summary[m.kind]
	states := make([]model.PartnerState, 0, len(sum.ByState))
	for s := range sum.ByState {
		states = append(states, s)
	}
	sort.Slice(states, func(i, j int) bool {
		if ri, rj := stateRank(states[i]), stateRank(states[j]); ri != rj {
			return ri < rj
		}
		return states[i] < states[j]
	})
	parts := make([]string, 0, len(states))
	for _, s := range states {
		n := sum.ByState[s]
		text := fmt.Sprintf("%s%d", columns.StateGlyph(s), n)
		if wide {
			text = fmt.Sprintf("%s %d %s", columns.StateGlyph(s), n, s.Label())
		}
		parts = append(parts, m.theme.State(s).Render(text))
	}
	sep := " "
	if wide {
		sep = "  "
	}
	return strings.Join(parts, sep)
}

// helpView is the short help line, or the full help when ? asked for it. The short line keeps
// its tail (? and q) in view however narrow the terminal: the rest gives way with an ellipsis.
func (m *root) helpView(l layout) []string {
	km := m.helpKeys()
	// The help line changes only with the mode, the bindings enabled and the width: drawn
	// again only then (a keystroke that moves the cursor keeps it).
	key := m.helpKey(km, l)
	if c := &m.helpDrawn; key != "" && c.key == key && c.lines != nil {
		return c.lines
	}
	lines := m.drawHelp(km, l)
	m.helpDrawn = helpDrawn{key: key, lines: lines}
	return lines
}

// helpDrawn is the help line (or full help) last drawn, and what it was drawn for.
type helpDrawn struct {
	key   string
	lines []string
}

// helpKey says what the help drawn for km in layout l depends on. An overlay's keys are its
// own and change as it likes, so they are never reused.
func (m *root) helpKey(km help.KeyMap, l layout) string {
	if _, ok := km.(overlayKeys); ok {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d %d %d %v ", m.mode(), l.width, l.helpH, m.help.ShowAll)
	for _, col := range append(km.FullHelp(), km.ShortHelp()) {
		for _, kb := range col {
			if kb.Enabled() {
				b.WriteString(kb.Help().Key)
				b.WriteByte(0)
				b.WriteString(kb.Help().Desc)
				b.WriteByte(1)
			}
		}
	}
	return b.String()
}

// drawHelp draws the help for km.
func (m *root) drawHelp(km help.KeyMap, l layout) []string {
	if m.help.ShowAll {
		h := m.help
		h.Width = l.width - 2
		lines := strings.Split(h.View(km), "\n")
		if len(lines) > l.helpH {
			lines = lines[:l.helpH]
		}
		for i := range lines {
			lines[i] = " " + lines[i]
		}
		return lines
	}
	all := km.ShortHelp()
	var tail []key.Binding
	if tk, ok := km.(interface{ tail() []key.Binding }); ok {
		tail = tk.tail()
		all = all[:len(all)-len(tail)]
	}
	st := m.help.Styles
	sep := st.ShortSeparator.Render(m.help.ShortSeparator)
	right := shortHelp(st, sep, tail, l.width-2)
	room := l.width - 2
	if right != "" {
		room -= cells.Width(right) + cells.Width(sep)
	}
	left := shortHelp(st, sep, all, room)
	switch {
	case left == "":
		return []string{" " + right}
	case right == "":
		return []string{" " + left}
	}
	return []string{" " + left + sep + right}
}

// shortHelp renders the enabled bindings on one line of at most width cells, ending in an
// ellipsis when some did not fit. (The help bubble's own short view can overrun its width when
// the ellipsis does not fit either.)
func shortHelp(st help.Styles, sep string, bindings []key.Binding, width int) string {
	var b strings.Builder
	used := 0
	ell := st.Ellipsis.Render("…")
	for _, kb := range bindings {
		if !kb.Enabled() {
			continue
		}
		item := st.ShortKey.Render(kb.Help().Key) + " " + st.ShortDesc.Render(kb.Help().Desc)
		if used > 0 {
			item = sep + item
		}
		w := cells.Width(item)
		if used+w > width {
			if used > 0 && used+2 <= width {
				b.WriteString(" " + ell)
			}
			break
		}
		b.WriteString(item)
		used += w
	}
	return b.String()
}
