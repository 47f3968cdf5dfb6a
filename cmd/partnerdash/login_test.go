package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/client/auth/authtest"
)

func TestLoginWhoamiLogout(t *testing.T) {
	w := newTenantWorld(t)

	// Not signed in yet: whoami says what to do, and does not start a sign-in.
	w.exec("whoami").mustFail(t, "not signed in (contoso · "+authtest.TenantID+" · v1.0")
	if w.auth.Grants("device_code") != 0 {
		t.Fatal("whoami signed in")
	}

	r := w.exec("login").mustOK(t)
	if !strings.Contains(r.stderr, authtest.UserCode) || !strings.Contains(r.stderr, w.auth.URL()+"/devicelogin") {
		t.Errorf("the device code prompt is not on stderr:\n%s", r.stderr)
	}
	if strings.Contains(r.stdout, authtest.UserCode) {
		t.Errorf("the device code went to stdout:\n%s", r.stdout)
	}
	if want := "Signed in as " + authtest.Username + " (" + authtest.DisplayName + ") to tenant " + authtest.TenantID; !strings.HasPrefix(r.stdout, want) {
		t.Errorf("stdout = %q, want prefix %q", r.stdout, want)
	}

	// The cache file is private.
	files, _ := filepath.Glob(filepath.Join(w.e.cacheDir, "msal-*.json"))
	if len(files) != 1 {
		t.Fatalf("cache files = %v", files)
	}
	if fi, _ := os.Stat(files[0]); fi.Mode().Perm() != 0o600 {
		t.Errorf("cache file mode %#o", fi.Mode().Perm())
	}
	if fi, _ := os.Stat(w.e.cacheDir); fi.Mode().Perm() != 0o700 {
		t.Errorf("cache dir mode %#o", fi.Mode().Perm())
	}

	r = w.exec("whoami").mustOK(t)
	for _, want := range []string{
		"account " + authtest.Username + " (" + authtest.DisplayName + ")",
		"tenant " + authtest.TenantID,
		"cloud global: global service (including GCC) (Graph graph.microsoft.com, sign-in https://login.microsoftonline.com)",
		"graph " + w.graph.URL + "/v1.0",
		"auth device-code",
		"scopes https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All",
		"token expires ",
		"(in 59m)",
		"profile contoso (" + filepath.Join(w.e.configDir, "config.toml") + ")",
	} {
		if !strings.Contains(squash(r.stdout), want) {
			t.Errorf("whoami lacks %q:\n%s", want, r.stdout)
		}
	}

	r = w.exec("whoami", "-o", "json").mustOK(t)
	var got whoami
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("whoami -o json: %v\n%s", err, r.stdout)
	}
	if !got.SignedIn || got.Account != authtest.Username || got.Tenant != authtest.TenantID || got.Profile != "contoso" ||
		len(got.Scopes) != 1 || time.Until(got.ExpiresOn) < 50*time.Minute {
		t.Errorf("whoami json = %+v", got)
	}

	r = w.exec("logout").mustOK(t)
	if !strings.HasPrefix(r.stdout, "Signed out "+authtest.Username+": contoso") {
		t.Errorf("logout said %q", r.stdout)
	}
	w.exec("whoami").mustFail(t, "run 'partnerdash login'")
	if r := w.exec("logout").mustOK(t); !strings.HasPrefix(r.stdout, "Not signed in: contoso") {
		t.Errorf("second logout said %q", r.stdout)
	}
}

func TestLoginReadOnlyAsksForReadScope(t *testing.T) {
	w := newTenantWorld(t)
	w.exec("login", "--read-only").mustOK(t)
	r := w.exec("whoami", "--read-only").mustOK(t)
	if !strings.Contains(r.stdout, "DeviceManagementServiceConfig.Read.All") || !strings.Contains(squash(r.stdout), "read-only yes") {
		t.Errorf("whoami:\n%s", r.stdout)
	}
}

func TestLoginExpiredCodeSaysRunAgain(t *testing.T) {
	w := newTenantWorld(t)
	w.auth.SetDeviceOutcome(authtest.DeviceExpired)
	w.exec("login").mustFail(t, "the sign-in code expired")
	w.exec("login").mustFail(t, "run the command again for a new code")
}

func TestLoginApplicationFromEnvironment(t *testing.T) {
	w := newTenantWorld(t)
	w.env["AZURE_CLIENT_SECRET"] = "app-secret-for-robot"
	w.auth.SetClientSecret("app-secret-for-robot")
	r := w.exec("login", "--profile", "robot").mustOK(t)
	if r.stderr != "" || !strings.HasPrefix(r.stdout, "Signed in as application "+testApp) {
		t.Errorf("login: stdout %q stderr %q", r.stdout, r.stderr)
	}
	r = w.exec("whoami", "--profile", "robot").mustOK(t)
	if !strings.Contains(squash(r.stdout), "account application "+testApp) || !strings.Contains(squash(r.stdout), "scopes https://graph.microsoft.com/.default") {
		t.Errorf("whoami:\n%s", r.stdout)
	}
	// A wrong secret fails in words, without the secret.
	w.env["AZURE_CLIENT_SECRET"] = "wrong-secret-value"
	w.exec("logout", "--profile", "robot").mustOK(t)
	r = w.exec("login", "--profile", "robot").mustFail(t, "invalid_client")
	if strings.Contains(r.err.Error(), "wrong-secret-value") {
		t.Errorf("error shows the secret")
	}
}

// squash collapses runs of spaces (tabwriter's padding depends on the widest label).
func squash(s string) string {
	for strings.Contains(s, "  ") {
		s = strings.ReplaceAll(s, "  ", " ")
	}
	return s
}

func TestLoginWithNothingConfigured(t *testing.T) {
	w := newTenantWorld(t)
	w.writeConfig("")
	w.exec("login").mustFail(t, "nothing to sign in to: no tenant is configured")
	w.exec("login", "--graph-url", "http://127.0.0.1:1/v1.0").mustFail(t, "is used without sign-in")
	r := w.exec("whoami").mustOK(t)
	if !strings.Contains(r.stdout, "DEMO tenant") || !strings.Contains(r.stdout, "the demo needs no sign-in") {
		t.Errorf("whoami on the demo:\n%s", r.stdout)
	}
}

func TestLogoutAll(t *testing.T) {
	w := newTenantWorld(t)
	w.exec("login").mustOK(t)
	w.env["AZURE_CLIENT_SECRET"] = "app-secret-for-robot"
	w.auth.SetClientSecret("app-secret-for-robot")
	w.exec("login", "--profile", "robot").mustOK(t)
	r := w.exec("logout", "--all").mustOK(t)
	if !strings.HasPrefix(r.stdout, "Deleted 2 cached sign-ins from "+w.e.cacheDir) {
		t.Errorf("logout --all said %q", r.stdout)
	}
	// An application has nothing to be signed out of, but its cached token is gone: whoami gets
	// a new one.
	before := w.auth.Grants("client_credentials")
	w.exec("whoami", "--profile", "robot").mustOK(t)
	if w.auth.Grants("client_credentials") != before+1 {
		t.Errorf("the application's token was still cached")
	}
	delete(w.env, "AZURE_CLIENT_SECRET") // else it makes contoso (no auth key) an application too
	w.exec("whoami").mustFail(t, "not signed in")
}

func TestBadConfigNeverFallsBackToDemo(t *testing.T) {
	w := newTenantWorld(t)
	w.writeConfig("[profiles.contoso]\ncloud = \"azure\"\n")
	path := filepath.Join(w.e.configDir, "config.toml")
	for _, cmd := range []string{"list", "whoami", "login", "logout"} {
		w.exec(cmd).mustFail(t, path+":2: profiles.contoso.cloud: unknown cloud \"azure\"")
	}
	w.exec("get", "00000001-aaaa-4bbb-8ccc-000000000001").mustFail(t, path+":2: ")
}
