package client

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

func TestRetryAfterSecondsIsHonoured(t *testing.T) {
	s := newScripted(t,
		graphErr(429, "TooManyRequests", "Please retry again later.", map[string]string{"Retry-After": "2.5"}),
		ok(partnerJSON))
	c, sl := newTest(t, s.url())
	p, err := c.Get(context.Background(), "p1")
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != "p1" {
		t.Errorf("got partner %q", p.ID)
	}
	if got := sl.all(); len(got) != 1 || got[0] != 2500*time.Millisecond {
		t.Errorf("waits = %v, want [2.5s]", got)
	}
	reqs := s.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	if v := reqs[0].header.Get("Retry-Attempt"); v != "" {
		t.Errorf("first attempt sent Retry-Attempt %q", v)
	}
	if v := reqs[1].header.Get("Retry-Attempt"); v != "1" {
		t.Errorf("retry sent Retry-Attempt %q, want 1", v)
	}
	if reqs[0].header.Get("client-request-id") == reqs[1].header.Get("client-request-id") {
		t.Error("the retry reused the client-request-id")
	}
}

func TestRetryAfterHTTPDateIsHonoured(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s := newScripted(t,
		graphErr(429, "TooManyRequests", "slow down", map[string]string{"Retry-After": now.Add(7 * time.Second).Format(http.TimeFormat)}),
		ok(partnerJSON))
	c, sl := newTest(t, s.url(), WithClock(func() time.Time { return now }))
	if _, err := c.Get(context.Background(), "p1"); err != nil {
		t.Fatal(err)
	}
	if got := sl.all(); len(got) != 1 || got[0] != 7*time.Second {
		t.Errorf("waits = %v, want [7s]", got)
	}
}

func TestBackoffDoublesWithoutRetryAfter(t *testing.T) {
	s := newScripted(t,
		graphErr(503, "ServiceUnavailable", "busy", nil),
		graphErr(503, "ServiceUnavailable", "busy", nil),
		graphErr(504, "GatewayTimeout", "slow", nil),
		ok(partnerJSON))
	c, sl := newTest(t, s.url(), WithRetryPolicy(RetryPolicy{MaxRetries: 3, BaseDelay: time.Second}))
	if _, err := c.Get(context.Background(), "p1"); err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}
	if got := sl.all(); !equalDurations(got, want) {
		t.Errorf("waits = %v, want %v", got, want)
	}
	if n := len(s.requests()); n != 4 {
		t.Errorf("%d requests, want 4", n)
	}
}

func TestBackoffJitterStaysInRange(t *testing.T) {
	c, err := New("http://127.0.0.1/v1.0", WithRetryPolicy(RetryPolicy{MaxRetries: 3, BaseDelay: time.Second}))
	if err != nil {
		t.Fatal(err)
	}
	distinct := map[time.Duration]bool{}
	for range 200 {
		d := c.backoff(2)
		if d < 2*time.Second || d >= 2500*time.Millisecond {
			t.Fatalf("backoff(2) = %s, want [2s, 2.5s)", d)
		}
		distinct[d] = true
	}
	if len(distinct) < 2 {
		t.Error("backoff has no jitter")
	}
}

func TestExhaustionAfterThreeRetries(t *testing.T) {
	s := newScripted(t, graphErr(429, "TooManyRequests", "Please retry again later.", map[string]string{"Retry-After": "1"}))
	c, sl := newTest(t, s.url())
	_, err := c.List(context.Background())
	if !IsThrottled(err) {
		t.Fatalf("err = %v, want throttled", err)
	}
	if n := len(s.requests()); n != 4 {
		t.Errorf("%d requests, want 1 + 3 retries", n)
	}
	if n := len(sl.all()); n != 3 {
		t.Errorf("%d waits, want 3", n)
	}
	if !strings.Contains(err.Error(), "gave up after 3 retries") {
		t.Errorf("error does not say it gave up: %v", err)
	}
	ge, _ := AsGraphError(err)
	if ge.RetryAfter != time.Second {
		t.Errorf("RetryAfter = %s, want 1s", ge.RetryAfter)
	}
}

func TestTotalWaitIsBounded(t *testing.T) {
	s := newScripted(t, graphErr(429, "TooManyRequests", "later", map[string]string{"Retry-After": "100"}))
	c, sl := newTest(t, s.url()) // default budget 180 s: one 100 s wait fits, a second does not
	_, err := c.Get(context.Background(), "p1")
	if !IsThrottled(err) {
		t.Fatalf("err = %v, want throttled", err)
	}
	if got := sl.all(); len(got) != 1 {
		t.Errorf("waits = %v, want one", got)
	}
	if n := len(s.requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestNoRetriesWhenPolicySaysZero(t *testing.T) {
	s := newScripted(t, graphErr(503, "ServiceUnavailable", "busy", nil))
	c, _ := newTest(t, s.url(), WithRetryPolicy(RetryPolicy{MaxRetries: 0}))
	_, err := c.Get(context.Background(), "p1")
	if ge, ok := AsGraphError(err); !ok || ge.StatusCode != 503 {
		t.Fatalf("err = %v, want the 503", err)
	}
	if n := len(s.requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestCancelDuringWaitReturnsPromptly(t *testing.T) {
	s := newScripted(t, graphErr(429, "TooManyRequests", "later", map[string]string{"Retry-After": "60"}))
	c, err := New(s.url()) // the real sleep
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for len(s.requests()) == 0 {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(20 * time.Millisecond) // let the client start waiting
		cancel()
	}()
	start := time.Now()
	_, err = c.List(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if !IsThrottled(err) {
		t.Errorf("the error should still say why it was waiting: %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("returned after %s; the wait was not cancelled", d)
	}
	if n := len(s.requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestDeadlineBeforeRetryAfterGivesUpAtOnce(t *testing.T) {
	s := newScripted(t, graphErr(429, "TooManyRequests", "later", map[string]string{"Retry-After": "30"}))
	c, sl := newTest(t, s.url())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := c.Get(ctx, "p1")
	if !IsThrottled(err) || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the 429 itself", err)
	}
	if got := sl.all(); len(got) != 0 {
		t.Errorf("waited %v although the deadline comes first", got)
	}
}

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

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"3", 3 * time.Second, true},
		{" 2.128 ", 2128 * time.Millisecond, true},
		{"0", 0, true},
		{"-1", 0, false},
		{"NaN", 0, false},
		{"soon", 0, false},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"1e12", 24 * time.Hour, true},
	} {
		h := http.Header{}
		if tc.in != "" {
			h.Set("Retry-After", tc.in)
		}
		got, ok := parseRetryAfter(h, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseRetryAfter(%q) = %s, %v; want %s, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
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
