package client

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

func TestNewValidatesTheBaseURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://graph.microsoft.com/v1.0", "https://graph.microsoft.com/v1.0"},
		{"https://graph.microsoft.com/beta/", "https://graph.microsoft.com/beta"},
		{"HTTPS://Graph.Microsoft.US/v1.0", "https://graph.microsoft.us/v1.0"},
		{"https://dod-graph.microsoft.us/beta", "https://dod-graph.microsoft.us/beta"},
		{"https://microsoftgraph.chinacloudapi.cn/v1.0", "https://microsoftgraph.chinacloudapi.cn/v1.0"},
		{"http://127.0.0.1:8080/v1.0", "http://127.0.0.1:8080/v1.0"},
		{"http://proxy.internal/graph/beta", "http://proxy.internal/graph/beta"},
	} {
		c, err := New(tc.in)
		if err != nil {
			t.Errorf("New(%q): %v", tc.in, err)
			continue
		}
		if c.BaseURL() != tc.want {
			t.Errorf("New(%q).BaseURL() = %q, want %q", tc.in, c.BaseURL(), tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"", "empty"},
		{"graph.microsoft.com/v1.0", "not absolute"},
		{"/v1.0", "not absolute"},
		{"ftp://graph.microsoft.com/v1.0", `scheme "ftp"`},
		{"https://graph.microsoft.com", "no version"},
		{"https://graph.microsoft.com/v2.0", "no version"},
		{"https://graph.microsoft.com/v1.0/deviceManagement", "no version"},
		{"https://graph.microsoft.com/v1.0?x=1", "query"},
		{"https://graph.microsoft.com/v1.0#top", "fragment"},
		{"https://user:pw@graph.microsoft.com/v1.0", "credentials"},
		{"http://graph.microsoft.com/v1.0", "use https"},
		{"http://graph.microsoft.us/v1.0", "use https"},
		{"https://[::1/v1.0", "graph base URL"},
	} {
		_, err := New(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%q) = %v, want an error about %q", tc.in, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "pw") {
			t.Errorf("New(%q) repeats the password: %v", tc.in, err)
		}
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	for name, opt := range map[string]Option{
		"nil http client":  WithHTTPClient(nil),
		"empty user agent": WithUserAgent(" "),
		"newline in agent": WithUserAgent("partnerdash/1\r\nX: y"),
		"retries":          WithRetryPolicy(RetryPolicy{MaxRetries: 11}),
		"negative delay":   WithRetryPolicy(RetryPolicy{MaxRetries: 1, BaseDelay: -1}),
		"attempt timeout":  WithAttemptTimeout(0),
		"page size":        WithPageSize(-1),
		"nil sleep":        WithSleep(nil),
		"nil clock":        WithClock(nil),
		"nil jitter":       WithJitter(nil),
	} {
		if _, err := New("http://127.0.0.1/v1.0", opt); err == nil {
			t.Errorf("%s: New accepted it", name)
		}
	}
}

var guidRe = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestEveryRequestCarriesGraphHeaders(t *testing.T) {
	s := newScripted(t, step{status: 204})
	c, _ := newTest(t, s.url())
	ctx := context.Background()
	name := "New name"
	_ = c.Update(ctx, "p1", model.PartnerUpdate{DisplayName: &name})
	_ = c.Delete(ctx, "p1")
	_ = c.Terminate(ctx, "p1")
	reqs := s.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests", len(reqs))
	}
	ids := map[string]bool{}
	for _, r := range reqs {
		if got := r.header.Get("Accept"); got != "application/json" {
			t.Errorf("%s: Accept %q", r.method, got)
		}
		if ua := r.header.Get("User-Agent"); !strings.HasPrefix(ua, "partnerdash/") {
			t.Errorf("%s: User-Agent %q", r.method, ua)
		}
		id := r.header.Get("client-request-id")
		if !guidRe.MatchString(id) {
			t.Errorf("%s: client-request-id %q is not a v4 GUID", r.method, id)
		}
		ids[id] = true
		if auth := r.header.Get("Authorization"); auth != "" {
			t.Errorf("%s: Authorization %q sent without a token source", r.method, auth)
		}
		wantCT := ""
		if r.body != "" {
			wantCT = "application/json"
		}
		if got := r.header.Get("Content-Type"); got != wantCT {
			t.Errorf("%s with body %q: Content-Type %q, want %q", r.method, r.body, got, wantCT)
		}
	}
	if len(ids) != 3 {
		t.Errorf("client-request-ids are not fresh: %v", ids)
	}
	if reqs[0].method != "PATCH" || reqs[0].body != `{"displayName":"New name"}` {
		t.Errorf("PATCH sent %q, want only the changed field", reqs[0].body)
	}
	if reqs[2].method != "POST" || reqs[2].header.Get("Content-Length") != "" && reqs[2].header.Get("Content-Length") != "0" {
		t.Errorf("terminate: %s with Content-Length %q", reqs[2].method, reqs[2].header.Get("Content-Length"))
	}
}

func TestUserAgentOption(t *testing.T) {
	s := newScripted(t, ok(partnerJSON))
	c, _ := newTest(t, s.url(), WithUserAgent("partnerdash/1.2.3"))
	if _, err := c.Get(context.Background(), "p1"); err != nil {
		t.Fatal(err)
	}
	c2, _ := newTest(t, s.url(), WithUserAgent("acme-wrapper/2"))
	if _, err := c2.Get(context.Background(), "p1"); err != nil {
		t.Fatal(err)
	}
	reqs := s.requests()
	if got := reqs[0].header.Get("User-Agent"); got != "partnerdash/1.2.3" {
		t.Errorf("User-Agent %q", got)
	}
	if got := reqs[1].header.Get("User-Agent"); !strings.HasPrefix(got, "partnerdash/") || !strings.HasSuffix(got, " acme-wrapper/2") {
		t.Errorf("User-Agent %q should still name partnerdash", got)
	}
}

func TestTokenIsSentToTheGraphHost(t *testing.T) {
	s := newScripted(t, ok(partnerJSON))
	c, _ := newTest(t, s.url(), WithTokenSource(staticToken("tok")))
	if _, err := c.Get(context.Background(), "p1"); err != nil {
		t.Fatal(err)
	}
	if got := s.requests()[0].header.Get("Authorization"); got != "Bearer tok" {
		t.Errorf("Authorization %q", got)
	}
}

type failingToken struct{}

func (failingToken) Token(context.Context) (string, error) {
	return "", errors.New("no cached account")
}

func TestTokenSourceErrorStopsTheCall(t *testing.T) {
	s := newScripted(t, ok(partnerJSON))
	c, sl := newTest(t, s.url(), WithTokenSource(failingToken{}))
	_, err := c.Get(context.Background(), "p1")
	if err == nil || !strings.Contains(err.Error(), "get access token: no cached account") {
		t.Fatalf("err = %v", err)
	}
	if len(s.requests()) != 0 || len(sl.all()) != 0 {
		t.Error("a request went out (or was retried) without a token")
	}
}

func TestIDsArePathEscaped(t *testing.T) {
	s := newScripted(t, ok(partnerJSON))
	c, _ := newTest(t, s.url())
	if _, err := c.Get(context.Background(), "a/b c?d#e%f"); err != nil {
		t.Fatal(err)
	}
	want := "/v1.0/deviceManagement/deviceManagementPartners/a%2Fb%20c%3Fd%23e%25f"
	if got := s.requests()[0].path; got != want {
		t.Errorf("path %q, want %q", got, want)
	}
	for _, bad := range []string{"", " ", ".", ".."} {
		if _, err := c.Get(context.Background(), bad); err == nil {
			t.Errorf("Get(%q) was sent", bad)
		}
	}
	if n := len(s.requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestNextLinkToAnotherHostIsRefused(t *testing.T) {
	other := newScripted(t, ok(`{"value":[]}`)) // another port on 127.0.0.1: another origin
	s := newScripted(t, ok(`{"value":[`+partnerJSON+`],"@odata.nextLink":"`+other.url()+`/deviceManagement/deviceManagementPartners?$skiptoken=2"}`))
	c, _ := newTest(t, s.url(), WithTokenSource(staticToken("secret-token")))
	_, err := c.List(context.Background())
	if !errors.Is(err, ErrForeignNextLink) {
		t.Fatalf("err = %v, want ErrForeignNextLink", err)
	}
	if n := len(other.requests()); n != 0 {
		t.Errorf("the other host got %d requests", n)
	}
	if strings.Contains(err.Error(), "secret-token") {
		t.Error("the error shows the token")
	}
}

func TestNextLinkIsFollowed(t *testing.T) {
	var base string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; odata.metadata=minimal")
		if r.Header.Get("Authorization") != "Bearer tok" {
			t.Errorf("page %s without the token", r.URL)
		}
		switch r.URL.Query().Get("$skiptoken") {
		case "":
			if r.URL.Query().Get("$top") != "1" {
				t.Errorf("first page without $top=1: %s", r.URL)
			}
			w.Write([]byte(`{"@odata.context":"x","value":[{"id":"a"}],"@odata.nextLink":"` + base + `/v1.0/deviceManagement/deviceManagementPartners?$skiptoken=1"}`))
		case "1":
			w.Write([]byte(`{"value":[],"@odata.nextLink":"/v1.0/deviceManagement/deviceManagementPartners?$skiptoken=2"}`)) // empty page, relative link
		case "2":
			w.Write([]byte(`{"value":[{"id":"b"},{"id":"c"}]}`))
		}
	}))
	defer srv.Close()
	base = srv.URL
	c, _ := newTest(t, srv.URL+"/v1.0", WithTokenSource(staticToken("tok")), WithPageSize(1))
	ps, err := c.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range ps {
		ids = append(ids, p.ID)
	}
	if strings.Join(ids, ",") != "a,b,c" {
		t.Errorf("ids = %v", ids)
	}
}

func TestNextLinkLoopIsStopped(t *testing.T) {
	var base string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"value":[{"id":"a"}],"@odata.nextLink":"` + base + `/v1.0/deviceManagement/deviceManagementPartners?$skiptoken=same"}`))
	}))
	defer srv.Close()
	base = srv.URL
	c, _ := newTest(t, srv.URL+"/v1.0")
	if _, err := c.List(context.Background()); err == nil || !strings.Contains(err.Error(), "repeats") {
		t.Fatalf("err = %v, want a loop error", err)
	}
}

func TestRedirectElsewhereDropsTheToken(t *testing.T) {
	other := newScripted(t, ok(partnerJSON))
	s := newScripted(t, step{status: 307, header: map[string]string{"Location": other.url() + "/deviceManagement/deviceManagementPartners/p1"}})
	c, _ := newTest(t, s.url(), WithTokenSource(staticToken("secret-token")))
	if _, err := c.Get(context.Background(), "p1"); err != nil {
		t.Fatal(err)
	}
	if got := other.requests()[0].header.Get("Authorization"); got != "" {
		t.Errorf("the redirect target got Authorization %q", got)
	}
}

func TestGraphErrorCarriesWhatGraphSaid(t *testing.T) {
	intune := `{"error":{"code":"Forbidden","message":"{\r\n  \"_version\": 3,\r\n  \"Message\": \"Application is not authorized to perform this operation. Application must have one of the following scopes: DeviceManagementServiceConfig.Read.All, DeviceManagementServiceConfig.ReadWrite.All - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000\",\r\n  \"RetryAfter\": null\r\n}","innerError":{"date":"2026-01-02T03:04:05","request-id":"rid-body","client-request-id":"crid-body"}}}`
	s := newScripted(t, step{status: 403, body: intune, header: map[string]string{"request-id": "rid-header"}})
	c, _ := newTest(t, s.url())
	_, err := c.List(context.Background())
	if !IsForbidden(err) || IsNotFound(err) || IsThrottled(err) || IsBadRequest(err) {
		t.Fatalf("err = %v, want only forbidden", err)
	}
	ge, _ := AsGraphError(err)
	if ge.Code != "Forbidden" || !strings.HasPrefix(ge.Message, "Application is not authorized") {
		t.Errorf("code %q, message %q", ge.Code, ge.Message)
	}
	if ge.RequestID != "rid-body" || ge.ClientRequestID != "crid-body" {
		t.Errorf("ids %q %q", ge.RequestID, ge.ClientRequestID)
	}
	if !ge.Date.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("date %v", ge.Date)
	}
	scopes := RequiredScopes(err)
	if strings.Join(scopes, " ") != "DeviceManagementServiceConfig.Read.All DeviceManagementServiceConfig.ReadWrite.All" {
		t.Errorf("scopes %v", scopes)
	}
}

func TestGraphErrorFallsBackToHeaders(t *testing.T) {
	s := newScripted(t, step{status: 400, body: `{"error":{"code":"BadRequest","message":"Invalid property"}}`,
		header: map[string]string{"request-id": "rid-h", "client-request-id": "crid-h", "Date": "Fri, 02 Jan 2026 03:04:05 GMT"}})
	c, _ := newTest(t, s.url())
	_, err := c.Create(context.Background(), model.Partner{DisplayName: "x"})
	if !IsBadRequest(err) {
		t.Fatalf("err = %v", err)
	}
	ge, _ := AsGraphError(err)
	if ge.RequestID != "rid-h" || ge.ClientRequestID != "crid-h" || !ge.Date.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("got %q %q %v", ge.RequestID, ge.ClientRequestID, ge.Date)
	}
	if !strings.HasPrefix(err.Error(), `create partner "x": graph: 400 BadRequest: Invalid property (request-id rid-h)`) {
		t.Errorf("error text %q", err)
	}
}

func TestGraphErrorWithoutHeadersKeepsOurRequestID(t *testing.T) {
	s := newScripted(t, step{status: 404})
	c, _ := newTest(t, s.url())
	_, err := c.Get(context.Background(), "p1")
	ge, ok := AsGraphError(err)
	if !ok || !ge.IsNotFound() {
		t.Fatalf("err = %v", err)
	}
	if ge.ClientRequestID != s.requests()[0].header.Get("client-request-id") {
		t.Errorf("client-request-id %q is not the one sent", ge.ClientRequestID)
	}
	if !strings.Contains(ge.Message, "Not Found (no response body)") {
		t.Errorf("message %q", ge.Message)
	}
}

func TestHTMLErrorPageGivesAClearError(t *testing.T) {
	page := "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1>\x1b[31m</body></html>"
	s := newScripted(t, step{status: 502, body: page, header: map[string]string{"Content-Type": "text/html"}})
	c, _ := newTest(t, s.url())
	_, err := c.Get(context.Background(), "p1")
	ge, ok := AsGraphError(err)
	if !ok || ge.StatusCode != 502 {
		t.Fatalf("err = %v", err)
	}
	want := `Bad Gateway: not a Graph error (Content-Type text/html): "502 Bad Gateway"`
	if ge.Message != want {
		t.Errorf("message %q, want %q", ge.Message, want)
	}
}

func TestNonGraphSuccessBodyIsRefused(t *testing.T) {
	for name, st := range map[string]step{
		"html":          {status: 200, body: "<html><title>Sign in</title></html>", header: map[string]string{"Content-Type": "text/html; charset=utf-8"}},
		"json no value": {status: 200, body: `{"hello":"world"}`},
		"not json":      {status: 200, body: `hello`, header: map[string]string{"Content-Type": "application/json"}},
		"empty":         {status: 200, header: map[string]string{"Content-Type": "application/json"}},
	} {
		s := newScripted(t, st)
		c, sl := newTest(t, s.url())
		_, err := c.List(context.Background())
		if !errors.Is(err, ErrNotGraphResponse) {
			t.Errorf("%s: err = %v, want ErrNotGraphResponse", name, err)
			continue
		}
		if !strings.Contains(err.Error(), "is the base URL right?") {
			t.Errorf("%s: %v", name, err)
		}
		if len(sl.all()) != 0 {
			t.Errorf("%s: retried a response that will not change", name)
		}
	}
	s := newScripted(t, ok(`{"displayName":"no id"}`))
	c, _ := newTest(t, s.url())
	if _, err := c.Get(context.Background(), "p1"); !errors.Is(err, ErrNotGraphResponse) {
		t.Errorf("Get of an object without id: %v", err)
	}
}

func TestGetAcceptsTheDocsValueWrapper(t *testing.T) {
	s := newScripted(t, ok(`{"value":`+partnerJSON+`}`))
	c, _ := newTest(t, s.url())
	p, err := c.Get(context.Background(), "p1")
	if err != nil || p.ID != "p1" || p.DisplayName != "Jamf" {
		t.Fatalf("Get = %+v, %v", p, err)
	}
}

func TestUpdateAccepts200WithBodyAnd204(t *testing.T) {
	name := "n"
	for _, st := range []step{ok(partnerJSON), {status: 204}, {status: 200}} {
		s := newScripted(t, st)
		c, _ := newTest(t, s.url())
		if err := c.Update(context.Background(), "p1", model.PartnerUpdate{DisplayName: &name}); err != nil {
			t.Errorf("status %d body %q: %v", st.status, st.body, err)
		}
	}
	s := newScripted(t, step{status: 200, body: "<html/>", header: map[string]string{"Content-Type": "text/html"}})
	c, _ := newTest(t, s.url())
	if err := c.Update(context.Background(), "p1", model.PartnerUpdate{DisplayName: &name}); !errors.Is(err, ErrNotGraphResponse) {
		t.Errorf("HTML after PATCH: %v", err)
	}
	if err := c.Update(context.Background(), "p1", model.PartnerUpdate{}); err != nil || len(s.requests()) != 1 {
		t.Errorf("an empty update was sent (%v)", err)
	}
}

func TestCreateRefusesAPartnerWithAnID(t *testing.T) {
	s := newScripted(t, step{status: 201, body: partnerJSON})
	c, _ := newTest(t, s.url())
	if _, err := c.Create(context.Background(), model.Partner{ID: "x", DisplayName: "y"}); err == nil {
		t.Fatal("accepted")
	}
	if len(s.requests()) != 0 {
		t.Error("sent")
	}
}

func TestCount(t *testing.T) {
	s := newScripted(t, step{status: 200, body: "12", header: map[string]string{"Content-Type": "text/plain"}})
	c, _ := newTest(t, s.url())
	n, err := c.Count(context.Background())
	if err != nil || n != 12 {
		t.Fatalf("Count = %d, %v", n, err)
	}
	if got := s.requests()[0].path; got != "/v1.0/deviceManagement/deviceManagementPartners/$count" {
		t.Errorf("path %q", got)
	}
	s = newScripted(t, step{status: 200, body: "<html>", header: map[string]string{"Content-Type": "text/html"}})
	c, _ = newTest(t, s.url())
	if _, err := c.Count(context.Background()); !errors.Is(err, ErrNotGraphResponse) {
		t.Errorf("Count of HTML: %v", err)
	}
}

// TestTokensNeverShowInErrors walks the error paths with a recognisable token.
func TestTokensNeverShowInErrors(t *testing.T) {
	const secret = "eyJ0eXAi.SECRET.TOKEN"
	name := "n"
	for _, st := range []step{
		graphErr(401, "InvalidAuthenticationToken", "bad token", nil),
		graphErr(403, "Forbidden", "no", nil),
		graphErr(429, "TooManyRequests", "later", map[string]string{"Retry-After": "1"}),
		graphErr(504, "GatewayTimeout", "slow", nil),
		{status: 500, body: "<html>oops</html>", header: map[string]string{"Content-Type": "text/html"}},
		{status: 200, body: "<html>login</html>", header: map[string]string{"Content-Type": "text/html"}},
		{drop: true},
	} {
		s := newScripted(t, st)
		c, _ := newTest(t, s.url(), WithTokenSource(staticToken(secret)))
		ctx := context.Background()
		_, e1 := c.List(ctx)
		_, e2 := c.Create(ctx, model.Partner{DisplayName: "x"})
		e3 := c.Update(ctx, "p1", model.PartnerUpdate{DisplayName: &name})
		e4 := c.Terminate(ctx, "p1")
		for _, err := range []error{e1, e2, e3, e4} {
			if err == nil {
				t.Errorf("status %d: no error", st.status)
			} else if strings.Contains(err.Error(), "SECRET") || strings.Contains(err.Error(), "Bearer") {
				t.Errorf("error shows the token: %v", err)
			}
		}
	}
}
