package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Option configures a Client in New. An option given a value it cannot use makes New fail with an
// error that says which.
type Option func(*Client) error

// WithHTTPClient sets the HTTP client (for a shared transport, a proxy, or a simulator's in-process
// client). New works on a copy, so the caller's value is not changed.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("WithHTTPClient: nil *http.Client")
		}
		c.hc = hc
		return nil
	}
}

// WithTokenSource sets where bearer tokens come from. Without it no Authorization header is sent,
// which is what a local simulator expects. If ts also implements Refresher, a 401 is retried once
// with a refreshed token.
func WithTokenSource(ts TokenSource) Option {
	return func(c *Client) error {
		c.tokens = ts
		return nil
	}
}

// WithUserAgent sets the User-Agent, e.g. "partnerdash/1.2.0". It must name partnerdash so that
// Microsoft support can tell our traffic apart; a value that does not is prefixed with the default.
func WithUserAgent(ua string) Option {
	return func(c *Client) error {
		ua = strings.TrimSpace(ua)
		if ua == "" || strings.ContainsAny(ua, "\r\n") {
			return fmt.Errorf("WithUserAgent: %q is not a usable User-Agent", ua)
		}
		if !strings.Contains(strings.ToLower(ua), "partnerdash") {
			ua = defaultUserAgent() + " " + ua
		}
		c.userAgent = ua
		return nil
	}
}

// WithRetryPolicy replaces DefaultRetryPolicy. Zero BaseDelay or MaxTotalWait take the defaults;
// MaxRetries 0 turns retries off.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *Client) error {
		p, err := p.normalized()
		if err != nil {
			return fmt.Errorf("WithRetryPolicy: %w", err)
		}
		c.retry = p
		return nil
	}
}

// WithAttemptTimeout bounds each HTTP attempt, response body included (default
// DefaultAttemptTimeout). The caller's context still bounds the whole call.
func WithAttemptTimeout(d time.Duration) Option {
	return func(c *Client) error {
		if d <= 0 {
			return fmt.Errorf("WithAttemptTimeout: %s is not a positive duration", d)
		}
		c.attemptTTL = d
		return nil
	}
}

// WithPageSize asks for pages of n partners ($top=n on the first list request); Graph may send
// fewer. 0 leaves the page size to the service.
func WithPageSize(n int) Option {
	return func(c *Client) error {
		if n < 0 || n > 999_999 {
			return fmt.Errorf("WithPageSize: %d is out of range", n)
		}
		c.pageSize = n
		return nil
	}
}

// WithSleep replaces the wait between retries. It must return ctx.Err() when ctx ends first.
// Tests use it to record delays instead of sleeping.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(c *Client) error {
		if sleep == nil {
			return errors.New("WithSleep: nil function")
		}
		c.sleep = sleep
		return nil
	}
}

// WithClock sets the clock used to read a Retry-After given as an HTTP date. (A wait is compared
// with the context's deadline on the real clock, as context deadlines are.)
func WithClock(now func() time.Time) Option {
	return func(c *Client) error {
		if now == nil {
			return errors.New("WithClock: nil function")
		}
		c.now = now
		return nil
	}
}

// WithJitter sets the function that returns the random extra added to each backoff delay, in
// [0, limit). Tests pass one that returns 0 to make delays exact.
func WithJitter(jitter func(limit time.Duration) time.Duration) Option {
	return func(c *Client) error {
		if jitter == nil {
			return errors.New("WithJitter: nil function")
		}
		c.jitter = jitter
		return nil
	}
}
