package client

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/partnerdash/partnerdash/model"
)

// ErrNotGraphResponse is wrapped by the error for a success status whose body is not what Graph
// sends (an HTML page at a wrong URL, a captive portal, JSON without the expected members).
var ErrNotGraphResponse = errors.New("not a Graph response")

// ErrOutcomeUnknown is wrapped when a request that is not safe to repeat (create) may or may not
// have been carried out: the gateway timed out (504) or the connection failed after sending.
// List again before trying again, or a duplicate may be made.
var ErrOutcomeUnknown = errors.New("the outcome is unknown: Graph may or may not have carried out the request")

// ErrForeignNextLink is wrapped when a page's @odata.nextLink points away from the configured
// Graph host; it is not followed, so the token cannot leak there.
var ErrForeignNextLink = errors.New("@odata.nextLink points to another host")

// AsGraphError returns the *model.GraphError in err's chain, if any.
func AsGraphError(err error) (*model.GraphError, bool) {
	var ge *model.GraphError
	ok := errors.As(err, &ge)
	return ge, ok
}

// IsNotFound reports whether Graph answered 404 (the partner does not exist, or no longer does).
func IsNotFound(err error) bool {
	ge, ok := AsGraphError(err)
	return ok && ge.IsNotFound()
}

// IsForbidden reports whether Graph answered 403: a missing permission scope or Intune role.
// RequiredScopes says which scopes Graph asked for.
func IsForbidden(err error) bool {
	ge, ok := AsGraphError(err)
	return ok && ge.IsForbidden()
}

// IsThrottled reports whether Graph answered 429 (after the retries the policy allowed).
// The GraphError's RetryAfter says how long Graph asked to wait.
func IsThrottled(err error) bool {
	ge, ok := AsGraphError(err)
	return ok && ge.IsThrottled()
}

// IsBadRequest reports whether Graph answered 400: it refused what was sent.
func IsBadRequest(err error) bool {
	ge, ok := AsGraphError(err)
	return ok && ge.IsBadRequest()
}

// IsUnauthorized reports whether Graph answered 401: no token, or one it does not accept.
func IsUnauthorized(err error) bool {
	ge, ok := AsGraphError(err)
	return ok && ge.IsUnauthorized()
}

// RequiredScopes returns the permission scopes a 403 said are needed, or nil.
func RequiredScopes(err error) []string {
	ge, ok := AsGraphError(err)
	if !ok || !ge.IsForbidden() {
		return nil
	}
	return ge.RequiredScopes
}

// describeNonGraph words an error response that has no Graph error body, e.g. a proxy's HTML page.
func describeNonGraph(resp *http.Response, body []byte) string {
	status := http.StatusText(resp.StatusCode)
	if status == "" {
		status = "unknown status"
	}
	ct := resp.Header.Get("Content-Type")
	if len(strings.TrimSpace(string(body))) == 0 {
		return status + " (no response body)"
	}
	what := "not a Graph error"
	if ct != "" {
		what += " (Content-Type " + model.Sanitize(ct) + ")"
	}
	return status + ": " + what + ": " + bodySnippet(body)
}

var titleRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`) }) // compiled on first use, not at every start
var tagRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?s)<[^>]*>`) })                      // compiled on first use, not at every start

// bodySnippet is a short, terminal-safe glimpse of a body: an HTML page's title, else its first
// words.
func bodySnippet(body []byte) string {
	if len(body) > 4096 {
		body = body[:4096]
	}
	s := string(body)
	if m := titleRe().FindStringSubmatch(s); m != nil && strings.TrimSpace(m[1]) != "" {
		s = m[1]
	} else {
		s = tagRe().ReplaceAllString(s, " ")
	}
	s = strings.Join(strings.Fields(model.Sanitize(s)), " ")
	if r := []rune(s); len(r) > 160 {
		s = string(r[:160]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// checkJSON fails with ErrNotGraphResponse when a success response says it is not JSON. A missing
// Content-Type is let through: the decoder will tell.
func checkJSON(resp *http.Response) error {
	ct := resp.Header.Get("Content-Type")
	if ct == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json")) {
		return nil
	}
	head := make([]byte, 512)
	n, _ := resp.Body.Read(head)
	return notGraph(resp, fmt.Sprintf("Content-Type %s, not JSON: %s", model.Sanitize(ct), bodySnippet(head[:n])))
}

// notGraph wraps ErrNotGraphResponse with the request and why.
func notGraph(resp *http.Response, why string) error {
	return fmt.Errorf("%w: %s %s answered %d with %s (is the base URL right?)",
		ErrNotGraphResponse, resp.Request.Method, resp.Request.URL.Redacted(), resp.StatusCode, why)
}
