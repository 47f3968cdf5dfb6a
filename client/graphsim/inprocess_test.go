package graphsim

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestInProcessClientServesWithoutASocket(t *testing.T) {
	s := New(WithClock(fixedClock), WithPartners(DemoTenant(testNow)), WithPageSize(5))
	c := s.Client()
	base := DemoBaseURL + "/deviceManagement/deviceManagementPartners"

	// Paging: nextLink comes back on the demo host and works through the same transport.
	ps := pages(t, c, base)
	if len(ps) != 3 || !strings.HasPrefix(ps[0].NextLink, DemoBaseURL+"/deviceManagement/deviceManagementPartners?") {
		t.Fatalf("%d pages, first nextLink %q", len(ps), ps[0].NextLink)
	}

	// The request body reaches the handler; status and headers come back.
	r := send(t, c, "POST", base, `{"displayName":"In-process"}`, "client-request-id", "abc").wantStatus(t, http.StatusCreated)
	if r.header.Get("client-request-id") != "abc" || !strings.HasPrefix(r.header.Get("Location"), "http://graphsim.local/v1.0/") {
		t.Errorf("headers %v", r.header)
	}
	p := r.partner(t)
	if p.DisplayName != "In-process" {
		t.Errorf("created %+v", p)
	}
	// 204 has no body and no length.
	resp, err := c.Do(mustRequest(t, context.Background(), "DELETE", base+"/"+p.ID, nil))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 204 || len(b) != 0 || resp.Header.Get("Content-Length") != "" || resp.Status != "204 No Content" {
		t.Errorf("delete: %s, %d bytes, Content-Length %q", resp.Status, len(b), resp.Header.Get("Content-Length"))
	}
	// Errors come back as Graph errors.
	send(t, c, "GET", base+"/"+p.ID, "").wantStatus(t, http.StatusNotFound).graphError(t, "ResourceNotFound")
}

func TestInProcessClientHonoursContext(t *testing.T) {
	s := New(WithPartners(DemoTenant(testNow)))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.Client().Do(mustRequest(t, ctx, "GET", DemoBaseURL+"/deviceManagement/deviceManagementPartners", nil))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}

	s.Configure(WithLatency(time.Hour))
	ctx, cancel = context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err = s.Client().Do(mustRequest(t, ctx, "GET", DemoBaseURL+"/deviceManagement/deviceManagementPartners", nil))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the deadline", err)
	}
}

// closeTracker records whether the transport closed the request body.
type closeTracker struct {
	io.Reader
	closed bool
}

func (c *closeTracker) Close() error { c.closed = true; return nil }

func TestInProcessTransportClosesTheRequestBody(t *testing.T) {
	s := New()
	body := &closeTracker{Reader: strings.NewReader(`{"displayName":"x"}`)}
	req := mustRequest(t, context.Background(), "POST", DemoBaseURL+"/deviceManagement/deviceManagementPartners", body)
	resp, err := s.Client().Transport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 || !body.closed {
		t.Errorf("status %d, body closed %v", resp.StatusCode, body.closed)
	}
}

func TestInProcessTransportReportsAPanic(t *testing.T) {
	c := &http.Client{Transport: inProcess{h: http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })}}
	_, err := c.Get(DemoBaseURL)
	if err == nil || !strings.Contains(err.Error(), "panicked") || !strings.Contains(err.Error(), "boom") {
		t.Errorf("err = %v", err)
	}
}

func mustRequest(t *testing.T, ctx context.Context, method, url string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	return req
}
