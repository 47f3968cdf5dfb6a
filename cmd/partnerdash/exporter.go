package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/partnerdash/partnerdash/client/fleet/metrics"
	"github.com/partnerdash/partnerdash/model"
)

func init() {
	register(command{name: "exporter", summary: "serve Prometheus metrics of every tenant's partners", run: withSignals(runExporter)})
}

const exporterAbout = `
Serves Prometheus metrics for the partners of every tenant of --fleet FILE (or the one tenant
the tenant flags name) at http://ADDR/metrics: partner state, health, heartbeat age, the two
device deadlines as timestamps, and per tenant whether the last read succeeded and how long it
took. Graph is read when the exporter starts and then every --interval, at most --concurrency
tenants at once, never once per scrape. The health metric uses the same thresholds as check.

Metrics (labels tenant, kind, partner_id; names in the _info metrics):
  partnerdash_partner_info, partnerdash_partner_state, partnerdash_partner_health,
  partnerdash_partner_heartbeat_age_seconds, partnerdash_partner_last_heartbeat_timestamp_seconds,
  partnerdash_partner_noncompliant_deadline_timestamp_seconds,
  partnerdash_partner_removal_deadline_timestamp_seconds, partnerdash_tenant_info,
  partnerdash_tenant_status, partnerdash_tenant_scrape_success,
  partnerdash_tenant_scrape_duration_seconds, partnerdash_tenant_last_success_timestamp_seconds

The exporter never signs in interactively: for a delegated sign-in run 'partnerdash login'
first. SIGINT or SIGTERM stops it.`

func runExporter(ctx context.Context, args []string, stdout, stderr io.Writer, e sysEnv) error {
	fs, flags := tenantFlagSet("exporter", "exporter --addr HOST:PORT [--fleet FILE] [--interval 5m] [flags]", exporterAbout, stdout)
	var ff fleetFlags
	ff.register(fs)
	addr := fs.String("addr", "", "`HOST:PORT` to serve /metrics on, e.g. 127.0.0.1:9842 (required)")
	interval := fs.Duration("interval", 5*time.Minute, "read Graph every `DURATION` (at least 1m)")
	th := checkThresholds()
	registerThresholds(fs, &th)
	if err := parseNoArgs(fs, args, "exporter"); err != nil {
		return err
	}
	switch {
	case *addr == "":
		return usageError{"exporter: --addr is required, e.g. --addr 127.0.0.1:9842"}
	case *interval < time.Minute:
		return usageError{fmt.Sprintf("exporter: --interval %s is too short; Graph is read at most once a minute", *interval)}
	}
	if _, _, err := net.SplitHostPort(*addr); err != nil {
		return usageError{fmt.Sprintf("exporter: --addr %q: want host:port", *addr)}
	}
	if err := checkThresholdOrder(th); err != nil {
		return usageError{"exporter: " + err.Error()}
	}
	fl, err := e.openFleet(ctx, ff, flags)
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(metrics.NewCollector(fl, th, e.now), collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{MaxRequestsInFlight: 4, Timeout: 20 * time.Second}))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintln(w, "partnerdash exporter: metrics at /metrics")
	})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("exporter: %w", err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	runCtx, stopRun := context.WithCancel(ctx)
	ran := make(chan struct{})
	go func() { fl.Run(runCtx, *interval); close(ran) }()
	fmt.Fprintf(stdout, "partnerdash exporter serving http://%s/metrics\n", reachable(ln.Addr()))
	fmt.Fprintf(stderr, "partnerdash exporter: %d %s, read every %s, at most %d at once; stop with ctrl+c\n",
		len(fl.Tenants()), plural(len(fl.Tenants()), "tenant", "tenants"), *interval, fl.Concurrency())

	select {
	case err = <-served:
		err = fmt.Errorf("exporter: %w", err)
	case <-ctx.Done():
		err = nil
	}
	stopRun()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutdownCtx)
	<-ran
	return err
}

// checkThresholds are check's (and the exporter's) default thresholds, stricter than the
// dashboard's, as monitoring commonly uses (24 h / 72 h heartbeat; 14 d / 3 d deadlines).
func checkThresholds() model.Thresholds {
	return model.Thresholds{
		StaleHeartbeat: 24 * time.Hour, DeadHeartbeat: 72 * time.Hour,
		DeadlineSoon: 14 * 24 * time.Hour, DeadlineNear: 3 * 24 * time.Hour,
	}
}
