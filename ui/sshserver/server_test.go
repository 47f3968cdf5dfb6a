package sshserver

import (
	"context"
	"encoding/base64"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui"
)

func TestUnknownKeyIsRefused(t *testing.T) {
	known := newTestKey(t, "alice@laptop")
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", known.line)})
	_, err := dial(ts.addr, newTestKey(t, "mallory"), "alice")
	if err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("unknown key: %v, want an authentication failure", err)
	}
	if ts.Sessions() != 0 {
		t.Errorf("%d sessions open", ts.Sessions())
	}
}

func TestOnlyPublicKeyAuthIsOffered(t *testing.T) {
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", newTestKey(t, "a").line)})
	_, err := gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{
		User: "alice",
		Auth: []gossh.AuthMethod{
			gossh.Password("secret"),
			gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil }),
		},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         waitLong,
	})
	if err == nil || !strings.Contains(err.Error(), "no supported methods remain") {
		t.Fatalf("password and keyboard-interactive: %v, want no supported methods", err)
	}
}

func TestSessionWithoutPTYGetsOneLine(t *testing.T) {
	k := newTestKey(t, "alice")
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", k.line)})
	c, err := dial(ts.addr, k, "alice")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out, err := sess.CombinedOutput("")
	var exit *gossh.ExitError
	if !errors.As(err, &exit) || exit.ExitStatus() != 1 {
		t.Errorf("exit %v, want status 1", err)
	}
	want := "partnerdash: this is an interactive dashboard; connect from a terminal (ssh -t)\n\r"
	if string(out) != want {
		t.Errorf("output %q, want %q", out, want)
	}
}

func TestIdentityRoleAndResizeReachTheDashboard(t *testing.T) {
	op, viewer := newTestKey(t, "alice@laptop"), newTestKey(t, "")
	ts := startServer(t, Config{
		AuthorizedKeys: writeFile(t, "keys", op.operator(), viewer.line),
		NewModel:       newProbe,
	})
	a := openTerm(t, ts.addr, op, "alice-login", 80, 24)
	a.waitFor("size=80x24", "who=alice · operator", "readonly=false")
	a.reset()
	a.resize(60, 20)
	a.waitFor("size=60x20")

	b := openTerm(t, ts.addr, viewer, "bob", 100, 30)
	b.waitFor("size=100x30", "who=bob · viewer", "readonly=true")
	if ts.Sessions() != 2 {
		t.Errorf("%d sessions, want 2", ts.Sessions())
	}
	a.send("q")
	if err := a.waitExit(); err != nil {
		t.Errorf("quitting: %v", err)
	}
}

func TestCopyWritesOSC52ToTheSession(t *testing.T) {
	ts, k := probeServer(t, Config{})
	tm := ts.probeTerm(t, k, "alice")
	tm.send("C")
	tm.waitForRaw("\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte("copied text")) + "\x07")
}

func TestSuspendNeverReachesTheProgram(t *testing.T) {
	ts, k := probeServer(t, Config{})
	tm := ts.probeTerm(t, k, "alice")
	// Had the suspend gone through, Bubble Tea would have sent SIGTSTP to this very process
	// group (the test binary), and nothing below would run.
	tm.send("S")
	tm.waitFor("last=S")
	tm.send("x")
	tm.waitFor("last=x")
	if strings.Contains(tm.output(), "resumed") {
		t.Error("the program suspended and resumed")
	}
}

func TestPanicEndsOnlyThatSession(t *testing.T) {
	ts, k := probeServer(t, Config{})
	for _, key := range []string{"P", "G"} { // in Update, and in a command
		t.Run(key, func(t *testing.T) {
			victim := openTerm(t, ts.addr, k, "alice", 80, 24)
			bystander := openTerm(t, ts.addr, k, "bob", 80, 24)
			victim.waitFor("size=80x24")
			bystander.waitFor("size=80x24")
			victim.send(key)
			victim.waitFor("partnerdash: internal error; this session has ended")
			victim.waitExit()

			bystander.send("z")
			bystander.waitFor("last=z")
			next := openTerm(t, ts.addr, k, "carol", 80, 24)
			next.waitFor("size=80x24")
		})
	}
	if !strings.Contains(ts.logs.String(), "session program panicked") {
		t.Errorf("the panic is not in the server log:\n%s", ts.logs.String())
	}
}

func TestMaxSessionsRefusesExtraWithAMessage(t *testing.T) {
	ts, k := probeServer(t, Config{MaxSessions: 1})
	first := ts.probeTerm(t, k, "alice")
	second := openTerm(t, ts.addr, k, "bob", 80, 24)
	second.waitFor("partnerdash: the server is full (1 sessions); try again later")
	second.waitExit()
	first.send("q")
	first.waitExit()
	ts.probeTerm(t, k, "carol") // the slot is free again
}

func TestIdleSessionIsDisconnected(t *testing.T) {
	ts, k := probeServer(t, Config{IdleTimeout: 400 * time.Millisecond})
	tm := ts.probeTerm(t, k, "alice")
	tm.waitFor("partnerdash: idle for 400ms; disconnected")
	var exit *gossh.ExitError
	if err := tm.waitExit(); !errors.As(err, &exit) || exit.ExitStatus() != 1 {
		t.Errorf("exit %v, want status 1", err)
	}
}

func TestAuthorizedKeysAreReadAgainOnEveryLogin(t *testing.T) {
	alice, bob := newTestKey(t, "alice"), newTestKey(t, "bob")
	path := writeFile(t, "keys", alice.line)
	ts := startServer(t, Config{AuthorizedKeys: path, NewModel: newProbe})
	if _, err := dial(ts.addr, bob, "bob"); err == nil {
		t.Fatal("bob logged in before being added")
	}
	os.WriteFile(path, []byte(bob.operator()+"\n"), 0o600)
	tm := openTerm(t, ts.addr, bob, "bob", 80, 24)
	tm.waitFor("who=bob · operator")
	if _, err := dial(ts.addr, alice, "alice"); err == nil {
		t.Error("alice logged in after being removed")
	}
	// A file that no longer parses refuses everyone rather than guessing.
	os.WriteFile(path, []byte(bob.line+"\nbroken line\n"), 0o600)
	if _, err := dial(ts.addr, bob, "bob"); err == nil {
		t.Error("bob logged in with a broken keys file")
	}
	if !strings.Contains(ts.logs.String(), "keys:2: not an authorized key line") {
		t.Errorf("the broken line is not named in the log:\n%s", ts.logs.String())
	}
}

func TestNewRejectsABadKeysFileAtStart(t *testing.T) {
	path := writeFile(t, "authorized_keys", newTestKey(t, "a").line, `environment="PARTNERDASH_ROLE=root" `+newTestKey(t, "b").line)
	_, err := New(Config{AuthorizedKeys: path})
	if err == nil || !strings.Contains(err.Error(), path+":2:") {
		t.Fatalf("error %v, want one naming %s:2", err, path)
	}
}

func TestShutdownTellsSessionsAndStopsAccepting(t *testing.T) {
	ts, k := probeServer(t, Config{})
	a := openTerm(t, ts.addr, k, "alice", 80, 24)
	b := openTerm(t, ts.addr, k, "bob", 80, 24)
	a.waitFor("size=80x24")
	b.waitFor("size=80x24")

	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	if err := ts.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	for _, tm := range []*term{a, b} {
		tm.waitFor("partnerdash: the server is shutting down")
		tm.waitExit()
	}
	if _, err := dial(ts.addr, k, "carol"); err == nil {
		t.Error("a new connection was accepted after shutdown")
	}
	if ts.Sessions() != 0 {
		t.Errorf("%d sessions after shutdown", ts.Sessions())
	}
}

// gated is a service whose Terminate blocks until released (or its context ends).
type gated struct {
	ui.PartnerService // the graph's: every call but Terminate passes through
	graph
	started, release chan struct{}
}

func (g gated) Terminate(ctx context.Context, id string) error {
	close(g.started)
	select {
	case <-g.release:
		return g.graph.svc.Terminate(ctx, id)
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

func TestShutdownWaitsForRunningCalls(t *testing.T) {
	gr := newGraph(t)
	g := gated{PartnerService: gr.svc, graph: gr, started: make(chan struct{}), release: make(chan struct{})}
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", newTestKey(t, "a").line), Service: g})
	svc := ts.serviceFor(alice)
	called := make(chan error, 1)
	go func() { called <- svc.Terminate(context.Background(), contosoHQ) }()
	<-g.started

	shut := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitLong)
		defer cancel()
		shut <- ts.Shutdown(ctx)
	}()
	select {
	case err := <-shut:
		t.Fatalf("shutdown returned (%v) while a terminate was running", err)
	case <-time.After(200 * time.Millisecond):
	}
	if err := svc.Terminate(context.Background(), contosoHQ); !errors.Is(err, ErrShuttingDown) {
		t.Errorf("a call started during shutdown: %v, want ErrShuttingDown", err)
	}
	close(g.release)
	if err := <-called; err != nil {
		t.Fatalf("the running terminate: %v", err)
	}
	if err := <-shut; err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if g.partner(t, contosoHQ).PartnerState != model.StateTerminated {
		t.Error("the terminate did not reach Graph")
	}
	if e := auditLines(t, ts.audit.String()); len(e) != 1 || e[0].Result != "ok" || e[0].Action != "terminate" {
		t.Errorf("audit %+v", e)
	}
}

func TestShutdownTimeoutCancelsRunningCalls(t *testing.T) {
	gr := newGraph(t)
	g := gated{PartnerService: gr.svc, graph: gr, started: make(chan struct{}), release: make(chan struct{})}
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", newTestKey(t, "a").line), Service: g})
	svc := ts.serviceFor(alice)
	called := make(chan error, 1)
	go func() { called <- svc.Terminate(context.Background(), contosoHQ) }()
	<-g.started
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := ts.Shutdown(ctx)
	if err == nil || !strings.Contains(err.Error(), "1 Graph call(s) still running") {
		t.Fatalf("shutdown: %v, want the cancelled call reported", err)
	}
	if err := <-called; !errors.Is(err, ErrShuttingDown) {
		t.Errorf("the cancelled call: %v", err)
	}
	if e := auditLines(t, ts.audit.String()); len(e) != 1 || e[0].Result != "error" || !strings.Contains(e[0].Error, "shutting down") {
		t.Errorf("audit %+v", e)
	}
}

func TestServeAfterShutdown(t *testing.T) {
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", newTestKey(t, "a").line)})
	ts.Shutdown(context.Background())
	if err := ts.ListenAndServe("127.0.0.1:0"); !errors.Is(err, ssh.ErrServerClosed) {
		t.Errorf("serve after shutdown: %v", err)
	}
}

func TestRendererFollowsTheClientTerminal(t *testing.T) {
	ts, k := probeServer(t, Config{})
	// xterm-256color: 256 colours (termenv.ANSI256 = 1); no COLORFGBG: dark.
	rich := openTerm(t, ts.addr, k, "alice", 80, 24)
	rich.waitFor("profile=1 dark=true")
	// COLORTERM=truecolor (termenv.TrueColor = 0) and COLORFGBG saying a white background.
	light, err := dialTerm(t, ts.addr, k, "carol", "xterm-256color", 80, 24, []string{"COLORTERM=truecolor", "COLORFGBG=0;15"})
	if err != nil {
		t.Fatal(err)
	}
	light.waitFor("profile=0 dark=false")
	// A dumb terminal gets no colour (termenv.Ascii = 3).
	dumb, err := dialTerm(t, ts.addr, k, "bob", "dumb", 80, 24, nil)
	if err != nil {
		t.Fatal(err)
	}
	dumb.waitFor("profile=3")
}

func TestTheTerminalIsAskedNothing(t *testing.T) {
	ts, k := probeServer(t, Config{})
	tm := openTerm(t, ts.addr, k, "alice", 80, 24)
	tm.waitFor("size=80x24")
	tm.send("x")
	tm.waitFor("last=x")
	// No background colour (OSC 11), device attributes (DA1) or cursor position query.
	for _, q := range []string{"\x1b]11;?", "\x1b[c", "\x1b[6n"} {
		if strings.Contains(tm.output(), q) {
			t.Errorf("the server sent the query %q", q)
		}
	}
}

func TestChangesOutliveTheirSession(t *testing.T) {
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", newTestKey(t, "a").line)})
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the user has gone: reads stop, an asked-for change still happens and is audited
	svc := ts.serviceFor(alice)
	if _, err := svc.List(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("read with a cancelled session: %v", err)
	}
	if err := svc.Terminate(ctx, contosoHQ); err != nil {
		t.Fatalf("terminate with a cancelled session: %v", err)
	}
	if ts.graph.partner(t, contosoHQ).PartnerState != model.StateTerminated {
		t.Error("the terminate did not happen")
	}
	if e := auditLines(t, ts.audit.String()); len(e) != 1 || e[0].Result != "ok" {
		t.Errorf("audit %+v", e)
	}
}

func TestReadOnlyServerMakesEveryoneAViewer(t *testing.T) {
	op := newTestKey(t, "alice")
	g := newGraph(t)
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", op.operator()), Service: ui.ReadOnly(g.svc), NewModel: newProbe})
	tm := openTerm(t, ts.addr, op, "alice", 80, 24)
	tm.waitFor("who=alice · viewer", "readonly=true")
}
