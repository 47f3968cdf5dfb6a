package fleet_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/client/auth"
	"github.com/partnerdash/partnerdash/client/auth/authtest"
	"github.com/partnerdash/partnerdash/client/fleet"
	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
)

var now = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// inFlight counts the requests a handler is serving at once.
type inFlight struct {
	h        http.Handler
	cur, max atomic.Int64
	mu       sync.Mutex
	log      []hit
}

type hit struct {
	path       string
	start, end time.Time
	status     int
}

func (f *inFlight) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := f.cur.Add(1)
	for {
		m := f.max.Load()
		if n <= m || f.max.CompareAndSwap(m, n) {
			break
		}
	}
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w, status: 200}
	f.h.ServeHTTP(sw, r)
	f.cur.Add(-1)
	f.mu.Lock()
	f.log = append(f.log, hit{r.URL.Path, start, time.Now(), sw.status})
	f.mu.Unlock()
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(s int) { w.status = s; w.ResponseWriter.WriteHeader(s) }

// simFleet serves tenants and returns a fleet file pointing at them by graph_url.
func simFleet(t *testing.T, r *graphsim.Tenants) (*fleet.File, *inFlight) {
	t.Helper()
	counter := &inFlight{h: r}
	srv := httptest.NewServer(counter)
	t.Cleanup(srv.Close)
	var b strings.Builder
	for _, id := range r.IDs() {
		fmt.Fprintf(&b, "[[tenant]]\nid = %q\nname = \"T %s\"\ngraph_url = \"%s/tenants/%s/v1.0\"\n", id, id, srv.URL, id)
	}
	f, err := fleet.Parse("test", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return f, counter
}

func TestConcurrencyNeverExceedsTheBound(t *testing.T) {
	r := graphsim.NewTenants()
	for i := range 40 {
		r.Add(fmt.Sprintf("t%02d", i), graphsim.New(graphsim.WithPartners(graphsim.DemoTenant(now)), graphsim.WithLatency(20*time.Millisecond)))
	}
	f, counter := simFleet(t, r)
	fl, err := fleet.Open(f, fleet.Options{Concurrency: 5})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	fl.Refresh(ctx, time.Minute)
	// A tenant's two lists (both partner kinds) go side by side: 5 tenants, 10 requests.
	if got := counter.max.Load(); got > 10 || got < 3 {
		t.Errorf("the simulator saw %d requests at once, want at most 10 (5 tenants, 2 lists each) and some overlap", got)
	}
	if fl.MaxInFlight() != 5 {
		t.Errorf("fleet counted %d tenants at once, want the bound, 5", fl.MaxInFlight())
	}
	for _, tn := range fl.Tenants() {
		if st := tn.Status(); st.Kind != fleet.OK || len(tn.Snapshots().Current().Data.Partners) != 12 {
			t.Fatalf("%s: %v %s", tn.Config.ID, st.Kind, st.Reason)
		}
	}
	if done, total := fl.Progress(); done != 40 || total != 40 {
		t.Errorf("progress %d/%d", done, total)
	}
}

func TestThrottledTenantWaitsWithoutHoldingUpOthers(t *testing.T) {
	r := graphsim.NewTenants()
	// "slow" is throttled on its first request with Retry-After 1.5s.
	r.Add("slow", graphsim.New(graphsim.WithPartners(graphsim.DemoTenant(now)), graphsim.WithFailNext(1, 503), graphsim.WithRetryAfter(1500*time.Millisecond)))
	for i := range 8 {
		r.Add(fmt.Sprintf("t%d", i), graphsim.New(graphsim.WithPartners(graphsim.DemoTenant(now)), graphsim.WithLatency(10*time.Millisecond)))
	}
	f, counter := simFleet(t, r)
	// One place only: if the throttled tenant held it while waiting, nobody else could go.
	fl, err := fleet.Open(f, fleet.Options{Concurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	fl.Refresh(ctx, time.Minute)

	// The slow tenant's two lists go side by side; one of them meets the 503. Every request of
	// the slow tenant after that must wait the Retry-After, and every other tenant must be done
	// before then.
	var throttled *hit
	var slow []hit
	var lastOther time.Time
	for i, h := range counter.log {
		switch {
		case !strings.HasPrefix(h.path, "/tenants/slow/"):
			if h.end.After(lastOther) {
				lastOther = h.end
			}
		case h.status == 503:
			if throttled != nil {
				t.Fatal("two 503s for one injected failure")
			}
			throttled = &counter.log[i]
		default:
			slow = append(slow, h)
		}
	}
	if throttled == nil {
		t.Fatal("the slow tenant was never throttled")
	}
	var retries []hit
	for _, h := range slow {
		if h.start.After(throttled.end) && h.start.Sub(throttled.end) > 100*time.Millisecond {
			retries = append(retries, h)
		}
	}
	if len(retries) != 2 {
		t.Fatalf("slow tenant: %d requests after the 503, want both lists again", len(retries))
	}
	for _, h := range retries {
		if wait := h.start.Sub(throttled.end); wait < 1400*time.Millisecond {
			t.Errorf("slow tenant retried after %s, before its Retry-After of 1.5s", wait)
		}
		if !lastOther.Before(h.start) {
			t.Errorf("the other tenants finished at %s, after the throttled tenant's retry at %s: they waited for it",
				lastOther.Format("15:04:05.000"), h.start.Format("15:04:05.000"))
		}
	}
	for _, tn := range fl.Tenants() {
		if tn.Status().Kind != fleet.OK {
			t.Errorf("%s: %v", tn.Config.ID, tn.Status())
		}
	}
}

func TestThrottledPastTheDeadlineIsReportedThrottled(t *testing.T) {
	r := graphsim.NewTenants()
	r.Add("slow", graphsim.New(graphsim.WithPartners(graphsim.DemoTenant(now)), graphsim.WithFailNext(1, 503), graphsim.WithRetryAfter(time.Hour)))
	f, _ := simFleet(t, r)
	fl, _ := fleet.Open(f, fleet.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	fl.Refresh(ctx, time.Minute)
	st := fl.Tenants()[0].Status()
	if st.Kind != fleet.Throttled || st.RetryAfter != time.Hour || st.Until.IsZero() {
		t.Fatalf("status = %+v, want throttled for an hour", st)
	}
}

func TestConsentMissingAndUnreachable(t *testing.T) {
	r := graphsim.NewTenants()
	r.Add("denied", graphsim.New())
	r.Deny("denied", true)
	r.Add("down", graphsim.New(graphsim.WithFailNext(100, 500)))
	f, _ := simFleet(t, r)
	// A tenant nobody listens at.
	f.Tenants = append(f.Tenants, fleet.TenantConfig{ID: "gone", GraphURL: "http://127.0.0.1:1/v1.0"})
	fl, _ := fleet.Open(f, fleet.Options{})
	if got := fl.Tenants()[0].Status().Kind; got != fleet.Loading {
		t.Fatalf("before any fetch: %v, want loading", got)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	fl.Refresh(ctx, time.Minute)
	want := map[string]fleet.StatusKind{"denied": fleet.ConsentMissing, "down": fleet.Unreachable, "gone": fleet.Unreachable}
	for _, tn := range fl.Tenants() {
		st := tn.Status()
		if st.Kind != want[tn.Config.ID] || st.Reason == "" {
			t.Errorf("%s: %v (%s), want %v", tn.Config.ID, st.Kind, st.Reason, want[tn.Config.ID])
		}
	}
}

const (
	clientID  = "5a1c0e2d-8b3f-4d6a-9c1e-0f2a3b4c5d6e"
	customerA = "0a0a0a0a-1111-4222-8333-444444444444"
	customerB = "0b0b0b0b-1111-4222-8333-444444444444"
	customerC = "0c0c0c0c-1111-4222-8333-444444444444"
)

// rewrite sends Graph's host to the simulator and everything else (the fake authority) on.
type rewrite struct {
	graph     *url.URL
	next      http.RoundTripper
	token     atomic.Int64 // token requests seen
	perTenant sync.Map     // tenant → *atomic.Int64 token requests
}

func (rw *rewrite) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host == "graph.microsoft.com" {
		req = req.Clone(req.Context())
		req.URL.Scheme, req.URL.Host = rw.graph.Scheme, rw.graph.Host
		return http.DefaultTransport.RoundTrip(req)
	}
	if strings.HasSuffix(req.URL.Path, "/oauth2/v2.0/token") {
		tenant := strings.Split(strings.Trim(req.URL.Path, "/"), "/")[0]
		n, _ := rw.perTenant.LoadOrStore(tenant, new(atomic.Int64))
		n.(*atomic.Int64).Add(1)
	}
	return rw.next.RoundTrip(req)
}

func (rw *rewrite) tokenRequests(tenant string) int64 {
	n, ok := rw.perTenant.Load(tenant)
	if !ok {
		return 0
	}
	return n.(*atomic.Int64).Load()
}

// Application sign-in against the fake authority: each tenant's Graph accepts only its own
// tokens; a tenant without consent shows consent missing with the admin-consent URL and is not
// asked again on the next refresh.
func TestApplicationFleetAgainstFakeAuthority(t *testing.T) {
	a := authtest.New(t)
	a.SetClientSecret("fleet-secret")
	a.SetTenantError(customerC, http.StatusBadRequest, "unauthorized_client",
		"AADSTS700016: Application with identifier '"+clientID+"' was not found in the directory '"+customerC+"'.")
	r := graphsim.NewTenants()
	for _, id := range []string{customerA, customerB, customerC} {
		r.Add(id, graphsim.New(graphsim.WithPartners(graphsim.DemoTenant(now)), graphsim.WithRequireToken(a.ValidFor(id))))
	}
	r.RouteByToken(a.TenantOf)
	gsrv := httptest.NewServer(r)
	defer gsrv.Close()
	gu, _ := url.Parse(gsrv.URL)
	rw := &rewrite{graph: gu, next: a.Client().Transport}

	file := fmt.Sprintf(`[app]
client_id = %q
client_secret_env = "FLEET_SECRET"
[[tenant]]
id = %q
name = "A"
[[tenant]]
id = %q
name = "B"
[[tenant]]
id = %q
name = "C"
`, clientID, customerA, customerB, customerC)
	f, err := fleet.Parse("t", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	fl, err := fleet.Open(f, fleet.Options{
		Getenv:        func(k string) string { return map[string]string{"FLEET_SECRET": "fleet-secret"}[k] },
		HTTPClient:    &http.Client{Transport: rw},
		AuthorityHost: a.URL(),
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	fl.Refresh(ctx, time.Minute)
	ts := fl.Tenants()
	for _, tn := range ts[:2] {
		if st := tn.Status(); st.Kind != fleet.OK || len(tn.Snapshots().Current().Data.Partners) != 12 {
			t.Fatalf("%s: %v %s", tn.Config.Name, st.Kind, st.Reason)
		}
	}
	st := ts[2].Status()
	wantURL := "https://login.microsoftonline.com/" + customerC + "/adminconsent?client_id=" + clientID
	if st.Kind != fleet.ConsentMissing || st.ConsentURL != wantURL || !strings.Contains(st.Reason, "AADSTS700016") {
		t.Fatalf("C: %+v", st)
	}
	if strings.Contains(st.Reason, "fleet-secret") {
		t.Error("the reason leaks the secret")
	}
	before := rw.tokenRequests(customerC)
	fl.Refresh(ctx, time.Minute)
	fl.Refresh(ctx, time.Minute)
	if got := rw.tokenRequests(customerC); got != before || before == 0 {
		t.Errorf("C's sign-in was tried %d more times after it failed; want none until AuthRetryAfter", got-before)
	}
	if a.GrantsFor(customerA) != 1 {
		t.Errorf("A got %d tokens over three refreshes; want one, cached", a.GrantsFor(customerA))
	}
}

// Both kinds of partner are read and triaged with the given thresholds, in one urgency order.
func TestReportHoldsBothKinds(t *testing.T) {
	r := graphsim.NewTenants()
	r.Add("a", graphsim.New(graphsim.WithTenant(graphsim.Demo(time.Now()))))
	f, _ := simFleet(t, r)
	fl, _ := fleet.Open(f, fleet.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	fl.Refresh(ctx, time.Minute)
	strict := model.Thresholds{StaleHeartbeat: time.Minute, DeadHeartbeat: 2 * time.Minute, DeadlineNear: time.Hour, DeadlineSoon: 2 * time.Hour}
	tr := fl.Report(time.Now(), strict).Tenants[0]
	kinds := map[string]int{}
	for _, p := range tr.Partners {
		kinds[p.Kind]++
		if p.Kind == fleet.KindCompliance && (p.Compliance == nil || p.Partner != nil) {
			t.Fatalf("compliance report %+v", p)
		}
	}
	if kinds[fleet.KindDeviceManagement] != 12 || kinds[fleet.KindCompliance] == 0 {
		t.Fatalf("kinds = %v", kinds)
	}
	if tr.Health != model.HealthCritical || tr.Partners[0].Assessment.Health != model.HealthCritical {
		t.Errorf("with minute thresholds the tenant is %v, first partner %v", tr.Health, tr.Partners[0].Assessment.Health)
	}
	for i := 1; i < len(tr.Partners); i++ {
		a, b := tr.Partners[i-1].Assessment, tr.Partners[i].Assessment
		if a.Configured == b.Configured && a.Health < b.Health {
			t.Fatalf("partner %d (%v) sorted before a more urgent one (%v)", i-1, a.Health, b.Health)
		}
	}
}

// Delegated (GDAP-style): the partner-tenant user signed in once ('partnerdash login' writes the
// same cache file); the fleet reads each customer tenant with a token acquired silently for it.
func TestDelegatedFleetAgainstFakeAuthority(t *testing.T) {
	a := authtest.New(t)
	r := graphsim.NewTenants()
	for _, id := range []string{customerA, customerB} {
		r.Add(id, graphsim.New(graphsim.WithPartners(graphsim.DemoTenant(now)), graphsim.WithRequireToken(a.ValidFor(id))))
	}
	r.RouteByToken(a.TenantOf)
	gsrv := httptest.NewServer(r)
	defer gsrv.Close()
	gu, _ := url.Parse(gsrv.URL)
	hc := &http.Client{Transport: &rewrite{graph: gu, next: a.Client().Transport}}
	dir := t.TempDir()

	// What 'partnerdash login --tenant <home> --client-id <id>' does.
	fc, err := auth.OpenFileCache(dir, auth.CacheFileName(a.URL(), authtest.TenantID, clientID, false))
	if err != nil {
		t.Fatal(err)
	}
	login, err := auth.New(auth.Config{Mode: auth.DeviceCode, AuthorityHost: a.URL(), Tenant: authtest.TenantID,
		ClientID: clientID, GraphHost: "graph.microsoft.com", ReadOnly: true, HTTPClient: hc, Cache: fc})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := login.SignIn(ctx, func(auth.Prompt) {}); err != nil {
		t.Fatal(err)
	}

	f, err := fleet.Parse("t", []byte(fmt.Sprintf("[app]\nclient_id = %q\nauth = \"delegated\"\nhome_tenant = %q\n[[tenant]]\nid = %q\n[[tenant]]\nid = %q\n",
		clientID, authtest.TenantID, customerA, customerB)))
	if err != nil {
		t.Fatal(err)
	}
	fl, err := fleet.Open(f, fleet.Options{HTTPClient: hc, AuthorityHost: a.URL(), CacheDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	fl.Refresh(ctx, time.Minute)
	for _, tn := range fl.Tenants() {
		if st := tn.Status(); st.Kind != fleet.OK || len(tn.Snapshots().Current().Data.Partners) != 12 {
			t.Errorf("%s: %v %s", tn.Config.ID, st.Kind, st.Reason)
		}
	}
	if a.Grants("device_code") != 1 || a.GrantsFor(customerA) != 1 || a.GrantsFor(customerB) != 1 {
		t.Errorf("grants: device_code %d, A %d, B %d; want one sign-in and one silent token per customer",
			a.Grants("device_code"), a.GrantsFor(customerA), a.GrantsFor(customerB))
	}
}

func TestDemoFleetIsInProcess(t *testing.T) {
	fl, r, err := fleet.OpenDemo(time.Now(), fleet.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	fl.Refresh(ctx, time.Minute)
	kinds := map[fleet.StatusKind]int{}
	for _, tn := range fl.Tenants() {
		kinds[tn.Status().Kind]++
	}
	if len(fl.Tenants()) != fleet.DemoTenants || kinds[fleet.OK] != fleet.DemoTenants-2 || kinds[fleet.ConsentMissing] != 1 || kinds[fleet.Unreachable] != 1 {
		t.Errorf("demo fleet statuses: %v", kinds)
	}
	if r.Requests() == 0 {
		t.Error("the demo fleet did not go through its router")
	}
}
