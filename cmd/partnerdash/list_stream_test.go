package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/client/profile"
	"github.com/partnerdash/partnerdash/model"
)

// streamPartners is a tenant of n partners with hostile names, unknown members and dates as read.
func streamPartners(t testing.TB, n int) []model.Partner {
	t.Helper()
	base := append(graphsim.DemoTenant(time.Date(2025, 6, 2, 9, 30, 0, 0, time.UTC)), hostilePartners()...)
	ps := make([]model.Partner, n)
	for i := range ps {
		p := base[i%len(base)]
		p.ID = fmt.Sprintf("00000000-0000-4000-8000-%012d", i+1)
		p.DisplayName = fmt.Sprintf("%s <%d> & \u2028 \u009b", p.DisplayName, i)
		if i%4 == 0 {
			p.Extra = map[string]json.RawMessage{"legacy": json.RawMessage(`{ "a" : "<b>" }`)}
		}
		ps[i] = p
	}
	return ps
}

// failingPage serves the simulator but answers the nth list request with a Graph 403 error, and
// holds every list request after the first until release is closed (or a second passes).
type failingPage struct {
	sim     http.Handler
	failAt  int
	release chan struct{}
	held    bool // set when a request had to wait the full second for release

	mu       sync.Mutex
	requests int
}

func (f *failingPage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests++
	n := f.requests
	f.mu.Unlock()
	if n > 1 && f.release != nil {
		select {
		case <-f.release:
		case <-time.After(time.Second):
			f.mu.Lock()
			f.held = true
			f.mu.Unlock()
		}
	}
	if n == f.failAt {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("request-id", "11111111-2222-4333-8444-555555555555")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `{"error":{"code":"Forbidden","message":"Page three is forbidden.","innerError":{"request-id":"11111111-2222-4333-8444-555555555555","date":"2025-06-02T09:30:00"}}}`)
		return
	}
	f.sim.ServeHTTP(w, r)
}

// wholeListJSON is what list -o json wrote before it streamed: writeJSON of the whole list as
// Client.List returns it.
func wholeListJSON(t *testing.T, w *tenantWorld, url string, limit int) string {
	t.Helper()
	c, _, err := w.e.openGraph(t.Context(), graphURLFlags(t, url), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := c.List(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if limit >= 0 {
		ps = ps[:limit]
	}
	var b bytes.Buffer
	if err := writeJSON(&b, model.PartnerList{Value: ps}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// Written page by page, list -o json is byte for byte what writeJSON writes for the whole list.
func TestListJSONStreamedIsWriteJSONsOutput(t *testing.T) {
	ps := streamPartners(t, 23)
	srv := httptest.NewServer(graphsim.New(graphsim.WithPartners(ps), graphsim.WithPageSize(5)))
	defer srv.Close()
	w := newTenantWorld(t)
	r := w.exec("list", "-o", "json", "--graph-url", srv.URL+"/v1.0").mustOK(t)
	var want bytes.Buffer
	want.WriteString(wholeListJSON(t, w, srv.URL+"/v1.0", -1))
	if n := strings.Count(want.String(), `"id": "00000000-0000-4000-8000-`); n != 23 {
		t.Fatalf("the reference has %d partners", n)
	}
	if r.stdout != want.String() {
		t.Fatalf("streamed output differs from writeJSON's\n got: %s\nwant: %s", clip(r.stdout), clip(want.String()))
	}
	// An empty tenant: the same empty list.
	empty := httptest.NewServer(graphsim.New(graphsim.WithPartners([]model.Partner{})))
	defer empty.Close()
	r = w.exec("list", "-o", "json", "--graph-url", empty.URL+"/v1.0").mustOK(t)
	if r.stdout != "{\n  \"value\": []\n}\n" {
		t.Errorf("empty list: %q", r.stdout)
	}
}

// The first page is written before the last is served: the server holds page 2 until the
// command's stdout has received bytes.
func TestListJSONWritesTheFirstPageBeforeTheLastArrives(t *testing.T) {
	ps := streamPartners(t, 12)
	f := &failingPage{sim: graphsim.New(graphsim.WithPartners(ps), graphsim.WithPageSize(5)), release: make(chan struct{})}
	srv := httptest.NewServer(f)
	defer srv.Close()
	w := newTenantWorld(t)
	c, _, err := w.e.openGraph(t.Context(), graphURLFlags(t, srv.URL+"/v1.0"), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	out := &signalWriter{first: f.release}
	if err := listPartnersJSON(t.Context(), c, out); err != nil {
		t.Fatal(err)
	}
	if f.held {
		t.Error("a later page was served before any output was written: the listing is not streamed")
	}
	want := wholeListJSON(t, w, srv.URL+"/v1.0", -1)
	if out.String() != want {
		t.Errorf("output differs from writeJSON's:\n%s", clip(out.String()))
	}
}

// signalWriter closes first on its first write.
type signalWriter struct {
	bytes.Buffer
	first chan struct{}
	once  sync.Once
}

func (s *signalWriter) Write(b []byte) (int, error) {
	s.once.Do(func() { close(s.first) })
	return s.Buffer.Write(b)
}

// A page that fails (the third) ends the command with an error that names the page and carries
// Graph's code, message and request-id; the partners of the pages before it stay written, as
// JSON left unterminated, and the error says how many there are.
func TestListJSONFailingThirdPage(t *testing.T) {
	ps := streamPartners(t, 23)
	f := &failingPage{sim: graphsim.New(graphsim.WithPartners(ps), graphsim.WithPageSize(5)), failAt: 3}
	srv := httptest.NewServer(f)
	defer srv.Close()
	w := newTenantWorld(t)
	r := w.exec("list", "-o", "json", "--graph-url", srv.URL+"/v1.0").mustFail(t, "page 3")
	for _, want := range []string{"Forbidden", "Page three is forbidden.", "11111111-2222-4333-8444-555555555555", "stdout has the 10 partners read before it"} {
		if !strings.Contains(r.err.Error(), want) {
			t.Errorf("error %q lacks %q", r.err, want)
		}
	}
	ok := httptest.NewServer(f.sim)
	defer ok.Close()
	full := wholeListJSON(t, w, ok.URL+"/v1.0", -1)
	// Exactly the first two pages: the whole document up to the end of the 10th partner.
	wantPartial := strings.TrimSuffix(wholeListJSON(t, w, ok.URL+"/v1.0", 10), "\n  ]\n}\n")
	if r.stdout != wantPartial {
		t.Errorf("partial output is not the first two pages:\n got: %s\nwant: %s", clip(r.stdout), clip(wantPartial))
	}
	if !strings.HasPrefix(full, r.stdout) {
		t.Error("partial output is not a prefix of the full output")
	}
	if json.Valid([]byte(r.stdout)) {
		t.Error("partial output is valid JSON: a script could take it for the whole list")
	}

	// A failing first page writes nothing, and the error does not mention partners written.
	f = &failingPage{sim: graphsim.New(graphsim.WithPartners(ps), graphsim.WithPageSize(5)), failAt: 1}
	srv1 := httptest.NewServer(f)
	defer srv1.Close()
	r = w.exec("list", "-o", "json", "--graph-url", srv1.URL+"/v1.0").mustFail(t, "page 1")
	if r.stdout != "" || strings.Contains(r.err.Error(), "stdout has") {
		t.Errorf("stdout %q, err %v", r.stdout, r.err)
	}
}

// graphURLFlags parses --graph-url url as the tenant commands do.
func graphURLFlags(t *testing.T, url string) *profile.Flags {
	t.Helper()
	fs, flags := tenantFlagSet("list", "list", "", &bytes.Buffer{})
	if err := fs.Parse([]string{"--graph-url", url}); err != nil {
		t.Fatal(err)
	}
	return flags
}

// A partner that does not decode fails its page after the partners before it: they are written,
// the document is left unterminated, and the error names the page, the member and how many
// partners stdout holds.
func TestListJSONPartnerThatDoesNotDecode(t *testing.T) {
	ps := streamPartners(t, 3)
	raw := make([]string, len(ps))
	for i := range ps {
		b, err := json.Marshal(ps[i])
		if err != nil {
			t.Fatal(err)
		}
		raw[i] = string(b)
	}
	var base string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("$skiptoken") == "" {
			fmt.Fprintf(w, `{"@odata.nextLink":"%s/v1.0/deviceManagement/deviceManagementPartners?$skiptoken=2","value":[%s,%s]}`, base, raw[0], raw[1])
			return
		}
		fmt.Fprintf(w, `{"value":[%s,{"id":"bad","displayName":7},%s]}`, raw[2], raw[0])
	}))
	defer srv.Close()
	base = srv.URL
	w := newTenantWorld(t)
	r := w.exec("list", "-o", "json", "--graph-url", srv.URL+"/v1.0").mustFail(t, "page 2")
	for _, want := range []string{"displayName", "not a Graph payload", "stdout has the 3 partners read before it"} {
		if !strings.Contains(r.err.Error(), want) {
			t.Errorf("error %q lacks %q", r.err, want)
		}
	}
	var want bytes.Buffer
	if err := writeJSON(&want, model.PartnerList{Value: ps}); err != nil {
		t.Fatal(err)
	}
	if wantPartial := strings.TrimSuffix(want.String(), "\n  ]\n}\n"); r.stdout != wantPartial {
		t.Errorf("partial output is not the three partners before the bad one:\n got: %s\nwant: %s", clip(r.stdout), clip(wantPartial))
	}
}
