package sshserver

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/partnerdash/partnerdash/client"
	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
)

// These tests show that every session reads the server's one snapshot of the tenant.

// countLists counts the simulator's partner list requests (each page of each list).
type countLists struct {
	next  http.RoundTripper
	lists atomic.Int64
}

func (c *countLists) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/deviceManagementPartners") {
		c.lists.Add(1)
	}
	return c.next.RoundTrip(r)
}

// failing is the tenant's service with reads that fail while fail is set.
type failing struct {
	*client.Client
	mu   sync.Mutex
	fail error
}

func (f *failing) ListTenantPartners(ctx context.Context) (model.TenantPartners, error) {
	f.mu.Lock()
	err := f.fail
	f.mu.Unlock()
	if err != nil {
		return model.TenantPartners{}, err
	}
	return f.Client.ListTenantPartners(ctx)
}

func (f *failing) set(err error) { f.mu.Lock(); f.fail = err; f.mu.Unlock() }

// countedGraph is newGraph's simulator behind a client whose list requests are counted.
func countedGraph(t *testing.T) (graph, *countLists, *failing) {
	t.Helper()
	g := newGraph(t)
	hc := g.sim.Client()
	cl := &countLists{next: CaptureRequestIDs(hc.Transport)}
	hc.Transport = cl
	c, err := client.New(graphsim.DemoBaseURL, client.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	f := &failing{Client: c}
	return graph{sim: g.sim, svc: f}, cl, f
}

func TestSessionsShareOneList(t *testing.T) {
	const n = 6
	k := newTestKey(t, "ops")
	g, counted, _ := countedGraph(t)
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", k.operator()), Service: g.svc})
	ts.graph = g
	terms := make([]*term, n)
	for i := range terms {
		terms[i] = openTerm(t, ts.addr, k, fmt.Sprintf("user%d", i), 120, 40)
	}
	for _, tm := range terms {
		tm.waitFor("Jamf Pro (Adatum)", "Rejected")
	}
	if got := counted.lists.Load(); got != 1 {
		t.Fatalf("%d sessions made %d list requests, want 1", n, got)
	}
	if got := ts.Snapshots().Fetches(); got != 1 {
		t.Fatalf("the shared refresher fetched %d times", got)
	}
}

func TestChangeBySessionIsSeenByTheOthers(t *testing.T) {
	op, viewer := newTestKey(t, "alice"), newTestKey(t, "bob")
	g, counted, _ := countedGraph(t)
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", op.operator(), viewer.line), Service: g.svc})
	ts.graph = g
	a := openTerm(t, ts.addr, op, "alice", 120, 40)
	b := openTerm(t, ts.addr, viewer, "bob", 120, 40)
	c := openTerm(t, ts.addr, viewer, "carol", 120, 40)
	for _, tm := range []*term{a, b, c} {
		tm.waitFor("Jamf Pro (Contoso)", "Jamf Pro (Adatum)")
	}
	// Bob and Carol look at Contoso's detail.
	for _, tm := range []*term{b, c} {
		for _, key := range []string{"/", "Jamf Pro (Contoso)", "\r"} {
			tm.send(key)
		}
		tm.waitFor("/ Jamf Pro (Contoso)")
		tm.reset()
	}
	before := counted.lists.Load()
	terminateByKeys(a, "Jamf Pro (Contoso)")
	a.waitFor("Devices removed from Intune on")
	// The terminate's refresh reaches every session: their list now says Terminated.
	for _, tm := range []*term{b, c} {
		tm.waitFor("Terminated")
	}
	if got := counted.lists.Load() - before; got != 1 {
		t.Fatalf("the change caused %d list requests, want one refresh shared by every session", got)
	}
	if !strings.Contains(ansi.Strip(b.output()), "Jamf Pro (Contoso)") {
		t.Errorf("bob's screen lost the partner:\n%s", tail(ansi.Strip(b.output()), 2000))
	}
}

func TestFailingRefreshShowsInEverySessionAndKeepsTheData(t *testing.T) {
	k := newTestKey(t, "ops")
	g, _, f := countedGraph(t)
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", k.line), Service: g.svc})
	ts.graph = g
	terms := []*term{openTerm(t, ts.addr, k, "u1", 120, 40), openTerm(t, ts.addr, k, "u2", 120, 40)}
	for _, tm := range terms {
		tm.waitFor("Jamf Pro (Adatum)")
		tm.reset()
	}
	f.set(&model.GraphError{StatusCode: 429, Code: "TooManyRequests", Message: "slow down", RequestID: "req-429"})
	terms[0].send("r")
	for _, tm := range terms {
		// Every session: the error, the age of what it still shows (the dashboards' clock is
		// fixed, so the age is 0s), and the rows it had.
		tm.waitFor("refresh failed · data from 0s ago", "TooManyRequests", "req-429")
	}
	if out := ansi.Strip(terms[1].output()); strings.Contains(out, "Loading") || strings.Contains(out, "Could not list") {
		t.Errorf("the failed refresh dropped the data:\n%s", out)
	}
	f.set(nil)
	terms[1].send("r")
	for _, tm := range terms {
		tm.waitFor("⟳ 09:30:00")
	}
}
