package sshserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/muesli/termenv"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui"
)

// session is one open dashboard.
type session struct {
	ssh   ssh.Session
	actor Actor
	in    *input

	ctx    context.Context // ends the program when cancelled
	cancel context.CancelFunc

	mu     sync.Mutex
	reason string // why the server ended the session, told to the user
}

// stop ends the session and tells the user why; the first reason wins.
func (ss *session) stop(reason string) {
	ss.mu.Lock()
	if ss.reason == "" {
		ss.reason = reason
	}
	ss.mu.Unlock()
	ss.cancel()
}

func (ss *session) stopReason() string {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.reason
}

// handle serves one SSH session: checks, then a Bubble Tea program on the session's own
// terminal, then a last word if the server ended it.
func (s *Server) handle(sess ssh.Session) {
	// Look the key up again: the file may have changed since the handshake, and the key that
	// reaches the session is the one that signed, whatever the client offered first.
	kf, err := LoadKeys(s.cfg.AuthorizedKeys)
	if err != nil {
		s.log.Error("authorized keys file unusable", "error", err)
		wish.Fatalln(sess, "partnerdash: the server cannot read its authorized keys; ask its administrator")
		return
	}
	key, ok := kf.Lookup(sess.PublicKey())
	if !ok {
		wish.Fatalln(sess, "partnerdash: your key is no longer authorized")
		return
	}
	if key.NoPTY {
		s.log.Info("session refused", "ssh_user", sess.User(), "key_fingerprint", key.Fingerprint,
			"remote", sess.RemoteAddr().String(), "reason", fmt.Sprintf("no-pty key (%s:%d)", kf.Path, key.Line))
		wish.Fatalln(sess, "partnerdash: your key may not open a terminal (restrict or no-pty), and the dashboard needs one")
		return
	}
	pty, winch, ok := sess.Pty()
	if !ok {
		s.log.Info("session refused", "ssh_user", sess.User(), "remote", sess.RemoteAddr().String(), "reason", "no pty")
		wish.Fatalln(sess, "partnerdash: this is an interactive dashboard; connect from a terminal (ssh -t)")
		return
	}
	if len(sess.Command()) > 0 || sess.Subsystem() != "" {
		s.log.Info("session refused", "ssh_user", sess.User(), "remote", sess.RemoteAddr().String(), "reason", "command given")
		wish.Fatalln(sess, "partnerdash: commands are not supported; connect without one")
		return
	}
	actor := Actor{
		User: sess.User(), Name: key.Name(sess.User()), Fingerprint: key.Fingerprint,
		Role: key.Role, Remote: sess.RemoteAddr().String(),
	}
	if ui.IsReadOnly(s.cfg.Service) {
		// The server itself is read-only (--read-only): nobody may change anything, and the
		// header should not claim otherwise.
		actor.Role = Viewer
	}

	ss, refusal := s.admit(sess, actor)
	if refusal != "" {
		s.log.Info("session refused", "ssh_user", actor.User, "key_fingerprint", actor.Fingerprint, "reason", refusal)
		wish.Fatalln(sess, "partnerdash: "+refusal)
		return
	}
	defer s.leave(ss)

	start := time.Now()
	s.log.Info("session start", "ssh_user", actor.User, "key_name", model.Sanitize(actor.Name),
		"key_fingerprint", actor.Fingerprint, "role", actor.Role, "remote", actor.Remote,
		"term", pty.Term, "width", pty.Window.Width, "height", pty.Window.Height)

	err = s.run(ss, pty, winch)
	reason := ss.stopReason()
	switch {
	case errors.Is(err, tea.ErrProgramPanic):
		reason = "internal error; this session has ended"
		s.log.Error("session program panicked", "ssh_user", actor.User, "error", err)
	case err != nil && reason == "" && sess.Context().Err() == nil:
		s.log.Warn("session program failed", "ssh_user", actor.User, "error", err)
	}
	s.log.Info("session end", "ssh_user", actor.User, "key_fingerprint", actor.Fingerprint,
		"duration", time.Since(start).Round(time.Millisecond).String(), "reason", reason)
	if reason != "" {
		// The program has left the alternate screen, so this lands under the user's prompt.
		fmt.Fprintf(sess.Stderr(), "partnerdash: %s\r\n", reason)
		_ = sess.Exit(1)
	}
}

// admit registers a session, or says why not.
func (s *Server) admit(sess ssh.Session, actor Actor) (*session, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.draining {
		return nil, "the server is shutting down"
	}
	if len(s.sessions) >= s.cfg.MaxSessions {
		return nil, fmt.Sprintf("the server is full (%d sessions); try again later", s.cfg.MaxSessions)
	}
	ctx, cancel := context.WithCancel(sess.Context())
	ss := &session{ssh: sess, actor: actor, ctx: ctx, cancel: cancel, in: newInput(sess, time.Now(), s.limits.MaxPaste)}
	s.sessions[ss] = struct{}{}
	s.running.Add(1)
	return ss, ""
}

func (s *Server) leave(ss *session) {
	ss.cancel()
	ss.in.stop()
	s.mu.Lock()
	delete(s.sessions, ss)
	s.mu.Unlock()
	s.running.Done()
}

// run runs the dashboard until the user quits, the connection drops, or the server stops it.
func (s *Server) run(ss *session, pty ssh.Pty, winch <-chan ssh.Window) error {
	out := &lockedWriter{w: ss.ssh}
	renderer := sessionRenderer(out, pty.Term, ss.ssh.Environ())
	opts := ui.Options{
		Service:        s.serviceFor(ss.actor),
		ReadOnly:       ss.actor.Role != Operator,
		Renderer:       renderer,
		Now:            s.cfg.Now,
		Context:        ss.ctx,
		Location:       clientZone(ss.ssh.Environ()),
		Source:         s.cfg.Source,
		Demo:           s.cfg.Demo,
		Identity:       fmt.Sprintf("%s · %s", model.Sanitize(ss.actor.Name), ss.actor.Role),
		Snapshots:      s.snaps,
		RefreshEvery:   s.cfg.RefreshEvery,
		Copy:           clipboard(out, pty.Term),
		DisableSuspend: true,
	}
	fr := newFrames(s.cfg.NewModel(opts), out)
	defer fr.restore()
	p := tea.NewProgram(fr,
		// The emulated PTY is the session channel itself (what bubbletea.MakeOptions would
		// pick); output goes through one lock so an OSC 52 copy never lands inside a frame.
		// frames draws (in the alternate screen) when the view changes: no renderer ticks.
		tea.WithInput(ss.in), tea.WithOutput(out),
		tea.WithoutRenderer(),
		tea.WithContext(ss.ctx),
		// SIGINT/SIGTERM belong to the server, not to each of its programs.
		tea.WithoutSignalHandler(),
		// ctrl+z would stop the server's own process group; refuse it here too, whatever
		// the dashboard's key map does.
		tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
			if _, ok := msg.(tea.SuspendMsg); ok {
				return nil
			}
			return msg
		}),
		// Panic catching stays on (no tea.WithoutCatchPanics): a panic ends this program only.
	)

	// Window changes are read until the connection ends, not just while the program runs: the
	// SSH library's request loop blocks on this channel, and a resize sent while the session is
	// closing must not leave it stuck. Send returns at once once the program has ended.
	go func() {
		for {
			select {
			case <-ss.ssh.Context().Done():
				return
			case w, ok := <-winch:
				if !ok {
					return
				}
				p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
			}
		}
	}()
	if idle := s.cfg.IdleTimeout; idle > 0 {
		go watchIdle(ss, idle)
	}
	_, err := p.Run()
	return err
}

// serviceFor gives each role its view of the shared service: viewers a read-only one (refused
// in the action layer, whatever keys the UI offers), operators an audited one. Both count their
// calls so shutdown can wait for them.
func (s *Server) serviceFor(a Actor) ui.PartnerService {
	if a.Role == Operator {
		return s.calls.track(Audited(s.cfg.Service, s.cfg.Audit, a, time.Now))
	}
	return ui.ReadOnly(s.calls.track(s.cfg.Service))
}

// watchIdle stops the session once its user has typed nothing for idle.
func watchIdle(ss *session, idle time.Duration) {
	t := time.NewTimer(idle)
	defer t.Stop()
	for {
		select {
		case <-ss.ctx.Done():
			return
		case <-t.C:
			quiet := time.Since(ss.in.lastInput())
			if quiet >= idle {
				ss.stop(fmt.Sprintf("idle for %s; disconnected", idle))
				return
			}
			t.Reset(idle - quiet)
		}
	}
}

// clientZone is the time zone the client sent (ssh -o SendEnv=TZ), else UTC: the server's own
// zone would be shown as the user's local time and be wrong for most of them.
func clientZone(env []string) *time.Location {
	for _, kv := range env {
		if tz, ok := strings.CutPrefix(kv, "TZ="); ok && tz != "" {
			if loc, err := time.LoadLocation(strings.TrimPrefix(tz, ":")); err == nil {
				return loc
			}
		}
	}
	return time.UTC
}

// sessionRenderer is the session's own renderer (never lipgloss's global one, which describes
// the server's terminal). The client's TERM and environment decide the colour profile, and
// COLORFGBG, when the client sends it, the background; else the background is taken as dark.
// The terminal is asked nothing: over SSH what it says would come back on the session's input,
// possibly after the dashboard has started reading it as keys.
func sessionRenderer(out io.Writer, term string, environ []string) *lipgloss.Renderer {
	if term == "" || term == "dumb" {
		return lipgloss.NewRenderer(out, termenv.WithProfile(termenv.Ascii))
	}
	env := sessionEnv(environ)
	r := lipgloss.NewRenderer(out, termenv.WithEnvironment(env), termenv.WithUnsafe())
	r.SetHasDarkBackground(darkBackground(env.Getenv("COLORFGBG")))
	return r
}

// darkBackground reads COLORFGBG ("fg;bg" or "fg;default;bg", ANSI colour numbers, as rxvt and
// Konsole set it): background colours 0-6 and 8 are dark. Without it, dark: most terminals are.
func darkBackground(colorfgbg string) bool {
	parts := strings.Split(colorfgbg, ";")
	bg, err := strconv.Atoi(parts[len(parts)-1])
	if colorfgbg == "" || err != nil {
		return true
	}
	return bg < 7 || bg == 8
}

// sessionEnv is the client's environment as termenv reads it.
type sessionEnv []string

func (e sessionEnv) Environ() []string { return e }

func (e sessionEnv) Getenv(k string) string {
	for _, kv := range e {
		if v, ok := strings.CutPrefix(kv, k+"="); ok {
			return v
		}
	}
	return ""
}

// lockedWriter makes each Write whole with respect to the others: the SSH channel splits large
// writes into packets and would otherwise interleave two writers' packets.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// clipboard copies text to the client's clipboard with OSC 52 on this session's output (the
// package-level helpers would write to the server's own stdout).
func clipboard(out io.Writer, term string) func(string) error {
	return func(text string) error {
		seq := osc52.New(text)
		if strings.HasPrefix(term, "screen") {
			seq = seq.Screen()
		}
		_, err := seq.WriteTo(out)
		return err
	}
}
