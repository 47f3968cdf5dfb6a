// Package auth signs partnerdash in to Microsoft Entra ID with MSAL for Go and hands Graph bearer
// tokens to the REST client: delegated device code (the default; it works over SSH), delegated
// browser sign-in with a loopback redirect, and application credentials (client secret or
// certificate). Tokens persist in a per-user FileCache. Tokens and secrets never appear in the
// errors this package returns.
package auth

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/cache"
	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/confidential"
	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/public"
)

// Config says how one Session signs in. Everything is passed in; nothing is read from the
// environment here (package config does that).
type Config struct {
	// Mode is the kind of sign-in. Empty means DeviceCode.
	Mode Mode
	// AuthorityHost is the cloud's sign-in authority, e.g. "https://login.microsoftonline.us".
	// Hosts other than the national clouds' (a test's loopback fake) skip MSAL's instance discovery.
	AuthorityHost string
	// Tenant is a tenant ID or verified domain. Empty means "organizations" for delegated sign-in;
	// application credentials need a real tenant.
	Tenant string
	// ClientID is the app registration's application (client) ID.
	ClientID string
	// GraphHost is the cloud's Graph host ("graph.microsoft.com"), which scopes are built on.
	GraphHost string
	// ReadOnly asks for DeviceManagementServiceConfig.Read.All instead of ReadWrite.All.
	ReadOnly bool
	// ClientSecret is the secret for ClientSecret mode.
	ClientSecret string
	// CertificatePEM holds the certificate and its unencrypted RSA key (PEM) for Certificate mode.
	CertificatePEM []byte
	// RedirectPort fixes the loopback port for Browser mode (so `ssh -L port:localhost:port` can be
	// set up in advance); 0 picks a free one.
	RedirectPort int
	// HTTPClient talks to the authority; nil gets one with dial, TLS and header timeouts.
	HTTPClient *http.Client
	// Cache persists tokens (a *FileCache); nil keeps them in memory for this process only.
	Cache cache.ExportReplace
	// Now is the clock for telling an expired device code from a cancelled wait; nil is time.Now.
	Now func() time.Time
}

// Prompt is what the user has to do to finish a delegated sign-in. It is handed to the caller's
// show func, which puts it on the TUI or on stderr.
type Prompt struct {
	// Mode is DeviceCode or Browser.
	Mode Mode
	// URL is where to go: the device login page, or (Browser) the full sign-in URL.
	URL string
	// UserCode is the code to type at URL (DeviceCode only).
	UserCode string
	// Message is a ready-made instruction: the authority's own text for a device code.
	Message string
	// ExpiresOn is when the device code stops working (zero for Browser).
	ExpiresOn time.Time
}

// Status describes the current sign-in, for `partnerdash whoami`.
type Status struct {
	// Application is true for app-only credentials (no user).
	Application bool
	// Username and Name identify the signed-in user (delegated only).
	Username, Name string
	// TenantID is the tenant the token is for.
	TenantID string
	// Scopes are those the authority granted.
	Scopes []string
	// ExpiresOn is when the current access token expires.
	ExpiresOn time.Time
}

// Session is one sign-in configuration: a TokenSource for the Graph client that reuses and
// refreshes tokens silently, and can force a refresh after a 401 (client.Refresher).
type Session struct {
	cfg    Config
	scopes []string
	pub    *public.Client       // delegated
	conf   *confidential.Client // application
	red    redactor
	now    func() time.Time

	mu      sync.Mutex
	account public.Account // the account Token uses; chosen from the cache on first use

	redeem sync.Mutex // delegated: one silent token request for another tenant at a time (tenants.go)
}

// knownAuthorityHosts are the national clouds' sign-in hosts, which MSAL validates itself. Any
// other host is a private or test authority, for which instance discovery (a call to
// login.microsoftonline.com) has to be off.
var knownAuthorityHosts = map[string]bool{
	"login.microsoftonline.com":        true,
	"login.microsoftonline.us":         true,
	"login.chinacloudapi.cn":           true,
	"login.partner.microsoftonline.cn": true,
}

// New checks cfg and builds the MSAL client for it. It does not contact the authority.
func New(cfg Config) (*Session, error) {
	if cfg.Mode == "" {
		cfg.Mode = DeviceCode
	}
	if _, err := ParseMode(string(cfg.Mode)); err != nil {
		return nil, err
	}
	if cfg.ClientID == "" {
		return nil, errors.New("auth: no client ID (the app registration's application ID)")
	}
	if cfg.GraphHost == "" {
		return nil, errors.New("auth: no Graph host to build scopes on")
	}
	u, err := url.Parse(cfg.AuthorityHost)
	if err != nil || u.Scheme != "https" || u.Host == "" || (u.Path != "" && u.Path != "/") {
		return nil, fmt.Errorf("auth: authority host %q is not an https://host URL", cfg.AuthorityHost)
	}
	if cfg.Tenant == "" {
		if !cfg.Mode.Delegated() {
			return nil, errors.New("auth: application sign-in needs a tenant ID or domain")
		}
		cfg.Tenant = "organizations"
	}
	if strings.ContainsAny(cfg.Tenant, "/?#") {
		return nil, fmt.Errorf("auth: tenant %q is not a tenant ID or domain", cfg.Tenant)
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = defaultHTTPClient()
	}
	s := &Session{
		cfg:    cfg,
		scopes: Scopes(cfg.Mode, cfg.GraphHost, cfg.ReadOnly),
		red:    redactor{cfg.ClientSecret},
		now:    cfg.Now,
	}
	if s.now == nil {
		s.now = time.Now
	}
	authority := "https://" + u.Host + "/" + cfg.Tenant
	discovery := knownAuthorityHosts[strings.ToLower(u.Hostname())]

	if cfg.Mode.Delegated() {
		opts := []public.Option{
			public.WithAuthority(authority),
			public.WithHTTPClient(cfg.HTTPClient),
			public.WithInstanceDiscovery(discovery),
		}
		if cfg.Cache != nil {
			opts = append(opts, public.WithCache(cfg.Cache))
		}
		c, err := public.New(cfg.ClientID, opts...)
		if err != nil {
			return nil, fmt.Errorf("auth: %s", s.red.clean(err.Error()))
		}
		s.pub = &c
		return s, nil
	}

	cred, err := credential(cfg)
	if err != nil {
		return nil, err
	}
	opts := []confidential.Option{
		confidential.WithHTTPClient(cfg.HTTPClient),
		confidential.WithInstanceDiscovery(discovery),
	}
	if cfg.Cache != nil {
		opts = append(opts, confidential.WithCache(cfg.Cache))
	}
	c, err := confidential.New(authority, cfg.ClientID, cred, opts...)
	if err != nil {
		return nil, fmt.Errorf("auth: %s", s.red.clean(err.Error()))
	}
	s.conf = &c
	return s, nil
}

func credential(cfg Config) (confidential.Credential, error) {
	switch cfg.Mode {
	case ClientSecret:
		if cfg.ClientSecret == "" {
			return confidential.Credential{}, errors.New("auth: client-secret sign-in needs a secret (AZURE_CLIENT_SECRET)")
		}
		return confidential.NewCredFromSecret(cfg.ClientSecret)
	default: // Certificate
		if len(cfg.CertificatePEM) == 0 {
			return confidential.Credential{}, errors.New("auth: certificate sign-in needs a PEM file with the certificate and its key")
		}
		certs, key, err := confidential.CertFromPEM(cfg.CertificatePEM, "")
		if err != nil {
			// CertFromPEM's messages name block types and the legacy-encryption problem, no key bytes.
			return confidential.Credential{}, fmt.Errorf("auth: certificate: %v", err)
		}
		cred, err := confidential.NewCredFromCert(certs, key)
		if err != nil {
			return confidential.Credential{}, fmt.Errorf("auth: certificate: %v", err)
		}
		return cred, nil
	}
}

// defaultHTTPClient bounds every phase of a call to the authority; MSAL's own default has no
// transport timeouts at all.
func defaultHTTPClient() *http.Client {
	return &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}}
}

// Mode is how this session signs in.
func (s *Session) Mode() Mode { return s.cfg.Mode }

// Scopes are the scopes this session asks for.
func (s *Session) Scopes() []string { return append([]string(nil), s.scopes...) }

// Token returns a Graph access token: from the cache while it is fresh, otherwise silently
// redeemed with the cached refresh token (or, for an application, a new client-credential
// grant). With no usable sign-in it returns an error wrapping ErrSignInRequired.
func (s *Session) Token(ctx context.Context) (string, error) {
	res, err := s.acquire(ctx, "getting a token", "", "")
	if err != nil {
		return "", err
	}
	return res.AccessToken, nil
}

// RefreshToken returns a new access token, never the cached one; the Graph client calls it once
// after a 401. MSAL for Go has no "force refresh" option, but a request carrying claims skips the
// cached access token (silent: the refresh token is redeemed; application: a new client-credential
// grant). The claims sent ask for a token not valid before now, the same shape as a continuous
// access evaluation challenge, so the authority issues a new one.
func (s *Session) RefreshToken(ctx context.Context) (string, error) {
	claims := fmt.Sprintf(`{"access_token":{"nbf":{"essential":true,"value":"%d"}}}`, s.now().Unix())
	res, err := s.acquire(ctx, "refreshing the token", claims, "")
	if err != nil {
		return "", err
	}
	return res.AccessToken, nil
}

// acquire gets a token for the session's tenant, or for tenant when it is not "" (MSAL's per-call
// WithTenantID: the fleet's customer tenants).
func (s *Session) acquire(ctx context.Context, op, claims, tenant string) (public.AuthResult, error) {
	if s.conf != nil {
		var opts []confidential.AcquireByCredentialOption
		if claims != "" {
			opts = append(opts, confidential.WithClaims(claims))
		}
		if tenant != "" {
			opts = append(opts, confidential.WithTenantID(tenant))
		}
		res, err := s.conf.AcquireTokenByCredential(ctx, s.scopes, opts...)
		return res, s.red.translate(ctx, op, err)
	}
	acct, err := s.currentAccount(ctx)
	if err != nil {
		return public.AuthResult{}, err
	}
	opts := []public.AcquireSilentOption{public.WithSilentAccount(acct)}
	if claims != "" {
		opts = append(opts, public.WithClaims(claims))
	}
	if tenant != "" {
		opts = append(opts, public.WithTenantID(tenant))
	}
	res, err := s.pub.AcquireTokenSilent(ctx, s.scopes, opts...)
	if err != nil {
		err = s.red.translate(ctx, op, err)
		var e *Error
		if errors.As(err, &e) && e.kind == nil && e.Code == "" && !e.network {
			// MSAL's own "no token found" and friends: nothing cached to redeem.
			e.kind = ErrSignInRequired
		}
		return res, err
	}
	return res, nil
}

// currentAccount picks the signed-in account from the cache: the one for the configured tenant
// if the tenant is an ID, otherwise the first (sign-in keeps one account per cache file).
func (s *Session) currentAccount(ctx context.Context) (public.Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	accts, err := s.pub.Accounts(ctx)
	if err != nil {
		return public.Account{}, s.red.translate(ctx, "reading the token cache", err)
	}
	if len(accts) == 0 {
		return public.Account{}, &Error{Op: "getting a token", kind: ErrSignInRequired, Description: "not signed in"}
	}
	for _, a := range accts {
		if a.HomeAccountID == s.account.HomeAccountID && a.HomeAccountID != "" {
			return a, nil
		}
	}
	pick := accts[0]
	for _, a := range accts {
		if strings.EqualFold(a.Realm, s.cfg.Tenant) {
			pick = a
			break
		}
	}
	s.account = pick
	return pick, nil
}

// SignIn runs an interactive sign-in (or, for an application, acquires its first token). For
// DeviceCode and Browser, show is called once with what the user has to do; it must not block.
// Cancelling ctx abandons the wait. An expired device code gives an error wrapping
// ErrDeviceCodeExpired: call SignIn again for a new code. After a delegated sign-in the cache
// holds only the new account.
func (s *Session) SignIn(ctx context.Context, show func(Prompt)) (Status, error) {
	if show == nil {
		show = func(Prompt) {}
	}
	var (
		res public.AuthResult
		err error
	)
	switch s.cfg.Mode {
	case DeviceCode:
		res, err = s.deviceCode(ctx, show)
	case Browser:
		res, err = s.browser(ctx, show)
	default:
		res, err = s.conf.AcquireTokenByCredential(ctx, s.scopes)
		err = s.red.translate(ctx, "sign-in", err)
	}
	if err != nil {
		return Status{}, err
	}
	if s.pub != nil {
		if err := s.keepOnly(ctx, res.Account); err != nil {
			return Status{}, err
		}
	}
	return s.status(res), nil
}

func (s *Session) deviceCode(ctx context.Context, show func(Prompt)) (public.AuthResult, error) {
	dc, err := s.pub.AcquireTokenByDeviceCode(ctx, s.scopes)
	if err != nil {
		return public.AuthResult{}, s.red.translate(ctx, "sign-in", err)
	}
	show(Prompt{
		Mode:      DeviceCode,
		URL:       dc.Result.VerificationURL,
		UserCode:  dc.Result.UserCode,
		Message:   dc.Result.Message,
		ExpiresOn: dc.Result.ExpiresOn,
	})
	res, err := dc.AuthenticationResult(ctx)
	if err == nil {
		return res, nil
	}
	// MSAL stops polling at ExpiresOn with its own deadline: that is an expired code, not a
	// cancelled wait, as long as the caller's context is still live.
	if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) && !s.now().Before(dc.Result.ExpiresOn) {
		return res, &Error{Op: "sign-in", kind: ErrDeviceCodeExpired, Description: "start again for a new code"}
	}
	return res, s.red.translate(ctx, "sign-in", err)
}

func (s *Session) browser(ctx context.Context, show func(Prompt)) (public.AuthResult, error) {
	opts := []public.AcquireInteractiveOption{
		// Never let MSAL run xdg-open: on a server it fails or draws over the TUI.
		public.WithOpenURL(func(u string) error {
			show(Prompt{Mode: Browser, URL: u, Message: browserMessage(u)})
			return nil
		}),
	}
	if s.cfg.RedirectPort > 0 {
		opts = append(opts, public.WithRedirectURI("http://localhost:"+strconv.Itoa(s.cfg.RedirectPort)))
	}
	res, err := s.pub.AcquireTokenInteractive(ctx, s.scopes, opts...)
	return res, s.red.translate(ctx, "sign-in", err)
}

// browserMessage explains where the browser has to run: the redirect comes back to localhost on
// the machine running partnerdash.
func browserMessage(signInURL string) string {
	port := ""
	if u, err := url.Parse(signInURL); err == nil {
		if r, err := url.Parse(u.Query().Get("redirect_uri")); err == nil {
			port = r.Port()
		}
	}
	msg := "Open the URL in a browser on this machine to sign in."
	if port != "" {
		msg += fmt.Sprintf(" Over SSH, forward the port first: ssh -L %s:localhost:%s <this host>.", port, port)
	}
	return msg
}

// keepOnly removes every cached account except keep, so that a profile has one identity.
func (s *Session) keepOnly(ctx context.Context, keep public.Account) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	accts, err := s.pub.Accounts(ctx)
	if err != nil {
		return s.red.translate(ctx, "saving the sign-in", err)
	}
	for _, a := range accts {
		if a.HomeAccountID != keep.HomeAccountID {
			if err := s.pub.RemoveAccount(ctx, a); err != nil {
				return s.red.translate(ctx, "saving the sign-in", err)
			}
		}
	}
	s.account = keep
	return nil
}

// SignOut forgets the sign-in: delegated accounts are removed from the cache, an application's
// cached tokens are deleted with the cache file. It returns the user names signed out. A damaged
// cache file is deleted.
func (s *Session) SignOut(ctx context.Context) ([]string, error) {
	remover, _ := s.cfg.Cache.(interface{ Remove(context.Context) error })
	if s.conf != nil {
		if remover != nil {
			if err := remover.Remove(ctx); err != nil {
				return nil, s.red.translate(ctx, "sign-out", err)
			}
		}
		return []string{"application " + s.cfg.ClientID}, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.account = public.Account{}
	accts, err := s.pub.Accounts(ctx)
	if errors.Is(err, ErrCacheDamaged) && remover != nil {
		return nil, s.red.translate(ctx, "sign-out", remover.Remove(ctx))
	}
	if err != nil {
		return nil, s.red.translate(ctx, "sign-out", err)
	}
	var names []string
	for _, a := range accts {
		if err := s.pub.RemoveAccount(ctx, a); err != nil {
			return names, s.red.translate(ctx, "sign-out", err)
		}
		names = append(names, a.PreferredUsername)
	}
	return names, nil
}

// Status reports who is signed in and the current token's scopes and expiry, refreshing the
// token silently if needed. With no sign-in it returns an error wrapping ErrSignInRequired.
func (s *Session) Status(ctx context.Context) (Status, error) {
	res, err := s.acquire(ctx, "checking the sign-in", "", "")
	if err != nil {
		return Status{}, err
	}
	return s.status(res), nil
}

func (s *Session) status(res public.AuthResult) Status {
	st := Status{
		Application: s.conf != nil,
		Username:    res.Account.PreferredUsername,
		Name:        res.Account.Name,
		TenantID:    res.IDToken.TenantID,
		Scopes:      nonOIDC(res.GrantedScopes),
		ExpiresOn:   res.ExpiresOn,
	}
	if st.TenantID == "" {
		st.TenantID = res.Account.Realm
	}
	if st.TenantID == "" {
		st.TenantID = s.cfg.Tenant
	}
	if st.Name == "" {
		st.Name = res.IDToken.Name
	}
	return st
}

// nonOIDC drops the OpenID Connect scopes MSAL always adds; whoami shows what Graph will see.
func nonOIDC(scopes []string) []string {
	var out []string
	for _, sc := range scopes {
		switch strings.ToLower(sc) {
		case "openid", "profile", "offline_access", "":
			continue
		}
		out = append(out, sc)
	}
	return out
}
