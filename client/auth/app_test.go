package auth_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/client/auth"
	"github.com/partnerdash/partnerdash/client/auth/authtest"
)

const testSecret = "s3cr3t~ValueThatMustNeverBePrinted"

func TestClientSecret(t *testing.T) {
	a := authtest.New(t)
	a.SetClientSecret(testSecret)
	dir := t.TempDir()
	s := newSession(t, a, auth.ClientSecret, dir, func(c *auth.Config) { c.ClientSecret = testSecret })

	st, err := s.SignIn(ctxT(t), func(auth.Prompt) { t.Error("an application sign-in must not prompt") })
	if err != nil {
		t.Fatalf("SignIn: %v", err)
	}
	if !st.Application || st.TenantID != authtest.TenantID || !slices.Equal(st.Scopes, []string{"https://graph.microsoft.com/.default"}) {
		t.Errorf("status = %+v", st)
	}
	t1, err := s.Token(ctxT(t))
	if err != nil || !a.Valid(t1) {
		t.Fatalf("Token = %q, %v", t1, err)
	}
	// Cached: a second Session on the same file asks nobody.
	if t2, err := newSession(t, a, auth.ClientSecret, dir, func(c *auth.Config) { c.ClientSecret = testSecret }).Token(ctxT(t)); err != nil || t2 != t1 {
		t.Fatalf("cached Token = %q, %v; want %q", t2, err, t1)
	}
	if got := a.Grants("client_credentials"); got != 1 {
		t.Errorf("client_credentials grants = %d, want 1", got)
	}
	// RefreshToken skips the cache.
	t3, err := s.RefreshToken(ctxT(t))
	if err != nil || t3 == t1 || a.Grants("client_credentials") != 2 {
		t.Fatalf("RefreshToken = %q, %v (grants %d); want a new token", t3, err, a.Grants("client_credentials"))
	}
	// SignOut deletes the application's cached tokens.
	if _, err := s.SignOut(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := newSession(t, a, auth.ClientSecret, dir, func(c *auth.Config) { c.ClientSecret = testSecret }).Token(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if got := a.Grants("client_credentials"); got != 3 {
		t.Errorf("after sign-out, grants = %d, want a new grant (3)", got)
	}
}

func TestClientSecretWrongNeverPrinted(t *testing.T) {
	a := authtest.New(t)
	a.SetClientSecret("the-right-one")
	s := newSession(t, a, auth.ClientSecret, "", func(c *auth.Config) { c.ClientSecret = testSecret })
	_, err := s.Token(ctxT(t))
	if err == nil {
		t.Fatal("wrong secret accepted")
	}
	var e *auth.Error
	if !errors.As(err, &e) || e.Code != "invalid_client" {
		t.Fatalf("err = %#v, want an *auth.Error with invalid_client", err)
	}
	if strings.Contains(err.Error(), testSecret) || strings.Contains(err.Error(), "the-right-one") {
		t.Errorf("error leaks the secret: %q", err)
	}
	if strings.Contains(err.Error(), "http call") {
		t.Errorf("error carries MSAL's raw request framing: %q", err)
	}
}

func TestCertificate(t *testing.T) {
	a := authtest.New(t)
	pemData, cert := selfSigned(t)
	a.SetCertificate(cert)
	s := newSession(t, a, auth.Certificate, t.TempDir(), func(c *auth.Config) { c.CertificatePEM = pemData })
	tok, err := s.Token(ctxT(t))
	if err != nil || !a.Valid(tok) {
		t.Fatalf("Token = %q, %v", tok, err)
	}

	// A different key is refused by the authority.
	other, _ := selfSigned(t)
	s2 := newSession(t, a, auth.Certificate, "", func(c *auth.Config) { c.CertificatePEM = other })
	if _, err := s2.Token(ctxT(t)); err == nil || !strings.Contains(err.Error(), "invalid_client") {
		t.Fatalf("wrong certificate: err = %v", err)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	a := authtest.New(t)
	pemData, _ := selfSigned(t)
	keyOnly := pemData[strings.Index(string(pemData), "-----BEGIN PRIVATE KEY"):]
	cases := []struct {
		name string
		cfg  auth.Config
		want string
	}{
		{"no client", auth.Config{AuthorityHost: a.URL(), GraphHost: "g"}, "no client ID"},
		{"http authority", auth.Config{ClientID: "c", AuthorityHost: "http://login.example", GraphHost: "g"}, "not an https://host URL"},
		{"authority with path", auth.Config{ClientID: "c", AuthorityHost: "https://login.example/tenant", GraphHost: "g"}, "not an https://host URL"},
		{"bad mode", auth.Config{Mode: "password", ClientID: "c", AuthorityHost: a.URL(), GraphHost: "g"}, `unknown auth mode "password"`},
		{"app without tenant", auth.Config{Mode: auth.ClientSecret, ClientSecret: "x", ClientID: "c", AuthorityHost: a.URL(), GraphHost: "g"}, "needs a tenant"},
		{"secret missing", auth.Config{Mode: auth.ClientSecret, Tenant: "t", ClientID: "c", AuthorityHost: a.URL(), GraphHost: "g"}, "AZURE_CLIENT_SECRET"},
		{"cert missing", auth.Config{Mode: auth.Certificate, Tenant: "t", ClientID: "c", AuthorityHost: a.URL(), GraphHost: "g"}, "needs a PEM file"},
		{"cert garbage", auth.Config{Mode: auth.Certificate, Tenant: "t", ClientID: "c", AuthorityHost: a.URL(), GraphHost: "g", CertificatePEM: []byte("hello")}, "auth: certificate:"},
		{"key without cert", auth.Config{Mode: auth.Certificate, Tenant: "t", ClientID: "c", AuthorityHost: a.URL(), GraphHost: "g", CertificatePEM: []byte(keyOnly)}, "auth: certificate:"},
		{"tenant with slash", auth.Config{ClientID: "c", Tenant: "a/b", AuthorityHost: a.URL(), GraphHost: "g"}, "not a tenant ID"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := auth.New(c.cfg)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
			if strings.Contains(err.Error(), "PRIVATE KEY") {
				t.Errorf("error shows key material: %v", err)
			}
		})
	}
}

func TestScopes(t *testing.T) {
	cases := []struct {
		mode     auth.Mode
		host     string
		readOnly bool
		want     string
	}{
		{auth.DeviceCode, "graph.microsoft.com", false, "https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All"},
		{auth.Browser, "dod-graph.microsoft.us", true, "https://dod-graph.microsoft.us/DeviceManagementServiceConfig.Read.All"},
		{auth.ClientSecret, "microsoftgraph.chinacloudapi.cn", true, "https://microsoftgraph.chinacloudapi.cn/.default"},
		{auth.Certificate, "graph.microsoft.us", false, "https://graph.microsoft.us/.default"},
	}
	for _, c := range cases {
		if got := auth.Scopes(c.mode, c.host, c.readOnly); !slices.Equal(got, []string{c.want}) {
			t.Errorf("Scopes(%s, %s, %v) = %v, want %s", c.mode, c.host, c.readOnly, got, c.want)
		}
	}
	if _, err := auth.ParseMode("interactive"); err == nil || !strings.Contains(err.Error(), "device-code, browser, client-secret, certificate") {
		t.Errorf("ParseMode error = %v", err)
	}
}

// selfSigned makes a certificate and its RSA key as one PEM file (what an admin uploads and keeps).
func selfSigned(t *testing.T) ([]byte, *x509.Certificate) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "partnerdash test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pk, _ := x509.MarshalPKCS8PrivateKey(key)
	out := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	out = append(out, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pk})...)
	return out, cert
}
