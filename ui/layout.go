package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/partnerdash/partnerdash/ui/cells"
)

// Sizes the layout depends on.
const (
	minWidth, minHeight = 60, 15 // below this the screen says it is too small
	splitWidth          = 100    // from this width the detail pane sits beside the list
)

// layout is where everything goes for one terminal size and state. It is pure arithmetic,
// computed again whenever needed, so it can never be stale.
type layout struct {
	width, height int
	tooSmall      bool
	split         bool // detail pane beside the list
	statusH       int  // status line(s)
	helpH         int  // help line(s)
	bodyH         int  // panes, between the header and the status line
	listW         int  // outer width of the list pane (the whole width when not split)
	detailW       int  // outer width of the detail pane when split
}

// headerH is the header's height: the title line and the tabs.
const headerH = 2

// computeLayout places the header (headerH lines), the panes, the status line(s) and the help.
func computeLayout(width, height, statusH, helpH int) layout {
	l := layout{width: width, height: height, statusH: statusH, helpH: helpH}
	if width < minWidth || height < minHeight {
		l.tooSmall = true
		return l
	}
	// Full help may not squeeze the panes below a usable height.
	if max := height - headerH - statusH - 8; l.helpH > max {
		l.helpH = max
	}
	l.bodyH = height - headerH - l.statusH - l.helpH
	l.listW = width
	if width >= splitWidth {
		l.split = true
		l.detailW = min(max(width*38/100, 40), 64)
		l.listW = width - l.detailW
	}
	return l
}

// paneRows is how many content lines fit inside a pane of the body's height.
func (l layout) paneRows() int { return max(l.bodyH-2, 0) }

// drawPane draws a rounded box of w x h cells with title in the top edge, info right-aligned in the
// bottom edge, and body lines (already at most w-4 cells wide) inside, one space from the edges.
func (m *root) drawPane(title, info string, body []string, w, h int, focused bool) []string {
	t := m.theme
	if w < 4 || h < 2 {
		return nil
	}
	bs := t.Border
	if focused {
		bs = t.BorderFocused
	}
	b := lipgloss.RoundedBorder()
	inner := w - 2
	out := make([]string, 0, h)

	// ╭─ title ──────╮
	title = ansi.Truncate(title, max(inner-4, 0), cells.Ellipsis)
	top := bs.Render(b.TopLeft + b.Top)
	rest := inner - 1
	if title != "" {
		top += " " + t.PaneTitle.Render(title) + " "
		rest -= ansi.StringWidth(title) + 2
	}
	out = append(out, top+bs.Render(strings.Repeat(b.Top, max(rest, 0))+b.TopRight))

	left, right := bs.Render(b.Left)+" ", " "+bs.Render(b.Right)
	blank := left + strings.Repeat(" ", inner-2) + right
	for i := 0; i < h-2; i++ {
		if i < len(body) {
			out = append(out, left+m.fitted.fit(body[i], inner-2)+right)
		} else {
			out = append(out, blank)
		}
	}

	// ╰────── info ─╯
	info = ansi.Truncate(info, max(inner-4, 0), cells.Ellipsis)
	bottom := b.BottomLeft
	if info != "" {
		fill := inner - ansi.StringWidth(info) - 3
		out = append(out, bs.Render(bottom+strings.Repeat(b.Bottom, max(fill, 0))+" ")+
			t.Muted.Render(info)+bs.Render(" "+b.Bottom+b.BottomRight))
	} else {
		out = append(out, bs.Render(bottom+strings.Repeat(b.Bottom, inner)+b.BottomRight))
	}
	return out
}

// joinColumns puts two blocks of lines side by side.
func joinColumns(a, b []string) []string {
	n := max(len(a), len(b))
	out := make([]string, n)
	for i := range out {
		if i < len(a) {
			out[i] = a[i]
		}
		if i < len(b) {
			out[i] += b[i]
		}
	}
	return out
}

// placeOver draws box (an overlay) centred over the screen lines bg of width w.
func placeOver(bg []string, box string, w int) []string {
	lines := strings.Split(box, "\n")
	bw := 0
	for _, l := range lines {
		bw = max(bw, ansi.StringWidth(l))
	}
	bw = min(bw, w)
	x := max((w-bw)/2, 0)
	y := max((len(bg)-len(lines))/2, 0)
	out := append([]string(nil), bg...)
	for i, l := range lines {
		row := y + i
		if row >= len(out) {
			break
		}
		under := out[row]
		l = cells.Fit(l, bw)
		out[row] = cells.Fit(ansi.Truncate(under, x, ""), x) + l + ansi.TruncateLeft(under, x+bw, "")
	}
	return out
}

// centre puts lines in the middle of a w x h block: exactly h lines.
func centre(lines []string, w, h int) []string {
	out := make([]string, 0, h)
	top := max((h-len(lines))/2, 0)
	for i := 0; i < top; i++ {
		out = append(out, "")
	}
	for _, l := range lines {
		if len(out) == h {
			break
		}
		lw := min(ansi.StringWidth(l), w)
		out = append(out, strings.Repeat(" ", (w-lw)/2)+cells.Fit(l, lw))
	}
	for len(out) < h {
		out = append(out, "")
	}
	return out
}

// fitMemo remembers what lines became when fitted (or clamped) to a width. Most lines of a
// frame (the list's rows, the detail pane, the borders) are the same strings as in the frame
// before, and measuring a styled line's width is the dearest part of fitting it. Fitting is a
// pure function of the line and the width, so the memo changes no output.
//
// It holds the lines of the frame being drawn and of the frame before, no more: memory for two
// frames, and every line that did not change is found.
type fitMemo struct {
	cur, prev map[fitKey]string
}

type fitKey struct {
	line  string
	w     int
	clamp bool // cut only (cells.Clamp's rule), rather than cells.Fit's cut-or-pad
}

// frame starts a new frame: what the frame before used is kept, the rest is forgotten.
func (f *fitMemo) frame() {
	f.prev, f.cur = f.cur, f.prev
	clear(f.cur) // reused: its room stays
}

func (f *fitMemo) get(k fitKey, do func() string) string {
	if f.cur == nil {
		f.cur = map[fitKey]string{}
	}
	if s, ok := f.cur[k]; ok {
		return s
	}
	s, ok := f.prev[k]
	if !ok {
		s = do()
	}
	f.cur[k] = s
	return s
}

// fit is cells.Fit(line, w).
func (f *fitMemo) fit(line string, w int) string {
	return f.get(fitKey{line: line, w: w}, func() string { return cells.Fit(line, w) })
}

// clamp cuts line to w cells if it is wider (cells.Clamp's rule for one line).
func (f *fitMemo) clamp(line string, w int) string {
	return f.get(fitKey{line: line, w: w, clamp: true}, func() string { return cells.ClampLine(line, w) })
}
