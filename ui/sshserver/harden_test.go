package sshserver

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
)

// These tests attack the real server as a hostile client would, each through an in-process SSH
// client, and then check that the server is still up and still serves a normal viewer.

const mib = 1 << 20

// stillServes checks that a normal viewer still gets the probe or the dashboard.
func (ts *testServer) stillServes(t *testing.T, k testKey, want string) {
	t.Helper()
	tm := openTerm(t, ts.addr, k, "viewer-after", 80, 24)
	tm.waitFor(want)
	tm.send("q")
	if err := tm.waitExit(); err != nil {
		t.Errorf("the viewer after the attack: %v", err)
	}
}

// widestRun is the widest run of text in the screen output between line ends and escape
// sequences (the renderer's cursor moves would otherwise join pieces of different lines).
func widestRun(out string) int {
	widest := 0
	for _, l := range strings.FieldsFunc(out, func(r rune) bool { return r == '\n' || r == '\r' || r == 0x1b }) {
		widest = max(widest, ansi.StringWidth(l))
	}
	return widest
}

func TestHugeTerminalIsDrawnAtTheCap(t *testing.T) {
	// The real dashboard, at the default cap (500×200): memory is the point.
	k := newTestKey(t, "alice")
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", k.line)})
	warm := openTerm(t, ts.addr, k, "warm", 120, 40)
	warm.waitFor("Jamf Pro (Contoso)")
	warm.close()

	before := heapInUse()
	tm := openTerm(t, ts.addr, k, "mallory", 10000, 10000)
	tm.waitFor("Jamf Pro (Contoso)")
	tm.settle(300 * time.Millisecond)
	if w := widestRun(tm.output()); w > DefaultMaxWidth {
		t.Errorf("a run of text %d wide, above the cap of %d", w, DefaultMaxWidth)
	}
	opened := heapInUse()
	tm.reset()
	tm.resize(40000, 40000)
	tm.settle(300 * time.Millisecond)
	resized := heapInUse()
	t.Logf("heap in use: %.1f MiB before, %.1f MiB with a 10000×10000 session, %.1f MiB after a 40000×40000 window change",
		float64(before)/mib, float64(opened)/mib, float64(resized)/mib)
	for _, h := range []uint64{opened, resized} {
		if h > before+64*mib {
			t.Errorf("the heap grew by %.1f MiB for one session", float64(h-before)/mib)
		}
	}
	tm.close()
	ts.stillServes(t, k, "Jamf Pro (Contoso)")
}

func TestTerminalSizeIsCappedInPtyRequestAndWindowChange(t *testing.T) {
	ts, k := probeServer(t, Config{Limits: Limits{MaxWidth: 100, MaxHeight: 30}})
	tm := openTerm(t, ts.addr, k, "alice", 10000, 10000)
	tm.waitFor("size=100x30")
	tm.reset()
	tm.resize(90, 20)
	tm.waitFor("size=90x20")
	tm.reset()
	tm.resize(40000, 25)
	tm.waitFor("size=100x25")
	// A size that does not fit in an int32 either.
	tm.reset()
	tm.resize(1<<32-1, 1<<32-1)
	tm.waitFor("size=100x30")
}

// envPayload is an env request's payload.
func envPayload(name, value string) []byte {
	return gossh.Marshal(struct{ Name, Value string }{name, value})
}

func TestEnvFloodIsBounded(t *testing.T) {
	// Refusals are allowed without end here, so that the flood reaches the env limit rather
	// than the refusal limit: memory is the point.
	ts, k := probeServer(t, Config{Limits: Limits{MaxRefusals: 1 << 30}})
	c, err := dial(ts.addr, k, "mallory")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	before := heapInUse()
	value := strings.Repeat("v", 30*1024)
	const flood = 3000 // 90 MB sent
	accepted := 0
	for i := range flood {
		// want-reply on every hundredth only: the rest go as fast as the connection takes them.
		ok, err := sess.SendRequest("env", i%100 == 0, envPayload("X"+strings.Repeat("k", i%7), value))
		if err != nil {
			t.Fatalf("env request %d: %v", i, err)
		}
		if ok {
			accepted++
		}
	}
	if accepted != 0 {
		t.Errorf("%d env requests of 30 KB were accepted, want none above %d bytes", accepted, DefaultMaxEnvBytes)
	}
	// Small variables are kept, up to the count.
	small := 0
	for i := range 2 * DefaultMaxEnv {
		if ok, _ := sess.SendRequest("env", true, envPayload("V", strings.Repeat("x", i))); ok {
			small++
		}
	}
	if small != DefaultMaxEnv {
		t.Errorf("%d small env variables kept, want %d", small, DefaultMaxEnv)
	}
	after := heapInUse()
	t.Logf("heap in use: %.1f MiB before, %.1f MiB after %d env requests of 30 KB", float64(before)/mib, float64(after)/mib, flood)
	if after > before+16*mib {
		t.Errorf("the heap grew by %.1f MiB for %d refused env requests", float64(after-before)/mib, flood)
	}
	sess.Close()
	ts.stillServes(t, k, "size=80x24")
}

func TestRefusedRequestsCloseTheConnection(t *testing.T) {
	ts, k := probeServer(t, Config{Limits: Limits{MaxRefusals: 5}})
	for _, attack := range []struct {
		name string
		send func(c *gossh.Client) error
	}{
		{"global requests", func(c *gossh.Client) error {
			_, _, err := c.SendRequest("tcpip-forward", true, nil)
			return err
		}},
		{"channel types", func(c *gossh.Client) error {
			ch, _, err := c.OpenChannel("direct-tcpip", nil)
			if err == nil {
				ch.Close()
				return errors.New("a direct-tcpip channel was accepted")
			}
			var open *gossh.OpenChannelError
			if errors.As(err, &open) {
				return nil // refused, as it should be; the connection is still up
			}
			return err
		}},
		{"channel requests", func(c *gossh.Client) error {
			sess, err := c.NewSession()
			if err != nil {
				return err
			}
			defer sess.Close()
			for range 10 {
				if _, err := sess.SendRequest("x11-req", true, nil); err != nil {
					return err
				}
			}
			return nil
		}},
	} {
		c, err := dial(ts.addr, k, "mallory")
		if err != nil {
			t.Fatal(err)
		}
		var last error
		for range 20 {
			if last = attack.send(c); last != nil {
				break
			}
		}
		if last == nil {
			t.Errorf("%s: 20 rounds of refused requests and the connection is still open", attack.name)
		}
		c.Close()
		if !strings.Contains(ts.logs.String(), "more than 5 refused requests") {
			t.Errorf("%s: the server log does not say why the connection was closed", attack.name)
		}
	}
	// Keepalives are not refusals worth closing for.
	c, err := dial(ts.addr, k, "alice")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		if _, _, err := c.SendRequest("keepalive@openssh.com", true, nil); err != nil {
			t.Fatalf("keepalive %d: %v", i, err)
		}
	}
	c.Close()
	ts.stillServes(t, k, "size=80x24")
}

func TestChannelsPerConnectionAreBounded(t *testing.T) {
	ts, k := probeServer(t, Config{Limits: Limits{MaxChannels: 2}})
	c, err := dial(ts.addr, k, "mallory")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var open []*gossh.Session
	for range 2 {
		s, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		open = append(open, s)
	}
	if _, err := c.NewSession(); err == nil || !strings.Contains(err.Error(), "at most 2 channels") {
		t.Fatalf("a third channel: %v, want a refusal", err)
	}
	open[0].Close()
	// The count follows channels as they close.
	deadline := time.Now().Add(waitLong)
	for {
		s, err := c.NewSession()
		if err == nil {
			s.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no channel after one closed: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	ts.stillServes(t, k, "size=80x24")
}

// rawConn connects without speaking SSH beyond reading the server's banner line.
func rawConn(t *testing.T, addr string) (net.Conn, *bufio.Reader) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, bufio.NewReader(c)
}

// closedWithin reports whether the server closes c within d (reads give EOF or a reset).
func closedWithin(c net.Conn, r *bufio.Reader, d time.Duration) bool {
	c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, r)
	var ne net.Error
	return !(errors.As(err, &ne) && ne.Timeout())
}

func TestUnauthenticatedConnectionsGetTheLoginGraceTime(t *testing.T) {
	ts, k := probeServer(t, Config{Limits: Limits{LoginGraceTime: 300 * time.Millisecond}})
	c, r := rawConn(t, ts.addr)
	banner, err := r.ReadString('\n')
	if err != nil || !strings.HasPrefix(banner, "SSH-2.0-") {
		t.Fatalf("banner %q, %v", banner, err)
	}
	start := time.Now()
	if !closedWithin(c, r, waitLong) {
		t.Fatal("a connection that never authenticated was kept")
	}
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("closed after %s, before the grace time", d)
	}
	if !strings.Contains(ts.logs.String(), "not authenticated within the login grace time (300ms)") {
		t.Error("the server log does not say why")
	}
	// A login that takes less than the grace time is not cut short later on.
	tm := ts.probeTerm(t, k, "alice")
	time.Sleep(500 * time.Millisecond)
	tm.send("x")
	tm.waitFor("last=x")
}

func TestMaxStartupsClosesExtraConnectionsAtOnce(t *testing.T) {
	ts, k := probeServer(t, Config{Limits: Limits{MaxStartups: 2, LoginGraceTime: time.Minute}})
	var held []net.Conn
	for range 2 {
		c, r := rawConn(t, ts.addr)
		if _, err := r.ReadString('\n'); err != nil {
			t.Fatalf("one of the first two connections: %v", err)
		}
		held = append(held, c)
	}
	c, r := rawConn(t, ts.addr)
	if !closedWithin(c, r, waitLong) {
		t.Fatal("a third unauthenticated connection was kept")
	}
	if !strings.Contains(ts.logs.String(), "2 connections are already logging in") {
		t.Error("the server log does not say why")
	}
	// Closing the two frees the door.
	for _, h := range held {
		h.Close()
	}
	deadline := time.Now().Add(waitLong)
	for {
		tm, err := tryOpenTerm(t, ts.addr, k, "alice", 80, 24)
		if err == nil {
			tm.waitFor("size=80x24")
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still refused after the unauthenticated connections closed: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Authenticated sessions do not count: two logged-in sessions leave room for a third.
	ts.probeTerm(t, k, "bob")
	ts.stillServes(t, k, "size=80x24")
}

func TestRestrictedKeysGetNoDashboard(t *testing.T) {
	restricted, noPTY, lifted := newTestKey(t, "r"), newTestKey(t, "n"), newTestKey(t, "l")
	ts := startServer(t, Config{
		AuthorizedKeys: writeFile(t, "keys", "restrict "+restricted.line, "no-pty "+noPTY.line, "restrict,pty "+lifted.line),
		NewModel:       newProbe,
	})
	for _, k := range []testKey{restricted, noPTY} {
		tm := openTerm(t, ts.addr, k, "mallory", 80, 24)
		err := tm.waitExit()
		var exit *gossh.ExitError
		if !errors.As(err, &exit) || exit.ExitStatus() != 1 {
			t.Errorf("exit %v, want status 1", err)
		}
		want := "partnerdash: your key may not open a terminal (restrict or no-pty), and the dashboard needs one"
		if got := strings.TrimSpace(tm.output()); got != want {
			t.Errorf("output %q, want %q", got, want)
		}
	}
	if ts.Sessions() != 0 {
		t.Errorf("%d sessions open", ts.Sessions())
	}
	// restrict,pty is a terminal again, as in sshd.
	ts.probeTerm(t, lifted, "alice")
}

func TestTerminalAnswersAreNeverKeystrokes(t *testing.T) {
	ts, k := probeServer(t, Config{})
	const answer = "\x1b]11;rgb:1c1c/1c1c/1c1c\x07\x1b[?62;22c"
	tm, err := dialTerm(t, ts.addr, k, "alice", "xterm-256color", 200, 24, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Early: before the first frame.
	tm.send(answer)
	tm.waitFor("size=200x24")
	// Late: long after, as from a slow link, split across two writes, with an ST ending.
	time.Sleep(200 * time.Millisecond)
	tm.send("\x1b]11;rgb:ffff/")
	time.Sleep(50 * time.Millisecond)
	tm.send("ffff/ffff\x1b\\\x1b[?1;2c")
	tm.send("x")
	tm.waitFor("last=x")
	if !strings.Contains(ansi.Strip(tm.output()), `typed="x"`) {
		t.Errorf("the answers became keys: %q", tail(ansi.Strip(tm.output()), 300))
	}
}

func TestEndlessPasteIsBounded(t *testing.T) {
	ts, k := probeServer(t, Config{Limits: Limits{MaxPaste: 1024}})
	tm := ts.probeTerm(t, k, "alice")
	before := heapInUse()
	tm.send(pasteStart)
	chunk := strings.Repeat("p", 32*1024)
	for range 256 { // 8 MiB that never ends
		tm.send(chunk)
	}
	tm.send(pasteEnd + "x")
	tm.waitFor("last=x")
	after := heapInUse()
	t.Logf("heap in use: %.1f MiB before, %.1f MiB after an 8 MiB paste", float64(before)/mib, float64(after)/mib)
	if after > before+8*mib {
		t.Errorf("the heap grew by %.1f MiB for one paste", float64(after-before)/mib)
	}
	ts.stillServes(t, k, "size=80x24")
}

func TestCapPtyRequestRejectsMalformedPayloads(t *testing.T) {
	valid := gossh.Marshal(struct {
		Term         string
		W, H, PW, PH uint32
		Modes        string
	}{"xterm", 9000, 9000, 1, 1, ""})
	if !capPtyRequest(valid, 500, 200) {
		t.Fatal("a valid pty request was refused")
	}
	if w, h := binary.BigEndian.Uint32(valid[9:]), binary.BigEndian.Uint32(valid[13:]); w != 500 || h != 200 {
		t.Errorf("capped to %dx%d", w, h)
	}
	for _, p := range [][]byte{nil, {0, 0, 0}, {0xff, 0xff, 0xff, 0xff, 'x'}, valid[:12]} {
		if capPtyRequest(p, 500, 200) {
			t.Errorf("%q accepted", p)
		}
	}
}

func TestKeystrokesWhileBusyAreNotBuffered(t *testing.T) {
	ts, k := probeServer(t, Config{})
	tm := ts.probeTerm(t, k, "mallory")
	before := heapInUse()
	tm.send("B")
	time.Sleep(100 * time.Millisecond)
	// Type as fast as the connection takes it while the program is busy: the server reads one
	// chunk at a time, so the SSH channel's window soon holds the client back.
	var written atomic.Int64
	go func() {
		chunk := []byte(strings.Repeat("j", 32*1024))
		for {
			n, err := tm.stdin.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}()
	time.Sleep(1500 * time.Millisecond)
	accepted := written.Load()
	during := heapInUse()
	t.Logf("while busy: %.1f MiB of keys accepted; heap in use %.1f MiB before, %.1f MiB during", float64(accepted)/mib, float64(before)/mib, float64(during)/mib)
	if accepted > 4*mib {
		t.Errorf("%.1f MiB of keystrokes accepted while the session was busy", float64(accepted)/mib)
	}
	// The heap is the whole test process's: the in-process client's side of the connection and
	// sessions of earlier tests still closing count too, so under load it moves by 15-25 MiB for
	// reasons of its own. What this guards against is a server that buffers whatever it is sent:
	// at loopback speed that is hundreds of MiB in 1.5 s. (accepted above is the exact measure.)
	if during > before+64*mib {
		t.Errorf("the heap grew by %.1f MiB", float64(during-before)/mib)
	}
	tm.close()
	ts.stillServes(t, k, "size=80x24")
}
