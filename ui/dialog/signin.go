package dialog

import (
	"context"
	"errors"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/cells"
	"github.com/partnerdash/partnerdash/ui/theme"
)

// SignInPrompt is what the user has to do to finish signing in: open URL (on any device, for a
// device code) and enter Code there.
type SignInPrompt struct {
	URL     string
	Code    string // empty for a browser sign-in: the URL is the whole story
	Message string // the authority's instruction, shown under the code
	// ExpiresOn is when the code stops working (zero for a browser sign-in).
	ExpiresOn time.Time
}

// SignInFunc signs in interactively. It calls show once with the prompt (from its own goroutine)
// and returns when the sign-in finished, failed, or ctx was cancelled. An expired code is an
// error wrapping ErrSignInExpired, so the dashboard can offer a new one.
type SignInFunc func(ctx context.Context, show func(SignInPrompt)) error

var (
	// ErrSignInExpired marks a SignInFunc error as an expired code: r starts over.
	ErrSignInExpired = errors.New("the sign-in code expired")
)

// signInPhase is what the sign-in overlay shows.
type signInPhase int

const (
	signInStarting signInPhase = iota // asking the authority for a code
	signInWaiting                     // the code is shown; waiting for the user
	signInFailed                      // expired or failed: r tries again
)

// signIn is the overlay that runs a SignInFunc: it shows the code and URL while the sign-in
// waits, esc cancels it, and an expired code offers a restart with r. Success closes it and
// lists partners again.
type signIn struct {
	theme   theme.Theme
	run     SignInFunc
	parent  context.Context
	loc     *time.Location
	copy    func(string) error
	keys    signInKeys
	attempt int
	cancel  context.CancelFunc
	phase   signInPhase
	prompt  SignInPrompt // sanitized
	err     error
}

type signInKeys struct {
	Cancel, Restart, CopyURL key.Binding
}

// Messages of one sign-in attempt; attempt drops replies of an attempt that was replaced.
type (
	signInPromptMsg struct {
		attempt int
		prompt  SignInPrompt
	}
	signInDoneMsg struct {
		attempt int
		err     error
	}
)

// SignIn runs run, showing its code and URL; copyFn copies the URL (nil disables y).
func SignIn(ctx context.Context, t theme.Theme, run SignInFunc, loc *time.Location, copyFn func(string) error) (Dialog, tea.Cmd) {
	s := &signIn{theme: t, run: run, parent: ctx, loc: loc, copy: copyFn, keys: signInKeys{
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel sign-in")),
		Restart: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "new code")),
		CopyURL: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy URL")),
	}}
	return s, s.start()
}

// start begins a new attempt: the sign-in runs in one command; another waits for its prompt.
func (s *signIn) start() tea.Cmd {
	if s.cancel != nil {
		s.cancel()
	}
	s.attempt++
	s.phase, s.err, s.prompt = signInStarting, nil, SignInPrompt{}
	ctx, cancel := context.WithCancel(s.parent)
	s.cancel = cancel
	attempt := s.attempt
	prompts := make(chan SignInPrompt, 1)
	done := make(chan struct{})
	run := s.run
	s.sync()
	return tea.Batch(
		func() tea.Msg {
			defer close(done)
			err := run(ctx, func(p SignInPrompt) {
				select {
				case prompts <- p:
				default: // only the first prompt of an attempt is shown
				}
			})
			return signInDoneMsg{attempt: attempt, err: err}
		},
		func() tea.Msg {
			select {
			case p := <-prompts:
				return signInPromptMsg{attempt: attempt, prompt: p}
			case <-done:
				return nil
			}
		},
	)
}

// Update implements Dialog.
func (s *signIn) Update(msg tea.Msg) (Dialog, tea.Cmd) {
	switch msg := msg.(type) {
	case signInPromptMsg:
		if msg.attempt == s.attempt && s.phase == signInStarting {
			p := msg.prompt
			s.prompt = SignInPrompt{URL: model.Sanitize(p.URL), Code: model.Sanitize(p.Code), Message: model.Sanitize(p.Message), ExpiresOn: p.ExpiresOn}
			s.phase = signInWaiting
		}
	case signInDoneMsg:
		if msg.attempt != s.attempt {
			return s, nil
		}
		s.cancel()
		if msg.err == nil {
			return nil, tea.Batch(refresh(""), Toast("Signed in"), func() tea.Msg { return SignInClosed{} })
		}
		s.phase, s.err = signInFailed, msg.err
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, s.keys.Cancel):
			s.cancel()
			return nil, func() tea.Msg { return SignInClosed{Dismissed: true} }
		case key.Matches(msg, s.keys.Restart):
			return s, s.start()
		case key.Matches(msg, s.keys.CopyURL):
			if err := s.copy(s.prompt.URL); err != nil {
				return s, ShowError(err)
			}
			return s, Toast("URL copied")
		}
	}
	s.sync()
	return s, nil
}

// sync enables the keys that work in the current phase.
func (s *signIn) sync() {
	s.keys.Restart.SetEnabled(s.phase == signInFailed)
	if errors.Is(s.err, ErrSignInExpired) {
		s.keys.Restart.SetHelp("r", "new code")
	} else {
		s.keys.Restart.SetHelp("r", "try again")
	}
	s.keys.CopyURL.SetEnabled(s.phase == signInWaiting && s.copy != nil && s.prompt.URL != "")
	if s.phase == signInFailed {
		s.keys.Cancel.SetHelp("esc", "close")
	} else {
		s.keys.Cancel.SetHelp("esc", "cancel sign-in")
	}
}

// View implements Dialog.
func (s *signIn) View(w, h int) string {
	t := s.theme
	w = boxWidth(w)
	iw := innerWidth(w)
	var body []string
	para := func(render func(...string) string, text string) {
		for _, l := range cells.Lines(text, iw) {
			body = append(body, render(l))
		}
	}
	body = append(body, "")
	switch s.phase {
	case signInStarting:
		para(t.Muted.Render, "Asking the sign-in service for a code…")
	case signInWaiting:
		if s.prompt.Code != "" {
			para(t.Text.Render, "On any device, open")
			para(t.Bold.Render, "  "+s.prompt.URL)
			para(t.Text.Render, "and enter the code")
			para(t.Bold.Render, "  "+s.prompt.Code)
		} else {
			para(t.Text.Render, "Open this URL in a browser:")
			para(t.Bold.Render, s.prompt.URL)
		}
		if s.prompt.Message != "" {
			body = append(body, "")
			para(t.Muted.Render, s.prompt.Message)
		}
		if !s.prompt.ExpiresOn.IsZero() {
			body = append(body, "")
			para(t.Muted.Render, "The code works until "+s.prompt.ExpiresOn.In(s.loc).Format("15:04:05")+".")
		}
	case signInFailed:
		if errors.Is(s.err, ErrSignInExpired) {
			para(t.Warning.Render, "The code expired before the sign-in was finished.")
			para(t.Text.Render, "Press r for a new code.")
		} else {
			para(t.StatusError.Render, "Sign-in failed:")
			for _, l := range ErrorLines(s.err) {
				para(t.Text.Render, l)
			}
			para(t.Text.Render, "Press r to try again.")
		}
	}
	body = append(body, "")
	return box(t, false, "Sign in", nil, body, nil, 0, w, boxHeight(h))
}

// ShortHelp implements Dialog.
func (s *signIn) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.Restart, s.keys.CopyURL, s.keys.Cancel}
}

// FullHelp implements Dialog.
func (s *signIn) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }
