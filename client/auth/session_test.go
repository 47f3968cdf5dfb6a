package auth_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/client/auth"
	"github.com/partnerdash/partnerdash/client/auth/authtest"
)

const testClientID = "5a1c0e2d-8b3f-4d6a-9c1e-0f2a3b4c5d6e"

// newSession builds a Session against the fake authority with a file cache in dir.
func newSession(t *testing.T, a *authtest.Authority, mode auth.Mode, dir string, edit ...func(*auth.Config)) *auth.Session {
	t.Helper()
	cfg := auth.Config{
		Mode:          mode,
		AuthorityHost: a.URL(),
		Tenant:        authtest.TenantID,
		ClientID:      testClientID,
		GraphHost:     "graph.microsoft.com",
		HTTPClient:    a.Client(),
	}
	if dir != "" {
		fc, err := auth.OpenFileCache(dir, auth.CacheFileName(a.URL(), authtest.TenantID, testClientID, !mode.Delegated()))
		if err != nil {
			t.Fatal(err)
		}
		cfg.Cache = fc
	}
	for _, e := range edit {
		e(&cfg)
	}
	s, err := auth.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// assertNoSecrets fails if any token, device code or secret the fake handed out is in text.
func assertNoSecrets(t *testing.T, a *authtest.Authority, text string) {
	t.Helper()
	for _, s := range a.Secrets() {
		if strings.Contains(text, s) {
			t.Errorf("text leaks a secret %.6s…: %q", s, text)
		}
	}
}

func TestDeviceCodeSignInThenSilentReuseAcrossProcesses(t *testing.T) {
	a := authtest.New(t)
	a.SetPendingPolls(2)
	dir := t.TempDir()
	s := newSession(t, a, auth.DeviceCode, dir)

	var prompts []auth.Prompt
	st, err := s.SignIn(ctxT(t), func(p auth.Prompt) { prompts = append(prompts, p) })
	if err != nil {
		t.Fatalf("SignIn: %v", err)
	}
	if len(prompts) != 1 {
		t.Fatalf("prompts = %d, want 1", len(prompts))
	}
	p := prompts[0]
	if p.Mode != auth.DeviceCode || p.UserCode != authtest.UserCode || p.URL != a.URL()+"/devicelogin" ||
		!strings.Contains(p.Message, authtest.UserCode) || time.Until(p.ExpiresOn) < 10*time.Minute {
		t.Errorf("prompt = %+v", p)
	}
	if st.Username != authtest.Username || st.TenantID != authtest.TenantID || st.Application {
		t.Errorf("status = %+v", st)
	}
	want := []string{"https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All"}
	if !slices.Equal(st.Scopes, want) {
		t.Errorf("scopes = %v, want %v", st.Scopes, want)
	}
	tok, err := s.Token(ctxT(t))
	if err != nil || !a.Valid(tok) {
		t.Fatalf("Token = %q, %v; want a valid token", tok, err)
	}

	// A second process: a new Session on the same cache file gets the token without any grant.
	s2 := newSession(t, a, auth.DeviceCode, dir)
	tok2, err := s2.Token(ctxT(t))
	if err != nil || tok2 != tok {
		t.Fatalf("second session Token = %q, %v; want the cached %q", tok2, err, tok)
	}
	if a.Grants("device_code") != 1 || a.Grants("refresh_token") != 0 {
		t.Errorf("grants device=%d refresh=%d, want 1 and 0", a.Grants("device_code"), a.Grants("refresh_token"))
	}
}

func TestReadOnlyAsksForReadScope(t *testing.T) {
	a := authtest.New(t)
	s := newSession(t, a, auth.DeviceCode, "", func(c *auth.Config) { c.ReadOnly = true; c.GraphHost = "graph.microsoft.us" })
	st, err := s.SignIn(ctxT(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"https://graph.microsoft.us/DeviceManagementServiceConfig.Read.All"}; !slices.Equal(st.Scopes, want) {
		t.Errorf("scopes = %v, want %v", st.Scopes, want)
	}
}

func TestDeviceCodeExpiredByAuthority(t *testing.T) {
	a := authtest.New(t)
	a.SetDeviceOutcome(authtest.DeviceExpired)
	s := newSession(t, a, auth.DeviceCode, t.TempDir())
	_, err := s.SignIn(ctxT(t), nil)
	if !errors.Is(err, auth.ErrDeviceCodeExpired) {
		t.Fatalf("err = %v, want ErrDeviceCodeExpired", err)
	}
	if !strings.Contains(err.Error(), "expired_token") {
		t.Errorf("err = %q, want the authority's code in it", err)
	}
	assertNoSecrets(t, a, err.Error())

	// Restart: a new SignIn gets a new code and succeeds.
	a.SetDeviceOutcome(authtest.DeviceApproved)
	if _, err := s.SignIn(ctxT(t), nil); err != nil {
		t.Fatalf("restart: %v", err)
	}
}

func TestDeviceCodeExpiresWhileWaiting(t *testing.T) {
	a := authtest.New(t)
	a.SetDeviceOutcome(authtest.DevicePendingForever)
	a.SetDeviceLifetime(1)
	s := newSession(t, a, auth.DeviceCode, "")
	_, err := s.SignIn(ctxT(t), nil)
	if !errors.Is(err, auth.ErrDeviceCodeExpired) || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want ErrDeviceCodeExpired only", err)
	}
	if got := err.Error(); got != "sign-in failed: the sign-in code expired: start again for a new code" {
		t.Errorf("err = %q", got)
	}
}

func TestDeviceCodeCancel(t *testing.T) {
	a := authtest.New(t)
	a.SetDeviceOutcome(authtest.DevicePendingForever)
	s := newSession(t, a, auth.DeviceCode, "")
	ctx, cancel := context.WithCancel(ctxT(t))
	_, err := s.SignIn(ctx, func(auth.Prompt) { go cancel() })
	if !errors.Is(err, context.Canceled) || errors.Is(err, auth.ErrDeviceCodeExpired) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestDeviceCodeDeclined(t *testing.T) {
	a := authtest.New(t)
	a.SetDeviceOutcome(authtest.DeviceDeclined)
	s := newSession(t, a, auth.DeviceCode, "")
	_, err := s.SignIn(ctxT(t), nil)
	if !errors.Is(err, auth.ErrDeclined) {
		t.Fatalf("err = %v, want ErrDeclined", err)
	}
}

func TestSilentRefreshWhenAccessTokenExpires(t *testing.T) {
	a := authtest.New(t)
	a.SetAccessTokenLifetime(60) // MSAL treats < 5 min as expired: every Token refreshes
	s := newSession(t, a, auth.DeviceCode, t.TempDir())
	if _, err := s.SignIn(ctxT(t), nil); err != nil {
		t.Fatal(err)
	}
	t1, err := s.Token(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	t2, err := s.Token(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if t1 == t2 || !a.Valid(t1) || !a.Valid(t2) {
		t.Errorf("tokens %q %q: want two different valid tokens", t1, t2)
	}
	if got := a.Grants("refresh_token"); got != 2 {
		t.Errorf("refresh grants = %d, want 2", got)
	}
}

func TestRefreshTokenBypassesCache(t *testing.T) {
	a := authtest.New(t)
	s := newSession(t, a, auth.DeviceCode, t.TempDir())
	if _, err := s.SignIn(ctxT(t), nil); err != nil {
		t.Fatal(err)
	}
	t1, _ := s.Token(ctxT(t))
	t2, err := s.RefreshToken(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if t2 == t1 || a.Grants("refresh_token") != 1 {
		t.Fatalf("RefreshToken gave %q (was %q), refresh grants %d: want a new token from one refresh", t2, t1, a.Grants("refresh_token"))
	}
	if !strings.Contains(a.LastClaims(), `"nbf"`) {
		t.Errorf("claims sent = %q, want an nbf claims request", a.LastClaims())
	}
	// The refreshed token is now the cached one.
	if t3, _ := s.Token(ctxT(t)); t3 != t2 {
		t.Errorf("Token after refresh = %q, want %q", t3, t2)
	}
}

func TestSignInRequired(t *testing.T) {
	a := authtest.New(t)
	s := newSession(t, a, auth.DeviceCode, t.TempDir())
	_, err := s.Token(ctxT(t))
	if !errors.Is(err, auth.ErrSignInRequired) {
		t.Fatalf("never signed in: err = %v, want ErrSignInRequired", err)
	}
	if _, err := s.Status(ctxT(t)); !errors.Is(err, auth.ErrSignInRequired) {
		t.Fatalf("Status: err = %v, want ErrSignInRequired", err)
	}

	// Signed in, then the refresh token is revoked.
	a.SetAccessTokenLifetime(60)
	if _, err := s.SignIn(ctxT(t), nil); err != nil {
		t.Fatal(err)
	}
	a.SetRejectRefresh(true)
	_, err = s.Token(ctxT(t))
	if !errors.Is(err, auth.ErrSignInRequired) {
		t.Fatalf("revoked: err = %v, want ErrSignInRequired", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "invalid_grant") || strings.ContainsAny(msg, "\r\n") || strings.Contains(msg, "Trace ID") {
		t.Errorf("err = %q: want the code and the description's first line only", msg)
	}
	assertNoSecrets(t, a, msg)
}

func TestSignOutRemovesAccount(t *testing.T) {
	a := authtest.New(t)
	dir := t.TempDir()
	s := newSession(t, a, auth.DeviceCode, dir)
	if _, err := s.SignIn(ctxT(t), nil); err != nil {
		t.Fatal(err)
	}
	names, err := s.SignOut(ctxT(t))
	if err != nil || !slices.Equal(names, []string{authtest.Username}) {
		t.Fatalf("SignOut = %v, %v", names, err)
	}
	// Another process sees the sign-out too.
	if _, err := newSession(t, a, auth.DeviceCode, dir).Token(ctxT(t)); !errors.Is(err, auth.ErrSignInRequired) {
		t.Fatalf("after sign-out: err = %v, want ErrSignInRequired", err)
	}
	if names, err := s.SignOut(ctxT(t)); err != nil || len(names) != 0 {
		t.Errorf("second SignOut = %v, %v; want nothing to do", names, err)
	}
}

func TestBrowserSignInHandsOverTheURL(t *testing.T) {
	a := authtest.New(t)
	s := newSession(t, a, auth.Browser, t.TempDir())
	var (
		mu     sync.Mutex
		prompt auth.Prompt
		done   = make(chan error, 1)
	)
	st, err := s.SignIn(ctxT(t), func(p auth.Prompt) {
		mu.Lock()
		prompt = p
		mu.Unlock()
		go func() { done <- a.CompleteBrowserSignIn(p.URL) }()
	})
	if err != nil {
		t.Fatalf("SignIn: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatalf("browser: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if prompt.Mode != auth.Browser || !strings.HasPrefix(prompt.URL, a.URL()+"/") || !strings.Contains(prompt.Message, "ssh -L") {
		t.Errorf("prompt = %+v", prompt)
	}
	if st.Username != authtest.Username || a.Grants("authorization_code") != 1 {
		t.Errorf("status %+v, code grants %d", st, a.Grants("authorization_code"))
	}
}

func TestBrowserSignInCancel(t *testing.T) {
	a := authtest.New(t)
	s := newSession(t, a, auth.Browser, "")
	ctx, cancel := context.WithCancel(ctxT(t))
	_, err := s.SignIn(ctx, func(auth.Prompt) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
