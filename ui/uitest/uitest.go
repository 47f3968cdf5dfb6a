// Package uitest is the test kit of the dashboard and its dialogs: one fixed clock, one Ascii
// theme, one key builder, one command runner and one in-memory tenant. It imports nothing of ui
// but its leaves, so the tests of every ui package can use it.
package uitest

import (
	"io"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/partnerdash/partnerdash/ui/theme"
)

// Clock is the fixed "now" of the tests.
var Clock = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// Now reads Clock.
func Now() time.Time { return Clock }

// AsciiRenderer is a renderer for a terminal without colour, as goldens use.
func AsciiRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	r.SetHasDarkBackground(true)
	return r
}

// AsciiTheme is the theme of AsciiRenderer.
func AsciiTheme() theme.Theme { return theme.New(AsciiRenderer()) }

var keyTypes = map[string]tea.KeyType{
	"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
	"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
	"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd,
	"backspace": tea.KeyBackspace, "delete": tea.KeyDelete,
	"ctrl+c": tea.KeyCtrlC, "ctrl+s": tea.KeyCtrlS, "ctrl+u": tea.KeyCtrlU, "ctrl+z": tea.KeyCtrlZ,
}

// Key is the message a terminal sends for a key, by name ("enter", "ctrl+s", "space") or as runes.
func Key(s string) tea.KeyMsg {
	if s == "space" {
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	if k, ok := keyTypes[s]; ok {
		return tea.KeyMsg{Type: k}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// Run runs cmd and what it batches, returning the messages. Only for commands that do not sleep
// (timers are the caller's to drop before running, or never reach here).
func Run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, Run(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}
