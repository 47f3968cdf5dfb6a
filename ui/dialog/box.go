package dialog

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/partnerdash/partnerdash/ui/theme"
)

// maxBoxWidth keeps forms and dialogs readable on wide terminals.
const maxBoxWidth = 84

// boxWidth is the outer width of a form or dialog on a screen w columns wide.
func boxWidth(w int) int {
	if w > maxBoxWidth {
		return maxBoxWidth
	}
	if w < 20 {
		return 20
	}
	return w
}

// boxHeight is the most lines a form or dialog takes on a screen h lines tall: it leaves the
// dashboard's header and help line showing, so the keys that work stay in view.
func boxHeight(h int) int { return max(h-2, 5) }

// innerWidth is the text width inside a dialog of outer width w: border and one column of padding
// on each side.
func innerWidth(w int) int { return w - 4 }

// box draws a titled dialog of outer width w and at most h lines. head and foot always show; body
// scrolls so that body[focus] stays visible, with a line saying more is above or below. Every line
// is cut to the inner width, so nothing wraps or overflows.
func box(t theme.Theme, danger bool, title string, head, body, foot []string, focus, w, h int) string {
	style := t.Dialog
	if danger {
		style = t.DialogDanger
	}
	style = style.Padding(0, 1).Width(w - 2)
	iw := innerWidth(w)
	avail := h - 2 - len(head) - len(foot)
	if avail < 1 {
		avail = 1
	}
	if len(body) > avail {
		body = scrollBody(t, body, focus, avail)
	}
	lines := make([]string, 0, len(head)+len(body)+len(foot))
	for _, group := range [][]string{head, body, foot} {
		for _, l := range group {
			lines = append(lines, ansi.Truncate(l, iw, "…"))
		}
	}
	if len(lines) > h-2 && h > 2 { // a terminal too short even for head and foot: cut from the end
		lines = lines[:h-2]
	}
	out := style.BorderTop(false).Render(strings.Join(lines, "\n"))
	return topEdge(t, style, title, w) + "\n" + out
}

// scrollBody returns n lines of body around focus, marking hidden lines above and below.
func scrollBody(t theme.Theme, body []string, focus, n int) []string {
	if n < 3 {
		lo := max(0, min(focus, len(body)-n))
		return body[lo : lo+n]
	}
	inner := n - 2
	lo := focus - inner/2
	lo = max(0, min(lo, len(body)-inner))
	out := []string{t.Muted.Render(moreLine("↑", lo))}
	if lo == 0 {
		out[0] = ""
	}
	out = append(out, body[lo:lo+inner]...)
	below := len(body) - lo - inner
	if below > 0 {
		out = append(out, t.Muted.Render(moreLine("↓", below)))
	} else {
		out = append(out, "")
	}
	return out
}

func moreLine(arrow string, n int) string {
	if n == 1 {
		return arrow + " 1 more line"
	}
	return arrow + " " + strconv.Itoa(n) + " more lines"
}

// topEdge is the box's top border with the title set into it: "╭─ Title ──────╮".
func topEdge(t theme.Theme, style lipgloss.Style, title string, w int) string {
	b := style.GetBorderStyle()
	// The edge takes the border's own colour from the theme, through this session's renderer.
	edge := t.Renderer().NewStyle().Foreground(style.GetBorderTopForeground())
	title = ansi.Truncate(title, max(0, w-6), "…")
	fill := w - 2 - 3 - ansi.StringWidth(title)
	if fill < 0 {
		fill = 0
	}
	return edge.Render(b.TopLeft+b.Top+" ") + t.PaneTitle.Render(title) + edge.Render(" "+strings.Repeat(b.Top, fill)+b.TopRight)
}

// buttonRow draws a row of buttons: the focused one in brackets (so focus shows without colour).
func buttonRow(t theme.Theme, labels []string, focused int, danger int) string {
	parts := make([]string, len(labels))
	for i, l := range labels {
		switch {
		case i == focused:
			parts[i] = "[" + t.ButtonActive.Render(l) + "]"
		case i == danger:
			parts[i] = " " + t.ButtonDanger.Render(l) + " "
		default:
			parts[i] = " " + t.Button.Render(l) + " "
		}
	}
	return strings.Join(parts, " ")
}

// newInput is a one-line text input of a form or dialog.
func newInput(t theme.Theme, value, placeholder string, limit int) textinput.Model {
	in := t.TextInput("", placeholder, limit, t.Input, t.Input, t.Faint, t.InputFocused)
	in.SetValue(value)
	return in
}
