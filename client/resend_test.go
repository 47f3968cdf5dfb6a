package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

func TestCreateIsNotResentAfter504(t *testing.T) {
	s := newScripted(t, graphErr(504, "GatewayTimeout", "upstream timed out", nil), step{status: 201, body: partnerJSON})
	c, sl := newTest(t, s.url())
	_, err := c.Create(context.Background(), model.Partner{DisplayName: "Jamf"})
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want ErrOutcomeUnknown", err)
	}
	if ge, ok := AsGraphError(err); !ok || ge.StatusCode != 504 {
		t.Errorf("err = %v, want the 504 inside", err)
	}
	if n := len(s.requests()); n != 1 {
		t.Errorf("%d requests, want 1 (no blind re-send)", n)
	}
	if len(sl.all()) != 0 {
		t.Error("waited for a retry that must not happen")
	}
}

func TestCreateIsRetriedOn429And503(t *testing.T) {
	s := newScripted(t,
		graphErr(429, "TooManyRequests", "later", map[string]string{"Retry-After": "1"}),
		graphErr(503, "ServiceUnavailable", "busy", nil),
		step{status: 201, body: partnerJSON})
	c, _ := newTest(t, s.url())
	p, err := c.Create(context.Background(), model.Partner{DisplayName: "Jamf"})
	if err != nil || p.ID != "p1" {
		t.Fatalf("Create = %+v, %v", p, err)
	}
	reqs := s.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(reqs))
	}
	for i, r := range reqs {
		if r.method != "POST" || !strings.Contains(r.body, `"displayName":"Jamf"`) {
			t.Errorf("attempt %d: %s with body %q; the body must be sent again whole", i, r.method, r.body)
		}
	}
}

func TestCreateIsNotResentAfterATimeout(t *testing.T) {
	s := newScripted(t, step{hang: true}, step{status: 201, body: partnerJSON})
	c, _ := newTest(t, s.url(), WithAttemptTimeout(100*time.Millisecond))
	_, err := c.Create(context.Background(), model.Partner{DisplayName: "Jamf"})
	if !errors.Is(err, ErrOutcomeUnknown) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want ErrOutcomeUnknown after the attempt deadline", err)
	}
	if n := len(s.requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestGetIsRetriedAfterATimeoutAndADroppedConnection(t *testing.T) {
	s := newScripted(t, step{hang: true}, step{drop: true}, ok(partnerJSON))
	c, sl := newTest(t, s.url(), WithAttemptTimeout(100*time.Millisecond))
	if _, err := c.Get(context.Background(), "p1"); err != nil {
		t.Fatal(err)
	}
	if n := len(s.requests()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
	if n := len(sl.all()); n != 2 {
		t.Errorf("%d waits, want 2", n)
	}
}

func TestCreateIsNotResentAfterADroppedConnection(t *testing.T) {
	s := newScripted(t, step{drop: true}, step{status: 201, body: partnerJSON})
	c, _ := newTest(t, s.url())
	_, err := c.Create(context.Background(), model.Partner{DisplayName: "Jamf"})
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want ErrOutcomeUnknown", err)
	}
	if n := len(s.requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestCreateIsRetriedWhenTheConnectionWasRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now: every dial is refused, so nothing was ever sent
	c, sl := newTest(t, "http://"+addr+"/v1.0")
	_, err = c.Create(context.Background(), model.Partner{DisplayName: "Jamf"})
	if err == nil || errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want a plain connection error", err)
	}
	if n := len(sl.all()); n != 3 {
		t.Errorf("%d waits, want 3 retries", n)
	}
	// Nothing asked us to slow down: network failures back off from 500 ms, not Graph's 3 s.
	if got := fmt.Sprint(sl.all()); got != "[500ms 1s 2s]" {
		t.Errorf("waits %s, want [500ms 1s 2s]", got)
	}
}

func TestDeleteFinding404OnARetryIsDone(t *testing.T) {
	s := newScripted(t, graphErr(504, "GatewayTimeout", "slow", nil), graphErr(404, "ResourceNotFound", "gone", nil))
	c, _ := newTest(t, s.url())
	if err := c.Delete(context.Background(), "p1"); err != nil {
		t.Fatalf("Delete = %v, want success", err)
	}
	if n := len(s.requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestDelete404OnFirstAttemptIsNotFound(t *testing.T) {
	s := newScripted(t, graphErr(404, "ResourceNotFound", "gone", nil))
	c, _ := newTest(t, s.url())
	err := c.Delete(context.Background(), "p1")
	if !IsNotFound(err) {
		t.Fatalf("err = %v, want not found", err)
	}
	if !strings.HasPrefix(err.Error(), "delete partner p1: ") {
		t.Errorf("error lacks context: %v", err)
	}
}

func TestTerminateAfter504ChecksInsteadOfResending(t *testing.T) {
	terminated := `{"id":"p1","displayName":"Jamf","partnerState":"terminated","isConfigured":true}`
	s := newScripted(t, graphErr(504, "GatewayTimeout", "slow", nil), ok(terminated))
	c, _ := newTest(t, s.url())
	if err := c.Terminate(context.Background(), "p1"); err != nil {
		t.Fatalf("Terminate = %v, want success (the partner is terminated)", err)
	}
	reqs := s.requests()
	if len(reqs) != 2 || reqs[0].method != "POST" || reqs[1].method != "GET" {
		t.Fatalf("requests = %v, want POST then GET", methods(reqs))
	}
	if !strings.HasSuffix(reqs[0].path, "/deviceManagementPartners/p1/terminate") {
		t.Errorf("terminate went to %s", reqs[0].path)
	}
}

func TestTerminateAfter504ReportsWhenNotTerminated(t *testing.T) {
	s := newScripted(t, graphErr(504, "GatewayTimeout", "slow", nil), ok(partnerJSON))
	c, _ := newTest(t, s.url())
	err := c.Terminate(context.Background(), "p1")
	if ge, ok := AsGraphError(err); !ok || ge.StatusCode != 504 {
		t.Fatalf("err = %v, want the 504", err)
	}
	if !strings.HasPrefix(err.Error(), "terminate p1: ") || !strings.Contains(err.Error(), "still Active") {
		t.Errorf("error does not explain: %v", err)
	}
	if got := methods(s.requests()); strings.Join(got, " ") != "POST GET" {
		t.Errorf("requests = %v, want POST GET", got)
	}
}

func TestTerminateIsRetriedOn429(t *testing.T) {
	s := newScripted(t, graphErr(429, "TooManyRequests", "later", map[string]string{"Retry-After": "1"}), step{status: 204})
	c, _ := newTest(t, s.url())
	if err := c.Terminate(context.Background(), "p1"); err != nil {
		t.Fatal(err)
	}
	if got := methods(s.requests()); strings.Join(got, " ") != "POST POST" {
		t.Errorf("requests = %v", got)
	}
}

func TestUnauthorizedRefreshesOnceAndRetriesOnce(t *testing.T) {
	s := newScripted(t, graphErr(401, "InvalidAuthenticationToken", "Access token has expired.", nil), ok(partnerJSON))
	ts := &refreshingToken{}
	c, sl := newTest(t, s.url(), WithTokenSource(ts))
	if _, err := c.Get(context.Background(), "p1"); err != nil {
		t.Fatal(err)
	}
	reqs := s.requests()
	if len(reqs) != 2 || reqs[0].header.Get("Authorization") != "Bearer old" || reqs[1].header.Get("Authorization") != "Bearer new" {
		t.Fatalf("authorization headers: %v", authHeaders(reqs))
	}
	if ts.refreshed != 1 {
		t.Errorf("refreshed %d times", ts.refreshed)
	}
	if len(sl.all()) != 0 {
		t.Error("a refresh retry should not wait")
	}
}

func TestUnauthorizedTwiceIsReturned(t *testing.T) {
	s := newScripted(t, graphErr(401, "InvalidAuthenticationToken", "nope", nil))
	ts := &refreshingToken{}
	c, _ := newTest(t, s.url(), WithTokenSource(ts))
	err := c.Delete(context.Background(), "p1")
	if !IsUnauthorized(err) {
		t.Fatalf("err = %v, want 401", err)
	}
	if n := len(s.requests()); n != 2 || ts.refreshed != 1 {
		t.Errorf("%d requests and %d refreshes, want 2 and 1", n, ts.refreshed)
	}
}

func TestUnauthorizedWithoutRefresherIsReturned(t *testing.T) {
	s := newScripted(t, graphErr(401, "InvalidAuthenticationToken", "nope", nil))
	c, _ := newTest(t, s.url(), WithTokenSource(staticToken("t")))
	if _, err := c.List(context.Background()); !IsUnauthorized(err) {
		t.Fatalf("err = %v, want 401", err)
	}
	if n := len(s.requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func methods(reqs []seen) []string {
	var out []string
	for _, r := range reqs {
		out = append(out, r.method)
	}
	return out
}

func authHeaders(reqs []seen) []string {
	var out []string
	for _, r := range reqs {
		out = append(out, r.header.Get("Authorization"))
	}
	return out
}

// TestDroppedConnectionPerOperation: a connection dropped after the request was read is re-sent
// for the idempotent operations only; create reports an unknown outcome, and terminate reads the
// partner back instead of posting again.
func TestDroppedConnectionPerOperation(t *testing.T) {
	name := "n"
	for _, tc := range []struct {
		op      string
		run     func(*Client) error
		methods string
	}{
		{"get", func(c *Client) error { _, err := c.Get(context.Background(), "p1"); return err }, "GET GET"},
		{"list", func(c *Client) error { _, err := c.List(context.Background()); return err }, "GET GET"},
		{"update", func(c *Client) error {
			return c.Update(context.Background(), "p1", model.PartnerUpdate{DisplayName: &name})
		}, "PATCH PATCH"},
		{"delete", func(c *Client) error { return c.Delete(context.Background(), "p1") }, "DELETE DELETE"},
		{"create", func(c *Client) error {
			_, err := c.Create(context.Background(), model.Partner{DisplayName: "x"})
			if !errors.Is(err, ErrOutcomeUnknown) {
				return fmt.Errorf("want ErrOutcomeUnknown, got %v", err)
			}
			return nil
		}, "POST"},
		{"terminate", func(c *Client) error {
			if err := c.Terminate(context.Background(), "p1"); err == nil || !strings.Contains(err.Error(), "still Active") {
				return fmt.Errorf("want the failure with the state read back, got %v", err)
			}
			return nil
		}, "POST GET"},
	} {
		body := `{"value":[]}`
		if tc.op != "list" {
			body = partnerJSON
		}
		s := newScripted(t, step{drop: true}, ok(body))
		c, _ := newTest(t, s.url())
		if err := tc.run(c); err != nil {
			t.Errorf("%s: %v", tc.op, err)
		}
		if got := strings.Join(methods(s.requests()), " "); got != tc.methods {
			t.Errorf("%s: requests %q, want %q", tc.op, got, tc.methods)
		}
	}
}
