package client

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

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
	s := newScripted(t, ok(`{"@odata.context":"x","@odata.count":12,"value":[{"id":"p1"}]}`))
	c, _ := newTest(t, s.url())
	n, err := c.Count(context.Background())
	if err != nil || n != 12 {
		t.Fatalf("Count = %d, %v", n, err)
	}
	if got := s.requests()[0]; got.path != "/v1.0/deviceManagement/deviceManagementPartners" || got.rawQuery != "$count=true&$top=1&$select=id" {
		t.Errorf("path %q query %q", got.path, got.rawQuery)
	}
	s = newScripted(t, step{status: 200, body: "<html>", header: map[string]string{"Content-Type": "text/html"}})
	c, _ = newTest(t, s.url())
	if _, err := c.Count(context.Background()); !errors.Is(err, ErrNotGraphResponse) {
		t.Errorf("Count of HTML: %v", err)
	}
}
