package sshserver

import (
	"io"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// frames draws a session's dashboard itself, when its view changes, instead of Bubble Tea's
// standard renderer: that one wakes FPS times a second for as long as the session is open, to
// see whether there is a new frame, which was all of the server's CPU while sessions sat idle
// (200 idle sessions: 8-10% of a core, all of it timers and scheduler wake-ups). Here an idle
// session costs nothing, and a keystroke's frame leaves at once rather than at the next tick.
//
// It wraps the session's model and runs under tea.WithoutRenderer: Bubble Tea calls View after
// every message, and View writes what changed, line by line, exactly as the standard renderer
// does in the alternate screen (unchanged lines skipped, the rest of a shorter line erased,
// lines cut at the terminal's width, what is below the last line cleared). View returns "".
type frames struct {
	inner tea.Model
	out   io.Writer

	width, height int
	last          []string // the lines on the terminal now; nil: paint everything
	started       bool
	buf           strings.Builder
}

func newFrames(inner tea.Model, out io.Writer) *frames { return &frames{inner: inner, out: out} }

func (f *frames) Init() tea.Cmd { return f.inner.Init() }

func (f *frames) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		f.width, f.height = ws.Width, ws.Height
		f.last = nil // repaint at the new size, as the standard renderer does
	}
	var cmd tea.Cmd
	f.inner, cmd = f.inner.Update(msg)
	return f, cmd
}

// View draws the inner model's view now.
func (f *frames) View() string {
	f.draw(f.inner.View())
	return ""
}

// start enters the alternate screen, hides the cursor and turns bracketed paste on, as the
// program's options would with its standard renderer.
func (f *frames) start() {
	f.started = true
	io.WriteString(f.out, ansi.SetAltScreenSaveCursorMode+ansi.EraseEntireScreen+ansi.CursorHomePosition+
		ansi.HideCursor+ansi.SetBracketedPasteMode)
}

// restore gives the terminal back as it was: main screen, cursor shown, bracketed paste off.
func (f *frames) restore() {
	if f.started {
		io.WriteString(f.out, ansi.ResetBracketedPasteMode+ansi.ShowCursor+ansi.ResetAltScreenSaveCursorMode)
	}
}

func (f *frames) draw(view string) {
	if !f.started {
		f.start()
	}
	if view == "" {
		view = " "
	}
	lines := strings.Split(view, "\n")
	if f.height > 0 && len(lines) > f.height {
		lines = lines[len(lines)-f.height:]
	}
	if f.last != nil && slices.Equal(lines, f.last) {
		return
	}
	b := &f.buf
	b.Reset()
	b.WriteString(ansi.CursorHomePosition)
	for i, line := range lines {
		if i < len(f.last) && f.last[i] == line {
			if i < len(lines)-1 {
				b.WriteByte('\n')
			}
			continue
		}
		if i == 0 && f.last == nil {
			b.WriteByte('\r')
		}
		if f.width > 0 {
			line = ansi.Truncate(line, f.width, "")
		}
		b.WriteString(line)
		if ansi.StringWidth(line) < f.width {
			b.WriteString(ansi.EraseLineRight)
		}
		if i < len(lines)-1 {
			b.WriteString("\r\n")
		}
	}
	if len(f.last) > len(lines) {
		b.WriteString(ansi.EraseScreenBelow)
	}
	b.WriteString(ansi.CursorPosition(0, len(lines)))
	io.WriteString(f.out, b.String())
	f.last = lines
}
