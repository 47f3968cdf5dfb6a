package sshserver

import (
	"context"
	"net/http"
	"sync"
)

// A failed Graph call carries its request-id in *model.GraphError, but the PartnerService
// interface returns nothing for a successful one. So the audit wrapper puts a requestIDs slot in
// the call's context, and CaptureRequestIDs, wrapped around the shared client's HTTP transport,
// fills it from the response headers. Without that transport (or with a service that does not
// pass its context on to HTTP) a successful entry simply has no request_id.

type requestIDsKey struct{}

// requestIDs holds the ids of the last Graph response for one call (after retries, the one
// that counted).
type requestIDs struct {
	mu              sync.Mutex
	requestID       string
	clientRequestID string
}

func withRequestIDs(ctx context.Context) (context.Context, *requestIDs) {
	ids := &requestIDs{}
	return context.WithValue(ctx, requestIDsKey{}, ids), ids
}

func (r *requestIDs) get() (requestID, clientRequestID string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.requestID, r.clientRequestID
}

// CaptureRequestIDs wraps next (nil: http.DefaultTransport) so that Graph's request-id and
// client-request-id response headers reach the audit log for calls made by an audited service.
// Requests without the audit slot in their context pass through untouched.
func CaptureRequestIDs(next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return captureTransport{next}
}

type captureTransport struct{ next http.RoundTripper }

func (t captureTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if ids, ok := req.Context().Value(requestIDsKey{}).(*requestIDs); ok && resp != nil {
		ids.mu.Lock()
		ids.requestID = resp.Header.Get("request-id")
		ids.clientRequestID = resp.Header.Get("client-request-id")
		ids.mu.Unlock()
	}
	return resp, err
}
