package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// assertFits fails unless view is exactly h lines of at most w cells: nothing may wrap or scroll.
func assertFits(t testing.TB, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("view has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells wide, terminal is %d: %q", i+1, n, w, l)
		}
	}
}
