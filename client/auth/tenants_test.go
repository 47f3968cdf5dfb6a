package auth_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/partnerdash/partnerdash/client/auth"
	"github.com/partnerdash/partnerdash/client/auth/authtest"
)

const (
	customerA = "0a0a0a0a-1111-4222-8333-444444444444"
	customerB = "0b0b0b0b-1111-4222-8333-444444444444"
)

// One confidential client, tokens per tenant through WithTenantID, each cached for its tenant.
func TestApplicationTokensPerTenant(t *testing.T) {
	a := authtest.New(t)
	a.SetClientSecret(testSecret)
	s := newSession(t, a, auth.ClientSecret, "", func(c *auth.Config) { c.ClientSecret = testSecret; c.Tenant = "organizations" })
	ta, err := s.ForTenant(customerA)
	if err != nil {
		t.Fatal(err)
	}
	tb, _ := s.ForTenant(customerB)
	tokA, err := ta.Token(ctxT(t))
	if err != nil {
		t.Fatalf("token for A: %v", err)
	}
	tokB, err := tb.Token(ctxT(t))
	if err != nil {
		t.Fatalf("token for B: %v", err)
	}
	if a.TenantOf(tokA) != customerA || a.TenantOf(tokB) != customerB {
		t.Fatalf("tokens issued for %q and %q, want A and B", a.TenantOf(tokA), a.TenantOf(tokB))
	}
	// Cached per tenant: asking again asks nobody.
	for i := 0; i < 3; i++ {
		if again, _ := ta.Token(ctxT(t)); again != tokA {
			t.Fatal("A's token was not reused from the cache")
		}
		if again, _ := tb.Token(ctxT(t)); again != tokB {
			t.Fatal("B's token was not reused from the cache")
		}
	}
	if a.GrantsFor(customerA) != 1 || a.GrantsFor(customerB) != 1 {
		t.Errorf("grants A %d, B %d; want one each", a.GrantsFor(customerA), a.GrantsFor(customerB))
	}
	// A forced refresh for A leaves B's cached token alone.
	if fresh, err := ta.RefreshToken(ctxT(t)); err != nil || fresh == tokA || a.TenantOf(fresh) != customerA {
		t.Fatalf("refresh for A = %v", err)
	}
	if again, _ := tb.Token(ctxT(t)); again != tokB {
		t.Error("refreshing A replaced B's token")
	}
	if _, err := s.ForTenant("organizations"); err == nil {
		t.Error("ForTenant accepted organizations")
	}
}

// A tenant where the app is not consented fails with the AADSTS code, for that tenant only.
func TestApplicationTokenConsentMissing(t *testing.T) {
	a := authtest.New(t)
	a.SetClientSecret(testSecret)
	a.SetTenantError(customerB, http.StatusBadRequest, "unauthorized_client",
		"AADSTS700016: Application with identifier '"+testClientID+"' was not found in the directory '"+customerB+"'.")
	s := newSession(t, a, auth.ClientSecret, "", func(c *auth.Config) { c.ClientSecret = testSecret; c.Tenant = "organizations" })
	ta, _ := s.ForTenant(customerA)
	tb, _ := s.ForTenant(customerB)
	if _, err := ta.Token(ctxT(t)); err != nil {
		t.Fatalf("A: %v", err)
	}
	_, err := tb.Token(ctxT(t))
	var e *auth.Error
	if !errors.As(err, &e) || e.Code != "unauthorized_client" || !strings.Contains(e.Description, "AADSTS700016") {
		t.Fatalf("B: err = %#v, want unauthorized_client with AADSTS700016", err)
	}
	assertNoSecrets(t, a, err.Error())
}

// Delegated (GDAP): one partner-tenant user signs in once; customer-tenant tokens come silently
// from the same refresh token, each issued by that tenant and cached for it.
func TestDelegatedTokensPerTenantSilently(t *testing.T) {
	a := authtest.New(t)
	dir := t.TempDir()
	s := newSession(t, a, auth.DeviceCode, dir)
	if _, err := s.SignIn(ctxT(t), func(auth.Prompt) {}); err != nil {
		t.Fatalf("SignIn: %v", err)
	}
	if a.Grants("device_code") != 1 {
		t.Fatalf("device_code grants = %d", a.Grants("device_code"))
	}
	ta, _ := s.ForTenant(customerA)
	tb, _ := s.ForTenant(customerB)
	tokA, err := ta.Token(ctxT(t))
	if err != nil {
		t.Fatalf("silent token for A: %v", err)
	}
	tokB, err := tb.Token(ctxT(t))
	if err != nil {
		t.Fatalf("silent token for B: %v", err)
	}
	if a.TenantOf(tokA) != customerA || a.TenantOf(tokB) != customerB {
		t.Fatalf("tokens for %q and %q, want A and B", a.TenantOf(tokA), a.TenantOf(tokB))
	}
	if again, _ := ta.Token(ctxT(t)); again != tokA {
		t.Error("A's token was not cached for A")
	}
	home, _ := s.Token(ctxT(t))
	if a.TenantOf(home) != authtest.TenantID {
		t.Errorf("the home tenant's token is for %q", a.TenantOf(home))
	}
	if a.Grants("device_code") != 1 || a.Grants("refresh_token") != 2 {
		t.Errorf("grants: device_code %d, refresh_token %d; want one sign-in and one silent redemption per customer",
			a.Grants("device_code"), a.Grants("refresh_token"))
	}
	// A second process with the same cache file reaches the customers without signing in.
	s2 := newSession(t, a, auth.DeviceCode, dir)
	tb2, _ := s2.ForTenant(customerB)
	if tok, err := tb2.Token(ctxT(t)); err != nil || a.TenantOf(tok) != customerB {
		t.Fatalf("second process, B: %v", err)
	}
}
