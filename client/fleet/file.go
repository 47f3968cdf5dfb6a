package fleet

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/partnerdash/partnerdash/client/profile"
	"github.com/partnerdash/partnerdash/model"
)

// File is a fleet file: one multi-tenant app registration and the tenants it reads.
type File struct {
	// Path is where the file was read from ("" when parsed from memory); for messages.
	Path string
	// App signs in to the tenants that have no graph_url. Nil when every tenant is a simulator.
	App *App
	// Tenants in file order.
	Tenants []TenantConfig
}

// App is the [app] table: the multi-tenant app registration every signed-in tenant has consented
// to.
type App struct {
	// ClientID is the app's Application (client) ID.
	ClientID string `toml:"client_id"`
	// Auth is "application" (default: client credentials, one token per tenant) or "delegated"
	// (one user of HomeTenant signs in once; customer-tenant tokens come silently, GDAP style).
	Auth string `toml:"auth"`
	// HomeTenant is the partner's own tenant: where a delegated user signs in. Optional for
	// application sign-in.
	HomeTenant string `toml:"home_tenant"`
	// CertificatePath is a PEM file with the certificate and its unencrypted RSA key.
	CertificatePath string `toml:"certificate_path"`
	// ClientSecretEnv names the environment variable that holds a client secret (never the file).
	ClientSecretEnv string `toml:"client_secret_env"`
	// Cloud is global (default), usgov, usgovdod or china.
	Cloud string `toml:"cloud"`
	// APIVersion is v1.0 (default) or beta.
	APIVersion string `toml:"api_version"`
}

// Auth modes of an App.
const (
	AuthApplication = "application"
	AuthDelegated   = "delegated"
)

// TenantConfig is one [[tenant]] entry.
type TenantConfig struct {
	// ID is the tenant's ID (a GUID) or verified domain. For a simulator entry it may be any
	// short name; it labels metrics and output.
	ID string `toml:"id"`
	// Name is what people call the customer ("Contoso Ltd").
	Name string `toml:"name"`
	// GraphURL, when set, reads this Graph base URL without signing in (a simulator).
	GraphURL string `toml:"graph_url"`
}

// Label is the tenant's name, or its id when it has none.
func (t TenantConfig) Label() string {
	if t.Name != "" {
		return t.Name
	}
	return t.ID
}

// Load reads and checks a fleet file.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("fleet file: %w", err)
	}
	return Parse(path, data)
}

// Parse checks a fleet file's contents; path is only for messages. Unknown keys, a missing app
// for a tenant that signs in, duplicate tenant ids and a secret written in the file are errors.
func Parse(path string, data []byte) (*File, error) {
	var raw struct {
		App     *App           `toml:"app"`
		Tenants []TenantConfig `toml:"tenant"`
	}
	where := path
	if where == "" {
		where = "fleet file"
	}
	fail := func(format string, a ...any) (*File, error) {
		return nil, fmt.Errorf("%s: %s", where, fmt.Sprintf(format, a...))
	}
	md, err := toml.Decode(string(data), &raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return fail("line %d: %s", pe.Position.Line, pe.Message)
		}
		return fail("%v", err)
	}
	for _, k := range md.Undecoded() {
		if k.String() == "app.client_secret" {
			return fail("app.client_secret: secrets are not read from files; name an environment variable with client_secret_env")
		}
		return fail("%s: unknown key (the file has an [app] table and [[tenant]] entries)", k)
	}
	f := &File{Path: path, App: raw.App, Tenants: raw.Tenants}
	if len(f.Tenants) == 0 {
		return fail("no [[tenant]] entries")
	}
	needApp := false
	seen := map[string]int{}
	for i := range f.Tenants {
		t := &f.Tenants[i]
		t.ID, t.Name, t.GraphURL = strings.TrimSpace(t.ID), strings.TrimSpace(t.Name), strings.TrimSpace(t.GraphURL)
		n := i + 1
		switch {
		case t.ID == "":
			return fail("tenant %d (%q): no id", n, t.Name)
		case strings.ContainsAny(t.ID, "/?#\\ \t\r\n"):
			return fail("tenant %d: id %q is not a tenant ID or domain", n, t.ID)
		case t.GraphURL != "":
			if err := profile.CheckGraphURL(t.GraphURL); err != nil {
				return fail("tenant %d (%s): graph_url: %v", n, t.ID, err)
			}
		default:
			needApp = true
			if !model.IsGUID(t.ID) && !strings.Contains(t.ID, ".") {
				return fail("tenant %d: id %q is not a tenant ID (GUID) or domain", n, t.ID)
			}
		}
		key := strings.ToLower(t.ID)
		if prev, ok := seen[key]; ok {
			return fail("tenant %d: id %q is also tenant %d", n, t.ID, prev)
		}
		seen[key] = n
	}
	if f.App == nil {
		if needApp {
			return fail("tenants without graph_url sign in, and there is no [app] table with a client_id")
		}
		return f, nil
	}
	a := f.App
	if !model.IsGUID(a.ClientID) {
		return fail("app.client_id: %q is not a GUID (the app registration's Application (client) ID)", a.ClientID)
	}
	if a.Auth == "" {
		a.Auth = AuthApplication
	}
	if a.Cloud == "" {
		a.Cloud = "global"
	}
	if _, err := profile.LookupCloud(a.Cloud); err != nil {
		return fail("app.cloud: %v", err)
	}
	if a.APIVersion == "" {
		a.APIVersion = "v1.0"
	}
	if err := profile.CheckAPIVersion(a.APIVersion); err != nil {
		return fail("app.api_version: %v", err)
	}
	switch a.Auth {
	case AuthApplication:
		if (a.CertificatePath == "") == (a.ClientSecretEnv == "") {
			return fail("app: give exactly one of certificate_path and client_secret_env for application sign-in")
		}
	case AuthDelegated:
		if a.HomeTenant == "" {
			return fail("app.home_tenant: delegated sign-in needs the partner's own tenant, where the user signs in")
		}
		if a.CertificatePath != "" || a.ClientSecretEnv != "" {
			return fail("app: delegated sign-in uses no certificate or secret (the user signs in)")
		}
	default:
		return fail("app.auth: %q is not application or delegated", a.Auth)
	}
	return f, nil
}

// Cloud returns the app's cloud (global when there is no app).
func (f *File) Cloud() profile.Cloud {
	name := "global"
	if f.App != nil && f.App.Cloud != "" {
		name = f.App.Cloud
	}
	c, _ := profile.LookupCloud(name)
	return c
}
