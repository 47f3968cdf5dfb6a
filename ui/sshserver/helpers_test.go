package sshserver

import (
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
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"github.com/partnerdash/partnerdash/client"
	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui"
	"github.com/partnerdash/partnerdash/ui/sshserver/sshtest"
)

// testNow is the fixed clock of the simulator and the dashboards, so screens do not drift.
var testNow = time.Date(2025, 6, 2, 9, 30, 0, 0, time.UTC)

// waitLong bounds every "eventually" in these tests; -race on two shared cores is slow.
const waitLong = sshtest.WaitLong

// testKey is a client key and its authorized_keys line (built by sshtest.NewKey; the old names
// stay so every test here reads the same).
type testKey struct {
	signer gossh.Signer
	priv   ed25519.PrivateKey
	line   string // without options
}

func newTestKey(t testing.TB, comment string) testKey {
	t.Helper()
	k := sshtest.NewKey(t, comment)
	return testKey{signer: k.Signer, priv: k.Private, line: k.Line}
}

func (k testKey) kit() sshtest.Key {
	return sshtest.Key{Signer: k.signer, Private: k.priv, Line: k.line}
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
type syncBuffer = sshtest.LockedBuffer

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
	return sshtest.Dial(addr, key.kit(), user)
}

// term is the kit's SSH client with a PTY (sshtest.Term), under the names these tests use.
type term struct {
	*sshtest.Term
	stdin  io.Writer
	exited chan error
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
	tm, err := sshtest.Open(t, addr, key.kit(), user, termType, w, h, env)
	if err != nil {
		return nil, err
	}
	return &term{Term: tm, stdin: tm.Stdin, exited: tm.Exited}, nil
}

func (tm *term) output() string                                     { return tm.Output() }
func (tm *term) received() int64                                    { return tm.Received() }
func (tm *term) reset()                                             { tm.Reset() }
func (tm *term) waitFor(want ...string)                             { tm.WaitFor(want...) }
func (tm *term) waitForRaw(want ...string)                          { tm.WaitForRaw(want...) }
func (tm *term) settle(quiet time.Duration) int64                   { return tm.Settle(quiet) }
func (tm *term) settleAfter(since time.Time, q time.Duration) int64 { return tm.SettleAfter(since, q) }
func (tm *term) send(keys string)                                   { tm.Send(keys) }
func (tm *term) resize(w, h int)                                    { tm.Resize(w, h) }
func (tm *term) waitExit() error                                    { return tm.WaitExit() }
func (tm *term) close()                                             { tm.Close() }

func tail(s string, n int) string { return sshtest.Tail(s, n) }

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
