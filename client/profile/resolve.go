package profile

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/partnerdash/partnerdash/client/auth"
)

// Environment variables partnerdash reads.
const (
	EnvProfile         = "PARTNERDASH_PROFILE"
	EnvTenantID        = "AZURE_TENANT_ID"
	EnvClientID        = "AZURE_CLIENT_ID"
	EnvClientSecret    = "AZURE_CLIENT_SECRET"
	EnvCertificatePath = "AZURE_CLIENT_CERTIFICATE_PATH"
)

// Kind is where the data comes from.
type Kind int

const (
	// Demo is the built-in simulator: nothing is configured.
	Demo Kind = iota
	// Direct is a Graph URL used without sign-in (a local `partnerdash sim`).
	Direct
	// SignedIn is a tenant reached with tokens from a sign-in.
	SignedIn
)

// Inputs is everything Resolve reads.
type Inputs struct {
	// Flags are the parsed command-line flags; nil means none.
	Flags *Flags
	// Getenv looks up environment variables (os.Getenv in main; a map in tests).
	Getenv func(string) string
	// ConfigDir holds config.toml; "" means ConfigDir(Getenv).
	ConfigDir string
}

// Secret holds a credential. It prints as "[redacted]" however it is formatted, so it cannot
// slip into a log line or an error by accident.
type Secret struct{ v string }

// NewSecret wraps s.
func NewSecret(s string) Secret { return Secret{s} }

// Reveal returns the secret itself, for handing to MSAL.
func (s Secret) Reveal() string { return s.v }

// IsSet reports whether there is a secret.
func (s Secret) IsSet() bool { return s.v != "" }

func (s Secret) String() string {
	if s.v == "" {
		return ""
	}
	return "[redacted]"
}

// GoString keeps %#v from printing the secret.
func (s Secret) GoString() string { return `config.Secret("` + s.String() + `")` }

// Settings is the outcome: where data comes from and how to sign in.
type Settings struct {
	Kind Kind
	// Profile is the profile's name ("" when flags or the environment alone configure a tenant).
	Profile string
	// ConfigPath is the config file that was read ("" if there was none).
	ConfigPath string
	// Profiles lists the config file's profile names in file order (for the TUI's switcher).
	Profiles []string

	Tenant     string
	ClientID   string
	Auth       auth.Mode
	Cloud      Cloud
	APIVersion string
	// GraphURL is the Graph base URL with its version: a cloud's, a profile's graph_url, or
	// --graph-url.
	GraphURL        string
	ReadOnly        bool
	CertificatePath string
	ClientSecret    Secret
	RedirectPort    int
}

// Describe says where data comes from, for the dashboard's header and whoami.
func (s Settings) Describe() string {
	switch s.Kind {
	case Demo:
		return "DEMO tenant (built-in simulator)"
	case Direct:
		if s.Profile != "" {
			return s.Profile + " · " + s.GraphURL
		}
		return s.GraphURL
	}
	parts := []string{}
	if s.Profile != "" {
		parts = append(parts, s.Profile)
	}
	tenant := s.Tenant
	if tenant == "" {
		tenant = "organizations"
	}
	parts = append(parts, tenant)
	if s.Cloud.Name != "global" {
		parts = append(parts, s.Cloud.Name)
	}
	parts = append(parts, s.APIVersion)
	return strings.Join(parts, " · ")
}

// Resolve reads the config file and merges the environment and flags over the chosen profile.
// With nothing configured it returns Kind Demo; anything wrong is an error that says where
// (file:line and key, flag, or variable), never a quiet fall back to the demo.
func Resolve(in Inputs) (Settings, error) {
	return resolve(in, "", false)
}

// ResolveProfile is Resolve with the profile chosen by name (the TUI's profile switcher). The
// environment still overrides the profile's fields; flags described the starting tenant and do
// not, except --read-only, which keeps a read-only session read-only.
func ResolveProfile(in Inputs, name string) (Settings, error) {
	return resolve(in, name, true)
}

func resolve(in Inputs, forced string, switching bool) (Settings, error) {
	flags := in.Flags
	if flags == nil {
		flags = &Flags{}
	}
	getenv := in.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	dir := in.ConfigDir
	if dir == "" {
		d, err := ConfigDir(getenv)
		if err != nil {
			return Settings{}, fmt.Errorf("config: %w", err)
		}
		dir = d
	}
	path := filepath.Join(dir, FileName)
	file, err := Load(path)
	if err != nil {
		return Settings{}, err
	}
	s := Settings{}
	if file != nil {
		s.ConfigPath, s.Profiles = file.Path, append([]string(nil), file.Order...)
	}

	// Which profile, and who asked for it (for messages).
	name, from := forced, "profile switcher"
	if !switching {
		switch {
		case flags.profile.set:
			name, from = flags.profile.v, "--profile"
		case getenv(EnvProfile) != "":
			name, from = getenv(EnvProfile), EnvProfile
		case file != nil && file.DefaultProfile != "":
			name, from = file.DefaultProfile, ""
		case file != nil && len(file.Order) == 1:
			name, from = file.Order[0], ""
		case file != nil && len(file.Order) > 1:
			return Settings{}, fmt.Errorf("%s defines profiles %s but no default_profile: pass --profile NAME or set default_profile", path, strings.Join(quoteAll(file.Order), ", "))
		}
	}
	var fp FileProfile
	if name != "" {
		var msg string
		if file == nil {
			msg = fmt.Sprintf("%s %q: there is no config file %s", from, name, path)
		} else if _, ok := file.Profiles[name]; !ok {
			msg = fmt.Sprintf("%s %q: no such profile in %s%s", from, name, path, listNames(file.Order))
		}
		if msg != "" {
			if from == "--profile" {
				return Settings{}, &FlagError{Msg: msg}
			}
			return Settings{}, errors.New(msg)
		}
		p := file.Profiles[name]
		fp = p
		s.Profile = name
	}
	explicitProfile := switching || flags.profile.set || getenv(EnvProfile) != ""

	// --graph-url alone points at a simulator or proxy and signs in to nothing.
	if flags.graphURL.set && !switching && !explicitProfile {
		if err := CheckGraphURL(flags.graphURL.v); err != nil {
			return Settings{}, flagErr("--graph-url", err)
		}
		s.Kind, s.Profile, s.GraphURL = Direct, "", strings.TrimRight(flags.graphURL.v, "/")
		s.ReadOnly = flags.readOnly.v
		return s, nil
	}

	if err := mergeEnv(&fp, &s, getenv); err != nil {
		return Settings{}, err
	}
	if err := mergeFlags(&fp, flags, switching); err != nil {
		return Settings{}, err
	}
	if name == "" && fp.ClientID == "" {
		if set := setNames(getenv, EnvTenantID, EnvClientSecret, EnvCertificatePath); set != "" {
			return Settings{}, fmt.Errorf("%s is not set: with %s alone partnerdash does not know which app to sign in with; set it, pass --profile, or unset the others to run the demo", EnvClientID, set)
		}
	}

	configured := name != "" || fp.ClientID != "" || fp.Tenant != "" || s.ClientSecret.IsSet() || fp.CertificatePath != ""
	if !configured {
		if flags.auth.set || flags.cloud.set || flags.apiVersion.set {
			return Settings{}, &FlagError{Msg: "--auth, --cloud and --api-version need a tenant: pass --profile, or --client-id (or set AZURE_CLIENT_ID)"}
		}
		s.Kind, s.ReadOnly = Demo, flags.readOnly.v
		return s, nil
	}
	return finish(s, fp, path)
}

// finish fills in defaults and checks that the merged profile can sign in.
func finish(s Settings, fp FileProfile, path string) (Settings, error) {
	where := describeSource(s.Profile, fp, path, "")
	cloudName := fp.Cloud
	if cloudName == "" {
		cloudName = "global"
	}
	cloud, err := LookupCloud(cloudName)
	if err != nil {
		return Settings{}, fmt.Errorf("%s: %v", where, err)
	}
	s.Cloud = cloud
	s.APIVersion = fp.APIVersion
	if s.APIVersion == "" {
		s.APIVersion = "v1.0"
	}
	s.GraphURL = cloud.GraphURL(s.APIVersion)
	if fp.GraphURL != "" {
		s.GraphURL = strings.TrimRight(fp.GraphURL, "/")
	}
	s.ReadOnly = fp.ReadOnly != nil && *fp.ReadOnly
	s.Tenant, s.ClientID, s.CertificatePath, s.RedirectPort = fp.Tenant, fp.ClientID, fp.CertificatePath, fp.RedirectPort

	// A profile with a graph_url and no app registration is a simulator or proxy: no sign-in.
	if fp.GraphURL != "" && fp.ClientID == "" && fp.Auth == "" {
		s.Kind = Direct
		return s, nil
	}
	s.Kind = SignedIn
	if s.ClientID == "" {
		return Settings{}, fmt.Errorf("%s: no client ID: set client_id in the profile, AZURE_CLIENT_ID or --client-id", where)
	}
	s.Auth = fp.Auth
	if s.Auth == "" {
		switch {
		case s.ClientSecret.IsSet():
			s.Auth = auth.ClientSecret
		case s.CertificatePath != "":
			s.Auth = auth.Certificate
		default:
			s.Auth = auth.DeviceCode
		}
	}
	switch s.Auth {
	case auth.ClientSecret:
		if !s.ClientSecret.IsSet() {
			return Settings{}, fmt.Errorf("%s: auth %s needs %s in the environment", describeSource(s.Profile, fp, path, "auth"), s.Auth, EnvClientSecret)
		}
	case auth.Certificate:
		if s.CertificatePath == "" {
			return Settings{}, fmt.Errorf("%s: auth %s needs certificate_path in the profile, %s or --certificate", describeSource(s.Profile, fp, path, "auth"), s.Auth, EnvCertificatePath)
		}
	}
	if !s.Auth.Delegated() && (s.Tenant == "" || s.Tenant == "organizations" || s.Tenant == "common") {
		return Settings{}, fmt.Errorf("%s: auth %s needs a tenant ID or domain: set tenant in the profile, %s or --tenant", where, s.Auth, EnvTenantID)
	}
	return s, nil
}

// describeSource names where a merged profile came from, for errors found after merging: the
// line of key if the file set it, else the profile's header.
func describeSource(name string, fp FileProfile, path, key string) string {
	if name == "" {
		return "settings from flags and environment"
	}
	line := fp.Line
	if l := fp.Lines[key]; l > 0 {
		line = l
	}
	return fmt.Sprintf("profile %q (%s:%d)", name, path, line)
}

func mergeEnv(fp *FileProfile, s *Settings, getenv func(string) string) error {
	tenant, client, cert := getenv(EnvTenantID), getenv(EnvClientID), getenv(EnvCertificatePath)
	if v := getenv(EnvClientSecret); v != "" {
		s.ClientSecret = NewSecret(v)
	}
	if tenant != "" {
		if err := checkTenant(tenant); err != nil {
			return fmt.Errorf("%s: %v", EnvTenantID, err)
		}
		fp.Tenant = tenant
	}
	if client != "" {
		if err := checkGUID(client); err != nil {
			return fmt.Errorf("%s: %v", EnvClientID, err)
		}
		fp.ClientID = client
	}
	if cert != "" {
		fp.CertificatePath = cert
	}
	return nil
}

func mergeFlags(fp *FileProfile, f *Flags, switching bool) error {
	if switching {
		// Flags describe the tenant the dashboard started with, not every profile; only
		// --read-only carries over, because a session started read-only must stay so.
		if f.readOnly.set && f.readOnly.v {
			b := true
			fp.ReadOnly = &b
		}
		return nil
	}
	if f.tenant.set {
		if err := checkTenant(f.tenant.v); err != nil {
			return flagErr("--tenant", err)
		}
		fp.Tenant = f.tenant.v
	}
	if f.clientID.set {
		if err := checkGUID(f.clientID.v); err != nil {
			return flagErr("--client-id", err)
		}
		fp.ClientID = f.clientID.v
	}
	if f.auth.set {
		m, err := auth.ParseMode(f.auth.v)
		if err != nil {
			return flagErr("--auth", err)
		}
		fp.Auth = m
	}
	if f.cloud.set {
		if _, err := LookupCloud(f.cloud.v); err != nil {
			return flagErr("--cloud", err)
		}
		fp.Cloud = f.cloud.v
	}
	if f.apiVersion.set {
		if err := CheckAPIVersion(f.apiVersion.v); err != nil {
			return flagErr("--api-version", err)
		}
		fp.APIVersion = f.apiVersion.v
	}
	if f.certificate.set {
		fp.CertificatePath = f.certificate.v
	}
	if f.graphURL.set {
		if err := CheckGraphURL(f.graphURL.v); err != nil {
			return flagErr("--graph-url", err)
		}
		fp.GraphURL = f.graphURL.v
	}
	if f.readOnly.set {
		b := f.readOnly.v
		fp.ReadOnly = &b
	}
	return nil
}

// FlagError is a bad flag value or combination; commands report it as a usage error (exit 2).
type FlagError struct{ Msg string }

func (e *FlagError) Error() string { return e.Msg }

func flagErr(flag string, err error) error { return &FlagError{Msg: flag + ": " + err.Error()} }

func setNames(getenv func(string) string, names ...string) string {
	var set []string
	for _, n := range names {
		if getenv(n) != "" {
			set = append(set, n)
		}
	}
	return strings.Join(set, " and ")
}

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = fmt.Sprintf("%q", n)
	}
	return out
}
