// Package cells fits text to terminal cells: padding, cutting with an ellipsis, wrapping and
// clamping a frame. It is the one place that measures text for the screen; the dashboard and its
// dialogs both draw through it.
package cells

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Ellipsis marks text that was cut.
const Ellipsis = "…"

// Fit pads or truncates plain or styled text to exactly w cells, with an ellipsis when cut.
func Fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		return ansi.Truncate(s, w, Ellipsis)
	}
	return s + strings.Repeat(" ", w-sw)
}

// FitRight is Fit with the text against the right edge.
func FitRight(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		return ansi.Truncate(s, w, Ellipsis)
	}
	return strings.Repeat(" ", w-sw) + s
}

// Width is how many cells s takes (escape sequences take none).
func Width(s string) int { return ansi.StringWidth(s) }

// Clamp makes lines exactly h lines of at most w cells, joined by newlines: the last defence
// against a frame that wraps or scrolls the terminal.
func Clamp(lines []string, w, h int) string {
	var b strings.Builder
	for i := 0; i < h; i++ {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i < len(lines) {
			b.WriteString(ClampLine(lines[i], w))
		}
	}
	return b.String()
}

// ClampLine cuts line to w cells when it is wider, as Clamp does each line.
func ClampLine(line string, w int) string {
	if ansi.StringWidth(line) > w {
		return ansi.Truncate(line, w, "")
	}
	return line
}

// Wrap wraps plain text at spaces into lines of at most w cells; a word longer than a line is
// cut. Unlike ansi.Wrap it never breaks at hyphens, so ids stay whole when they fit.
func Wrap(s string, w int) []string {
	if s == "" {
		return nil
	}
	w = max(w, 1)
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		for ansi.StringWidth(word) > w {
			if line != "" {
				lines, line = append(lines, line), ""
			}
			cut := ansi.Truncate(word, w, "")
			lines = append(lines, cut)
			word = word[len(cut):]
		}
		switch {
		case line == "":
			line = word
		case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= w:
			line += " " + word
		default:
			lines, line = append(lines, line), word
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// Lines is s as one line when it fits in w cells (keeping its spacing: indents, aligned
// columns), else s wrapped at spaces by Wrap.
func Lines(s string, w int) []string {
	if ansi.StringWidth(s) <= max(w, 1) {
		return []string{s}
	}
	return Wrap(s, w)
}

// OneLine folds every run of white space (newlines included) into one space.
func OneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
