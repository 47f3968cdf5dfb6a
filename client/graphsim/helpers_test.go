package graphsim

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

// testNow is the fixed clock of every test.
var testNow = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

func fixedClock() time.Time { return testNow }

// serve starts the simulator with the demo tenant on a loopback port.
func serve(t testing.TB, opts ...Option) (*Server, *httptest.Server) {
	t.Helper()
	all := append([]Option{WithClock(fixedClock), WithPartners(DemoTenant(testNow))}, opts...)
	s := New(all...)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts
}

// reply is one response, read whole.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// send sends a request with an optional JSON body and header pairs.
func send(t testing.TB, c *http.Client, method, url, body string, headers ...string) reply {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{resp.StatusCode, resp.Header, b}
}

// wantStatus fails the test when the status differs, showing the body.
func (r reply) wantStatus(t testing.TB, status int) reply {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body: %s", r.status, status, r.body)
	}
	return r
}

// graphError checks the body is Graph's error shape tied to the response's headers and returns it.
func (r reply) graphError(t testing.TB, code string) model.ErrorDetail {
	t.Helper()
	var b model.ErrorBody
	if err := json.Unmarshal(r.body, &b); err != nil {
		t.Fatalf("error body is not JSON: %v: %s", err, r.body)
	}
	e := b.Error
	if e.Code != code {
		t.Errorf("error.code = %q, want %q (message %q)", e.Code, code, e.Message)
	}
	if e.Message == "" {
		t.Error("error.message is empty")
	}
	if e.InnerError == nil {
		t.Fatal("error.innerError is missing")
	}
	if e.InnerError.RequestID == "" || e.InnerError.RequestID != r.header.Get("request-id") {
		t.Errorf("innerError.request-id %q does not match the request-id header %q", e.InnerError.RequestID, r.header.Get("request-id"))
	}
	if e.InnerError.ClientRequestID != r.header.Get("client-request-id") {
		t.Errorf("innerError.client-request-id %q, header %q", e.InnerError.ClientRequestID, r.header.Get("client-request-id"))
	}
	if e.InnerError.Date != testNow.Format("2006-01-02T15:04:05") {
		t.Errorf("innerError.date = %q, want the clock's time without a zone", e.InnerError.Date)
	}
	if ge := model.ParseGraphError(r.status, r.body); ge.Code != code {
		t.Errorf("model.ParseGraphError reads code %q", ge.Code)
	}
	return e
}

// page decodes a list response.
func (r reply) page(t testing.TB) model.PartnerList {
	t.Helper()
	var l model.PartnerList
	if err := json.Unmarshal(r.body, &l); err != nil {
		t.Fatalf("list body: %v: %s", err, r.body)
	}
	return l
}

// partner decodes an entity response.
func (r reply) partner(t testing.TB) model.Partner {
	t.Helper()
	var p model.Partner
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatalf("entity body: %v: %s", err, r.body)
	}
	return p
}

// members decodes a JSON object into its raw members.
func (r reply) members(t testing.TB) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body: %v: %s", err, r.body)
	}
	return m
}

const (
	partnersPath = "/v1.0/deviceManagement/deviceManagementPartners"
	betaPath     = "/beta/deviceManagement/deviceManagementPartners"
)
