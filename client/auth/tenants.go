package auth

import (
	"context"
	"fmt"
	"strings"
	"sync"
)

// TenantTokens are Graph tokens for one customer tenant through a Session signed in elsewhere: the
// fleet's way to read many tenants with one sign-in. It implements the Graph client's TokenSource
// and Refresher.
//
// For application credentials every tenant gets its own client-credential grant (MSAL's per-call
// WithTenantID; MSAL caches app tokens per client and tenant). For a delegated session the
// partner-tenant user signs in once; a customer tenant's token is then redeemed silently from the
// same refresh token (AcquireTokenSilent with WithSilentAccount and WithTenantID), and cached
// under that tenant.
type TenantTokens struct {
	s      *Session
	tenant string
	// mu lets one caller at a time ask: MSAL does not merge concurrent requests, so two lists
	// read side by side would otherwise get a token each from the authority.
	mu sync.Mutex
}

// lock serialises token requests: per tenant for application credentials; across every tenant
// of a delegated session, because all of them redeem the one refresh token, which the authority
// may rotate on use (a second redemption of the old one would fail with invalid_grant).
func (t *TenantTokens) lock() func() {
	m := &t.mu
	if t.s.pub != nil {
		m = &t.s.redeem
	}
	m.Lock()
	return m.Unlock
}

// ForTenant returns the token source for tenant, a tenant ID or verified domain (not
// organizations or common: MSAL needs a real tenant per call).
func (s *Session) ForTenant(tenant string) (*TenantTokens, error) {
	switch t := strings.ToLower(tenant); {
	case t == "" || t == "organizations" || t == "common" || t == "consumers":
		return nil, fmt.Errorf("auth: %q is not a tenant to get tokens for (give its ID or domain)", tenant)
	case strings.ContainsAny(t, "/?#"):
		return nil, fmt.Errorf("auth: tenant %q is not a tenant ID or domain", tenant)
	}
	return &TenantTokens{s: s, tenant: tenant}, nil
}

// Tenant is the tenant the tokens are for.
func (t *TenantTokens) Tenant() string { return t.tenant }

// Token returns an access token for the tenant, from the cache while it is fresh.
func (t *TenantTokens) Token(ctx context.Context) (string, error) {
	defer t.lock()()
	res, err := t.s.acquire(ctx, "getting a token for tenant "+t.tenant, "", t.tenant)
	if err != nil {
		return "", err
	}
	return res.AccessToken, nil
}

// RefreshToken returns a new access token for the tenant, never the cached one (see
// Session.RefreshToken).
func (t *TenantTokens) RefreshToken(ctx context.Context) (string, error) {
	defer t.lock()()
	claims := fmt.Sprintf(`{"access_token":{"nbf":{"essential":true,"value":"%d"}}}`, t.s.now().Unix())
	res, err := t.s.acquire(ctx, "refreshing the token for tenant "+t.tenant, claims, t.tenant)
	if err != nil {
		return "", err
	}
	return res.AccessToken, nil
}
