package client

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// step is one scripted answer. hang keeps the request open until the client gives up on it; drop
// closes the connection without answering (after reading the request).
type step struct {
	status int
	header map[string]string
	body   string
	hang   bool
	drop   bool
}

// seen is what the scripted server received.
type seen struct {
	method, path, rawQuery string
	header                 http.Header
	body                   string
}

// scripted is a loopback server answering with its steps in order (the last one repeats).
type scripted struct {
	t     *testing.T
	mu    sync.Mutex
	steps []step
	reqs  []seen
	srv   *httptest.Server
}

func newScripted(t *testing.T, steps ...step) *scripted {
	t.Helper()
	s := &scripted{t: t, steps: steps}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *scripted) serve(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.reqs = append(s.reqs, seen{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Clone(), string(b)})
	st := s.steps[min(len(s.reqs), len(s.steps))-1]
	s.mu.Unlock()
	switch {
	case st.hang:
		<-r.Context().Done()
		return
	case st.drop:
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	for k, v := range st.header {
		w.Header().Set(k, v)
	}
	if st.body != "" && w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(st.status)
	io.WriteString(w, st.body)
}

func (s *scripted) requests() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seen(nil), s.reqs...)
}

func (s *scripted) url() string { return s.srv.URL + "/v1.0" }

// sleeps records the waits a client asked for instead of waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// newTest builds a client that records its waits and adds no jitter.
func newTest(t *testing.T, base string, opts ...Option) (*Client, *sleeps) {
	t.Helper()
	sl := &sleeps{}
	all := append([]Option{WithSleep(sl.sleep), WithJitter(func(time.Duration) time.Duration { return 0 })}, opts...)
	c, err := New(base, all...)
	if err != nil {
		t.Fatalf("New(%q): %v", base, err)
	}
	return c, sl
}

// staticToken is a TokenSource with a fixed token.
type staticToken string

func (s staticToken) Token(context.Context) (string, error) { return string(s), nil }

// refreshingToken hands out "old" until RefreshToken is called, then "new".
type refreshingToken struct {
	mu        sync.Mutex
	refreshed int
}

func (r *refreshingToken) Token(context.Context) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.refreshed > 0 {
		return "new", nil
	}
	return "old", nil
}

func (r *refreshingToken) RefreshToken(context.Context) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refreshed++
	return "new", nil
}

const partnerJSON = `{"@odata.type":"#microsoft.graph.deviceManagementPartner","id":"p1","displayName":"Jamf","partnerState":"enabled","isConfigured":true}`

func ok(body string) step { return step{status: 200, body: body} }

func graphErr(status int, code, msg string, header map[string]string) step {
	return step{status: status, header: header,
		body: `{"error":{"code":"` + code + `","message":"` + msg + `","innerError":{"date":"2026-01-02T03:04:05","request-id":"rid-1","client-request-id":"crid-1"}}}`}
}
