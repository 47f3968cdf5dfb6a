package profile_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/partnerdash/partnerdash/client/auth"
	"github.com/partnerdash/partnerdash/client/profile"
)

const goodFile = `# partnerdash profiles
default_profile = "contoso"

[profiles.contoso]
tenant = "contoso.onmicrosoft.com"
client_id = "5a1c0e2d-8b3f-4d6a-9c1e-0f2a3b4c5d6e"
read_only = true

[profiles."fabrikam gcc high"]
tenant = "0f1e2d3c-4b5a-6978-8a9b-acbdcedf0123"
client_id = "6b2d1f3e-9c4a-4e7b-8d2f-1a3b4c5d6e7f"
auth = "certificate"
certificate_path = "/etc/partnerdash/fabrikam.pem"
cloud = "usgov"
api_version = "beta"

[profiles.local]
graph_url = "http://127.0.0.1:8080/v1.0"
redirect_port = 8400
`

func TestParseGoodFile(t *testing.T) {
	f, err := profile.Parse("config.toml", []byte(goodFile))
	if err != nil {
		t.Fatal(err)
	}
	if f.DefaultProfile != "contoso" || f.DefaultLine != 2 {
		t.Errorf("default = %q line %d", f.DefaultProfile, f.DefaultLine)
	}
	if got := strings.Join(f.Order, "|"); got != "contoso|fabrikam gcc high|local" {
		t.Errorf("order = %s", got)
	}
	c := f.Profiles["contoso"]
	if c.Line != 4 || c.Tenant != "contoso.onmicrosoft.com" || c.ReadOnly == nil || !*c.ReadOnly || c.Auth != "" || c.Lines["read_only"] != 7 {
		t.Errorf("contoso = %+v", c)
	}
	fb := f.Profiles["fabrikam gcc high"]
	if fb.Auth != auth.Certificate || fb.Cloud != "usgov" || fb.APIVersion != "beta" || fb.CertificatePath != "/etc/partnerdash/fabrikam.pem" || fb.ReadOnly != nil {
		t.Errorf("fabrikam = %+v", fb)
	}
	if l := f.Profiles["local"]; l.GraphURL != "http://127.0.0.1:8080/v1.0" || l.RedirectPort != 8400 {
		t.Errorf("local = %+v", l)
	}
}

func TestLoadMissingFileIsNoConfig(t *testing.T) {
	f, err := profile.Load(filepath.Join(t.TempDir(), "config.toml"))
	if f != nil || err != nil {
		t.Fatalf("Load of a missing file = %v, %v; want nil, nil", f, err)
	}
}

func TestLoadUnreadable(t *testing.T) {
	dir := t.TempDir()
	if _, err := profile.Load(dir); err == nil || !strings.Contains(err.Error(), dir) {
		t.Fatalf("Load of a directory: err = %v, want one naming it", err)
	}
}

// TestFileErrors checks every file error message: each names the file, the line and the key.
func TestFileErrors(t *testing.T) {
	cases := []struct {
		name, file, want string
	}{
		{"syntax", "default_profile = \"a\"\n[profiles.a]\ntenant = = \"x\"\n", `cfg.toml:3: profiles.a.tenant: expected value but found '=' instead`},
		{"unterminated string", "[profiles.a]\ntenant = \"contoso\n", `cfg.toml:2: profiles.a.tenant: `},
		{"unknown top key", "default_profile = \"a\"\ntheme = \"dark\"\n", `cfg.toml:2: theme: unknown key (the file has default_profile and [profiles.NAME] tables)`},
		{"unknown profile key", "[profiles.a]\ntenant = \"contoso.com\"\ntenent = \"x\"\n", `cfg.toml:3: profiles.a.tenent: unknown key (a profile can set tenant, client_id, auth, cloud, api_version, read_only, certificate_path, redirect_port, graph_url)`},
		{"secret in file", "[profiles.a]\nclient_secret = \"hunter2\"\n", `cfg.toml:2: profiles.a.client_secret: secrets are not read from the config file; set AZURE_CLIENT_SECRET in the environment`},
		{"read_only wrong type", "[profiles.a]\nread_only = \"yes\"\n", `cfg.toml:2: profiles.a.read_only: want true or false, not the string "yes"`},
		{"tenant wrong type", "[profiles.a]\n\ntenant = 42\n", `cfg.toml:3: profiles.a.tenant: want a string, not the number 42`},
		{"unknown cloud", "[profiles.a]\ncloud = \"azure\"\n", `cfg.toml:2: profiles.a.cloud: unknown cloud "azure" (want global, usgov, usgovdod, china)`},
		{"unknown auth", "[profiles.a]\nauth = \"password\"\n", `cfg.toml:2: profiles.a.auth: unknown auth mode "password" (want device-code, browser, client-secret, certificate)`},
		{"unknown version", "[profiles.a]\napi_version = \"v2.0\"\n", `cfg.toml:2: profiles.a.api_version: unknown API version "v2.0" (want v1.0 or beta)`},
		{"bad client id", "[profiles.a]\nclient_id = \"my-app\"\n", `cfg.toml:2: profiles.a.client_id: "my-app" is not a GUID (the app registration's Application (client) ID)`},
		{"bad tenant", "[profiles.a]\ntenant = \"contoso\"\n", `cfg.toml:2: profiles.a.tenant: "contoso" is not a tenant ID (GUID) or domain (contoso.onmicrosoft.com)`},
		{"bad port", "[profiles.a]\nredirect_port = 80\n", `cfg.toml:2: profiles.a.redirect_port: port 80 is not between 1024 and 65535`},
		{"port wrong type", "[profiles.a]\nredirect_port = \"8400\"\n", `cfg.toml:2: profiles.a.redirect_port: want a port number, not the string "8400"`},
		{"bad graph url", "[profiles.a]\ngraph_url = \"graph.microsoft.com\"\n", `cfg.toml:2: profiles.a.graph_url: "graph.microsoft.com" is not an http(s) URL like https://graph.microsoft.com/v1.0`},
		{"profile not a table", "profiles = 3\n", `cfg.toml:1: profiles: must be a set of [profiles.NAME] tables`},
		{"profile entry not a table", "[profiles]\na = \"x\"\n", `cfg.toml:2: profiles.a: a profile must be a table ([profiles.a])`},
		{"default not a string", "default_profile = true\n", `cfg.toml:1: default_profile: want a string, not true`},
		{"default names nothing", "default_profile = \"prod\"\n[profiles.test]\n", `cfg.toml:1: default_profile: no profile "prod" in this file (profiles: "test")`},
		{"default with no profiles", "\ndefault_profile = \"prod\"\n", `cfg.toml:2: default_profile: no profile "prod" in this file (it defines none)`},
		{"nested table in profile", "[profiles.a]\n[profiles.a.extra]\nx = 1\n", `cfg.toml:2: profiles.a.extra: unknown key`},
		{"duplicate key", "[profiles.a]\ntenant = \"a.com\"\ntenant = \"b.com\"\n", `cfg.toml:3: `},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := profile.Parse("cfg.toml", []byte(c.file))
			if err == nil {
				t.Fatal("no error")
			}
			var fe *profile.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("err %T %v is not a *FileError", err, err)
			}
			if !strings.HasPrefix(err.Error(), c.want) {
				t.Fatalf("err = %q\nwant prefix %q", err, c.want)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error shows the secret: %q", err)
			}
		})
	}
}

func TestLoadNamesThePath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte("[profiles.a]\ncloud = \"mars\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := profile.Load(path)
	if err == nil || !strings.HasPrefix(err.Error(), path+":2: profiles.a.cloud: ") {
		t.Fatalf("err = %v", err)
	}
}

func TestLoadRefusesAFileOthersCanWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte("[profiles.a]\ntenant = \"contoso.onmicrosoft.com\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []os.FileMode{0o620, 0o602, 0o666} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		_, err := profile.Load(path)
		want := fmt.Sprintf("%s: group or others can write this file (mode %04o), and it says where partnerdash signs in and sends your Graph tokens; refusing to use it. Fix: chmod go-w %s", path, mode, path)
		if err == nil || err.Error() != want {
			t.Errorf("mode %04o: %v\nwant %s", mode, err, want)
		}
	}
	// Readable by all is fine: the file holds no secret.
	os.Chmod(path, 0o644)
	if f, err := profile.Load(path); err != nil || f.Profiles["a"].Tenant != "contoso.onmicrosoft.com" {
		t.Errorf("mode 0644: %v, %v", f, err)
	}
}

// TestDocumentedExampleParses keeps the example in the package documentation valid.
func TestDocumentedExampleParses(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var example []string
	for _, l := range strings.Split(string(src), "\n") {
		if s, ok := strings.CutPrefix(l, "//\t"); ok {
			example = append(example, s)
		}
	}
	f, err := profile.Parse("doc.go example", []byte(strings.Join(example, "\n")))
	if err != nil {
		t.Fatalf("the documented example does not parse: %v", err)
	}
	if len(f.Order) != 4 || f.DefaultProfile != "contoso" {
		t.Errorf("example: %+v", f)
	}
}
