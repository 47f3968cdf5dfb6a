package sshserver

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/partnerdash/partnerdash/client"
	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui"
)

// testNow is the fixed clock of the simulator and the dashboards, so screens do not drift.
var testNow = time.Date(2025, 6, 2, 9, 30, 0, 0, time.UTC)

// waitLong bounds every "eventually" in these tests; -race on two shared cores is slow.
const waitLong = 15 * time.Second

// testKey is a client key and its authorized_keys line.
type testKey struct {
	signer gossh.Signer
	priv   ed25519.PrivateKey
	line   string // without options
}

func newTestKey(t testing.TB, comment string) testKey {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey())))
	if comment != "" {
		line += " " + comment
	}
	return testKey{signer: s, priv: priv, line: line}
}

func (k testKey) operator() string { return `environment="PARTNERDASH_ROLE=operator" ` + k.line }

func writeFile(t testing.TB, name string, lines ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// syncBuffer is a goroutine-safe buffer for logs written by server goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// graph is the simulator with the demo tenant behind the real client, as the server uses it.
type graph struct {
	sim *graphsim.Server
	svc ui.PartnerService
}

func newGraph(t testing.TB, opts ...graphsim.Option) graph {
	t.Helper()
	sim := graphsim.New(append([]graphsim.Option{
		graphsim.WithPartners(graphsim.DemoTenant(testNow)),
		graphsim.WithClock(func() time.Time { return testNow }),
	}, opts...)...)
	hc := sim.Client()
	hc.Transport = CaptureRequestIDs(hc.Transport)
	c, err := client.New(graphsim.DemoBaseURL, client.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	return graph{sim: sim, svc: c}
}

func (g graph) partner(t testing.TB, id string) model.Partner {
	t.Helper()
	for _, p := range g.sim.Partners() {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("partner %s not in the simulator", id)
	return model.Partner{}
}

// testServer is a Server listening on loopback.
type testServer struct {
	*Server
	addr  string
	logs  *syncBuffer
	audit *syncBuffer
	graph graph
}

// startServer serves cfg (defaults filled in) on 127.0.0.1 and shuts it down at cleanup.
func startServer(t testing.TB, cfg Config) *testServer {
	t.Helper()
	ts := &testServer{logs: &syncBuffer{}, audit: &syncBuffer{}}
	logger := slog.New(slog.NewTextHandler(ts.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if cfg.Service == nil {
		ts.graph = newGraph(t)
		cfg.Service = ts.graph.svc
	}
	if cfg.HostKey == nil {
		_, priv, _ := ed25519.GenerateKey(rand.Reader)
		cfg.HostKey, _ = gossh.NewSignerFromKey(priv)
	}
	if cfg.Audit == nil {
		cfg.Audit = NewAuditLog(ts.audit, logger)
	}
	if cfg.Logger == nil {
		cfg.Logger = logger
	}
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return testNow }
	}
	if cfg.Source == "" {
		cfg.Source, cfg.Demo = "DEMO tenant (built-in simulator)", true
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts.Server = s
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts.addr = l.Addr().String()
	served := make(chan error, 1)
	go func() { served <- s.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s.Shutdown(ctx)
		<-served
	})
	return ts
}

func dial(addr string, key testKey, user string) (*gossh.Client, error) {
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User:            user,
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(key.signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         waitLong,
	})
}

// term is an SSH client with a PTY that keeps everything the server sent.
type term struct {
	t      testing.TB
	client *gossh.Client
	sess   *gossh.Session
	stdin  io.WriteCloser

	mu      sync.Mutex
	out     bytes.Buffer
	total   int64
	changed time.Time
	exited  chan error
}

// openTerm logs in with key and opens a w×h PTY session running the dashboard.
func openTerm(t testing.TB, addr string, key testKey, user string, w, h int) *term {
	t.Helper()
	tm, err := tryOpenTerm(t, addr, key, user, w, h)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func tryOpenTerm(t testing.TB, addr string, key testKey, user string, w, h int) (*term, error) {
	return dialTerm(t, addr, key, user, "xterm-256color", w, h, nil)
}

// dialTerm opens a session with a termType PTY of w×h, after sending env (NAME=value).
func dialTerm(t testing.TB, addr string, key testKey, user, termType string, w, h int, env []string) (*term, error) {
	c, err := dial(addr, key, user)
	if err != nil {
		return nil, err
	}
	sess, err := c.NewSession()
	if err != nil {
		c.Close()
		return nil, err
	}
	for _, kv := range env {
		name, value, _ := strings.Cut(kv, "=")
		if err := sess.Setenv(name, value); err != nil {
			c.Close()
			return nil, err
		}
	}
	if err := sess.RequestPty(termType, h, w, gossh.TerminalModes{}); err != nil {
		c.Close()
		return nil, err
	}
	tm := &term{t: t, client: c, sess: sess, exited: make(chan error, 1)}
	stdin, _ := sess.StdinPipe()
	stdout, _ := sess.StdoutPipe()
	stderr, _ := sess.StderrPipe()
	tm.stdin = stdin
	if err := sess.Shell(); err != nil {
		c.Close()
		return nil, err
	}
	if t != nil {
		t.Cleanup(tm.close)
	}
	var readers sync.WaitGroup
	readers.Add(2)
	go func() { defer readers.Done(); tm.read(stdout) }()
	go func() { defer readers.Done(); tm.read(stderr) }()
	go func() { err := sess.Wait(); readers.Wait(); tm.exited <- err }()
	return tm, nil
}

func (tm *term) read(r io.Reader) {
	buf := make([]byte, 32*1024)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			tm.mu.Lock()
			tm.out.Write(buf[:n])
			tm.total += int64(n)
			tm.changed = time.Now()
			tm.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

func (tm *term) close() {
	tm.sess.Close()
	tm.client.Close()
}

// output is everything received so far.
func (tm *term) output() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.out.String()
}

// received is the byte count so far.
func (tm *term) received() int64 {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.total
}

// reset forgets the output so far, so the next waitFor sees only what comes after.
func (tm *term) reset() {
	tm.mu.Lock()
	tm.out.Reset()
	tm.mu.Unlock()
}

// waitFor waits until the output, without escape sequences, contains every one of want.
func (tm *term) waitFor(want ...string) {
	tm.t.Helper()
	tm.waitUntil(ansi.Strip, want)
}

// waitForRaw is waitFor on the bytes as sent, escape sequences included.
func (tm *term) waitForRaw(want ...string) {
	tm.t.Helper()
	tm.waitUntil(func(s string) string { return s }, want)
}

func (tm *term) waitUntil(view func(string) string, want []string) {
	tm.t.Helper()
	deadline := time.Now().Add(waitLong)
	for {
		out := view(tm.output())
		missing := ""
		for _, w := range want {
			if !strings.Contains(out, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("the screen never showed %q; received:\n%q", missing, tail(out, 3000))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// settle waits until nothing has arrived for quiet, and returns the byte count.
func (tm *term) settle(quiet time.Duration) int64 {
	return tm.settleAfter(time.Time{}, quiet)
}

// settleAfter waits for output after since (up to half a second: a key may change nothing), then
// until nothing has arrived for quiet, and returns the byte count.
func (tm *term) settleAfter(since time.Time, quiet time.Duration) int64 {
	deadline := time.Now().Add(waitLong)
	started := time.Now()
	for time.Now().Before(deadline) {
		tm.mu.Lock()
		changed, n := tm.changed, tm.total
		tm.mu.Unlock()
		arrived := changed.After(since) || time.Since(started) > 500*time.Millisecond
		if arrived && time.Since(changed) >= quiet {
			return n
		}
		time.Sleep(quiet / 4)
	}
	if tm.t != nil {
		tm.t.Fatalf("the output never settled")
	}
	return -1
}

func (tm *term) send(keys string) {
	tm.t.Helper()
	if _, err := io.WriteString(tm.stdin, keys); err != nil {
		tm.t.Fatalf("typing %q: %v", keys, err)
	}
}

func (tm *term) resize(w, h int) {
	tm.t.Helper()
	if err := tm.sess.WindowChange(h, w); err != nil {
		tm.t.Fatalf("window change: %v", err)
	}
}

// waitExit waits for the server to end the session and returns its exit error.
func (tm *term) waitExit() error {
	tm.t.Helper()
	select {
	case err := <-tm.exited:
		return err
	case <-time.After(waitLong):
		tm.t.Fatalf("the session did not end; received:\n%q", tail(tm.output(), 2000))
		return nil
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// probeServer serves the probe to one allowed key; cfg adds options.
func probeServer(t testing.TB, cfg Config) (*testServer, testKey) {
	t.Helper()
	k := newTestKey(t, "alice")
	cfg.AuthorizedKeys = writeFile(t, "keys", k.line)
	cfg.NewModel = newProbe
	return startServer(t, cfg), k
}

// probeTerm opens an 80x24 session and waits for the probe's first screen.
func (ts *testServer) probeTerm(t testing.TB, k testKey, user string) *term {
	t.Helper()
	tm := openTerm(t, ts.addr, k, user, 80, 24)
	tm.waitFor("size=80x24")
	return tm
}

// probe is a tiny model for tests about the SSH plumbing rather than the dashboard: it shows
// its size, identity, the last key and every key typed; P panics, C copies, S asks to suspend,
// B keeps it busy for two seconds.
type probe struct {
	opts  ui.Options
	w, h  int
	last  string
	typed []string
}

func newProbe(opts ui.Options) tea.Model { return &probe{opts: opts} }

func (p *probe) Init() tea.Cmd { return nil }

func (p *probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		p.w, p.h = msg.Width, msg.Height
	case tea.KeyMsg:
		p.last = msg.String()
		p.typed = append(p.typed, p.last)
		switch p.last {
		case "q":
			return p, tea.Quit
		case "P":
			panic("probe panic")
		case "G":
			return p, func() tea.Msg { panic("probe panic in a command") }
		case "C":
			return p, func() tea.Msg { p.opts.Copy("copied text"); return nil }
		case "S":
			return p, tea.Suspend
		case "B": // busy: the program reads nothing for a while
			time.Sleep(2 * time.Second)
		}
	case tea.ResumeMsg:
		p.last = "resumed"
	}
	return p, nil
}

func (p *probe) View() string {
	r := p.opts.Renderer
	return fmt.Sprintf("probe size=%dx%d who=%s last=%s readonly=%v profile=%d dark=%v typed=%q", p.w, p.h,
		p.opts.Identity, p.last, ui.IsReadOnly(p.opts.Service), r.ColorProfile(), r.HasDarkBackground(),
		strings.Join(p.typed, " "))
}
