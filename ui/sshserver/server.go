// Package sshserver serves the dashboard over SSH: support staff run `ssh -p 2222 host` and get
// their own dashboard, with no install and no credentials on their side. The Graph side (client,
// token, tenant) is the server's and is shared by all sessions.
//
// Access is by public key only, from an OpenSSH authorized_keys file that is read again on every
// login attempt, so adding or removing a key needs no restart (a file that no longer parses
// refuses everyone until it is fixed, and says why in the server log). A key's role is written
// with OpenSSH's own environment option, so the file stays valid for sshd:
//
//	# operators may edit, create, delete and terminate; every change is audited
//	environment="PARTNERDASH_ROLE=operator" ssh-ed25519 AAAAC3Nza... alice@laptop
//	# no option, or PARTNERDASH_ROLE=viewer: read-only, refused in the action layer
//	ssh-ed25519 AAAAC3Nza... bob@desk
//
// Options apply in order, as in sshd: restrict and no-pty are enforced (such a key gets a one-line
// refusal, the dashboard needs a terminal) unless a later pty lifts them.
//
// No client, with a key or without, can exhaust the server's memory or connections (Limits):
// terminal sizes are capped, env and channels are bounded, refused requests are counted, and
// connections that have not logged in are bounded in number and time, as sshd's MaxStartups and
// LoginGraceTime. The server never queries the client's terminal.
//
// Every change an operator makes is appended to the audit log as one JSON line:
//
//	{"time":"2025-06-01T12:00:00Z","ssh_user":"alice","key_name":"alice",
//	 "key_fingerprint":"SHA256:...","role":"operator","remote_addr":"10.0.0.5:51234",
//	 "action":"terminate","partner_id":"...","partner_name":"Contoso MTD","result":"ok",
//	 "request_id":"...","duration_ms":212}
//
// What it owns: the listener and its limits, the host key (created on first start), the
// authorized keys and the role each grants, the audit log, and each session's lifetime (its
// renderer, idle timeout and the calls it has in flight at shutdown). What it must not do: call
// Graph other than through the partner service it is given (ui.PartnerService, wrapped per role:
// read-only for viewers, audited for operators), or draw anything but the dashboard ui.New builds:
// the SSH server is the dashboard's front door, not a second UI.
package sshserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"

	"github.com/partnerdash/partnerdash/client/snapshot"
	"github.com/partnerdash/partnerdash/ui"
)

// Config is everything a Server needs; the command line fills it in.
type Config struct {
	// AuthorizedKeys is the path of the authorized keys file (see the package documentation).
	AuthorizedKeys string
	// HostKey is the server's identity (LoadOrCreateHostKey).
	HostKey gossh.Signer
	// Service is the shared Graph side; each session wraps it for its role.
	Service ui.PartnerService
	// Source and Demo go to every dashboard's header.
	Source string
	Demo   bool
	// Audit receives every change operators make. Required.
	Audit *AuditLog
	// MaxSessions limits concurrent sessions; extra ones are told the server is full. Zero
	// means DefaultMaxSessions.
	MaxSessions int
	// IdleTimeout ends a session when its user has typed nothing for this long. Zero means
	// DefaultIdleTimeout; negative means never.
	IdleTimeout time.Duration
	// Logger is the server log. Nil discards.
	Logger *slog.Logger
	// Now is the dashboards' clock. Nil means time.Now.
	Now func() time.Time
	// Snapshots is the served tenant's shared refresher, read by every session. Nil: New makes
	// one from Service (ui.NewSnapshots, dated by Now) and the server runs it, with RefreshEvery,
	// from the first Serve until Shutdown. A given one is run by its owner.
	Snapshots *ui.Snapshots
	// RefreshEvery is how often the server's own refresher lists the tenant again (zero: only
	// when a session presses r or makes a change); every dashboard's header says it.
	RefreshEvery time.Duration
	// NewModel builds a session's dashboard; nil means ui.New. Tests swap it.
	NewModel func(ui.Options) tea.Model
	// Limits bound what each client may ask; zero fields take the defaults.
	Limits Limits
}

// Defaults for Config's zero values.
const (
	DefaultMaxSessions = 32
	DefaultIdleTimeout = 30 * time.Minute
	// connIdleGrace is how much longer than IdleTimeout a silent connection is kept.
	connIdleGrace = 30 * time.Second
	// abortGrace is how long cancelled calls get, after the shutdown timeout, to write their
	// audit entries.
	abortGrace = time.Second
)

// Server is the SSH front door. Build it with New, run it with Serve or ListenAndServe, stop it
// with Shutdown.
type Server struct {
	cfg    Config
	limits Limits
	log    *slog.Logger
	ssh    *ssh.Server
	calls  *calls

	mu        sync.Mutex
	listeners map[net.Listener]struct{}
	sessions  map[*session]struct{}
	draining  bool
	running   sync.WaitGroup // session handlers; Add only while not draining

	startups atomic.Int64 // connections not yet authenticated

	snaps    *ui.Snapshots // the tenant every session reads
	runOnce  sync.Once     // startRun runs once, at the first Serve
	startRun func()        // runs the server's own refresher; nil when Config.Snapshots is given
	stopRun  context.CancelFunc
}

// New checks cfg (the authorized keys file must parse: a bad line is an error naming the file
// and line) and builds the server.
func New(cfg Config) (*Server, error) {
	if cfg.AuthorizedKeys == "" {
		return nil, errors.New("an authorized keys file is required: nobody could log in")
	}
	if _, err := LoadKeys(cfg.AuthorizedKeys); err != nil {
		return nil, err
	}
	if cfg.HostKey == nil {
		return nil, errors.New("a host key is required")
	}
	if cfg.Service == nil {
		return nil, errors.New("a partner service is required")
	}
	if cfg.Audit == nil {
		return nil, errors.New("an audit log is required")
	}
	if cfg.MaxSessions <= 0 {
		cfg.MaxSessions = DefaultMaxSessions
	}
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = DefaultIdleTimeout
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.NewModel == nil {
		cfg.NewModel = ui.New
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		cfg: cfg, limits: cfg.Limits.withDefaults(), log: log, calls: newCalls(),
		listeners: map[net.Listener]struct{}{}, sessions: map[*session]struct{}{},
		snaps: cfg.Snapshots, stopRun: func() {},
	}
	if s.snaps == nil {
		// One refresher for every session: N sessions cause one list, r in any of them is
		// shared, and a change by one is seen by all after the refresh that follows it.
		s.snaps = ui.NewSnapshots(cfg.Service, snapshot.WithClock(ui.NowClock(cfg.Now)))
		ctx, stop := context.WithCancel(context.Background())
		s.stopRun = stop
		every := cfg.RefreshEvery
		s.startRun = func() { go s.snaps.Run(ctx, every) } //nolint:errcheck // ends at Shutdown
	}
	srv, err := wish.NewServer(
		func(srv *ssh.Server) error { srv.AddHostKey(cfg.HostKey); return nil },
		// Public keys only: with no password or keyboard-interactive handler those methods
		// are not offered at all.
		wish.WithPublicKeyAuth(s.authorize),
		wish.WithVersion("partnerdash"),
		// Middlewares run last-first: recover wraps the session handler.
		wish.WithMiddleware(func(ssh.Handler) ssh.Handler { return s.handle }, s.recover),
	)
	if err != nil {
		return nil, err
	}
	if cfg.IdleTimeout > 0 {
		// The connection deadline (any traffic, keepalives included) covers connections that
		// log in and never open a session. It runs a little longer than the per-session timer
		// (typed input only), so that an idle user is told why before the connection drops.
		srv.IdleTimeout = cfg.IdleTimeout + connIdleGrace
	}
	srv.ConnCallback = s.acceptConn
	srv.ServerConfigCallback = s.serverConfig
	srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel, "default": s.otherChannel}
	srv.RequestHandlers = map[string]ssh.RequestHandler{"default": s.globalRequest}
	srv.ConnectionFailedCallback = func(c net.Conn, err error) {
		s.log.Info("connection refused", "remote", c.RemoteAddr().String(), "error", err)
	}
	s.ssh = srv
	return s, nil
}

// authorize admits a key listed in the authorized keys file as it is now.
func (s *Server) authorize(ctx ssh.Context, key ssh.PublicKey) bool {
	kf, err := LoadKeys(s.cfg.AuthorizedKeys)
	if err != nil {
		s.log.Error("authorized keys file unusable; refusing every login until it is fixed", "error", err)
		return false
	}
	if _, ok := kf.Lookup(key); !ok {
		// Clients offer several keys in turn, so one refusal is not yet a failed login.
		s.log.Debug("key not authorized", "ssh_user", ctx.User(), "remote", ctx.RemoteAddr().String(),
			"key_fingerprint", gossh.FingerprintSHA256(key))
		return false
	}
	return true
}

// Serve accepts connections on l until Shutdown; it then returns ssh.ErrServerClosed.
func (s *Server) Serve(l net.Listener) error {
	s.mu.Lock()
	if s.draining {
		s.mu.Unlock()
		l.Close()
		return ssh.ErrServerClosed
	}
	s.listeners[l] = struct{}{}
	s.mu.Unlock()
	if s.startRun != nil {
		s.runOnce.Do(s.startRun)
	}
	err := s.ssh.Serve(l)
	s.mu.Lock()
	draining := s.draining
	delete(s.listeners, l)
	s.mu.Unlock()
	if draining {
		return ssh.ErrServerClosed
	}
	return err
}

// ListenAndServe listens on the TCP address addr and serves.
func (s *Server) ListenAndServe(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return s.Serve(l)
}

// Sessions reports how many sessions are open.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// Shutdown stops accepting connections, tells every open session the server is shutting down
// and ends it, waits (until ctx is done) for Graph calls that are running, so that a change in
// flight is finished and audited, then closes every connection. Calls still running when ctx
// is done are cancelled (their audit entries say so) and reported in the error.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.draining = true
	for l := range s.listeners {
		l.Close()
	}
	live := slices.Collect(maps.Keys(s.sessions))
	s.mu.Unlock()

	s.calls.close()
	s.stopRun()
	for _, ss := range live {
		ss.stop("the server is shutting down")
	}
	s.log.Info("shutting down", "sessions", len(live), "calls_running", s.calls.count())

	var errs []error
	if err := s.calls.wait(ctx); err != nil {
		n := s.calls.count()
		s.calls.abort()
		grace, cancel := context.WithTimeout(context.Background(), abortGrace)
		s.calls.wait(grace)
		cancel()
		errs = append(errs, fmt.Errorf("%d Graph call(s) still running at the shutdown timeout were cancelled", n))
	}
	sessionsDone := make(chan struct{})
	go func() { s.running.Wait(); close(sessionsDone) }()
	select {
	case <-sessionsDone:
	case <-ctx.Done():
		errs = append(errs, fmt.Errorf("%d session(s) had not ended at the shutdown timeout", s.Sessions()))
	}
	if err := s.ssh.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// recover ends only the session whose handler panicked (Bubble Tea itself catches panics in
// Update, View and commands; this covers the code around the program).
func (s *Server) recover(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("session panicked", "ssh_user", sess.User(), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				wish.Fatalln(sess, "partnerdash: internal error; this session has ended")
			}
		}()
		next(sess)
	}
}

// Snapshots is the tenant every session reads (Config.Snapshots, or the server's own).
func (s *Server) Snapshots() *ui.Snapshots { return s.snaps }
