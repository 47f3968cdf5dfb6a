package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
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
	if !strings.Contains(err.Error(), "stopped retrying: waiting 1m40s more would pass the 3m0s limit") {
		t.Errorf("error does not say why it stopped: %v", err)
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
