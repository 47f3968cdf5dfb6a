package main

import (
	"context"
	"crypto/subtle"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"time"

	"github.com/partnerdash/partnerdash/client/graphsim"
)

func init() {
	register(command{
		name:    "sim",
		summary: "serve the Graph simulator (the demo tenant, or --data) over HTTP",
		run: func(args []string, stdout, stderr io.Writer) error {
			ctx, stop := signalContext()
			defer stop()
			return runSim(ctx, args, stdout, stderr, time.Now)
		},
	})
}

const simHelp = `Usage: partnerdash sim [flags]

Serves graphsim, the simulated Microsoft Graph deviceManagementPartners API that the dashboard's
demo runs on, over plain HTTP for scripts, curl and other Graph clients. The first line on
stdout names the base URL served; point the dashboard at it with --graph-url.

Routes, under /v1.0 and /beta:
  GET    /deviceManagement/deviceManagementPartners             list ($top, $select, $count=true)
  POST   /deviceManagement/deviceManagementPartners             create: 201 with the new partner
  GET    /deviceManagement/deviceManagementPartners/{id}        one partner
  PATCH  /deviceManagement/deviceManagementPartners/{id}        update: 204 (200 with --patch-returns-body)
  DELETE /deviceManagement/deviceManagementPartners/{id}        delete: 204
  POST   /deviceManagement/deviceManagementPartners/{id}/terminate   terminate: 204
  /deviceManagement/complianceManagementPartners[/{id}]       the same, without terminate
  POST   /directoryObjects/getByIds, GET /groups?$search=...   the tenant's group names
{id} may also be written as Intune does: deviceManagementPartners('{id}'). Request bodies may be
gzip or deflate compressed, as Microsoft's SDKs send them. v1.0 and beta each serve and accept
their own schema: v1.0 has no assignment filters, no scope-tag targets and no Linux members.

The partners are the built-in demo tenant (dated from now) unless --data names a JSON file shaped
like a Graph list response, {"value":[...]}, such as the output of 'partnerdash list -o json', or
one with both kinds and groups: {"deviceManagementPartners":{"value":[...]},
"complianceManagementPartners":{"value":[...]},"groups":{"value":[{"id":...,"displayName":...}]}}.
Changes are kept in memory only. SIGINT or SIGTERM stops the server.

A fleet: --tenants N serves N generated tenants (healthy and failing partners, about one in
twenty with consent missing, one throttled, one down) under /tenants/{id}/v1.0; real Graph tells
tenants apart by the token instead. --write-fleet FILE writes a fleet file for check, exporter
and the fleet screen that points at them.

Faults, to see how a client copes: --latency delays every answer; --throttle-every and
--throttle-rate answer 429 Too Many Requests with Graph's error body and a Retry-After of
--retry-after; --require-token answers 401 to requests without the bearer token. Every error has
Graph's shape: error.code, error.message and innerError with the request-id.

Examples:
  partnerdash sim
  partnerdash sim --addr 127.0.0.1:0 --data partners.json --page-size 5
  partnerdash sim --latency 300ms --throttle-every 4 --log
  partnerdash sim --tenants 1000 --latency 300ms --write-fleet fleet.toml
  partnerdash --graph-url http://127.0.0.1:8080/v1.0

`

// simConfig is what sim's flags say.
type simConfig struct {
	addr             string
	data             string
	pageSize         int
	latency          time.Duration
	throttleEvery    int
	throttleRate     float64
	retryAfter       time.Duration
	seed             uint64
	requireToken     string
	patchReturnsBody bool
	logRequests      bool
	readTimeout      time.Duration
	idleTimeout      time.Duration
	tenants          int    // > 0: a fleet of generated tenants (simfleet.go)
	writeFleet       string // write a fleet file pointing at them
}

// parseSimFlags reads sim's flags; -h prints the help on stdout.
func parseSimFlags(args []string, stdout io.Writer) (simConfig, error) {
	var c simConfig
	fs := flag.NewFlagSet("sim", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned on one line, help goes to stdout
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "`HOST:PORT` to listen on (port 0 picks a free one)")
	fs.StringVar(&c.data, "data", "", "serve the partners in this JSON `FILE` instead of the demo tenant")
	fs.IntVar(&c.pageSize, "page-size", graphsim.DefaultPageSize, "at most `N` partners per list page; $top asks for fewer")
	fs.DurationVar(&c.latency, "latency", 0, "delay every response by `DURATION`, e.g. 250ms")
	fs.IntVar(&c.throttleEvery, "throttle-every", 0, "answer every `N`th request with 429 Too Many Requests (0: never)")
	fs.Float64Var(&c.throttleRate, "throttle-rate", 0, "answer requests with 429 at this `RATE`, a probability from 0 to 1")
	fs.DurationVar(&c.retryAfter, "retry-after", time.Second, "the Retry-After `DURATION` of 429 answers (0: leave it out)")
	fs.Uint64Var(&c.seed, "seed", 1, "`SEED` for --throttle-rate and new ids, so a run repeats")
	fs.StringVar(&c.requireToken, "require-token", "", "answer 401 unless requests carry 'Authorization: Bearer `TOKEN`' ('*' takes any token)")
	fs.BoolVar(&c.patchReturnsBody, "patch-returns-body", false, "PATCH answers 200 with the partner, as the docs say, instead of Intune's 204")
	fs.BoolVar(&c.logRequests, "log", false, "log every request on stderr")
	fs.DurationVar(&c.readTimeout, "read-timeout", 30*time.Second, "close a connection whose request (headers and body) takes longer than `DURATION` to arrive")
	fs.DurationVar(&c.idleTimeout, "idle-timeout", 2*time.Minute, "close a kept-alive connection idle for `DURATION`")
	fs.IntVar(&c.tenants, "tenants", 0, "serve `N` generated tenants under /tenants/{id}/v1.0 instead of one (a fleet)")
	fs.StringVar(&c.writeFleet, "write-fleet", "", "with --tenants, write a fleet `FILE` that points at them")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, simHelp)
			printFlags(stdout, fs)
			return c, errHelpShown
		}
		return c, usageError{fmt.Sprintf("sim: %v (see partnerdash sim -h)", err)}
	}
	bad := func(format string, a ...any) (simConfig, error) {
		return c, usageError{"sim: " + fmt.Sprintf(format, a...)}
	}
	switch {
	case fs.NArg() > 0:
		return bad("unexpected argument %q (see partnerdash sim -h)", fs.Arg(0))
	case c.pageSize < 1:
		return bad("--page-size must be at least 1, not %d", c.pageSize)
	case c.latency < 0:
		return bad("--latency cannot be negative (%s)", c.latency)
	case c.throttleEvery < 0:
		return bad("--throttle-every cannot be negative (%d)", c.throttleEvery)
	case c.throttleRate < 0 || c.throttleRate > 1:
		return bad("--throttle-rate must be between 0 and 1, not %g", c.throttleRate)
	case c.retryAfter < 0:
		return bad("--retry-after cannot be negative (%s)", c.retryAfter)
	case c.readTimeout <= 0:
		return bad("--read-timeout must be positive (%s)", c.readTimeout)
	case c.idleTimeout <= 0:
		return bad("--idle-timeout must be positive (%s)", c.idleTimeout)
	case c.tenants < 0 || c.tenants > 100_000:
		return bad("--tenants must be between 0 and 100000, not %d", c.tenants)
	case c.writeFleet != "" && c.tenants == 0:
		return bad("--write-fleet needs --tenants")
	case c.tenants > 0 && c.data != "":
		return bad("--data and --tenants do not go together (generated tenants have their own partners)")
	case c.tenants > 0 && (c.throttleEvery > 0 || c.throttleRate > 0 || c.requireToken != ""):
		return bad("--tenants sets each tenant's faults itself: --throttle-every, --throttle-rate and --require-token do not go with it")
	}
	if _, _, err := net.SplitHostPort(c.addr); err != nil {
		return bad("--addr %q: want host:port, e.g. 127.0.0.1:8080", c.addr)
	}
	return c, nil
}

// newSim builds the simulator the flags describe, with the tenant from --data or the demo's.
func newSim(c simConfig, now func() time.Time) (*graphsim.Server, string, error) {
	tenant, source := graphsim.Demo(now()), "the built-in demo tenant"
	if c.data != "" {
		t, err := graphsim.LoadTenantFile(c.data)
		if err != nil {
			return nil, "", err
		}
		tenant, source = t, c.data
	}
	opts := []graphsim.Option{
		graphsim.WithTenant(tenant),
		graphsim.WithClock(now),
		graphsim.WithPageSize(c.pageSize),
		graphsim.WithLatency(c.latency),
		graphsim.WithThrottleEvery(c.throttleEvery),
		graphsim.WithThrottleRate(c.throttleRate),
		graphsim.WithRetryAfter(c.retryAfter),
		graphsim.WithSeed(c.seed),
		graphsim.WithPatchReturnsBody(c.patchReturnsBody),
	}
	if want := c.requireToken; want != "" {
		opts = append(opts, graphsim.WithRequireToken(func(tok string) bool {
			return want == "*" || subtle.ConstantTimeCompare([]byte(tok), []byte(want)) == 1
		}))
	}
	return graphsim.New(opts...), fmt.Sprintf("%s from %s", tenant.Describe(), source), nil
}

// runSim parses the flags, loads the data, and serves until ctx is cancelled.
func runSim(ctx context.Context, args []string, stdout, stderr io.Writer, now func() time.Time) error {
	c, err := parseSimFlags(args, stdout)
	if err != nil {
		return err
	}
	if c.tenants > 0 {
		return runSimTenants(ctx, c, stdout, stderr, now)
	}
	sim, source, err := newSim(c, now)
	if err != nil {
		return err
	}
	var h http.Handler = sim
	if c.logRequests {
		h = logRequests(h, log.New(stderr, "graphsim: ", log.LstdFlags))
	}
	return serveSim(ctx, c, h, source, stdout, stderr)
}

// serveSim listens on c.addr, prints the base URL on stdout (one line, for scripts), and serves h
// until ctx is done; then it waits a few seconds for requests in flight.
//
// No client may hold a connection for nothing: headers must arrive within 10s (or the read
// timeout if shorter), the whole request within the read timeout (a POST that declares 100 bytes
// and sends one is cut off), and a kept-alive connection idle for the idle timeout is closed.
// net/http cancels a request whose read deadline passes while its handler still runs, so the
// read timeout is counted from after --latency.
func serveSim(ctx context.Context, c simConfig, h http.Handler, source string, stdout, stderr io.Writer) error {
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return fmt.Errorf("sim: %w", err)
	}
	fmt.Fprintf(stdout, "graphsim serving http://%s/v1.0 (and /beta)\n", reachable(ln.Addr()))
	return serveSimOn(ctx, c, ln, h, source, stderr)
}

// serveSimOn serves h on ln until ctx is done; then it waits a few seconds for requests in flight.
func serveSimOn(ctx context.Context, c simConfig, ln net.Listener, h http.Handler, source string, stderr io.Writer) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: min(10*time.Second, c.readTimeout),
		ReadTimeout:       c.readTimeout + c.latency,
		IdleTimeout:       c.idleTimeout,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(stderr, "graphsim: %s; stop with ctrl+c\n", source)

	select {
	case err := <-served: // the listener failed
		return fmt.Errorf("sim: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		_ = srv.Close() // requests still waiting (e.g. on --latency) are cut off
	}
	fmt.Fprintln(stderr, "graphsim: stopped")
	return nil
}

// reachable is the listener's address as a client can dial it: a wildcard host becomes loopback.
func reachable(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, fmt.Sprint(tcp.Port))
}

// logRequests logs each request's method, path, status and time taken.
func logRequests(h http.Handler, l *log.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		l.Printf("%s %s -> %d (%s)", r.Method, r.URL.RequestURI(), sw.status, time.Since(start).Round(time.Microsecond))
	})
}

// statusWriter remembers the status a handler wrote, for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}
