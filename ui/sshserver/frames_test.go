package sshserver

import (
	"bytes"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// lines is a model whose view is its lines.
type lines struct{ l []string }

func (m *lines) Init() tea.Cmd                       { return nil }
func (m *lines) Update(tea.Msg) (tea.Model, tea.Cmd) { return m, nil }
func (m *lines) View() string                        { return strings.Join(m.l, "\n") }

func TestFramesWriteOnlyWhatChanged(t *testing.T) {
	var out bytes.Buffer
	m := &lines{l: []string{"header", "row one", "row two", "status"}}
	f := newFrames(m, &out)
	f.Update(tea.WindowSizeMsg{Width: 20, Height: 4})
	f.View()
	first := out.String()
	for _, want := range []string{ansi.SetAltScreenSaveCursorMode, ansi.HideCursor, ansi.SetBracketedPasteMode, "header", "row two", "status"} {
		if !strings.Contains(first, want) {
			t.Fatalf("first frame lacks %q: %q", want, first)
		}
	}

	// Messages that change nothing on screen (an idle tick) write nothing at all.
	out.Reset()
	f.Update(struct{}{})
	f.View()
	if out.Len() != 0 {
		t.Fatalf("an unchanged view wrote %q", out.String())
	}

	// A cursor move rewrites the lines that changed, and only those.
	m.l = []string{"header", "row one", "ROW TWO", "status"}
	f.View()
	got := out.String()
	if !strings.Contains(got, "ROW TWO") || strings.Contains(got, "header") || strings.Contains(got, "row one") || strings.Contains(got, "status") {
		t.Fatalf("frame after one line changed: %q", got)
	}

	// Too wide a line is cut at the terminal's width; a resize repaints everything.
	out.Reset()
	m.l[1] = strings.Repeat("x", 30)
	f.Update(tea.WindowSizeMsg{Width: 10, Height: 4})
	f.View()
	got = out.String()
	if strings.Contains(got, strings.Repeat("x", 11)) || !strings.Contains(got, "header") {
		t.Fatalf("frame after a resize: %q", got)
	}

	out.Reset()
	f.restore()
	if got := out.String(); !strings.Contains(got, ansi.ResetAltScreenSaveCursorMode) || !strings.Contains(got, ansi.ShowCursor) {
		t.Fatalf("restore wrote %q", got)
	}
}
