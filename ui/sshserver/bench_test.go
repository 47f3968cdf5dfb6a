package sshserver

import (
	"bufio"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
)

// Environment of the client helper process (see TestMain): the memory benchmark runs its SSH
// clients in a child process, so that the server's heap holds only the server's side.
const (
	envClientAddr  = "SSHSERVER_BENCH_CLIENT_ADDR"
	envClientKey   = "SSHSERVER_BENCH_CLIENT_KEY"
	envClientCount = "SSHSERVER_BENCH_CLIENT_COUNT"
)

func TestMain(m *testing.M) {
	if addr := os.Getenv(envClientAddr); addr != "" {
		os.Exit(runClients(addr))
	}
	os.Exit(m.Run())
}

// runClients opens the sessions, says "ready" once each shows the dashboard, and holds them
// until its stdin closes.
func runClients(addr string) int {
	data, err := os.ReadFile(os.Getenv(envClientKey))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	n, _ := strconv.Atoi(os.Getenv(envClientCount))
	terms := make([]*term, n)
	for i := range terms {
		tm, err := tryOpenTerm(nil, addr, testKey{signer: signer}, fmt.Sprintf("idle%02d", i), 120, 40)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		terms[i] = tm
	}
	deadline := time.Now().Add(waitLong)
	for _, tm := range terms {
		for !strings.Contains(ansi.Strip(tm.output()), "Rejected") {
			if time.Now().After(deadline) {
				fmt.Fprintln(os.Stderr, "a session never showed the dashboard")
				return 1
			}
			time.Sleep(10 * time.Millisecond)
		}
		tm.settle(50 * time.Millisecond)
	}
	fmt.Println("ready")
	bufio.NewReader(os.Stdin).ReadString('\n')
	for _, tm := range terms {
		tm.close()
	}
	return 0
}

// BenchmarkIdleSessionMemory reports the server's heap and goroutine stacks per idle dashboard
// session (120x40, demo tenant loaded), with the clients in another process.
// Run with -benchtime=1x: one iteration opens 20 sessions.
func BenchmarkIdleSessionMemory(b *testing.B) {
	const sessions = 20
	k := newTestKey(b, "idle")
	ts := startServer(b, Config{AuthorizedKeys: writeFile(b, "keys", k.line), MaxSessions: sessions})
	block, err := gossh.MarshalPrivateKey(k.priv, "")
	if err != nil {
		b.Fatal(err)
	}
	keyPath := filepath.Join(b.TempDir(), "id")
	os.WriteFile(keyPath, pem.EncodeToMemory(block), 0o600)

	var perSession, goroutines float64
	for range b.N {
		before := heapInUse()
		g0 := runtime.NumGoroutine()
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), envClientAddr+"="+ts.addr, envClientKey+"="+keyPath, envClientCount+"="+strconv.Itoa(sessions))
		stdin, _ := cmd.StdinPipe()
		stdout, _ := cmd.StdoutPipe()
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err != nil || line != "ready\n" {
			b.Fatalf("client process: %q %v", line, err)
		}
		if n := ts.Sessions(); n != sessions {
			b.Fatalf("%d sessions open, want %d", n, sessions)
		}
		during := heapInUse()
		perSession += float64(int64(during)-int64(before)) / sessions
		goroutines += float64(runtime.NumGoroutine()-g0) / sessions
		stdin.Close()
		cmd.Wait()
		for ts.Sessions() != 0 {
			time.Sleep(10 * time.Millisecond)
		}
	}
	b.ReportMetric(perSession/float64(b.N)/1024, "KiB/session")
	b.ReportMetric(goroutines/float64(b.N), "goroutines/session")
}

// BenchmarkCursorDownBytes reports how many bytes the client receives for one cursor move in
// the partner list (the cursor goes down and up in turn, so every key moves it), at 120x40 (the
// size the issue names: list and detail side by side) and at 80x24 (list only), and the bytes
// of the first full screen.
func BenchmarkCursorDownBytes(b *testing.B) {
	k := newTestKey(b, "keys")
	ts := startServer(b, Config{AuthorizedKeys: writeFile(b, "keys", k.line)})
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		b.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(b *testing.B) {
			tm := openTerm(b, ts.addr, k, "alice", size[0], size[1])
			tm.waitFor("Rejected")
			first := tm.settle(100 * time.Millisecond)
			b.ResetTimer()
			var total int64
			for i := range b.N {
				before := tm.received()
				key := "j"
				if i%2 == 1 {
					key = "k"
				}
				sent := time.Now()
				tm.send(key)
				total += tm.settleAfter(sent, 50*time.Millisecond) - before
			}
			b.ReportMetric(float64(total)/float64(b.N), "bytes/key")
			b.ReportMetric(float64(first), "bytes/first-screen")
			tm.close()
		})
	}
}
