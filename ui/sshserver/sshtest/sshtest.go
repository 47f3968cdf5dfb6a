// Package sshtest is the SSH test kit: one key builder, one in-process SSH client with a PTY that
// behaves like a terminal, and one goroutine-safe buffer, for the SSH server's tests and the
// serve command's.
package sshtest

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
)

// WaitLong bounds every "eventually"; -race on two shared cores is slow.
const WaitLong = 15 * time.Second

// Key is a client key and its authorized_keys line.
type Key struct {
	Signer  gossh.Signer
	Private ed25519.PrivateKey
	Line    string // the authorized_keys line, without options
}

// NewKey makes an ed25519 key; comment, when set, ends its authorized_keys line.
func NewKey(t testing.TB, comment string) Key {
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
	return Key{Signer: s, Private: priv, Line: line}
}

// LockedBuffer is a goroutine-safe buffer, for logs written by server goroutines.
type LockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p.
func (l *LockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String is everything written so far.
func (l *LockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Dial logs in to addr as user with key.
func Dial(addr string, key Key, user string) (*gossh.Client, error) {
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User:            user,
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(key.Signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         WaitLong,
	})
}

// Tail is the last n bytes of s, for failure messages.
func Tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// Term is an SSH client with a PTY that keeps everything the server sent. It answers no terminal
// query: the server asks none (what it needs comes from the pty request and the environment).
type Term struct {
	T      testing.TB // where failures go; nil for a session opened off the test goroutine until set
	client *gossh.Client
	sess   *gossh.Session
	Stdin  io.WriteCloser // what the user types

	mu      sync.Mutex
	out     bytes.Buffer
	total   int64
	changed time.Time
	Exited  chan error // the session's end
}

// Open logs in to addr as user with key and opens a w×h PTY session of termType, after sending
// env (NAME=value) as env requests.
func Open(t testing.TB, addr string, key Key, user, termType string, w, h int, env []string) (*Term, error) {
	c, err := Dial(addr, key, user)
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
	tm := &Term{T: t, client: c, sess: sess, Exited: make(chan error, 1)}
	stdin, _ := sess.StdinPipe()
	stdout, _ := sess.StdoutPipe()
	stderr, _ := sess.StderrPipe()
	tm.Stdin = stdin
	if err := sess.Shell(); err != nil {
		c.Close()
		return nil, err
	}
	if t != nil {
		t.Cleanup(tm.Close)
	}
	var readers sync.WaitGroup
	readers.Add(2)
	go func() { defer readers.Done(); tm.read(stdout) }()
	go func() { defer readers.Done(); tm.read(stderr) }()
	go func() { err := sess.Wait(); readers.Wait(); tm.Exited <- err }()
	return tm, nil
}

func (tm *Term) read(r io.Reader) {
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

// Close ends the session and the connection.
func (tm *Term) Close() {
	tm.sess.Close()
	tm.client.Close()
}

// Output is everything received so far.
func (tm *Term) Output() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.out.String()
}

// Received is the byte count so far.
func (tm *Term) Received() int64 {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.total
}

// Reset forgets the output so far, so the next waitFor sees only what comes after.
func (tm *Term) Reset() {
	tm.mu.Lock()
	tm.out.Reset()
	tm.mu.Unlock()
}

// WaitFor waits until the output, without escape sequences, contains every one of want.
func (tm *Term) WaitFor(want ...string) {
	tm.T.Helper()
	tm.waitUntil(ansi.Strip, want)
}

// WaitForRaw is WaitFor on the bytes as sent, escape sequences included.
func (tm *Term) WaitForRaw(want ...string) {
	tm.T.Helper()
	tm.waitUntil(func(s string) string { return s }, want)
}

func (tm *Term) waitUntil(view func(string) string, want []string) {
	tm.T.Helper()
	deadline := time.Now().Add(WaitLong)
	for {
		out := view(tm.Output())
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
			tm.T.Fatalf("the screen never showed %q; received:\n%q", missing, Tail(out, 3000))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Settle waits until nothing has arrived for quiet, and returns the byte count.
func (tm *Term) Settle(quiet time.Duration) int64 {
	return tm.SettleAfter(time.Time{}, quiet)
}

// SettleAfter waits for output after since (up to half a second: a key may change nothing), then
// until nothing has arrived for quiet, and returns the byte count.
func (tm *Term) SettleAfter(since time.Time, quiet time.Duration) int64 {
	deadline := time.Now().Add(WaitLong)
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
	if tm.T != nil {
		tm.T.Fatalf("the output never settled")
	}
	return -1
}

// Send types keys.
func (tm *Term) Send(keys string) {
	tm.T.Helper()
	if _, err := io.WriteString(tm.Stdin, keys); err != nil {
		tm.T.Fatalf("typing %q: %v", keys, err)
	}
}

// Resize changes the window size.
func (tm *Term) Resize(w, h int) {
	tm.T.Helper()
	if err := tm.sess.WindowChange(h, w); err != nil {
		tm.T.Fatalf("window change: %v", err)
	}
}

// WaitExit waits for the server to end the session and returns its exit error.
func (tm *Term) WaitExit() error {
	tm.T.Helper()
	select {
	case err := <-tm.Exited:
		return err
	case <-time.After(WaitLong):
		tm.T.Fatalf("the session did not end; received:\n%q", Tail(tm.Output(), 2000))
		return nil
	}
}
