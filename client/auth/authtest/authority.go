// Package authtest is a fake Microsoft Entra sign-in authority for tests: a TLS server on loopback
// that serves what MSAL for Go calls (OpenID configuration, device code, token endpoint with the
// device_code, refresh_token, client_credentials and authorization_code grants) and remembers
// the tokens it issued, so a Graph simulator can accept exactly those. Nothing here reaches
// Microsoft.
//
// Paths keep the word "token" out of everything but the token endpoint's last segment: MSAL finds
// the device code endpoint by replacing every "token" in the token endpoint's URL.
package authtest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// Fixed identities the fake signs everyone in as.
const (
	// TenantID is the tenant every token is issued for.
	TenantID = "7e1f0c2a-5b8d-4c3e-9a61-2f4b8d0e6c11"
	// UserObjectID is the signed-in user's object ID.
	UserObjectID = "3c9a5e7b-1d2f-4a6b-8c0e-9f1a2b3c4d5e"
	// Username is the signed-in user's UPN.
	Username = "alex@contoso.example"
	// DisplayName is the signed-in user's name.
	DisplayName = "Alex Wilber"
	// UserCode is the device code the user would type.
	UserCode = "PDASH-42X"
)

// DeviceOutcome is how the fake ends a device code sign-in after the pending polls.
type DeviceOutcome int

const (
	// DeviceApproved issues tokens.
	DeviceApproved DeviceOutcome = iota
	// DeviceExpired answers expired_token, as Entra does once the code's lifetime is over.
	DeviceExpired
	// DeviceDeclined answers authorization_declined.
	DeviceDeclined
	// DevicePendingForever never stops answering authorization_pending (for cancel and local expiry).
	DevicePendingForever
)

// Authority is the fake. Its zero configuration approves every sign-in after one pending poll
// and issues hour-long access tokens.
type Authority struct {
	srv *httptest.Server

	mu             sync.Mutex
	pendingPolls   int
	outcome        DeviceOutcome
	deviceLifetime int // seconds
	accessTTL      int // seconds
	rejectRefresh  bool
	clientSecret   string
	certKey        *rsa.PublicKey
	certThumb      string // x5t#S256 expected in assertions
	polls          map[string]int
	access         map[string]string // issued access tokens → the tenant they are for; "" once revoked
	refresh        map[string]bool   // issued refresh tokens → still valid
	issued         []string          // everything secret ever handed out
	grants         map[string]int
	lastClaims     string
	tenantErrors   map[string]stsAnswer // tenant (lower case) → the error its token endpoint gives
	tenantGrants   map[string]int       // tenant (lower case) → tokens issued there
	codes          map[string]string    // auth code → PKCE challenge
	tenant         string               // the tenant of the token request being answered
}

// New starts the fake on 127.0.0.1 with TLS; it stops when the test ends.
func New(t testing.TB) *Authority {
	t.Helper()
	a := &Authority{
		pendingPolls:   1,
		deviceLifetime: 900,
		accessTTL:      3600,
		polls:          map[string]int{},
		access:         map[string]string{},
		tenantErrors:   map[string]stsAnswer{},
		tenantGrants:   map[string]int{},
		refresh:        map[string]bool{},
		grants:         map[string]int{},
		codes:          map[string]string{},
	}
	a.srv = httptest.NewTLSServer(http.HandlerFunc(a.serve))
	t.Cleanup(a.srv.Close)
	return a
}

// URL is the authority host ("https://127.0.0.1:port"); tenants are path segments below it.
func (a *Authority) URL() string { return a.srv.URL }

// Client is an HTTP client that trusts the fake's certificate (and reaches plain-HTTP loopback
// servers too).
func (a *Authority) Client() *http.Client { return a.srv.Client() }

// SetPendingPolls sets how many authorization_pending answers precede a device code's outcome.
func (a *Authority) SetPendingPolls(n int) { a.mu.Lock(); a.pendingPolls = n; a.mu.Unlock() }

// SetDeviceOutcome sets how device code sign-ins end.
func (a *Authority) SetDeviceOutcome(o DeviceOutcome) { a.mu.Lock(); a.outcome = o; a.mu.Unlock() }

// SetDeviceLifetime sets expires_in (seconds) of new device codes.
func (a *Authority) SetDeviceLifetime(sec int) { a.mu.Lock(); a.deviceLifetime = sec; a.mu.Unlock() }

// SetAccessTokenLifetime sets expires_in (seconds) of new access tokens. MSAL treats a token
// within 5 minutes of expiry as expired, so anything under 300 makes every silent call refresh.
func (a *Authority) SetAccessTokenLifetime(sec int) { a.mu.Lock(); a.accessTTL = sec; a.mu.Unlock() }

// SetRejectRefresh makes refresh_token grants fail with invalid_grant (a revoked sign-in).
func (a *Authority) SetRejectRefresh(b bool) { a.mu.Lock(); a.rejectRefresh = b; a.mu.Unlock() }

// SetClientSecret sets the secret client_credentials grants must present.
func (a *Authority) SetClientSecret(s string) { a.mu.Lock(); a.clientSecret = s; a.mu.Unlock() }

// SetCertificate sets the certificate whose key must sign client assertions.
func (a *Authority) SetCertificate(cert *x509.Certificate) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.certKey, _ = cert.PublicKey.(*rsa.PublicKey)
	sum := sha256.Sum256(cert.Raw)
	a.certThumb = base64.RawURLEncoding.EncodeToString(sum[:])
}

// Valid reports whether token is an access token the fake issued and has not revoked: pass it to
// graphsim.WithRequireToken.
func (a *Authority) Valid(token string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.access[token] != ""
}

// ValidFor returns a check that accepts only unrevoked access tokens issued for tenant (as it was
// written in the authority URL): a multi-tenant simulator gives each tenant its own.
func (a *Authority) ValidFor(tenant string) func(token string) bool {
	return func(token string) bool { return a.TenantOf(token) == strings.ToLower(tenant) && tenant != "" }
}

// TenantOf is the tenant (lower case) an unrevoked access token was issued for, or "".
func (a *Authority) TenantOf(token string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.access[token]
}

// GrantsFor counts the tokens issued by tenant's token endpoint, any grant type.
func (a *Authority) GrantsFor(tenant string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.tenantGrants[strings.ToLower(tenant)]
}

// SetTenantError makes tenant's token endpoint answer every grant with an OAuth error, as Entra
// does for a tenant where the app is not consented (status 400, "invalid_client" or
// "unauthorized_client", "AADSTS700016: Application with identifier ... was not found in the
// directory ...") or where consent lacks a permission ("invalid_grant", "AADSTS65001: ..."). An
// empty code clears it.
func (a *Authority) SetTenantError(tenant string, status int, code, description string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if code == "" {
		delete(a.tenantErrors, strings.ToLower(tenant))
		return
	}
	a.tenantErrors[strings.ToLower(tenant)] = stsAnswer{status, code, description}
}

// stsAnswer is an OAuth error the token endpoint gives.
type stsAnswer struct {
	status            int
	code, description string
}

// RevokeAccessTokens makes every access token issued so far invalid (Graph will answer 401),
// while refresh tokens keep working.
func (a *Authority) RevokeAccessTokens() {
	a.mu.Lock()
	defer a.mu.Unlock()
	for k := range a.access {
		a.access[k] = ""
	}
}

// Grants counts token endpoint calls that succeeded, by grant type ("device_code",
// "refresh_token", "client_credentials", "authorization_code").
func (a *Authority) Grants(grant string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.grants[grant]
}

// LastClaims is the claims parameter of the last token request ("" if none).
func (a *Authority) LastClaims() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.lastClaims
}

// Secrets lists every access and refresh token and device code handed out, and the client
// secret: tests assert none of them reaches an error message or the screen.
func (a *Authority) Secrets() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := append([]string(nil), a.issued...)
	if a.clientSecret != "" {
		out = append(out, a.clientSecret)
	}
	return out
}

func (a *Authority) serve(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) < 2 {
		http.NotFound(w, r)
		return
	}
	tenant, rest := parts[0], strings.Join(parts[1:], "/")
	base := a.srv.URL + "/" + tenant
	switch {
	case r.Method == http.MethodGet && rest == "v2.0/.well-known/openid-configuration":
		writeJSON(w, http.StatusOK, map[string]any{
			"authorization_endpoint":        base + "/oauth2/v2.0/authorize",
			"token_endpoint":                base + "/oauth2/v2.0/token",
			"device_authorization_endpoint": base + "/oauth2/v2.0/devicecode",
			"issuer":                        base + "/v2.0",
		})
	case r.Method == http.MethodPost && rest == "oauth2/v2.0/devicecode":
		a.deviceCode(w, r)
	case r.Method == http.MethodPost && rest == "oauth2/v2.0/token":
		a.token(w, r, tenant)
	default:
		http.NotFound(w, r)
	}
}

func (a *Authority) deviceCode(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.PostForm.Get("client_id") == "" {
		oauthError(w, "invalid_request", "AADSTS900144: The request body must contain client_id.")
		return
	}
	a.mu.Lock()
	dc := a.secretLocked("dc-")
	life := a.deviceLifetime
	a.mu.Unlock()
	verify := a.srv.URL + "/devicelogin"
	writeJSON(w, http.StatusOK, map[string]any{
		"user_code":        UserCode,
		"device_code":      dc,
		"verification_uri": verify,
		"expires_in":       life,
		"interval":         1,
		"message":          fmt.Sprintf("To sign in, use a web browser to open the page %s and enter the code %s to authenticate.", verify, UserCode),
	})
}

func (a *Authority) token(w http.ResponseWriter, r *http.Request, tenant string) {
	if err := r.ParseForm(); err != nil {
		oauthError(w, "invalid_request", "bad form")
		return
	}
	f := r.PostForm
	a.mu.Lock()
	defer a.mu.Unlock()
	a.lastClaims = f.Get("claims")
	if e, ok := a.tenantErrors[strings.ToLower(tenant)]; ok {
		oauthErrorStatus(w, e.status, e.code, e.description)
		return
	}
	a.tenant = strings.ToLower(tenant)
	grant := f.Get("grant_type")
	scope := f.Get("scope")
	switch grant {
	case "device_code":
		dc := f.Get("device_code")
		if !strings.HasPrefix(dc, "dc-") {
			oauthErrorStatus(w, http.StatusBadRequest, "invalid_grant", "AADSTS70000: unknown device code")
			return
		}
		a.polls[dc]++
		if a.polls[dc] <= a.pendingPolls || a.outcome == DevicePendingForever {
			oauthError(w, "authorization_pending", "AADSTS70016: OAuth 2.0 device flow error. Authorization is pending.")
			return
		}
		switch a.outcome {
		case DeviceExpired:
			oauthError(w, "expired_token", "AADSTS70020: The provided value for the input parameter 'device_code' is not valid. This device code has expired.")
			return
		case DeviceDeclined:
			oauthError(w, "authorization_declined", "AADSTS70019: the user declined the sign-in.")
			return
		}
		a.issueLocked(w, grant, scope, true)
	case "refresh_token":
		rt := f.Get("refresh_token")
		if a.rejectRefresh || !a.refresh[rt] {
			oauthError(w, "invalid_grant", "AADSTS700082: The refresh token has expired due to inactivity.\r\nTrace ID: 0\r\nCorrelation ID: 0")
			return
		}
		a.refresh[rt] = false // refresh tokens rotate
		a.issueLocked(w, grant, scope, true)
	case "authorization_code":
		challenge, ok := a.codes[f.Get("code")]
		delete(a.codes, f.Get("code"))
		sum := sha256.Sum256([]byte(f.Get("code_verifier")))
		if !ok || base64.RawURLEncoding.EncodeToString(sum[:]) != challenge {
			oauthError(w, "invalid_grant", "AADSTS501481: The Code_Verifier does not match the code_challenge.")
			return
		}
		a.issueLocked(w, grant, scope, true)
	case "client_credentials":
		if msg := a.checkClientLocked(f); msg != "" {
			oauthErrorStatus(w, http.StatusUnauthorized, "invalid_client", msg)
			return
		}
		if !hasDefaultScope(scope) {
			oauthError(w, "invalid_scope", "AADSTS1002012: The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.")
			return
		}
		a.issueLocked(w, grant, scope, false)
	default:
		oauthError(w, "unsupported_grant_type", "AADSTS70003: unsupported grant "+grant)
	}
}

func hasDefaultScope(scope string) bool {
	for _, s := range strings.Fields(scope) {
		if strings.HasSuffix(s, "/.default") {
			return true
		}
	}
	return false
}

func (a *Authority) checkClientLocked(f url.Values) string {
	if s := f.Get("client_secret"); s != "" {
		if a.clientSecret == "" || s != a.clientSecret {
			return "AADSTS7000215: Invalid client secret provided."
		}
		return ""
	}
	if f.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" {
		return "AADSTS7000216: client_assertion or client_secret is required."
	}
	if a.certKey == nil {
		return "AADSTS700027: no certificate registered for this application."
	}
	if err := verifyAssertion(f.Get("client_assertion"), f.Get("client_id"), a.certThumb, a.certKey); err != nil {
		return "AADSTS700027: Client assertion failed signature validation: " + err.Error()
	}
	return ""
}

// verifyAssertion checks a client assertion as Entra would: PS256 (or RS256) signature by the
// registered certificate's key, its thumbprint in the header, iss and sub = client ID.
func verifyAssertion(jwt, clientID, thumb string, key *rsa.PublicKey) error {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return fmt.Errorf("not a JWT")
	}
	var hdr struct {
		Alg     string `json:"alg"`
		X5tS256 string `json:"x5t#S256"`
		X5t     string `json:"x5t"`
	}
	var claims struct {
		Iss string `json:"iss"`
		Sub string `json:"sub"`
	}
	if err := decodePart(parts[0], &hdr); err != nil {
		return err
	}
	if err := decodePart(parts[1], &claims); err != nil {
		return err
	}
	if claims.Iss != clientID || claims.Sub != clientID {
		return fmt.Errorf("iss/sub %q/%q is not the client", claims.Iss, claims.Sub)
	}
	// MSAL encodes the thumbprint with padded standard base64, RFC 7515 says base64url: accept both.
	if got := decodeThumb(hdr.X5tS256); got != thumb {
		return fmt.Errorf("unknown certificate thumbprint")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return err
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	switch hdr.Alg {
	case "PS256":
		return rsa.VerifyPSS(key, crypto.SHA256, digest[:], sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto})
	case "RS256":
		return rsa.VerifyPKCS1v15(key, crypto.SHA256, digest[:], sig)
	}
	return fmt.Errorf("unsupported alg %q", hdr.Alg)
}

func decodeThumb(s string) string {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawURLEncoding, base64.URLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return base64.RawURLEncoding.EncodeToString(b)
		}
	}
	return ""
}

func decodePart(s string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// issueLocked answers with a new access token (and, for users, ID token, client info and a
// refresh token).
func (a *Authority) issueLocked(w http.ResponseWriter, grant, scope string, user bool) {
	a.grants[grant]++
	a.tenantGrants[a.tenant]++
	at := a.secretLocked("at-")
	a.access[at] = a.tenant
	body := map[string]any{
		"token_type":     "Bearer",
		"access_token":   at,
		"expires_in":     a.accessTTL,
		"ext_expires_in": a.accessTTL,
		"scope":          scope,
	}
	if user {
		rt := a.secretLocked("rt-")
		a.refresh[rt] = true
		body["refresh_token"] = rt
		body["id_token"] = idToken(a.srv.URL, a.tenant)
		body["client_info"] = b64JSON(map[string]string{"uid": UserObjectID, "utid": TenantID})
	}
	writeJSON(w, http.StatusOK, body)
}

// secretLocked makes a random, recognisable secret and remembers it for Secrets.
func (a *Authority) secretLocked(prefix string) string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	s := prefix + hex.EncodeToString(b)
	a.issued = append(a.issued, s)
	return s
}

// idToken is an unsigned JWT with the claims MSAL reads (it does not verify ID token signatures).
// The user's home is TenantID; a token asked for at another tenant (a customer tenant the user
// reaches through GDAP or as a guest) names that tenant, as Entra does.
func idToken(issuerHost, tenant string) string {
	now := time.Now().Unix()
	tid := TenantID
	switch tenant {
	case "", "organizations", "common", "consumers":
	default:
		tid = tenant
	}
	hdr := b64JSON(map[string]string{"alg": "none", "typ": "JWT"})
	payload := b64JSON(map[string]any{
		"iss":                issuerHost + "/" + tid + "/v2.0",
		"tid":                tid,
		"oid":                UserObjectID,
		"sub":                UserObjectID,
		"preferred_username": Username,
		"name":               DisplayName,
		"iat":                now,
		"nbf":                now,
		"exp":                now + 3600,
	})
	return hdr + "." + payload + ".sig"
}

func b64JSON(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func oauthError(w http.ResponseWriter, code, desc string) {
	oauthErrorStatus(w, http.StatusBadRequest, code, desc)
}

func oauthErrorStatus(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]any{"error": code, "error_description": desc, "error_codes": []int{70000}})
}
