package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/partnerdash/partnerdash/client/fleet"
	"github.com/partnerdash/partnerdash/client/profile"
	"github.com/partnerdash/partnerdash/ui/sshserver"
)

func init() {
	register(command{
		name:    "serve",
		summary: "serve the dashboard over SSH to the holders of authorized keys",
		run: func(args []string, stdout, stderr io.Writer) error {
			// -h (help on stdout, as every command's) and bad flags are answered before anything
			// starts; serve parses again for real.
			if _, _, err := parseServeFlags(args, stdout, os.Getenv); err != nil {
				return err
			}
			ctx, stop := signalContext()
			defer stop()
			return serve(ctx, stop, args, stderr, processEnv(), nil)
		},
	})
}

const serveAbout = `Serves the dashboard over SSH: each user runs "ssh -p 2222 HOST" and gets their own dashboard.
The Graph side is this server's, shared by all sessions: the profile, tenant and sign-in chosen
with the flags below, the environment and the config file, as for the dashboard (the operator
signs in here before serving if needed), or the built-in demo tenant when nothing is configured.
With --fleet FILE each session gets the fleet screen instead (see 'partnerdash fleet -h'): the
tenants of the fleet file, read here once for all sessions (at most --concurrency at once, every
5 minutes); enter opens a tenant's dashboard with the session's role, and every audit entry
names the tenant.

Only public keys listed in the authorized keys file may log in; the file is read again on every
login, so keys can be added and removed without a restart. A key's role goes in OpenSSH's
options field (the same file works for sshd):

  environment="PARTNERDASH_ROLE=operator" ssh-ed25519 AAAA... alice@laptop   may change partners
  ssh-ed25519 AAAA... bob@desk                                                read-only (viewer)

PARTNERDASH_ROLE=viewer says the default out loud. restrict and no-pty are enforced: such a
key gets a one-line refusal, not the dashboard, which needs a terminal ("restrict,pty" lifts
it, as in sshd). no-port-forwarding, no-agent-forwarding, no-x11-forwarding and no-user-rc are
accepted (they already hold here); any other option (from=, command=, expiry-time=, ...) and
certificates are refused with the file and line, rather than silently not enforced. The header
of each session shows the key's name (the comment's user part) and role. A session needs a
terminal (ssh -t if yours gets none) and takes no command.

Terminals are capped at %dx%d: a larger one (in the pty request or a window change) is drawn
at the cap, in its top-left corner. A connection may keep at most %d small environment
variables (TZ, COLORTERM, COLORFGBG and NO_COLOR are read; the role never comes from there) and
%d channels; a client that keeps asking for what is refused is disconnected.

Every change an operator makes is appended to the audit log (JSON lines, mode 0600) and printed
to the server log on stderr. SIGINT or SIGTERM stops accepting, tells open sessions, waits for
running Graph calls up to --shutdown-timeout, and exits; a second signal exits at once.`

// serveFlags are serve's command line.
type serveFlags struct {
	addr            string
	authorizedKeys  string
	hostKey         string
	auditLog        string
	maxSessions     int
	idleTimeout     time.Duration
	shutdownTimeout time.Duration
	loginGraceTime  time.Duration
	maxStartups     int
	fleet           fleetFlags // --fleet FILE serves the fleet screen
}

// parseServeFlags parses serve's flags and the backend flags it shares with the dashboard.
func parseServeFlags(args []string, stderr io.Writer, getenv func(string) string) (serveFlags, *backendFlags, error) {
	var f serveFlags
	var bf backendFlags
	fs := newFlagSet("partnerdash serve", stderr, func(w io.Writer, fs *flag.FlagSet) {
		about := fmt.Sprintf(serveAbout, sshserver.DefaultMaxWidth, sshserver.DefaultMaxHeight,
			sshserver.DefaultMaxEnv, sshserver.DefaultMaxChannels)
		fmt.Fprintf(w, "Usage: partnerdash serve --authorized-keys FILE [flags]\n\n%s\n\n", about)
		printFlags(w, fs)
	})
	bf.register(fs)
	fs.StringVar(&f.addr, "addr", "127.0.0.1:2222", "`HOST:PORT` to listen on")
	fs.StringVar(&f.authorizedKeys, "authorized-keys", "", "authorized keys `FILE` (required)")
	fs.StringVar(&f.hostKey, "host-key", "", "host key `PATH`; an ed25519 key is created there on first start (default $XDG_DATA_HOME/partnerdash/ssh_host_ed25519_key)")
	fs.StringVar(&f.auditLog, "audit-log", "", "audit log `PATH` (default $XDG_STATE_HOME/partnerdash/audit.log)")
	fs.IntVar(&f.maxSessions, "max-sessions", sshserver.DefaultMaxSessions, "at most `N` concurrent sessions; more are told the server is full")
	fs.DurationVar(&f.idleTimeout, "idle-timeout", sshserver.DefaultIdleTimeout, "end a session after `DURATION` without a keystroke (0: never)")
	fs.DurationVar(&f.loginGraceTime, "login-grace-time", sshserver.DefaultLoginGraceTime, "close a connection that has not logged in within `DURATION` (as sshd's LoginGraceTime)")
	fs.IntVar(&f.maxStartups, "max-startups", sshserver.DefaultMaxStartups, "at most `N` connections logging in at once; more are closed at once (as sshd's MaxStartups)")
	fs.DurationVar(&f.shutdownTimeout, "shutdown-timeout", 10*time.Second, "on SIGINT/SIGTERM, wait up to `DURATION` for running Graph calls")
	f.fleet.register(fs)
	if err := parseNoArgs(fs, args, "serve"); err != nil {
		return f, nil, err
	}
	switch {
	case f.authorizedKeys == "":
		return f, nil, usageError{"serve: --authorized-keys FILE is required: nobody could log in without it"}
	case f.maxSessions < 1:
		return f, nil, usageError{fmt.Sprintf("serve: --max-sessions must be at least 1, not %d", f.maxSessions)}
	case f.idleTimeout < 0:
		return f, nil, usageError{"serve: --idle-timeout cannot be negative"}
	case f.loginGraceTime <= 0:
		return f, nil, usageError{"serve: --login-grace-time must be positive"}
	case f.maxStartups < 1:
		return f, nil, usageError{fmt.Sprintf("serve: --max-startups must be at least 1, not %d", f.maxStartups)}
	case f.shutdownTimeout <= 0:
		return f, nil, usageError{"serve: --shutdown-timeout must be positive"}
	case f.fleet.concurrency < 1:
		return f, nil, usageError{fmt.Sprintf("serve: --concurrency must be at least 1, not %d", f.fleet.concurrency)}
	case f.fleet.file != "" && (bf.Profile() != "" || bf.GraphURL() != ""):
		return f, nil, usageError{"serve: --fleet FILE names the tenants; leave out --profile and --graph-url"}
	}
	if _, _, err := net.SplitHostPort(f.addr); err != nil {
		return f, nil, usageError{fmt.Sprintf("serve: --addr %q: %v", f.addr, err)}
	}
	if f.idleTimeout == 0 {
		f.idleTimeout = -1 // sshserver: negative is never
	}
	if f.hostKey == "" {
		dir, err := profile.DataDir(getenv)
		if err != nil {
			return f, nil, usageError{"serve: no place for the host key: " + err.Error() + "; or pass --host-key"}
		}
		f.hostKey = filepath.Join(dir, "ssh_host_ed25519_key")
	}
	if f.auditLog == "" {
		dir, err := profile.StateDir(getenv)
		if err != nil {
			return f, nil, usageError{"serve: no place for the audit log: " + err.Error() + "; or pass --audit-log"}
		}
		f.auditLog = filepath.Join(dir, "audit.log")
	}
	return f, &bf, nil
}

// serve runs the SSH server until ctx is done (a signal), then shuts it down. stop is called
// once shutdown begins (it restores default signal handling, so a second ctrl+c exits at once);
// ready, when set, learns the listening address (tests listen on port 0).
func serve(ctx context.Context, stop func(), args []string, stderr io.Writer, e sysEnv, ready func(net.Addr)) error {
	f, bf, err := parseServeFlags(args, stderr, e.getenv)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	// A bad keys file or tenant configuration is reported before anything is created on disk.
	if _, err := sshserver.LoadKeys(f.authorizedKeys); err != nil {
		return err
	}
	// Signs the server in first when needed (prompting here, on the operator's terminal), and
	// captures Graph's request-ids for the audit log. With --fleet, the fleet file's app signs
	// in to each tenant instead, and the fleet screen is served.
	var be backend
	var fl *fleet.Fleet
	if f.fleet.file != "" {
		e.wrapGraph = sshserver.CaptureRequestIDs
		e.httpClient = e.wrapped(e.httpClient)
		if fl, err = e.openFleet(ctx, f.fleet, &bf.Flags); err != nil {
			return err
		}
		be = backend{source: f.fleet.file, readOnly: bf.ReadOnly()}
	} else if be, err = openServedBackend(ctx, bf, e, stderr, sshserver.CaptureRequestIDs); err != nil {
		return err
	}
	hostKey, created, err := sshserver.LoadOrCreateHostKey(f.hostKey)
	if err != nil {
		return err
	}
	fingerprint := gossh.FingerprintSHA256(hostKey.PublicKey())
	if created {
		log.Info("host key created", "path", f.hostKey, "fingerprint", fingerprint)
	}
	audit, err := sshserver.OpenAuditLog(f.auditLog, log)
	if err != nil {
		return err
	}
	defer audit.Close()
	if fl != nil {
		// The fleet is read here, once for all sessions, at most --concurrency tenants at once.
		go fl.Run(ctx, fleetEvery)
	}
	if be.demo {
		log.Warn("no tenant configured: serving the built-in demo tenant (see 'partnerdash login -h')")
	}
	srv, err := sshserver.New(sshserver.Config{
		AuthorizedKeys: f.authorizedKeys,
		HostKey:        hostKey,
		Service:        be.svc,
		Fleet:          fl,
		ReadOnly:       be.readOnly,
		Source:         be.source,
		Demo:           be.demo,
		Audit:          audit,
		MaxSessions:    f.maxSessions,
		IdleTimeout:    f.idleTimeout,
		Limits:         sshserver.Limits{LoginGraceTime: f.loginGraceTime, MaxStartups: f.maxStartups},
		Logger:         log,
	})
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", f.addr)
	if err != nil {
		return err
	}
	log.Info("serving the dashboard over SSH", "addr", l.Addr().String(), "host_key_fingerprint", fingerprint,
		"authorized_keys", f.authorizedKeys, "audit_log", f.auditLog, "source", be.source)
	if ready != nil {
		ready(l.Addr())
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	if stop != nil {
		stop()
	}
	log.Info("signal received: shutting down", "sessions", srv.Sessions(), "timeout", f.shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), f.shutdownTimeout)
	defer cancel()
	err = srv.Shutdown(sctx)
	<-served
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
}
