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
