package sshserver

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// browseKeys is what a support person does in the dashboard: move, jump, switch panes, sort,
// refresh, toggle filters and help. Each session walks it from its own starting point. There is
// no bare escape: under load it can arrive together with the next key and read as alt+key.
var browseKeys = []string{"j", "j", "k", "G", "g", "\t", "j", "\t", "s", "j", "\r", "r", "\x1b[B", "\x1b[A", "u", "u", "?", "?", "k", "j"}

// heapInUse is live heap plus goroutine stacks after a full collection.
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc + m.StackInuse
}

// TestLoadFiftySessionsBrowsing serves 50 concurrent sessions that browse the demo tenant, and
// reports the memory they take. Clients run in this process too, so the per-session figure
// includes their side of each connection; BenchmarkIdleSessionMemory measures the server alone.
func TestLoadFiftySessionsBrowsing(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	const sessions = 50
	k := newTestKey(t, "loader")
	// Every session logs in at once: MaxStartups must let them all through the door.
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", k.operator()), MaxSessions: sessions,
		Limits: Limits{MaxStartups: sessions}})
	before := heapInUse()
	goroutinesBefore := runtime.NumGoroutine()

	terms := make([]*term, sessions)
	var opened sync.WaitGroup
	errs := make(chan error, sessions)
	for i := range terms {
		opened.Add(1)
		go func() {
			defer opened.Done()
			tm, err := tryOpenTerm(nil, ts.addr, k, fmt.Sprintf("user%02d", i), 100+i%3*10, 30+i%2*10)
			if err != nil {
				errs <- fmt.Errorf("session %d: %v", i, err)
				return
			}
			tm.T = t
			terms[i] = tm
		}()
	}
	opened.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		t.FailNow()
	}
	defer func() {
		for _, tm := range terms {
			tm.close()
		}
	}()
	for _, tm := range terms {
		tm.waitFor("Jamf Pro (Adatum)", "Rejected")
	}
	if n := ts.Sessions(); n != sessions {
		t.Fatalf("%d sessions open, want %d", n, sessions)
	}
	during := heapInUse()
	t.Logf("%d sessions open: heap+stacks %.1f MiB more than before, %.0f KiB per session (server and in-process client), %.1f goroutines per session",
		sessions, float64(during-before)/(1<<20), float64(during-before)/sessions/1024,
		float64(runtime.NumGoroutine()-goroutinesBefore)/sessions)

	start := time.Now()
	var browsing sync.WaitGroup
	for i, tm := range terms {
		browsing.Add(1)
		go func() {
			defer browsing.Done()
			for j := range browseKeys {
				if _, err := tm.stdin.Write([]byte(browseKeys[(i+j)%len(browseKeys)])); err != nil {
					return
				}
				time.Sleep(15 * time.Millisecond)
			}
			tm.stdin.Write([]byte("\x03")) // ctrl+c quits from any view
		}()
	}
	browsing.Wait()
	for i, tm := range terms {
		select {
		case err := <-tm.exited:
			if err != nil {
				t.Errorf("session %d ended with %v; last output %q", i, err, tail(tm.output(), 300))
			}
		case <-time.After(waitLong):
			t.Errorf("session %d did not quit; last output %q", i, tail(tm.output(), 300))
		}
	}
	t.Logf("%d sessions browsed %d keys each and quit in %s", sessions, len(browseKeys), time.Since(start).Round(time.Millisecond))
	deadline := time.Now().Add(waitLong)
	for ts.Sessions() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := ts.Sessions(); n != 0 {
		t.Errorf("%d sessions still open after every client quit", n)
	}
	logs := ts.logs.String()
	for _, bad := range []string{"panicked", "program failed", "level=ERROR"} {
		if strings.Contains(logs, bad) {
			t.Errorf("server log has %q:\n%s", bad, logs)
		}
	}
	if got := strings.Count(logs, `msg="session end"`); got != sessions {
		t.Errorf("%d sessions ended in the log, want %d", got, sessions)
	}
	if ts.audit.String() != "" {
		t.Errorf("browsing changed something:\n%s", ts.audit.String())
	}
}
