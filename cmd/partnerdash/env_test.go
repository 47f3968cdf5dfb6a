package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/client/auth/authtest"
	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
)

const testApp = "5a1c0e2d-8b3f-4d6a-9c1e-0f2a3b4c5d6e"

// tenantWorld is a fake authority, a Graph simulator that only accepts its tokens, and a
// config dir with profiles pointing at both: a tenant on loopback.
type tenantWorld struct {
	t     *testing.T
	auth  *authtest.Authority
	sim   *graphsim.Server
	graph *httptest.Server
	env   map[string]string
	e     sysEnv
}

func newTenantWorld(t *testing.T, partners ...model.Partner) *tenantWorld {
	t.Helper()
	a := authtest.New(t)
	if partners == nil {
		partners = graphsim.DemoTenant(time.Now())
	}
	sim := graphsim.New(graphsim.WithPartners(partners), graphsim.WithRequireToken(a.Valid))
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	w := &tenantWorld{t: t, auth: a, sim: sim, graph: srv, env: map[string]string{}}
	w.e = sysEnv{
		getenv:        func(k string) string { return w.env[k] },
		configDir:     t.TempDir(),
		cacheDir:      filepath.Join(t.TempDir(), "partnerdash"),
		httpClient:    a.Client(),
		authorityHost: a.URL(),
		now:           time.Now,
	}
	w.writeConfig(fmt.Sprintf(`default_profile = "contoso"

[profiles.contoso]
tenant = %q
client_id = %q
graph_url = %q

[profiles.robot]
tenant = %q
client_id = %q
auth = "client-secret"
graph_url = %q
`, authtest.TenantID, testApp, srv.URL+"/v1.0", authtest.TenantID, testApp, srv.URL+"/v1.0"))
	return w
}

func (w *tenantWorld) writeConfig(s string) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.e.configDir, "config.toml"), []byte(s), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// result is one command's outcome.
type result struct {
	stdout, stderr string
	err            error
}

// exec runs one of the tenant commands in-process.
func (w *tenantWorld) exec(name string, args ...string) result {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	var err error
	switch name {
	case "login":
		err = runLogin(ctx, args, &out, &errb, w.e)
	case "logout":
		err = runLogout(ctx, args, &out, &errb, w.e)
	case "whoami":
		err = runWhoami(ctx, args, &out, &errb, w.e)
	case "list":
		err = runList(ctx, args, &out, &errb, w.e)
	case "get":
		err = runGet(ctx, args, &out, &errb, w.e)
	default:
		w.t.Fatalf("no command %s", name)
	}
	r := result{stdout: out.String(), stderr: errb.String(), err: err}
	w.assertNoSecrets(r)
	return r
}

// assertNoSecrets checks that no token, device code or client secret reached any output.
func (w *tenantWorld) assertNoSecrets(r result) {
	w.t.Helper()
	text := r.stdout + r.stderr
	if r.err != nil {
		text += r.err.Error()
	}
	secrets := w.auth.Secrets()
	if s := w.env["AZURE_CLIENT_SECRET"]; s != "" {
		secrets = append(secrets, s)
	}
	for _, s := range secrets {
		if strings.Contains(text, s) {
			w.t.Errorf("output leaks a secret %.6s…:\n%s", s, text)
		}
	}
}

func (r result) mustOK(t *testing.T) result {
	t.Helper()
	if r.err != nil {
		t.Fatalf("err = %v\nstderr: %s", r.err, r.stderr)
	}
	return r
}

func (r result) mustFail(t *testing.T, want string) result {
	t.Helper()
	if r.err == nil || !strings.Contains(r.err.Error(), want) {
		t.Fatalf("err = %v, want one containing %q\nstdout: %s", r.err, want, r.stdout)
	}
	if strings.ContainsAny(r.err.Error(), "\r\n") {
		t.Errorf("error is not one line: %q", r.err)
	}
	return r
}
