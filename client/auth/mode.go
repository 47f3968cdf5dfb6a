package auth

import (
	"fmt"
	"strings"
)

// Mode is how partnerdash signs in. The names are the ones the config file and --auth use.
type Mode string

const (
	// DeviceCode is delegated sign-in with a code typed on another device: the default, because it
	// works over SSH and on hosts without a browser.
	DeviceCode Mode = "device-code"
	// Browser is delegated sign-in through a browser and a loopback redirect on this machine. The
	// URL is handed to the caller, never opened behind its back.
	Browser Mode = "browser"
	// ClientSecret is application (app-only) sign-in with a client secret.
	ClientSecret Mode = "client-secret"
	// Certificate is application (app-only) sign-in with a certificate and its RSA key (PEM).
	Certificate Mode = "certificate"
)

// Modes lists every Mode, in the order help texts show them.
func Modes() []Mode { return []Mode{DeviceCode, Browser, ClientSecret, Certificate} }

// ParseMode turns a config or flag value into a Mode.
func ParseMode(s string) (Mode, error) {
	for _, m := range Modes() {
		if string(m) == s {
			return m, nil
		}
	}
	names := make([]string, 0, 4)
	for _, m := range Modes() {
		names = append(names, string(m))
	}
	return "", fmt.Errorf("unknown auth mode %q (want %s)", s, strings.Join(names, ", "))
}

// Delegated reports whether m signs in a user (as opposed to the application itself).
func (m Mode) Delegated() bool { return m == DeviceCode || m == Browser }

// Graph permissions for partner connections (the deviceManagementPartner pages of the Graph reference list them): Read.All is
// enough to list and get; everything that changes a partner needs ReadWrite.All.
const (
	scopeRead      = "DeviceManagementServiceConfig.Read.All"
	scopeReadWrite = "DeviceManagementServiceConfig.ReadWrite.All"
)

// Scopes returns what to ask the sign-in authority for. Delegated scopes are full URIs on the
// cloud's Graph host (short names would mean graph.microsoft.com, wrong in national clouds);
// application credentials can only ask for "<graph>/.default", which grants whatever application
// permissions an admin consented to. graphHost is a host name such as "graph.microsoft.us".
func Scopes(m Mode, graphHost string, readOnly bool) []string {
	base := "https://" + strings.TrimSuffix(graphHost, "/") + "/"
	if !m.Delegated() {
		return []string{base + ".default"}
	}
	if readOnly {
		return []string{base + scopeRead}
	}
	return []string{base + scopeReadWrite}
}
