package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/partnerdash/partnerdash/ui/dialog"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

// fakeSignIn is a SignInFunc the test finishes: each run shows prompt, then returns what the test
// sends on results (or the context's error).
type fakeSignIn struct {
	prompt  SignInPrompt
	results chan error
	mu      sync.Mutex
	ctxs    []context.Context
}

func newFakeSignIn() *fakeSignIn {
	return &fakeSignIn{
		prompt: SignInPrompt{URL: "https://microsoft.com/devicelogin", Code: "PDASH-42X",
			Message:   "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code PDASH-42X to authenticate.",
			ExpiresOn: uitest.Clock.Add(15 * time.Minute)},
		results: make(chan error, 4),
	}
}

func (f *fakeSignIn) run(ctx context.Context, show func(SignInPrompt)) error {
	f.mu.Lock()
	f.ctxs = append(f.ctxs, ctx)
	f.mu.Unlock()
	show(f.prompt)
	select {
	case err := <-f.results:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (f *fakeSignIn) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.ctxs)
}

func (f *fakeSignIn) ctx(i int) context.Context {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ctxs[i]
}

// asyncMsgs runs every command of cmd (a batch or one) in its own goroutine, as Bubble Tea does,
// and delivers their messages on the channel.
func asyncMsgs(cmd tea.Cmd) <-chan tea.Msg {
	out := make(chan tea.Msg, 16)
	var start func(tea.Cmd)
	start = func(c tea.Cmd) {
		if c == nil {
			return
		}
		go func() {
			msg := c()
			if b, ok := msg.(tea.BatchMsg); ok {
				for _, c := range b {
					start(c)
				}
				return
			}
			if msg != nil {
				out <- msg
			}
		}()
	}
	start(cmd)
	return out
}

func next(t *testing.T, ch <-chan tea.Msg) tea.Msg {
	t.Helper()
	select {
	case msg := <-ch:
		return msg
	case <-time.After(5 * time.Second):
		t.Fatal("no message")
		return nil
	}
}

// signInModel is a dashboard whose source needs a sign-in first; it returns the commands Init
// started.
func signInModel(t *testing.T, svc *uitest.Tenant, f *fakeSignIn) (*root, <-chan tea.Msg) {
	t.Helper()
	o := dashOptions(svc)
	o.SignIn, o.SignInFirst = f.run, true
	o.Copy = func(string) error { return nil }
	m := newRoot(o)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	return m, asyncMsgs(opened(t, m, m.Init()))
}

// opened delivers the openMsg that cmd (a key's or Init's) sends and returns the command the
// dialog it opened started.
func opened(t *testing.T, m *root, cmd tea.Cmd) tea.Cmd {
	t.Helper()
	if cmd == nil {
		t.Fatal("no command: nothing asked to open a dialog")
	}
	msg, ok := cmd().(openMsg)
	if !ok {
		t.Fatalf("%T is not an openMsg", msg)
	}
	_, c := m.Update(msg)
	return c
}

func TestSignInFirstShowsCodeThenLists(t *testing.T) {
	svc := fixture()
	f := newFakeSignIn()
	m, msgs := signInModel(t, svc, f)
	if !signInOpen(m) || svc.ListCalls() != 0 {
		t.Fatalf("overlay %T, list calls %d: want the sign-in before any list", m.overlay, svc.ListCalls())
	}
	if v := m.View(); !strings.Contains(v, "Asking the sign-in service for a code") {
		t.Errorf("starting view:\n%s", v)
	}
	m.Update(next(t, msgs)) // the prompt
	v := m.View()
	for _, want := range []string{"Sign in", "https://microsoft.com/devicelogin", "PDASH-42X", "The code works until 13:15:00.", "esc cancel sign-in", "y copy URL"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	f.results <- nil
	_, cmd := m.Update(next(t, msgs))
	if m.overlay != nil {
		t.Fatalf("overlay still open after a successful sign-in")
	}
	for _, msg := range uitest.Run(cmd) { // the refresh, the toast and the closed notice
		_, c := m.Update(msg)
		if _, ok := msg.(dialog.Refresh); ok {
			dashDeliver(m, uitest.Run(c)) // the list it starts
		}
	}
	if svc.ListCalls() != 1 || !m.loaded() {
		t.Errorf("list calls %d, loaded %v: want the list after signing in", svc.ListCalls(), m.loaded())
	}
	if !strings.Contains(m.View(), "Signed in") {
		t.Errorf("no toast:\n%s", m.View())
	}
}

func TestSignInEscCancelsAndStaysClosed(t *testing.T) {
	svc := tenant(nil, fmt.Errorf("get token: %w", ErrSignInRequired))
	f := newFakeSignIn()
	m, msgs := signInModel(t, svc, f)
	m.Update(next(t, msgs))
	_, cmd := m.Update(uitest.Key("esc"))
	if m.overlay != nil {
		t.Fatal("esc did not close the sign-in")
	}
	dashDeliver(m, uitest.Run(cmd))
	if err := f.ctx(0).Err(); !errors.Is(err, context.Canceled) {
		t.Errorf("the sign-in's context was not cancelled: %v", err)
	}
	// The attempt's own end arrives late and changes nothing.
	m.Update(next(t, msgs))
	// A list that fails for want of a sign-in does not reopen it by itself after esc ...
	dashPress(m, "r")
	if m.overlay != nil {
		t.Fatal("the sign-in reopened after the user closed it")
	}
	// ... but L does, with a new attempt.
	cmd = dashKeyCmd(m, "L")
	if !signInOpen(m) || cmd == nil {
		t.Fatalf("L did not open the sign-in (overlay %T)", m.overlay)
	}
	msgs = asyncMsgs(cmd)
	m.Update(next(t, msgs))
	if f.calls() != 2 {
		t.Errorf("sign-in runs = %d, want 2", f.calls())
	}
	_, _ = m.Update(uitest.Key("esc"))
}

func dashKeyCmd(m *root, k string) tea.Cmd {
	_, cmd := m.Update(uitest.Key(k))
	return cmd
}

func TestSignInExpiredOffersRestart(t *testing.T) {
	f := newFakeSignIn()
	m, msgs := signInModel(t, fixture(), f)
	m.Update(next(t, msgs))
	if strings.Contains(m.View(), "r new code") {
		t.Error("r offered while the code is still good")
	}
	f.results <- fmt.Errorf("sign-in failed: %w", ErrSignInExpired)
	m.Update(next(t, msgs))
	v := m.View()
	if !strings.Contains(v, "The code expired before the sign-in was finished.") || !strings.Contains(v, "r new code") || !strings.Contains(v, "esc close") {
		t.Fatalf("expired view:\n%s", v)
	}
	cmd := dashKeyCmd(m, "r")
	msgs2 := asyncMsgs(cmd)
	m.Update(next(t, msgs2))
	if f.calls() != 2 || !strings.Contains(m.View(), "PDASH-42X") {
		t.Fatalf("restart: runs %d\n%s", f.calls(), m.View())
	}
	// (A late reply from the first attempt is ignored: dialog's TestSignInDropsStaleAttempt.)
	_, _ = m.Update(uitest.Key("esc"))
}

func TestSignInFailureShowsErrorAndRetries(t *testing.T) {
	f := newFakeSignIn()
	m, msgs := signInModel(t, fixture(), f)
	m.Update(next(t, msgs))
	f.results <- errors.New("sign-in failed: authorization_declined: AADSTS70019: the user declined")
	m.Update(next(t, msgs))
	v := m.View()
	if !strings.Contains(v, "Sign-in failed:") || !strings.Contains(v, "AADSTS70019") || !strings.Contains(v, "r try again") {
		t.Fatalf("failure view:\n%s", v)
	}
}

func TestListNeedingSignInOpensIt(t *testing.T) {
	f := newFakeSignIn()
	svc := tenant(dashFixture(), fmt.Errorf("list partners: %w", ErrSignInRequired))
	m := dashModel(t, svc, 80, 24, func(o *Options) { o.SignIn = f.run })
	if !signInOpen(m) {
		t.Fatalf("overlay = %T, want the sign-in after a list that needs one", m.overlay)
	}
	// Without a SignIn the same error is just an error.
	svc2 := tenant(nil, fmt.Errorf("list partners: %w", ErrSignInRequired))
	if m2 := dashModel(t, svc2, 80, 24); m2.overlay != nil {
		t.Errorf("overlay %T opened without a SignIn", m2.overlay)
	}
}

func TestSignInPromptIsSanitizedAndCopied(t *testing.T) {
	f := newFakeSignIn()
	f.prompt = SignInPrompt{URL: "https://login.example/device\x1b]8;;evil\x07", Code: "AB\x1b[2JCD", Message: "hi\u202e"}
	var copied []string
	svc := fixture()
	o := dashOptions(svc)
	o.SignIn, o.SignInFirst = f.run, true
	o.Copy = func(s string) error { copied = append(copied, s); return nil }
	m := newRoot(o)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	msgs := asyncMsgs(opened(t, m, m.Init()))
	m.Update(next(t, msgs))
	v := m.View()
	if strings.ContainsAny(v, "\x1b\x07\u202e") || !strings.Contains(v, "ABCD") {
		t.Errorf("prompt not sanitized: %q", v)
	}
	dashDeliver(m, uitest.Run(dashKeyCmd(m, "y")))
	if len(copied) != 1 || copied[0] != "https://login.example/device" {
		t.Errorf("copied %q", copied)
	}
	_, _ = m.Update(uitest.Key("esc"))
}

func TestGoldenSignIn(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("waiting_%dx%d", size[0], size[1]), func(t *testing.T) {
			f := newFakeSignIn()
			o := dashOptions(fixture())
			o.SignIn, o.SignInFirst = f.run, true
			o.Demo, o.Source = false, "contoso · contoso.onmicrosoft.com · v1.0"
			tm := teatest.NewTestModel(t, New(o), teatest.WithInitialTermSize(size[0], size[1]))
			waitFor(t, tm, "PDASH-42X")
			if err := tm.Quit(); err != nil {
				t.Fatal(err)
			}
			view := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View()
			assertFits(t, view, size[0], size[1])
			golden.RequireEqual(t, []byte(view))
			f.results <- context.Canceled // let the fake's goroutine end
		})
	}
}

// signInOpen reports whether the open dialog is the sign-in.
func signInOpen(m *root) bool {
	return m.overlay != nil && strings.Contains(m.overlay.View(80, 24), "─ Sign in ─")
}
