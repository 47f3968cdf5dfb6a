package ui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/cells"
	"github.com/partnerdash/partnerdash/ui/dialog"
)

// bodyView draws the panes between the header and the status line: bodyH lines.
func (m *root) bodyView(l layout) []string {
	h := l.bodyH
	switch {
	case !m.loaded() && m.loadErr() != nil:
		return m.drawPane("Partners", "", m.loadErrorView(l.width-4, h-2), l.width, h, true)
	case !l.split && m.mode() == modeDetail:
		return m.detailView(m.list.selected(), l.width, h, true)
	case !l.split:
		return m.listPane(l.listW, h, true)
	}
	list := m.listPane(l.listW, h, m.focus == focusList)
	detail := m.detailView(m.list.selected(), l.detailW, h, m.focus == focusDetail)
	return joinColumns(list, detail)
}

// listPane is the partner list in a w x h box, with the filter bar when a filter is in use.
func (m *root) listPane(w, h int, focused bool) []string {
	t, ls := m.theme, m.list
	cw := w - 4
	title := m.kind.tabName()
	switch {
	case !m.loaded():
		lines := []string{m.spin.View() + t.Muted.Render(" Loading partners…"+m.waited())}
		if m.waited() != "" {
			lines = append(lines, "", t.Faint.Render("No answer yet: the endpoint is slow or unreachable,"),
				t.Faint.Render("and requests are retried before they fail."), "",
				t.Key.Render("r")+t.Faint.Render(" start over  ")+t.Key.Render("q")+t.Faint.Render(" quit"))
		}
		return m.drawPane(title, "", centre(lines, cw, h-2), w, h, focused)
	case ls.filtered():
		title += fmt.Sprintf(" %d of %d", len(ls.visible), len(ls.entries))
	default:
		title += fmt.Sprintf(" %d", len(ls.entries))
	}
	if ls.attention {
		title += " · unhealthy only"
	}
	if len(ls.entries) > 1 {
		title += " · by " + ls.sortBy.String()
	}

	var body []string
	if m.filterBarShown() {
		body = append(body, m.filterBar(cw))
	}
	info := ""
	switch {
	case len(ls.entries) == 0:
		lines := []string{
			t.Text.Render("No partners in this tenant."),
			"",
			t.Muted.Render("Intune lists a partner here once a device management"),
			t.Muted.Render("partner connection (Jamf and the like) is set up."),
		}
		if ls.kind == kindCompliance {
			lines = []string{
				t.Text.Render("No compliance partners in this tenant."),
				"",
				t.Muted.Render("Intune lists one here once a compliance partner"),
				t.Muted.Render("(Jamf Pro, Kandji, Mosyle, …) is connected."),
			}
		}
		body = append(body, centre(lines, cw, h-2-len(body))...)
	case len(ls.visible) == 0:
		hint := "No partner matches the filter."
		if ls.query != "" {
			hint = fmt.Sprintf("No partner matches %q.", ls.query)
		}
		body = append(body, centre([]string{t.Text.Render(hint), "", t.Muted.Render("esc clears the filter")},
			cw, h-2-len(body))...)
	default:
		body = append(body, ls.view(t, cw, focused)...)
		if len(ls.visible) > ls.rows {
			info = fmt.Sprintf("%d/%d", ls.cursor+1, len(ls.visible))
		}
	}
	return m.drawPane(title, info, body, w, h, focused)
}

// filterBarShown: the filter line is there while typing and while a filter is applied.
func (m *root) filterBarShown() bool { return m.filter.Focused() || m.list.query != "" }

// filterBar is the input while typing, or the applied filter afterwards.
func (m *root) filterBar(w int) string {
	t := m.theme
	if m.filter.Focused() {
		in := m.filter
		in.Width = max(w-ansi.StringWidth(in.Prompt)-1, 1)
		return in.View()
	}
	return t.FilterPrompt.Render("/ ") + t.FilterText.Render(m.list.query) + t.Faint.Render("  · / edits · esc clears")
}

// loadErrorView explains a failed first load in the body and how to retry.
func (m *root) loadErrorView(w, h int) []string {
	t := m.theme
	width := min(w, 76)
	lines := []string{t.ErrorTitle.Render("✕ Could not list partners"), ""}
	head, details := dialog.ErrorParts(m.loadErr())
	for _, l := range strings.Split(ansi.Wrap(strings.TrimPrefix(head, "✕ "), width, " /"), "\n") {
		lines = append(lines, t.Text.Render(l))
	}
	// One detail a line: there is room here, and a wrapped "a · b · c" reads badly.
	for _, d := range details {
		for _, l := range strings.Split(ansi.Wrap(d, width-2, " /"), "\n") {
			lines = append(lines, t.Text.Render("  "+l))
		}
	}
	// No Graph error code: whatever answered (if anything) is not Graph.
	var ge *model.GraphError
	if (!errors.As(m.loadErr(), &ge) || ge.Code == "") && strings.Contains(m.opts.Source, "://") {
		hint := "Is " + m.opts.Source + " a Microsoft Graph endpoint (…/v1.0 or …/beta) that is running?"
		lines = append(lines, "")
		for _, l := range strings.Split(ansi.Wrap(hint, width, " /"), "\n") {
			lines = append(lines, t.Muted.Render(l))
		}
	}
	lines = append(lines, "", t.Key.Render("r")+t.Muted.Render(" try again  ")+t.Key.Render("q")+t.Muted.Render(" quit"))
	// Left-aligned block, centred as a whole: wrapped text reads badly centred line by line.
	bw := 0
	for _, l := range lines {
		bw = max(bw, ansi.StringWidth(l))
	}
	for i := range lines {
		lines[i] = cells.Fit(lines[i], bw)
	}
	return centre(lines, w, h)
}

// tooSmallView replaces the whole screen below the minimum size.
func (m *root) tooSmallView() []string {
	t := m.theme
	msg := []string{
		t.ErrorTitle.Render("Terminal too small"),
		t.Muted.Render(fmt.Sprintf("needs %d×%d, this is %d×%d", minWidth, minHeight, m.width, m.height)),
		t.Muted.Render("enlarge it, or press q to quit"),
	}
	var lines []string
	for _, l := range msg {
		lines = append(lines, strings.Split(ansi.Wrap(l, m.width, " "), "\n")...)
	}
	return centre(lines, m.width, m.height)
}
