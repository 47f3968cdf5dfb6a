package main

import (
	"flag"
	"fmt"
	"time"

	"github.com/partnerdash/partnerdash/client"
	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/ui"
)

// demoSource is what the header says when the built-in simulator serves the data.
const demoSource = "built-in simulator · demo tenant"

// backendFlags are the global flags that choose where partners come from.
type backendFlags struct {
	graphURL string // --graph-url: a Graph-compatible endpoint used without sign-in
}

// register adds the backend flags to fs.
func (f *backendFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.graphURL, "graph-url", "",
		"use this Graph-compatible endpoint without sign-in, e.g. http://127.0.0.1:8080/v1.0 (a running 'partnerdash sim')")
}

// openBackend turns the global flags into the service the dashboard uses, the header's words for
// where the data comes from, and whether it is the demo. With no flags it is the demo: the
// simulator's built-in tenant served in-process (no socket, no network), dated relative to now.
func openBackend(f backendFlags, now time.Time) (svc ui.PartnerService, source string, demo bool, err error) {
	if f.graphURL != "" {
		c, err := client.New(f.graphURL)
		if err != nil {
			return nil, "", false, usageError{fmt.Sprintf("--graph-url: %v", err)}
		}
		return c, c.BaseURL(), false, nil
	}
	sim := graphsim.New(graphsim.WithPartners(graphsim.DemoTenant(now)))
	c, err := client.New(graphsim.DemoBaseURL, client.WithHTTPClient(sim.Client()))
	if err != nil {
		return nil, "", false, fmt.Errorf("demo tenant: %w", err)
	}
	return c, demoSource, true, nil
}
