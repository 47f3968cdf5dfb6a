package sshserver

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/partnerdash/partnerdash/client"
	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
)

// The SSH load benchmark (issue 13): N sessions at 120x40 on a simulator with P partners, every
// session pressing j/k at a rate, the way `serve` runs (the simulator in process behind the real
// client). The SSH clients run in a child process (BenchmarkSSHLoadClients), so the server's
// memory and CPU figures are the server's alone. Loopback only; every phase is bounded.
//
//	go test -run='^$' -bench='^BenchmarkSSHLoad$' -benchtime=1x ./ui/sshserver/ \
//	    -args -sshload.sessions=200 -sshload.partners=1000 -sshload.rate=5 -sshload.duration=10s
//
// Reported: time to first dashboard (p50, max: from dialling to a frame with partner names,
// all sessions arriving at once), keystroke-to-frame p50/p99 (from writing a key to the first
// output after it; when frames fall behind the keys this under-counts, so "keys-behind" reports
// how many keys found an earlier key still waiting), Graph requests made (counted at the
// simulator; list pages separately), server peak heap (heap+stacks, sampled every 50 ms) and peak
// RSS, server CPU per keystroke, and server CPU while all sessions sit idle afterwards.
var (
	loadSessions = flag.Int("sshload.sessions", 20, "SSH sessions to open")
	loadPartners = flag.Int("sshload.partners", 1000, "partners in the simulator")
	loadRate     = flag.Float64("sshload.rate", 5, "keys per second per session")
	loadDuration = flag.Duration("sshload.duration", 10*time.Second, "how long every session types")
	loadIdle     = flag.Duration("sshload.idle", 5*time.Second, "how long the sessions then sit idle")
	loadIdleProf = flag.String("sshload.idleprofile", "", "write a CPU profile of the server while every session sits idle to this file")
)

// Environment of the client process.
const (
	envLoadAddr     = "SSHSERVER_LOAD_ADDR"
	envLoadKey      = "SSHSERVER_LOAD_KEY"
	envLoadSessions = "SSHSERVER_LOAD_SESSIONS"
	envLoadRate     = "SSHSERVER_LOAD_RATE"
	envLoadDuration = "SSHSERVER_LOAD_DURATION"
	envLoadIdle     = "SSHSERVER_LOAD_IDLE"
)

// loadResult is what the client process reports, as one JSON line after "result ".
type loadResult struct {
	FirstDashboard []time.Duration
	KeyToFrame     []time.Duration
	Keys           int
	KeysBehind     int
	Unanswered     int
	Errors         []string
}

// countingTransport counts the requests that reach the simulator.
type countingTransport struct {
	next  http.RoundTripper
	all   atomic.Int64
	lists atomic.Int64 // GETs of the partner collection (every page)
}

func (c *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c.all.Add(1)
	if req.Method == http.MethodGet && strings.HasSuffix(req.URL.Path, "/deviceManagementPartners") {
		c.lists.Add(1)
	}
	return c.next.RoundTrip(req)
}

// loadPartnerSet is p partners cycled from the demo tenant, with distinct ids and names ending in
// "#<n>" (which is how the client recognises a dashboard frame).
func loadPartnerSet(p int) []model.Partner {
	demo := graphsim.DemoTenant(testNow)
	out := make([]model.Partner, p)
	for i := range out {
		q := demo[i%len(demo)]
		q.ID = fmt.Sprintf("%08x-aaaa-4bbb-8ccc-%012x", i, i)
		q.DisplayName = fmt.Sprintf("%s #%d", q.DisplayName, i)
		out[i] = q
	}
	return out
}

// serverMemory samples the heap (without forcing a collection) until stopped, keeping the peak.
type serverMemory struct {
	peak atomic.Uint64
	stop chan struct{}
	done chan struct{}
}

func sampleMemory() *serverMemory {
	m := &serverMemory{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(m.done)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if v := ms.HeapInuse + ms.StackInuse; v > m.peak.Load() {
				m.peak.Store(v)
			}
			select {
			case <-m.stop:
				return
			case <-t.C:
			}
		}
	}()
	return m
}

func (m *serverMemory) finish() uint64 { close(m.stop); <-m.done; return m.peak.Load() }

// peakRSS is the process's VmHWM in bytes (Linux), or 0.
func peakRSS() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseUint(f[1], 10, 64)
			return kb * 1024
		}
	}
	return 0
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkSSHLoad(b *testing.B) {
	n, p := *loadSessions, *loadPartners
	sim := graphsim.New(
		graphsim.WithPartners(loadPartnerSet(p)),
		graphsim.WithClock(func() time.Time { return testNow }),
	)
	hc := sim.Client()
	counter := &countingTransport{next: hc.Transport}
	hc.Transport = CaptureRequestIDs(counter)
	svc, err := client.New(graphsim.DemoBaseURL, client.WithHTTPClient(hc))
	if err != nil {
		b.Fatal(err)
	}
	k := newTestKey(b, "load")
	ts := startServer(b, Config{AuthorizedKeys: writeFile(b, "keys", k.line), MaxSessions: n, Service: svc,
		Limits: Limits{MaxStartups: n}}) // every session logs in at once, as in TestLoadFiftySessionsBrowsing
	block, err := gossh.MarshalPrivateKey(k.priv, "")
	if err != nil {
		b.Fatal(err)
	}
	keyPath := filepath.Join(b.TempDir(), "id")
	if err := os.WriteFile(keyPath, pem.EncodeToMemory(block), 0o600); err != nil {
		b.Fatal(err)
	}

	for range b.N {
		runtime.GC()
		mem := sampleMemory()
		requests0, lists0 := counter.all.Load(), counter.lists.Load()
		bound := 2*time.Minute + *loadDuration + *loadIdle
		ctx, cancel := context.WithTimeout(context.Background(), bound)
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$", "-test.bench=^BenchmarkSSHLoadClients$", "-test.benchtime=1x")
		cmd.Env = append(os.Environ(),
			envLoadAddr+"="+ts.addr, envLoadKey+"="+keyPath, envLoadSessions+"="+strconv.Itoa(n),
			envLoadRate+"="+strconv.FormatFloat(*loadRate, 'f', -1, 64),
			envLoadDuration+"="+loadDuration.String(), envLoadIdle+"="+loadIdle.String())
		cmd.Stderr = os.Stderr
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			cancel()
			b.Fatal(err)
		}
		var res loadResult
		var typingCPU, idleCPU time.Duration
		var idleFor time.Duration
		var typingStart, idleStart time.Time
		var cpu0 time.Duration
		var idleProf *os.File
		var requestsAtDashboards, listsAtDashboards int64
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "dashboards":
				requestsAtDashboards, listsAtDashboards = counter.all.Load()-requests0, counter.lists.Load()-lists0
				cpu0, typingStart = cpuTime(), time.Now()
			case line == "idle":
				typingCPU = cpuTime() - cpu0
				cpu0, idleStart = cpuTime(), time.Now()
				_ = typingStart
				if *loadIdleProf != "" {
					if f, err := os.Create(*loadIdleProf); err == nil {
						idleProf = f
						pprof.StartCPUProfile(f)
					}
				}
			case line == "closing":
				idleCPU, idleFor = cpuTime()-cpu0, time.Since(idleStart)
				if idleProf != nil {
					pprof.StopCPUProfile()
					idleProf.Close()
				}
			case strings.HasPrefix(line, "result "):
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "result ")), &res); err != nil {
					b.Fatal(err)
				}
			}
		}
		werr := cmd.Wait()
		cancel()
		peakHeap := mem.finish()
		if werr != nil {
			b.Fatalf("client process: %v", werr)
		}
		for _, e := range res.Errors {
			b.Error(e)
		}
		if len(res.FirstDashboard) != n {
			b.Fatalf("%d of %d sessions showed the dashboard", len(res.FirstDashboard), n)
		}
		slices.Sort(res.FirstDashboard)
		slices.Sort(res.KeyToFrame)
		ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
		b.ReportMetric(ms(pct(res.FirstDashboard, 50)), "first-dash-p50-ms")
		b.ReportMetric(ms(res.FirstDashboard[len(res.FirstDashboard)-1]), "first-dash-max-ms")
		b.ReportMetric(ms(pct(res.KeyToFrame, 50)), "key-frame-p50-ms")
		b.ReportMetric(ms(pct(res.KeyToFrame, 99)), "key-frame-p99-ms")
		b.ReportMetric(float64(res.Keys), "keys")
		b.ReportMetric(float64(res.KeysBehind), "keys-behind")
		b.ReportMetric(float64(res.Unanswered), "keys-unanswered")
		b.ReportMetric(float64(requestsAtDashboards), "graph-requests-to-dash")
		b.ReportMetric(float64(listsAtDashboards), "graph-list-pages-to-dash")
		b.ReportMetric(float64(counter.all.Load()-requests0), "graph-requests")
		b.ReportMetric(float64(counter.all.Load()), "graph-requests-since-start")
		b.ReportMetric(float64(ts.Snapshots().Fetches()), "tenant-fetches")
		b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MiB")
		b.ReportMetric(float64(peakRSS())/(1<<20), "peak-rss-MiB")
		if res.Keys > 0 {
			b.ReportMetric(ms(typingCPU)/float64(res.Keys), "cpu-ms/key")
		}
		if idleFor > 0 {
			b.ReportMetric(100*float64(idleCPU)/float64(idleFor), "idle-cpu-%core")
		}
		for ts.Sessions() != 0 {
			time.Sleep(10 * time.Millisecond)
		}
	}
}

func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[min(max(i-1, 0), len(sorted)-1)]
}

// dashboardFrame matches a frame that shows partners ("Name #12").
var dashboardFrame = regexp.MustCompile(`#[0-9]`)

// loadSession is one client session of the load: it answers the terminal queries, and times
// each key to the first output after it.
type loadSession struct {
	client *gossh.Client
	sess   *gossh.Session
	stdin  io.WriteCloser

	mu        sync.Mutex
	seen      bytes.Buffer // output until the dashboard shows; then dropped
	dashboard chan struct{}
	shown     bool
	answered  bool
	pending   []time.Time // keys sent and not yet followed by output
	latencies []time.Duration
	behind    int
}

func openLoadSession(addr string, signer gossh.Signer, user string) (*loadSession, error) {
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: waitLong,
	})
	if err != nil {
		return nil, err
	}
	sess, err := c.NewSession()
	if err != nil {
		c.Close()
		return nil, err
	}
	if err := sess.RequestPty("xterm-256color", 40, 120, gossh.TerminalModes{}); err != nil {
		c.Close()
		return nil, err
	}
	ls := &loadSession{client: c, sess: sess, dashboard: make(chan struct{})}
	ls.stdin, _ = sess.StdinPipe()
	stdout, _ := sess.StdoutPipe()
	if err := sess.Shell(); err != nil {
		c.Close()
		return nil, err
	}
	go ls.read(stdout)
	return ls, nil
}

func (ls *loadSession) read(r io.Reader) {
	buf := make([]byte, 32*1024)
	for {
		n, err := r.Read(buf)
		now := time.Now()
		if n > 0 {
			ls.mu.Lock()
			for _, sent := range ls.pending {
				ls.latencies = append(ls.latencies, now.Sub(sent))
			}
			ls.pending = ls.pending[:0]
			answer := false
			if !ls.shown {
				ls.seen.Write(buf[:n])
				answer = !ls.answered && bytes.Contains(ls.seen.Bytes(), []byte("\x1b[c"))
				if answer {
					ls.answered = true
				}
				if dashboardFrame.Match(ls.seen.Bytes()) {
					ls.shown = true
					ls.seen = bytes.Buffer{}
					close(ls.dashboard)
				}
			}
			ls.mu.Unlock()
			if answer { // what xterm says: a dark background, then its device attributes
				io.WriteString(ls.stdin, "\x1b]11;rgb:1c1c/1c1c/1c1c\x07\x1b[?62;22c")
			}
		}
		if err != nil {
			return
		}
	}
}

func (ls *loadSession) press(key string) error {
	ls.mu.Lock()
	if len(ls.pending) > 0 {
		ls.behind++
	}
	ls.pending = append(ls.pending, time.Now())
	ls.mu.Unlock()
	_, err := io.WriteString(ls.stdin, key)
	return err
}

// BenchmarkSSHLoadClients is the client side of BenchmarkSSHLoad, run by it in a child process;
// on its own it does nothing.
func BenchmarkSSHLoadClients(b *testing.B) {
	addr := os.Getenv(envLoadAddr)
	if addr == "" {
		b.Skip("the client process of BenchmarkSSHLoad")
	}
	res := runLoadClients(addr)
	data, _ := json.Marshal(res)
	fmt.Printf("\nresult %s\n", data)
}

func runLoadClients(addr string) (res loadResult) {
	fail := func(format string, args ...any) loadResult {
		res.Errors = append(res.Errors, fmt.Sprintf(format, args...))
		return res
	}
	pemData, err := os.ReadFile(os.Getenv(envLoadKey))
	if err != nil {
		return fail("%v", err)
	}
	signer, err := gossh.ParsePrivateKey(pemData)
	if err != nil {
		return fail("%v", err)
	}
	n, _ := strconv.Atoi(os.Getenv(envLoadSessions))
	rate, _ := strconv.ParseFloat(os.Getenv(envLoadRate), 64)
	typing, _ := time.ParseDuration(os.Getenv(envLoadDuration))
	idle, _ := time.ParseDuration(os.Getenv(envLoadIdle))
	if n <= 0 || rate <= 0 {
		return fail("bad load settings: %d sessions, %g keys/s", n, rate)
	}

	// Every session arrives at once; each times dial to first dashboard.
	sessions := make([]*loadSession, n)
	firsts := make([]time.Duration, n)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			ls, err := openLoadSession(addr, signer, fmt.Sprintf("load%03d", i))
			if err != nil {
				mu.Lock()
				res.Errors = append(res.Errors, fmt.Sprintf("session %d: %v", i, err))
				mu.Unlock()
				return
			}
			sessions[i] = ls
			select {
			case <-ls.dashboard:
				firsts[i] = time.Since(start)
			case <-time.After(time.Minute):
				mu.Lock()
				res.Errors = append(res.Errors, fmt.Sprintf("session %d showed no dashboard in a minute", i))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	defer func() {
		for _, ls := range sessions {
			if ls != nil {
				ls.client.Close()
			}
		}
	}()
	if len(res.Errors) > 0 {
		return res
	}
	res.FirstDashboard = firsts
	time.Sleep(time.Second) // let the first frames settle before timing keys
	fmt.Println("dashboards")

	// Every session types at the rate, starting at staggered offsets, until the duration ends.
	interval := time.Duration(float64(time.Second) / rate)
	deadline := time.Now().Add(typing)
	for i, ls := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(interval * time.Duration(i) / time.Duration(n))
			tick := time.NewTicker(interval)
			defer tick.Stop()
			for j := 0; time.Now().Before(deadline); j++ {
				key := "j"
				if j/20%2 == 1 {
					key = "k"
				}
				if ls.press(key) != nil {
					return
				}
				<-tick.C
			}
		}()
	}
	wg.Wait()
	time.Sleep(2 * time.Second) // the last frames
	fmt.Println("idle")
	time.Sleep(idle)
	fmt.Println("closing")
	for _, ls := range sessions {
		ls.mu.Lock()
		res.KeyToFrame = append(res.KeyToFrame, ls.latencies...)
		res.Keys += len(ls.latencies) + len(ls.pending)
		res.Unanswered += len(ls.pending)
		res.KeysBehind += ls.behind
		ls.mu.Unlock()
	}
	return res
}
