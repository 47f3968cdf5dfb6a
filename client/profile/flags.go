package profile

import (
	"flag"
	"strconv"
)

// Flags are the command-line settings of every command that talks to a tenant (the dashboard,
// serve, list, get, login, logout, whoami). Register them on the command's FlagSet, parse, and pass
// the Flags to Resolve; flags that were not given do not override anything.
type Flags struct {
	profile, tenant, clientID, auth, cloud, apiVersion, graphURL, certificate optString
	readOnly                                                                  optBool
}

// Register defines the flags on fs.
func (f *Flags) Register(fs *flag.FlagSet) {
	fs.Var(&f.profile, "profile", "use profile `NAME` from the config file (env PARTNERDASH_PROFILE)")
	fs.Var(&f.tenant, "tenant", "tenant `ID` or domain, e.g. contoso.onmicrosoft.com (env AZURE_TENANT_ID)")
	fs.Var(&f.clientID, "client-id", "the app registration's application (client) `ID` (env AZURE_CLIENT_ID)")
	fs.Var(&f.auth, "auth", "sign-in `MODE`: device-code (default), browser, client-secret or certificate")
	fs.Var(&f.cloud, "cloud", "Microsoft `CLOUD`: global (default), usgov (GCC High), usgovdod (DoD) or china")
	fs.Var(&f.apiVersion, "api-version", "Graph API `VERSION`: v1.0 (default) or beta")
	fs.Var(&f.certificate, "certificate", "PEM `FILE` with the certificate and its private key, for auth certificate (env AZURE_CLIENT_CERTIFICATE_PATH)")
	fs.Var(&f.graphURL, "graph-url", "Graph base `URL`, e.g. http://127.0.0.1:8080/v1.0 for 'partnerdash sim' (no sign-in unless a profile is named)")
	fs.Var(&f.readOnly, "read-only", "refuse every change (and ask only for read permission)")
}

// Profile is the --profile value ("" if not given).
func (f *Flags) Profile() string { return f.profile.v }

// GraphURL is the --graph-url value ("" if not given).
func (f *Flags) GraphURL() string { return f.graphURL.v }

// ReadOnly is the --read-only value (false if not given).
func (f *Flags) ReadOnly() bool { return f.readOnly.v }

// optString is a string flag that remembers whether it was given.
type optString struct {
	v   string
	set bool
}

func (o *optString) String() string { return o.v }
func (o *optString) Set(s string) error {
	o.v, o.set = s, true
	return nil
}

// optBool is a bool flag that remembers whether it was given, so --read-only=false can override
// a profile's read_only = true.
type optBool struct {
	v   bool
	set bool
}

func (o *optBool) String() string   { return strconv.FormatBool(o.v) }
func (o *optBool) IsBoolFlag() bool { return true }
func (o *optBool) Set(s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	o.v, o.set = b, true
	return nil
}
