package client

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy bounds how the client retries throttling (429), unavailability (503), gateway
// timeouts (504) and network failures. Which of those a call may retry depends on whether
// sending it twice is safe: see the operations' docs.
type RetryPolicy struct {
	// MaxRetries is how many times one call may be re-sent (0: never). At most 10.
	MaxRetries int
	// BaseDelay is the first backoff delay when Graph gives no Retry-After; it doubles on each
	// retry and gets up to half of itself again as random jitter.
	BaseDelay time.Duration
	// NetworkBaseDelay is the first backoff delay after a network failure (no HTTP answer at all,
	// e.g. a refused connection). It is shorter than BaseDelay because nothing asked us to slow
	// down: a dashboard pointed at a dead URL should say so in seconds, not after 20.
	NetworkBaseDelay time.Duration
	// MaxTotalWait caps the time one call spends waiting between attempts. A retry whose wait
	// would go past it is not made; the last error is returned instead (with its RetryAfter).
	MaxTotalWait time.Duration
}

// DefaultRetryPolicy is what Graph's own SDKs do: 3 retries, 3 s base delay, 180 s of waiting;
// network failures back off from 500 ms.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxRetries: 3, BaseDelay: 3 * time.Second, NetworkBaseDelay: 500 * time.Millisecond, MaxTotalWait: 180 * time.Second}
}

func (p RetryPolicy) normalized() (RetryPolicy, error) {
	d := DefaultRetryPolicy()
	switch {
	case p.MaxRetries < 0 || p.MaxRetries > 10:
		return p, fmt.Errorf("MaxRetries %d is not between 0 and 10", p.MaxRetries)
	case p.BaseDelay < 0:
		return p, fmt.Errorf("BaseDelay %s is negative", p.BaseDelay)
	case p.NetworkBaseDelay < 0:
		return p, fmt.Errorf("NetworkBaseDelay %s is negative", p.NetworkBaseDelay)
	case p.MaxTotalWait < 0:
		return p, fmt.Errorf("MaxTotalWait %s is negative", p.MaxTotalWait)
	}
	if p.BaseDelay == 0 {
		p.BaseDelay = d.BaseDelay
	}
	if p.NetworkBaseDelay == 0 {
		p.NetworkBaseDelay = min(d.NetworkBaseDelay, p.BaseDelay)
	}
	if p.MaxTotalWait == 0 {
		p.MaxTotalWait = d.MaxTotalWait
	}
	return p, nil
}

// backoff is the wait before retry n (1-based) when the server did not say how long.
func (c *Client) backoff(n int) time.Duration { return c.backoffFrom(c.retry.BaseDelay, n) }

// networkBackoff is the wait before retry n after a failure with no HTTP answer.
func (c *Client) networkBackoff(n int) time.Duration {
	return c.backoffFrom(c.retry.NetworkBaseDelay, n)
}

func (c *Client) backoffFrom(base time.Duration, n int) time.Duration {
	d := base << (n - 1)
	if d <= 0 || d > c.retry.MaxTotalWait { // overflow, or past the budget anyway
		d = c.retry.MaxTotalWait
	}
	return d + c.jitter(base/2)
}

// parseRetryAfter reads Retry-After as seconds (Graph sometimes sends fractions, e.g. "2.128") or
// as an HTTP date. It reports false when the header is absent or unreadable; a date in the past
// means "now" (0).
func parseRetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs < 0 || secs != secs { // negative or NaN
			return 0, false
		}
		if secs > 86400 { // a day: beyond any budget; avoids overflowing Duration
			secs = 86400
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// randomJitter returns a random duration in [0, limit).
func randomJitter(limit time.Duration) time.Duration {
	if limit <= 0 {
		return 0
	}
	return rand.N(limit)
}
