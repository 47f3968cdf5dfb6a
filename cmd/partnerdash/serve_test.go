package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/ui/sshserver/sshtest"
)

// servedCmd is `partnerdash serve` running in-process until stopped (the test's signal).
type servedCmd struct {
	addr   string
	stderr *sshtest.LockedBuffer
	stop   context.CancelFunc
	done   chan struct{} // closed when serve has returned err
	err    error
}

// serveEnv is an environment with only a temporary HOME and no config file: the demo tenant,
// unless flags say else. Host keys and audit logs a test does not place itself land in that HOME.
func serveEnv(t *testing.T) sysEnv {
	home := t.TempDir()
	getenv := func(k string) string {
		if k == "HOME" {
			return home
		}
		return ""
	}
	return sysEnv{getenv: getenv, configDir: t.TempDir(), cacheDir: t.TempDir(), now: time.Now}
}

func startServe(t *testing.T, env sysEnv, args ...string) *servedCmd {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &servedCmd{stderr: &sshtest.LockedBuffer{}, stop: cancel, done: make(chan struct{})}
	ready := make(chan net.Addr, 1)
	go func() {
		defer close(s.done)
		s.err = serve(ctx, nil, append([]string{"--addr", "127.0.0.1:0"}, args...), s.stderr, env, func(a net.Addr) { ready <- a })
	}()
	select {
	case a := <-ready:
		s.addr = a.String()
	case <-s.done:
		t.Fatalf("serve ended at start: %v\n%s", s.err, s.stderr.String())
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not start")
	}
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(20 * time.Second):
		}
	})
	return s
}

// shell logs in as alice with a PTY (the SSH test kit's client) and returns a function that
// waits for text on the screen, and the channel the session's end arrives on.
func shell(t *testing.T, addr string, key sshtest.Key) (wait func(string), exited chan error) {
	t.Helper()
	tm, err := sshtest.Open(t, addr, key, "alice", "xterm-256color", 120, 40, nil)
	if err != nil {
		t.Fatal(err)
	}
	return func(want string) { t.Helper(); tm.WaitFor(want) }, tm.Exited
}

func TestServeEndToEnd(t *testing.T) {
	dir := t.TempDir()
	key := sshtest.NewKey(t, "")
	line := key.Line
	keys := filepath.Join(dir, "authorized_keys")
	os.WriteFile(keys, []byte(`environment="PARTNERDASH_ROLE=operator" `+line+" alice@laptop\n"), 0o600)
	hostKey := filepath.Join(dir, "data", "ssh_host_ed25519_key")
	audit := filepath.Join(dir, "state", "audit.log")

	s := startServe(t, serveEnv(t), "--authorized-keys", keys, "--host-key", hostKey, "--audit-log", audit)
	wait, exited := shell(t, s.addr, key)
	wait("alice · operator")
	wait("Jamf Pro (Contoso)")

	// The signal: the session is told, serve returns cleanly.
	s.stop()
	wait("partnerdash: the server is shutting down")
	select {
	case <-exited:
	case <-time.After(20 * time.Second):
		t.Fatal("the session did not end at shutdown")
	}
	<-s.done
	if s.err != nil {
		t.Fatalf("serve: %v\n%s", s.err, s.stderr.String())
	}
	logs := s.stderr.String()
	for _, want := range []string{"host key created", "serving the dashboard over SSH", "session start", "signal received: shutting down", "stopped"} {
		if !strings.Contains(logs, want) {
			t.Errorf("server log lacks %q:\n%s", want, logs)
		}
	}
	for path, mode := range map[string]os.FileMode{hostKey: 0o600, audit: 0o600} {
		st, err := os.Stat(path)
		if err != nil || st.Mode().Perm() != mode {
			t.Errorf("%s: %v mode %v, want %04o", path, err, st.Mode().Perm(), mode)
		}
	}

	// A second start reuses the host key.
	first := fingerprintIn(t, logs)
	s2 := startServe(t, serveEnv(t), "--authorized-keys", keys, "--host-key", hostKey, "--audit-log", audit)
	if strings.Contains(s2.stderr.String(), "host key created") || fingerprintIn(t, s2.stderr.String()) != first {
		t.Errorf("the host key changed between starts:\n%s", s2.stderr.String())
	}
}

func fingerprintIn(t *testing.T, logs string) string {
	t.Helper()
	i := strings.Index(logs, "host_key_fingerprint=")
	if i < 0 {
		t.Fatalf("no fingerprint logged:\n%s", logs)
	}
	return strings.Fields(logs[i:])[0]
}

func TestServeFlagErrors(t *testing.T) {
	dir := t.TempDir()
	line := sshtest.NewKey(t, "").Line
	good := filepath.Join(dir, "keys")
	os.WriteFile(good, []byte(line+"\n"), 0o600)
	bad := filepath.Join(dir, "bad_keys")
	os.WriteFile(bad, []byte(line+"\n"+`environment="PARTNERDASH_ROLE=admin" `+line+"\n"), 0o600)
	common := []string{"--host-key", filepath.Join(dir, "hk"), "--audit-log", filepath.Join(dir, "audit")}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		args   []string
		status int
		want   string
	}{
		{nil, 2, "--authorized-keys FILE is required"},
		{[]string{"--authorized-keys", good, "--max-sessions", "0"}, 2, "--max-sessions must be at least 1"},
		{[]string{"--authorized-keys", good, "--addr", "nowhere"}, 2, `--addr "nowhere"`},
		{[]string{"--authorized-keys", good, "extra"}, 2, `serve takes no arguments, got "extra"`},
		{[]string{"--authorized-keys", good, "--cloud", "mars"}, 2, "mars"},
		{[]string{"--authorized-keys", good, "--idle-timeout", "soon"}, 2, "invalid value"},
		{[]string{"--authorized-keys", good, "--login-grace-time", "0s"}, 2, "--login-grace-time must be positive"},
		{[]string{"--authorized-keys", good, "--max-startups", "0"}, 2, "--max-startups must be at least 1"},
		// A FIFO nobody reads as the audit log: refused at once, not a hang inside open(2).
		{[]string{"--authorized-keys", good, "--host-key", filepath.Join(t.TempDir(), "hk"), "--audit-log", fifo}, 1, fifo + " is a FIFO, not a regular file"},
		{append([]string{"--authorized-keys", bad}, common...), 1, bad + `:2: PARTNERDASH_ROLE="admin"`},
		{append([]string{"--authorized-keys", filepath.Join(dir, "missing")}, common...), 1, "missing"},
		{[]string{"-h"}, 0, "environment=\"PARTNERDASH_ROLE=operator\""},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // none of these may get as far as serving
		err := serve(ctx, nil, append([]string{"--addr", "127.0.0.1:0"}, tt.args...), &stderr, serveEnv(t), nil)
		status := 1
		var usage usageError
		switch {
		case err == nil || err == errHelpShown:
			status = 0
		case errors.As(err, &usage):
			status = 2
		}
		if err != nil {
			stderr.WriteString(err.Error())
		}
		if status != tt.status || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("serve %v: status %d, stderr:\n%s\nwant status %d and %q", tt.args, status, stderr.String(), tt.status, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "hk")); err == nil {
		t.Error("a host key was created although the keys file was bad")
	}
}

func TestXDGDefaults(t *testing.T) {
	env := map[string]string{"HOME": "/home/a", "XDG_STATE_HOME": "relative/ignored"}
	f, _, err := parseServeFlags([]string{"--authorized-keys", "k"}, io.Discard, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if f.hostKey != "/home/a/.local/share/partnerdash/ssh_host_ed25519_key" || f.auditLog != "/home/a/.local/state/partnerdash/audit.log" {
		t.Errorf("defaults %q %q", f.hostKey, f.auditLog)
	}
	// Without an absolute HOME there is no default place: never a path relative to wherever the
	// server was started.
	for _, home := range []string{"", "relative/home"} {
		env := map[string]string{"HOME": home}
		_, _, err := parseServeFlags([]string{"--authorized-keys", "k"}, io.Discard, func(k string) string { return env[k] })
		if err == nil || !strings.Contains(err.Error(), "--host-key") {
			t.Errorf("HOME %q: err = %v, want a usage error naming --host-key", home, err)
		}
	}
	env["XDG_DATA_HOME"] = "/data"
	f, _, _ = parseServeFlags([]string{"--authorized-keys", "k"}, io.Discard, func(k string) string { return env[k] })
	if f.hostKey != "/data/partnerdash/ssh_host_ed25519_key" {
		t.Errorf("host key %q", f.hostKey)
	}
}

func TestServeUsesTheServersGraph(t *testing.T) {
	dir := t.TempDir()
	key := sshtest.NewKey(t, "")
	line := key.Line
	keys := filepath.Join(dir, "authorized_keys")
	os.WriteFile(keys, []byte(line+" bob@desk\n"), 0o600)
	ps := graphsim.DemoTenant(time.Now())
	ps[0].DisplayName = "Served Here"
	hs := httptest.NewServer(graphsim.New(graphsim.WithPartners(ps)))
	defer hs.Close()

	s := startServe(t, serveEnv(t), "--authorized-keys", keys, "--host-key", filepath.Join(dir, "hk"),
		"--audit-log", filepath.Join(dir, "audit"), "--graph-url", hs.URL+"/v1.0")
	wait, _ := shell(t, s.addr, key)
	wait("Served Here")
	wait("bob · viewer")
	if strings.Contains(s.stderr.String(), "demo tenant") {
		t.Errorf("served the demo although --graph-url was given:\n%s", s.stderr.String())
	}
}
