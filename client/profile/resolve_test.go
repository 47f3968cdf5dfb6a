package profile_test

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/partnerdash/partnerdash/client/auth"
	"github.com/partnerdash/partnerdash/client/profile"
)

const (
	appA = "5a1c0e2d-8b3f-4d6a-9c1e-0f2a3b4c5d6e"
	appB = "6b2d1f3e-9c4a-4e7b-8d2f-1a3b4c5d6e7f"
	tid  = "0f1e2d3c-4b5a-6978-8a9b-acbdcedf0123"
)

// setup writes file (if not empty) as config.toml in a temp config dir and returns Inputs with the
// given flags and environment.
func setup(t *testing.T, file string, args []string, env map[string]string) profile.Inputs {
	t.Helper()
	dir := t.TempDir()
	if file != "" {
		if err := os.WriteFile(filepath.Join(dir, profile.FileName), []byte(file), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	var f profile.Flags
	f.Register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return profile.Inputs{Flags: &f, Getenv: func(k string) string { return env[k] }, ConfigDir: dir}
}

func resolveOK(t *testing.T, in profile.Inputs) profile.Settings {
	t.Helper()
	s, err := profile.Resolve(in)
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	return s
}

func TestNothingConfiguredIsTheDemo(t *testing.T) {
	s := resolveOK(t, setup(t, "", nil, nil))
	if s.Kind != profile.Demo || s.ConfigPath != "" {
		t.Fatalf("settings = %+v, want the demo", s)
	}
	if s := resolveOK(t, setup(t, "", []string{"--read-only"}, nil)); s.Kind != profile.Demo || !s.ReadOnly {
		t.Errorf("--read-only demo = %+v", s)
	}
	// An empty config file configures nothing either.
	if s := resolveOK(t, setup(t, "# nothing yet\n", nil, nil)); s.Kind != profile.Demo || s.ConfigPath == "" {
		t.Errorf("empty file = %+v", s)
	}
}

func TestGraphURLWithoutProfileSignsInToNothing(t *testing.T) {
	s := resolveOK(t, setup(t, goodFile, []string{"--graph-url", "http://127.0.0.1:8080/v1.0/"}, map[string]string{profile.EnvClientID: appB}))
	if s.Kind != profile.Direct || s.GraphURL != "http://127.0.0.1:8080/v1.0" || s.Profile != "" {
		t.Fatalf("settings = %+v", s)
	}
	if got := s.Describe(); got != "http://127.0.0.1:8080/v1.0" {
		t.Errorf("Describe = %q", got)
	}
}

func TestDefaultProfileFromFile(t *testing.T) {
	s := resolveOK(t, setup(t, goodFile, nil, nil))
	if s.Kind != profile.SignedIn || s.Profile != "contoso" || s.Tenant != "contoso.onmicrosoft.com" || s.ClientID != appA ||
		s.Auth != auth.DeviceCode || s.Cloud.Name != "global" || s.APIVersion != "v1.0" || !s.ReadOnly ||
		s.GraphURL != "https://graph.microsoft.com/v1.0" {
		t.Fatalf("settings = %+v", s)
	}
	if !slices.Equal(s.Profiles, []string{"contoso", "fabrikam gcc high", "local"}) {
		t.Errorf("profiles = %v", s.Profiles)
	}
	if got := s.Describe(); got != "contoso · contoso.onmicrosoft.com · v1.0" {
		t.Errorf("Describe = %q", got)
	}
}

func TestNamedProfileCloudAndCertificate(t *testing.T) {
	s := resolveOK(t, setup(t, goodFile, []string{"--profile", "fabrikam gcc high"}, nil))
	if s.Auth != auth.Certificate || s.Cloud.AuthorityHost != "https://login.microsoftonline.us" ||
		s.GraphURL != "https://graph.microsoft.us/beta" || s.CertificatePath != "/etc/partnerdash/fabrikam.pem" || s.ReadOnly {
		t.Fatalf("settings = %+v", s)
	}
	if got := s.Describe(); got != "fabrikam gcc high · "+tid+" · usgov · beta" {
		t.Errorf("Describe = %q", got)
	}
}

func TestLocalProfileIsDirect(t *testing.T) {
	s := resolveOK(t, setup(t, goodFile, nil, map[string]string{profile.EnvProfile: "local"}))
	if s.Kind != profile.Direct || s.GraphURL != "http://127.0.0.1:8080/v1.0" || s.Describe() != "local · http://127.0.0.1:8080/v1.0" {
		t.Fatalf("settings = %+v", s)
	}
}

// TestPrecedence: flags beat the environment, which beats the file, field by field.
func TestPrecedence(t *testing.T) {
	file := fmt.Sprintf("[profiles.p]\ntenant = \"file.example\"\nclient_id = %q\ncloud = \"usgov\"\nread_only = true\n", appA)
	// file only
	s := resolveOK(t, setup(t, file, nil, nil))
	if s.Tenant != "file.example" || s.ClientID != appA || s.Cloud.Name != "usgov" || !s.ReadOnly {
		t.Fatalf("file: %+v", s)
	}
	// environment over file
	env := map[string]string{profile.EnvTenantID: "env.example", profile.EnvClientID: appB}
	s = resolveOK(t, setup(t, file, nil, env))
	if s.Tenant != "env.example" || s.ClientID != appB || s.Cloud.Name != "usgov" {
		t.Fatalf("env: %+v", s)
	}
	// flags over environment and file
	s = resolveOK(t, setup(t, file, []string{"--tenant", tid, "--client-id", appA, "--cloud", "china", "--read-only=false", "--api-version", "beta"}, env))
	if s.Tenant != tid || s.ClientID != appA || s.Cloud.Name != "china" || s.ReadOnly || s.GraphURL != "https://microsoftgraph.chinacloudapi.cn/beta" {
		t.Fatalf("flags: %+v", s)
	}
	// --profile beats PARTNERDASH_PROFILE beats default_profile
	two := file + fmt.Sprintf("[profiles.q]\nclient_id = %q\n", appB) + "\n"
	two = "default_profile = \"p\"\n" + two
	if s := resolveOK(t, setup(t, two, nil, map[string]string{profile.EnvProfile: "q"})); s.Profile != "q" {
		t.Errorf("env profile: %q", s.Profile)
	}
	if s := resolveOK(t, setup(t, two, []string{"--profile", "p"}, map[string]string{profile.EnvProfile: "q"})); s.Profile != "p" {
		t.Errorf("flag profile: %q", s.Profile)
	}
}

func TestEnvironmentAloneConfiguresATenant(t *testing.T) {
	env := map[string]string{profile.EnvTenantID: tid, profile.EnvClientID: appA, profile.EnvClientSecret: "very-secret-value"}
	s := resolveOK(t, setup(t, "", nil, env))
	if s.Kind != profile.SignedIn || s.Profile != "" || s.Auth != auth.ClientSecret || s.ClientSecret.Reveal() != "very-secret-value" {
		t.Fatalf("settings = %+v", s)
	}
	// The secret never prints.
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		if out := fmt.Sprintf(format, s); strings.Contains(out, "very-secret-value") {
			t.Errorf("%s shows the secret: %s", format, out)
		}
	}
	// Certificate path alone picks certificate sign-in.
	s = resolveOK(t, setup(t, "", nil, map[string]string{profile.EnvTenantID: tid, profile.EnvClientID: appA, profile.EnvCertificatePath: "/k.pem"}))
	if s.Auth != auth.Certificate || s.CertificatePath != "/k.pem" {
		t.Errorf("cert: %+v", s)
	}
	// Client ID alone: device code against "organizations".
	s = resolveOK(t, setup(t, "", nil, map[string]string{profile.EnvClientID: appA}))
	if s.Auth != auth.DeviceCode || s.Tenant != "" || s.Describe() != "organizations · v1.0" {
		t.Errorf("client only: %+v %q", s, s.Describe())
	}
}

func TestResolveProfileForSwitcher(t *testing.T) {
	in := setup(t, goodFile, []string{"--graph-url", "http://127.0.0.1:1/v1.0", "--cloud", "china", "--read-only"}, map[string]string{profile.EnvTenantID: "env.example"})
	if s := resolveOK(t, in); s.Kind != profile.Direct {
		t.Fatalf("start = %+v", s)
	}
	// The profile as written, with the environment over it; of the flags only --read-only.
	s, err := profile.ResolveProfile(in, "fabrikam gcc high")
	if err != nil || s.Kind != profile.SignedIn || s.GraphURL != "https://graph.microsoft.us/beta" || s.Tenant != "env.example" || !s.ReadOnly {
		t.Fatalf("switch = %+v, %v", s, err)
	}
	if _, err := profile.ResolveProfile(in, "nope"); err == nil || !strings.Contains(err.Error(), `profile switcher "nope": no such profile`) {
		t.Errorf("unknown: %v", err)
	}
}

// TestResolveErrors checks every message for a bad flag, variable or combination.
func TestResolveErrors(t *testing.T) {
	certProfile := fmt.Sprintf("[profiles.app]\ntenant = %q\nclient_id = %q\nauth = \"certificate\"\n", tid, appA)
	cases := []struct {
		name string
		file string
		args []string
		env  map[string]string
		want string // with {path} for the config file
	}{
		{"bad file", "[profiles.a]\ncloud = \"x\"\n", nil, nil, `{path}:2: profiles.a.cloud: unknown cloud "x"`},
		{"profile flag without file", "", []string{"--profile", "prod"}, nil, `--profile "prod": there is no config file {path}`},
		{"unknown profile flag", goodFile, []string{"--profile", "prod"}, nil, `--profile "prod": no such profile in {path} (profiles: "contoso", "fabrikam gcc high", "local")`},
		{"unknown profile env", goodFile, nil, map[string]string{profile.EnvProfile: "prod"}, `PARTNERDASH_PROFILE "prod": no such profile in {path}`},
		{"several profiles no default", "[profiles.a]\n[profiles.b]\n", nil, nil, `{path} defines profiles "a", "b" but no default_profile: pass --profile NAME or set default_profile`},
		{"flag cloud", "", []string{"--client-id", appA, "--cloud", "mars"}, nil, `--cloud: unknown cloud "mars" (want global, usgov, usgovdod, china)`},
		{"flag auth", "", []string{"--client-id", appA, "--auth", "password"}, nil, `--auth: unknown auth mode "password"`},
		{"flag version", "", []string{"--client-id", appA, "--api-version", "v2"}, nil, `--api-version: unknown API version "v2" (want v1.0 or beta)`},
		{"flag tenant", "", []string{"--tenant", "contoso"}, nil, `--tenant: "contoso" is not a tenant ID`},
		{"flag client", "", []string{"--client-id", "app"}, nil, `--client-id: "app" is not a GUID`},
		{"flag graph url", "", []string{"--graph-url", "localhost:8080"}, nil, `--graph-url: "localhost:8080" is not an http(s) URL`},
		{"flag graph url without version", "", []string{"--graph-url", "http://127.0.0.1:8080/"}, nil, `--graph-url: "http://127.0.0.1:8080/" has no API version: add it, as in http://127.0.0.1:8080/v1.0`},
		{"flag graph url with profile", goodFile, []string{"--profile", "contoso", "--graph-url", "ftp://x/v1.0"}, nil, `--graph-url: "ftp://x/v1.0" is not an http(s) URL`},
		{"env tenant", "", nil, map[string]string{profile.EnvClientID: appA, profile.EnvTenantID: "not a tenant"}, `AZURE_TENANT_ID: "not a tenant" is not a tenant ID`},
		{"env client", "", nil, map[string]string{profile.EnvClientID: "xyz"}, `AZURE_CLIENT_ID: "xyz" is not a GUID`},
		{"env without client", "", nil, map[string]string{profile.EnvTenantID: tid, profile.EnvClientSecret: "shh-secret"}, `AZURE_CLIENT_ID is not set: with AZURE_TENANT_ID and AZURE_CLIENT_SECRET alone partnerdash does not know which app to sign in with`},
		{"cloud without tenant", "", []string{"--cloud", "usgov"}, nil, `--auth, --cloud and --api-version need a tenant`},
		{"profile without client", "[profiles.p]\ntenant = \"contoso.com\"\n", nil, nil, `profile "p" ({path}:1): no client ID: set client_id in the profile, AZURE_CLIENT_ID or --client-id`},
		{"secret mode without secret", fmt.Sprintf("[profiles.p]\n\ntenant = %q\nclient_id = %q\nauth = \"client-secret\"\n", tid, appA), nil, nil, `profile "p" ({path}:5): auth client-secret needs AZURE_CLIENT_SECRET in the environment`},
		{"cert mode without path", certProfile, nil, nil, `profile "app" ({path}:4): auth certificate needs certificate_path in the profile, AZURE_CLIENT_CERTIFICATE_PATH or --certificate`},
		{"app mode without tenant", "", []string{"--client-id", appA, "--auth", "client-secret"}, map[string]string{profile.EnvClientSecret: "shh-secret"}, `settings from flags and environment: auth client-secret needs a tenant ID or domain`},
		{"app mode with organizations", "", []string{"--client-id", appA, "--tenant", "organizations", "--certificate", "/k.pem"}, nil, `settings from flags and environment: auth certificate needs a tenant ID or domain`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := setup(t, c.file, c.args, c.env)
			_, err := profile.Resolve(in)
			want := strings.ReplaceAll(c.want, "{path}", filepath.Join(in.ConfigDir, profile.FileName))
			if err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Fatalf("err = %v\nwant prefix %s", err, want)
			}
			var fe *profile.FlagError
			if strings.HasPrefix(c.want, "--") != errors.As(err, &fe) {
				t.Errorf("err %T: a flag's error must be a *FlagError, others not", err)
			}
			if strings.Contains(err.Error(), "shh-secret") {
				t.Errorf("error shows the secret: %v", err)
			}
		})
	}
}

func TestDirs(t *testing.T) {
	env := map[string]string{"HOME": "/home/ana"}
	get := func(k string) string { return env[k] }
	if d, _ := profile.ConfigDir(get); d != "/home/ana/.config/partnerdash" {
		t.Errorf("ConfigDir = %s", d)
	}
	if d, _ := profile.CacheDir(get); d != "/home/ana/.cache/partnerdash" {
		t.Errorf("CacheDir = %s", d)
	}
	env["XDG_CONFIG_HOME"], env["XDG_CACHE_HOME"] = "/cfg", "relative/ignored"
	if d, _ := profile.ConfigDir(get); d != "/cfg/partnerdash" {
		t.Errorf("ConfigDir = %s", d)
	}
	if d, _ := profile.CacheDir(get); d != "/home/ana/.cache/partnerdash" {
		t.Errorf("CacheDir with a relative XDG_CACHE_HOME = %s", d)
	}
	delete(env, "HOME")
	delete(env, "XDG_CONFIG_HOME")
	if _, err := profile.CacheDir(get); err == nil || !strings.Contains(err.Error(), "$XDG_CACHE_HOME nor $HOME") {
		t.Errorf("no home: %v", err)
	}
	// Resolve without a ConfigDir derives it, and says so when it cannot.
	if _, err := profile.Resolve(profile.Inputs{Getenv: get}); err == nil || !strings.Contains(err.Error(), "config: ") {
		t.Errorf("Resolve without HOME: %v", err)
	}
}

func TestClouds(t *testing.T) {
	want := map[string][2]string{
		"global":   {"graph.microsoft.com", "https://login.microsoftonline.com"},
		"usgov":    {"graph.microsoft.us", "https://login.microsoftonline.us"},
		"usgovdod": {"dod-graph.microsoft.us", "https://login.microsoftonline.us"},
		"china":    {"microsoftgraph.chinacloudapi.cn", "https://login.chinacloudapi.cn"},
	}
	if len(profile.Clouds()) != len(want) {
		t.Fatalf("clouds = %v", profile.Clouds())
	}
	for name, w := range want {
		c, err := profile.LookupCloud(name)
		if err != nil || c.GraphHost != w[0] || c.AuthorityHost != w[1] {
			t.Errorf("%s = %+v, %v", name, c, err)
		}
	}
}
