package graphsim

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
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
	if body != "" {
		headers = append([]string{"Content-Type", "application/json"}, headers...)
	}
	return sendRaw(t, c, method, url, []byte(body), headers...)
}

// sendRaw sends a body as given (none when empty), with header pairs.
func sendRaw(t testing.TB, c *http.Client, method, url string, body []byte, headers ...string) reply {
	t.Helper()
	var rd io.Reader
	if len(body) > 0 {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
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

// compress encodes data as a Content-Encoding does: "gzip", "deflate" (zlib) or "raw deflate".
func compress(t *testing.T, enc string, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	var w io.WriteCloser
	switch enc {
	case "gzip":
		w = gzip.NewWriter(&buf)
	case "deflate":
		w = zlib.NewWriter(&buf)
	case "raw deflate":
		w, _ = flate.NewWriter(&buf, flate.BestSpeed)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
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

// decodeBody decodes a response body as T, failing the test when it does not decode.
func decodeBody[T any](t testing.TB, r reply, what string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("%s: %v: %s", what, err, r.body)
	}
	return v
}

// page decodes a list response.
func (r reply) page(t testing.TB) model.PartnerList {
	t.Helper()
	return decodeBody[model.PartnerList](t, r, "list body")
}

// partner decodes an entity response.
func (r reply) partner(t testing.TB) model.Partner {
	t.Helper()
	return decodeBody[model.Partner](t, r, "entity body")
}

// compliancePage decodes a compliance partners list response.
func (r reply) compliancePage(t testing.TB) model.CompliancePartnerList {
	t.Helper()
	return decodeBody[model.CompliancePartnerList](t, r, "list body")
}

// compliancePartner decodes a compliance partner entity response.
func (r reply) compliancePartner(t testing.TB) model.CompliancePartner {
	t.Helper()
	return decodeBody[model.CompliancePartner](t, r, "entity body")
}

// members decodes a JSON object into its raw members.
func (r reply) members(t testing.TB) map[string]json.RawMessage {
	t.Helper()
	return decodeBody[map[string]json.RawMessage](t, r, "body")
}

const (
	partnersPath = "/v1.0/deviceManagement/deviceManagementPartners"
	betaPath     = "/beta/deviceManagement/deviceManagementPartners"
)

// complianceURL is the compliance partners collection below a version.
const complianceURL = "/deviceManagement/complianceManagementPartners"

// serveCompliance starts the simulator with the whole demo tenant (both kinds and the groups)
// and returns its base URL.
func serveCompliance(t *testing.T, opts ...Option) (*Server, string) {
	t.Helper()
	s, ts := serve(t, append([]Option{WithTenant(Demo(testNow))}, opts...)...)
	return s, ts.URL
}

// complianceID is the id of the demo tenant's nth compliance partner, counting from 1.
func complianceID(n int) string { return DemoCompliance(testNow)[n-1].ID }
