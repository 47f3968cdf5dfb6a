package dialog

import (
	"context"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/partnerdash/partnerdash/ui/uitest"
)

// testEnv is an action environment on svc with the Ascii theme and the fixed clock.
func testEnv(svc Service) *env {
	env := newEnv(Env{Ctx: context.Background(), Service: svc, Theme: uitest.AsciiTheme(), Now: uitest.Now})
	env.spinEvery = time.Microsecond
	return env
}

// settle runs cmd, feeds the replies of calls back into o until no call is left, and returns the
// Dialog (nil once closed) and every other message produced on the way (refresh, toast...).
func settle(t *testing.T, o Dialog, cmd tea.Cmd) (Dialog, []tea.Msg) {
	t.Helper()
	var out []tea.Msg
	queue := uitest.Run(cmd)
	for len(queue) > 0 {
		msg := queue[0]
		queue = queue[1:]
		switch msg.(type) {
		case callTickMsg: // the spinner's own business; running it would sleep
		case callDoneMsg:
			if o == nil {
				t.Fatalf("a call answered after the Dialog closed: %#v", msg)
			}
			var next tea.Cmd
			o, next = o.Update(msg)
			queue = append(queue, uitest.Run(next)...)
		default:
			out = append(out, msg)
		}
	}
	return o, out
}

// press sends keys (by name) to o, settling the calls each one starts.
func press(t *testing.T, o Dialog, keys ...string) (Dialog, []tea.Msg) {
	t.Helper()
	var all []tea.Msg
	for _, k := range keys {
		if o == nil {
			t.Fatalf("Dialog closed before key %q", k)
		}
		var cmd tea.Cmd
		o, cmd = o.Update(uitest.Key(k))
		var msgs []tea.Msg
		o, msgs = settle(t, o, cmd)
		all = append(all, msgs...)
	}
	return o, all
}

// typed types text into o, settling any calls.
func typed(t *testing.T, o Dialog, s string) Dialog {
	t.Helper()
	for _, r := range s {
		var cmd tea.Cmd
		o, cmd = o.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		o, _ = settle(t, o, cmd)
	}
	return o
}

// refreshes and toasts pick the root-bound messages out of what an Dialog produced.
func refreshes(msgs []tea.Msg) []Refresh {
	var out []Refresh
	for _, m := range msgs {
		if r, ok := m.(Refresh); ok {
			out = append(out, r)
		}
	}
	return out
}

func toasts(msgs []tea.Msg) []string {
	var out []string
	for _, m := range msgs {
		if s, ok := m.(StatusMsg); ok {
			out = append(out, s.Text)
		}
	}
	return out
}
