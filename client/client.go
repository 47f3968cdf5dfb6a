// Package client is partnerdash's hand-written Microsoft Graph REST client for Intune's
// deviceManagementPartners: list (every page), get, create, update, delete, terminate and count.
//
// Every call goes through one request path (request.go) that adds the headers Graph asks for,
// attaches the bearer token only for the configured Graph host, retries what is safe to retry
// (retry.go) and turns every non-success status into a *model.GraphError that callers inspect with
// errors.As or the Is* helpers. A Client is safe for concurrent use; its only mutable state is the
// group names it has resolved in this session (ResolveGroups), guarded by a mutex.
//
// The same calls exist for complianceManagementPartners (ListCompliance, GetCompliance,
// CreateCompliance, UpdateCompliance, DeleteCompliance; there is no terminate), and for the Entra
// groups that assignments name (ResolveGroups, SearchGroups).
package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/partnerdash/partnerdash/client/internal/sleep"
)

// TokenSource supplies the bearer token for Graph. MSAL plugs in here; a local simulator needs
// none. Token is called before every attempt, so a source should cache and renew silently.
type TokenSource interface {
	Token(ctx context.Context) (string, error)
}

// Refresher is implemented by a TokenSource that can force a fresh token. After a 401 the client
// asks it once for a new token and retries the request once; Graph's answer after that stands.
type Refresher interface {
	RefreshToken(ctx context.Context) (string, error)
}

// Client talks to one Graph endpoint (a cloud and a version). Build it with New.
type Client struct {
	base       *url.URL // absolute, path without a trailing slash
	baseStr    string
	collection string // base + partnersPath
	hc         *http.Client
	tokens     TokenSource
	userAgent  string
	retry      RetryPolicy
	attemptTTL time.Duration
	// handoffWait bounds how long a prefetched page waits for the page buffer before it
	// (handoffWait; tests lengthen it).
	handoffWait time.Duration
	pageSize    int
	sleep       func(ctx context.Context, d time.Duration) error
	now         func() time.Time
	jitter      func(limit time.Duration) time.Duration
	pages       pagePool // buffers for list pages, reused across pages and calls
	groups      groupCache
}

// partnersPath is the collection, relative to the versioned base URL (same in v1.0 and beta).
const partnersPath = "/deviceManagement/deviceManagementPartners"

// DefaultAttemptTimeout bounds one HTTP attempt, body included. Partner payloads are small, so a
// request still running after this long is stuck; retries (for idempotent calls) start afresh.
const DefaultAttemptTimeout = 30 * time.Second

// isMicrosoftGraphHost reports whether host is the Graph root of the public or a national cloud
// (graph-api.md §3.1); plain http is refused for those because the token would travel in clear text.
func isMicrosoftGraphHost(host string) bool {
	switch strings.TrimSuffix(strings.ToLower(host), ".") {
	case "graph.microsoft.com", "canary.graph.microsoft.com", "graph.microsoft.us",
		"dod-graph.microsoft.us", "microsoftgraph.chinacloudapi.cn", "graph.microsoft.de":
		return true
	}
	return false
}

// New returns a client for baseURL, the versioned Graph root such as
// https://graph.microsoft.com/v1.0, https://graph.microsoft.us/beta or a simulator's
// http://127.0.0.1:8080/v1.0. The URL must be absolute http or https, carry no credentials, query
// or fragment, and end in the version segment "v1.0" or "beta" (a path prefix before it is allowed,
// for proxies). Plain http is refused for Microsoft's own Graph hosts.
//
// Without options the client uses NewHTTPClient, no token (no Authorization header), the
// User-Agent "partnerdash/<module version>", DefaultRetryPolicy and DefaultAttemptTimeout.
func New(baseURL string, opts ...Option) (*Client, error) {
	base, err := parseBaseURL(baseURL)
	if err != nil {
		return nil, err
	}
	c := &Client{
		base:        base,
		baseStr:     base.String(),
		hc:          NewHTTPClient(),
		userAgent:   defaultUserAgent(),
		retry:       DefaultRetryPolicy(),
		attemptTTL:  DefaultAttemptTimeout,
		handoffWait: handoffWait,
		sleep:       sleep.For,
		now:         time.Now,
		jitter:      randomJitter,
	}
	c.collection = c.baseStr + partnersPath
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(c); err != nil {
			return nil, fmt.Errorf("graph client: %w", err)
		}
	}
	// Copy the HTTP client so the redirect rule below does not change the caller's value.
	hc := *c.hc
	next := hc.CheckRedirect
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return fmt.Errorf("stopped after %d redirects", maxRedirects)
		}
		// Go keeps Authorization on redirects to a subdomain or another port; we keep it only
		// for the configured Graph origin. And we do not go there at all: Graph does not
		// redirect API calls to another origin, so such an answer is not tenant data.
		if !c.sameOrigin(req.URL) {
			req.Header.Del("Authorization")
			return &CrossOriginRedirectError{From: via[len(via)-1].URL.Redacted(), To: req.URL.Redacted()}
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
	c.hc = &hc
	return c, nil
}

// CrossOriginRedirectError is a Graph answer that redirected to another origin (scheme, host or
// port): the client does not follow it, and does not send the request again.
type CrossOriginRedirectError struct {
	From, To string // URLs, without user info
}

func (e *CrossOriginRedirectError) Error() string {
	return fmt.Sprintf("refused a redirect from %s to another origin, %s: Graph does not redirect API calls elsewhere, "+
		"so this is not Graph (check the Graph URL, or a proxy in between)", e.From, e.To)
}

// maxRedirects caps redirects (Graph does not redirect these endpoints; Kiota stops at 5).
const maxRedirects = 5

// BaseURL returns the versioned Graph root the client talks to, without a trailing slash.
func (c *Client) BaseURL() string { return c.baseStr }

func parseBaseURL(raw string) (*url.URL, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, errors.New("graph base URL is empty (want e.g. https://graph.microsoft.com/v1.0)")
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("graph base URL %q: %w", raw, err)
	}
	switch {
	case !u.IsAbs() || u.Host == "":
		return nil, fmt.Errorf("graph base URL %q is not absolute (want e.g. https://graph.microsoft.com/v1.0)", raw)
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("graph base URL %q: scheme %q is not http or https", raw, u.Scheme)
	case u.User != nil:
		return nil, fmt.Errorf("graph base URL must not carry credentials (user:password@)")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, fmt.Errorf("graph base URL %q must not have a query or fragment", raw)
	case u.Scheme == "http" && isMicrosoftGraphHost(u.Hostname()):
		return nil, fmt.Errorf("graph base URL %q: use https for %s (the token must not travel in clear text)", raw, u.Hostname())
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	version := u.Path[strings.LastIndexByte(u.Path, '/')+1:]
	if version != "v1.0" && version != "beta" {
		return nil, fmt.Errorf("graph base URL %q has no version: end it with /v1.0 or /beta (e.g. %s://%s/v1.0)", raw, u.Scheme, u.Host)
	}
	return u, nil
}

// sameOrigin reports whether u has the base URL's scheme, host and port: the only place the
// bearer token may go.
func (c *Client) sameOrigin(u *url.URL) bool {
	return strings.EqualFold(u.Scheme, c.base.Scheme) &&
		strings.EqualFold(u.Hostname(), c.base.Hostname()) &&
		effectivePort(u) == effectivePort(c.base)
}

func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "https") {
		return "443"
	}
	return "80"
}

// NewHTTPClient returns the HTTP client New uses by default. Its transport follows
// auth-and-peers.md C3: proxy from the environment, 10 s to dial and to finish TLS, 30 s for the
// response headers, idle connections kept 90 s, HTTP/2 when the server offers it. It has no overall
// Timeout: each attempt is bounded by its context instead, so a wait for Retry-After is not cut
// short. Pass it to MSAL too (WithHTTPClient there) to share one transport.
func NewHTTPClient() *http.Client {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
		ExpectContinueTimeout: 1 * time.Second,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConns:          20,
		MaxIdleConnsPerHost:   10,
	}}
}

// defaultUserAgent names partnerdash and the module version the binary was built from ("dev" for
// a local build). The command sets the release version with WithUserAgent.
func defaultUserAgent() string {
	v := "dev"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	return "partnerdash/" + v
}
