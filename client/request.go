package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

// resend says which failures a call may safely send again.
type resend int

const (
	// idempotent calls (GET, PATCH, DELETE) give the same result when repeated: they are retried
	// on 429, 503, 504 and network errors.
	idempotent resend = iota
	// rejectedOnly calls (the POSTs: create, terminate) are retried only when Graph said it did not
	// process them (429, 503). After a 504 or a network error the outcome is unknown, and a blind
	// re-send could create a duplicate.
	rejectedOnly
)

// call is one logical request; do may send it several times.
type call struct {
	method string
	url    string
	body   []byte // JSON; nil for no body
	resend resend
	// goneIsDone makes a 404 on a retry a success: an earlier attempt (whose answer was lost)
	// already deleted the resource.
	goneIsDone bool
	// header holds extra request headers (e.g. ConsistencyLevel for directory $search).
	header http.Header
}

// maxErrorBody bounds how much of an error response is read; Graph's are a few hundred bytes.
const maxErrorBody = 64 << 10

// do is the one request path. It sends k, retrying as k.resend and the policy allow, and hands a
// 2xx response to handle while the attempt's deadline still runs, so handle can stream the body.
// Any other status comes back as a *model.GraphError (wrapped when retries were given up).
func (c *Client) do(ctx context.Context, k *call, handle func(*http.Response) error) error {
	var (
		retries   int
		waited    time.Duration
		refreshed bool
		token     string // a token forced by RefreshToken; "" means ask the source
	)
	for {
		o := c.attempt(ctx, k, retries, token, handle)
		if o.err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return o.err // the caller gave up; o.err wraps ctx.Err() in that case
		}
		if o.status == http.StatusNotFound && k.goneIsDone && retries > 0 {
			return nil
		}
		if o.status == http.StatusUnauthorized && !refreshed {
			if r, ok := c.tokens.(Refresher); ok {
				refreshed = true
				t, err := r.RefreshToken(ctx)
				if err != nil {
					return fmt.Errorf("refresh access token after 401: %w (Graph said: %w)", err, o.err)
				}
				token = t
				continue // a 401 was not processed, so this is safe for every method
			}
		}
		if !o.retryable {
			return o.err
		}
		if retries >= c.retry.MaxRetries {
			if retries == 0 {
				return o.err
			}
			return fmt.Errorf("gave up after %d retries: %w", retries, o.err)
		}
		delay := o.retryAfter
		switch {
		case o.hasRetryAfter:
		case o.status == 0: // no HTTP answer: a network failure
			delay = c.networkBackoff(retries + 1)
		default:
			delay = c.backoff(retries + 1)
		}
		if waited+delay > c.retry.MaxTotalWait {
			return fmt.Errorf("stopped retrying: waiting %s more would pass the %s limit: %w",
				delay.Round(time.Millisecond), c.retry.MaxTotalWait, o.err)
		}
		// Context deadlines are wall-clock, so this compares with the real clock, not c.now.
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < delay {
			return fmt.Errorf("not retrying: the deadline comes before the %s wait: %w", delay.Round(time.Millisecond), o.err)
		}
		if err := c.sleep(ctx, delay); err != nil {
			return fmt.Errorf("%w (while waiting %s to retry after: %w)", err, delay.Round(time.Millisecond), o.err)
		}
		waited += delay
		retries++
	}
}

// outcome is what one attempt came to.
type outcome struct {
	err           error
	status        int  // HTTP status; 0 when there was no response
	retryable     bool // the call may be sent again after a wait
	retryAfter    time.Duration
	hasRetryAfter bool
}

// attempt sends k once. retry is the number of retries made before (sent as Retry-Attempt).
func (c *Client) attempt(ctx context.Context, k *call, retry int, token string, handle func(*http.Response) error) outcome {
	actx, cancel := context.WithTimeout(ctx, c.attemptTTL)
	defer cancel()

	var body io.Reader
	if k.body != nil {
		body = bytes.NewReader(k.body)
	}
	req, err := http.NewRequestWithContext(actx, k.method, k.url, body)
	if err != nil {
		return outcome{err: fmt.Errorf("build request: %w", err)}
	}
	crid := newGUID()
	h := req.Header
	h.Set("Accept", "application/json")
	h.Set("User-Agent", c.userAgent)
	h.Set("client-request-id", crid)
	if k.body != nil {
		h.Set("Content-Type", "application/json")
	}
	for name, vs := range k.header {
		// Canonical, as a server reads it: a transport that hands the map over as it is (the demo's
		// in-process simulator) must find "ConsistencyLevel" under Header.Get too.
		h[http.CanonicalHeaderKey(name)] = vs
	}
	if retry > 0 {
		h.Set("Retry-Attempt", fmt.Sprint(retry))
	}
	if c.tokens != nil && c.sameOrigin(req.URL) {
		if token == "" {
			// The caller's ctx, not the attempt's: a token source may need longer than one attempt.
			if token, err = c.tokens.Token(ctx); err != nil {
				return outcome{err: fmt.Errorf("get access token: %w", err)}
			}
		}
		h.Set("Authorization", "Bearer "+token)
	}

	resp, err := c.hc.Do(req)
	if err != nil {
		// A failed dial means nothing was sent, so even a POST may go again.
		se := &sendError{err: err, notSent: isDialError(err)}
		var elsewhere *CrossOriginRedirectError
		if errors.As(err, &elsewhere) {
			// Not a glitch: sending again would be redirected again.
			return outcome{err: elsewhere}
		}
		return outcome{err: se, retryable: (k.resend == idempotent || se.notSent) && ctx.Err() == nil}
	}
	defer closeBody(resp.Body)

	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		tr := &trackingReader{r: resp.Body}
		resp.Body = tr
		if err := handle(resp); err != nil {
			// A failure to read the body (reset, attempt timeout) is a network error; one to
			// understand it is not, and sending again would not help.
			readFailed := tr.err != nil && !errors.Is(tr.err, errBodyTooLarge)
			return outcome{err: err, status: resp.StatusCode, retryable: readFailed && k.resend == idempotent && ctx.Err() == nil}
		}
		return outcome{}
	}

	raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	o := outcome{status: resp.StatusCode}
	o.retryAfter, o.hasRetryAfter = parseRetryAfter(resp.Header, c.now())
	ge := graphError(resp, raw, crid)
	if o.hasRetryAfter {
		ge.RetryAfter = o.retryAfter
	}
	o.err = ge
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		o.retryable = true
	case http.StatusServiceUnavailable:
		o.retryable = true
		// Graph's advice is to retry a 503 on a new connection.
		c.hc.CloseIdleConnections()
	case http.StatusGatewayTimeout:
		o.retryable = k.resend == idempotent
	}
	return o
}

// closeBody reads a little of what is left so the connection can be reused, then closes.
func closeBody(b io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(b, 4<<10))
	_ = b.Close()
}

// maxBody bounds one success response: 1000 partners are about 1 MB, so this is only a guard
// against a runaway or hostile endpoint.
const maxBody = 256 << 20

var errBodyTooLarge = fmt.Errorf("response body is larger than %d MiB", maxBody>>20)

// trackingReader remembers a read error (as opposed to a decoding one) and enforces maxBody.
type trackingReader struct {
	r   io.ReadCloser
	n   int64
	err error
}

func (t *trackingReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.n += int64(n)
	if t.n > maxBody {
		t.err = errBodyTooLarge
		return n, t.err
	}
	if err != nil && err != io.EOF {
		t.err = err
	}
	return n, err
}

func (t *trackingReader) Close() error { return t.r.Close() }

// graphError builds the typed error for a non-success response, filling what the body lacks from
// the headers (request-id, client-request-id, Date) and what we sent. The caller sets RetryAfter
// from the Retry-After it has already read for its own wait.
func graphError(resp *http.Response, body []byte, sentCRID string) *model.GraphError {
	e := model.ParseGraphError(resp.StatusCode, body)
	if e.Code == "" && e.RawMessage == "" {
		e.Message = describeNonGraph(resp, body)
	}
	if e.RequestID == "" {
		e.RequestID = model.Sanitize(resp.Header.Get("request-id"))
	}
	if e.ClientRequestID == "" {
		e.ClientRequestID = model.Sanitize(resp.Header.Get("client-request-id"))
	}
	if e.ClientRequestID == "" {
		e.ClientRequestID = sentCRID
	}
	if e.Date.IsZero() {
		if t, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
			e.Date = t.UTC()
		}
	}
	return e
}

// sendError is a request that got no HTTP answer. Its text is the *url.Error's, which names the
// method and URL; neither carries the token.
type sendError struct {
	err     error
	notSent bool // the connection was never made, so the server saw nothing
}

func (e *sendError) Error() string { return e.err.Error() }
func (e *sendError) Unwrap() error { return e.err }

// bodyReadError is a success response whose body could not be read to the end: the server
// answered, but we do not know all it said.
type bodyReadError struct{ err error }

func (e *bodyReadError) Error() string { return "read response: " + e.err.Error() }
func (e *bodyReadError) Unwrap() error { return e.err }

// isDialError reports a failure to connect (DNS, refused, unreachable) as opposed to one after
// the request may have reached the server.
func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}
