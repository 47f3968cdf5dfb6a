package auth_test

import (
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/client"
	"github.com/partnerdash/partnerdash/client/auth"
	"github.com/partnerdash/partnerdash/client/auth/authtest"
	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
)

// The Session is a client.TokenSource that can force a refresh.
var (
	_ client.TokenSource = (*auth.Session)(nil)
	_ client.Refresher   = (*auth.Session)(nil)
)

// TestGraph401RefreshAndRetry runs the whole path over loopback: the fake authority signs in,
// graphsim accepts only the tokens it issued, and when Graph rejects the cached token the client
// asks the Session for a forced refresh once and the retry succeeds.
func TestGraph401RefreshAndRetry(t *testing.T) {
	a := authtest.New(t)
	s := newSession(t, a, auth.DeviceCode, t.TempDir())
	if _, err := s.SignIn(ctxT(t), nil); err != nil {
		t.Fatal(err)
	}
	sim := graphsim.New(graphsim.WithPartners(graphsim.DemoTenant(time.Now())), graphsim.WithRequireToken(a.Valid))
	srv := httptest.NewServer(sim)
	defer srv.Close()
	c, err := client.New(srv.URL+"/v1.0", client.WithTokenSource(s), client.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}

	ps, err := c.List(ctxT(t))
	if err != nil || len(ps) == 0 {
		t.Fatalf("List with a fresh sign-in = %d partners, %v", len(ps), err)
	}
	if a.Grants("refresh_token") != 0 {
		t.Fatalf("a fresh token was refreshed")
	}

	// Graph stops accepting the cached token (revoked, or a policy change): the first request
	// gets a 401, the Session refreshes, the retry succeeds.
	a.RevokeAccessTokens()
	before := sim.Requests()
	ps2, err := c.List(ctxT(t))
	if err != nil || len(ps2) != len(ps) {
		t.Fatalf("List after revocation = %d partners, %v", len(ps2), err)
	}
	if got := a.Grants("refresh_token"); got != 1 {
		t.Errorf("refresh grants = %d, want exactly 1", got)
	}
	if got := sim.Requests() - before; got != 2 {
		t.Errorf("Graph requests = %d, want 2 (the rejected one and the retry)", got)
	}
	// The refreshed token was cached: the next call needs no refresh.
	if _, err := c.List(ctxT(t)); err != nil || a.Grants("refresh_token") != 1 {
		t.Errorf("third List: %v, refresh grants %d", err, a.Grants("refresh_token"))
	}

	// When the refresh itself fails the error says sign-in is needed, once, without looping.
	a.RevokeAccessTokens()
	a.SetRejectRefresh(true)
	before = sim.Requests()
	_, err = c.List(ctxT(t))
	if !errors.Is(err, auth.ErrSignInRequired) {
		t.Fatalf("err = %v, want ErrSignInRequired", err)
	}
	var ge *model.GraphError
	if !errors.As(err, &ge) || !ge.IsUnauthorized() {
		t.Errorf("err = %v, want Graph's 401 kept too", err)
	}
	if got := sim.Requests() - before; got != 1 {
		t.Errorf("Graph requests = %d, want 1", got)
	}
	assertNoSecrets(t, a, err.Error())
}
