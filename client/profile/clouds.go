package profile

import (
	"fmt"
	"strings"
)

// Cloud is one Microsoft cloud: where Graph lives and which authority signs in for it. Tokens do
// not work across clouds, and app registrations live in their cloud's portal.
type Cloud struct {
	// Name is what the config file and --cloud say: global, usgov, usgovdod, china.
	Name string
	// Description is for help texts and whoami.
	Description string
	// GraphHost is the Graph host; scopes are built on it.
	GraphHost string
	// AuthorityHost is the sign-in authority ("https://login.microsoftonline.com").
	AuthorityHost string
}

// GraphURL is the Graph base URL for an API version: "https://graph.microsoft.us/v1.0".
func (c Cloud) GraphURL(version string) string { return "https://" + c.GraphHost + "/" + version }

// clouds follows Microsoft's "National cloud deployments" page of the Graph docs.
var clouds = []Cloud{
	{Name: "global", Description: "global service (including GCC)", GraphHost: "graph.microsoft.com", AuthorityHost: "https://login.microsoftonline.com"},
	{Name: "usgov", Description: "US Government L4 (GCC High)", GraphHost: "graph.microsoft.us", AuthorityHost: "https://login.microsoftonline.us"},
	{Name: "usgovdod", Description: "US Government L5 (DoD)", GraphHost: "dod-graph.microsoft.us", AuthorityHost: "https://login.microsoftonline.us"},
	{Name: "china", Description: "China (operated by 21Vianet)", GraphHost: "microsoftgraph.chinacloudapi.cn", AuthorityHost: "https://login.chinacloudapi.cn"},
}

// Clouds lists the clouds partnerdash knows.
func Clouds() []Cloud { return append([]Cloud(nil), clouds...) }

// LookupCloud finds a cloud by name.
func LookupCloud(name string) (Cloud, error) {
	for _, c := range clouds {
		if c.Name == name {
			return c, nil
		}
	}
	names := make([]string, len(clouds))
	for i, c := range clouds {
		names[i] = c.Name
	}
	return Cloud{}, fmt.Errorf("unknown cloud %q (want %s)", name, strings.Join(names, ", "))
}

// APIVersions are the Graph versions a profile can use. Beta is supported for Intune but changes
// more often.
var apiVersions = []string{"v1.0", "beta"}

// CheckAPIVersion accepts "v1.0" and "beta".
func CheckAPIVersion(v string) error {
	for _, ok := range apiVersions {
		if v == ok {
			return nil
		}
	}
	return fmt.Errorf("unknown API version %q (want v1.0 or beta)", v)
}
