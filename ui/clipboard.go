package ui

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/partnerdash/partnerdash/ui/dialog"
)

// OSC52 returns an Options.Copy that puts text on the clipboard of the terminal that w writes
// to (the local terminal, or the SSH client's). term is that terminal's TERM and tmux says
// whether it runs inside tmux: screen needs its own wrapping, and tmux passes the sequence on
// only when set-clipboard is on or, wrapped, when allow-passthrough is on, so both are sent.
func OSC52(w io.Writer, term string, tmux bool) func(text string) error {
	return func(text string) error {
		seq := osc52.New(text)
		if strings.HasPrefix(term, "screen") && !tmux {
			seq = seq.Screen()
		}
		if _, err := seq.WriteTo(w); err != nil {
			return fmt.Errorf("copy to clipboard: %w", err)
		}
		if tmux {
			if _, err := seq.Tmux().WriteTo(w); err != nil {
				return fmt.Errorf("copy to clipboard: %w", err)
			}
		}
		return nil
	}
}

// copyID copies the selected partner's id.
func (m *root) copyID() tea.Cmd {
	e := m.list.selected()
	if e == nil || m.opts.Copy == nil {
		return nil
	}
	return m.copyCmd(e.id, "Copied id "+e.id)
}

// copyJSON copies the selected partner as Graph's JSON (exactly what was read, unknown members
// included). JSON escapes control characters, and OSC 52 carries it base64-encoded.
func (m *root) copyJSON() tea.Cmd {
	e := m.list.selected()
	if e == nil || m.opts.Copy == nil {
		return nil
	}
	b, err := json.MarshalIndent(e.rawJSON(), "", "  ")
	if err != nil {
		return dialog.ShowError(fmt.Errorf("copy %s as JSON: %w", e.id, err))
	}
	return m.copyCmd(string(b), "Copied "+e.name+" as JSON")
}

// copyCmd writes to the clipboard in a command (it is output, so not in Update) and confirms.
func (m *root) copyCmd(text, done string) tea.Cmd {
	cp := m.opts.Copy
	return func() tea.Msg {
		if err := cp(text); err != nil {
			return dialog.StatusMsg{Err: err}
		}
		return dialog.StatusMsg{Text: done}
	}
}
