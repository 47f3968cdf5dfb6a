package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/partnerdash/partnerdash/client/graphsim"
)

// runSimTenants is `partnerdash sim --tenants N`: N generated tenants behind graphsim's router,
// and optionally a fleet file that points at them.
func runSimTenants(ctx context.Context, c simConfig, stdout, stderr io.Writer, now func() time.Time) error {
	gen := graphsim.GenerateFleet(c.tenants, now(), c.seed)
	r := graphsim.NewTenantsFrom(gen,
		graphsim.WithClock(now),
		graphsim.WithPageSize(c.pageSize),
		graphsim.WithLatency(c.latency),
		graphsim.WithRetryAfter(c.retryAfter),
		graphsim.WithPatchReturnsBody(c.patchReturnsBody),
	)
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return fmt.Errorf("sim: %w", err)
	}
	base := "http://" + reachable(ln.Addr())
	if c.writeFleet != "" {
		if err := writeFleetFile(c.writeFleet, base, gen); err != nil {
			ln.Close()
			return fmt.Errorf("sim: --write-fleet: %w", err)
		}
	}
	fmt.Fprintf(stdout, "graphsim serving %d tenants at %s%s{id}/v1.0 (and /beta)\n", len(gen), base, graphsim.TenantsPrefix)
	var h http.Handler = r
	if c.logRequests {
		h = logRequests(h, log.New(stderr, "graphsim: ", log.LstdFlags))
	}
	source := fmt.Sprintf("%d generated tenants", len(gen))
	if c.writeFleet != "" {
		source += ", fleet file " + c.writeFleet
	}
	return serveSimOn(ctx, c, ln, h, source, stderr)
}

// writeFleetFile writes a fleet file with one graph_url tenant per generated tenant, atomically
// (a reader never sees half a file).
func writeFleetFile(path, base string, gen []graphsim.SimTenant) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Written by 'partnerdash sim --tenants %d' at %s: simulated tenants, no sign-in.\n", len(gen), time.Now().UTC().Format(time.RFC3339))
	for _, t := range gen {
		note := ""
		switch {
		case t.ConsentMissing:
			note = "  # answers 403: consent missing"
		case t.Throttled:
			note = "  # throttled"
		case t.Down:
			note = "  # answers 500"
		}
		fmt.Fprintf(&b, "\n[[tenant]]%s\nid = %s\nname = %s\ngraph_url = %s\n", note,
			strconv.Quote(t.ID), strconv.Quote(t.Name), strconv.Quote(base+graphsim.TenantsPrefix+t.ID+"/v1.0"))
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".fleet-*.toml")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(b.String()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
