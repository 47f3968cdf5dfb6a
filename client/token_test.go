package client

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/partnerdash/partnerdash/model"
)

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

func TestRedirectElsewhereIsRefused(t *testing.T) {
	other := newScripted(t, ok(partnerJSON))
	s := newScripted(t, step{status: 307, header: map[string]string{"Location": other.url() + "/deviceManagement/deviceManagementPartners/p1"}})
	c, _ := newTest(t, s.url(), WithTokenSource(staticToken("secret-token")))
	_, err := c.Get(context.Background(), "p1")
	var elsewhere *CrossOriginRedirectError
	if !errors.As(err, &elsewhere) || !strings.Contains(err.Error(), "Graph does not redirect API calls elsewhere") {
		t.Fatalf("err = %v, want a refused cross-origin redirect", err)
	}
	if n := len(other.requests()); n != 0 {
		t.Errorf("the other origin got %d requests; its body would have been taken as tenant data", n)
	}
	if n := len(s.requests()); n != 1 {
		t.Errorf("Graph got %d requests, want 1: a refused redirect is not retried", n)
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

func TestSameOrigin(t *testing.T) {
	c, err := New("https://graph.microsoft.com/v1.0")
	if err != nil {
		t.Fatal(err)
	}
	for raw, want := range map[string]bool{
		"https://graph.microsoft.com/v1.0/x":      true,
		"https://GRAPH.microsoft.com:443/beta/x":  true,
		"http://graph.microsoft.com/v1.0/x":       false,
		"https://graph.microsoft.com:8443/v1.0/x": false,
		"https://evil.graph.microsoft.com/v1.0":   false,
		"https://graph.microsoft.com.evil.io/":    false,
		"https://graph.microsoft.us/v1.0/x":       false,
	} {
		u, _ := url.Parse(raw)
		if got := c.sameOrigin(u); got != want {
			t.Errorf("sameOrigin(%s) = %v, want %v", raw, got, want)
		}
	}
}

// hostRouter answers by host name without a network, for the one case loopback cannot show: a
// redirect to a subdomain, to which Go's own redirect rule would forward the Authorization header.
type hostRouter map[string]http.Handler

func (h hostRouter) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	h[r.URL.Hostname()].ServeHTTP(rec, r)
	res := rec.Result()
	res.Request = r
	return res, nil
}

func TestRedirectToASubdomainIsRefused(t *testing.T) {
	var gotAuth = "unset"
	rt := hostRouter{
		"graph.example": http.RedirectHandler("https://evil.graph.example/v1.0/deviceManagement/deviceManagementPartners/p1", http.StatusTemporaryRedirect),
		"evil.graph.example": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			gotAuth = r.Header.Get("Authorization")
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(partnerJSON))
		}),
	}
	c, _ := newTest(t, "https://graph.example/v1.0", WithHTTPClient(&http.Client{Transport: rt}), WithTokenSource(staticToken("secret-token")))
	_, err := c.Get(context.Background(), "p1")
	var elsewhere *CrossOriginRedirectError
	if !errors.As(err, &elsewhere) || elsewhere.To != "https://evil.graph.example/v1.0/deviceManagement/deviceManagementPartners/p1" {
		t.Fatalf("err = %v, want a refused cross-origin redirect", err)
	}
	if gotAuth != "unset" {
		t.Errorf("the subdomain was asked (Authorization %q)", gotAuth)
	}
}
