package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/partnerdash/partnerdash/client/profile"
	"github.com/partnerdash/partnerdash/model"
)

func init() {
	register(command{name: "login", summary: "sign in to the configured tenant and keep the sign-in", run: withSignals(runLogin)})
}

// runLogin signs in interactively (device code by default; the code goes to stderr) or, for
// application credentials, fetches the first token, and saves it in the token cache.
func runLogin(ctx context.Context, args []string, stdout, stderr io.Writer, e sysEnv) error {
	fs, flags := tenantFlagSet("login", "login [flags]", `
Signs in with the profile's auth mode and keeps the sign-in in the token cache
($XDG_CACHE_HOME/partnerdash), so the dashboard and the other commands start without asking.
Signing in again replaces it. ctrl+c cancels.

  device-code    the default: prints a URL and a code; open the URL on any device, enter the code
  browser        prints a URL to open on this machine, which redirects to a loopback port (over
                 SSH, forward the profile's redirect_port with ssh -L)
  client-secret  application sign-in with AZURE_CLIENT_SECRET
  certificate    application sign-in with a PEM certificate and key (--certificate)

The tenant comes from a profile in $XDG_CONFIG_HOME/partnerdash/config.toml, for example

  [profiles.contoso]
  tenant    = "contoso.onmicrosoft.com"
  client_id = "<application (client) ID of your app registration>"

or from AZURE_TENANT_ID and AZURE_CLIENT_ID. The app registration needs the delegated Graph
permission DeviceManagementServiceConfig.ReadWrite.All (Read.All is enough with --read-only),
admin consent, and "Allow public client flows" for device code; application sign-in needs the
application permission and asks for https://<graph host>/.default. The README has every step.`, stdout)
	if err := parseNoArgs(fs, args, "login"); err != nil {
		return err
	}
	s, sess, err := e.sessionFor(flags)
	if err != nil {
		return err
	}
	st, err := sess.SignIn(ctx, printPrompt(stderr))
	if err != nil {
		return signInError(err)
	}
	who := "application " + s.ClientID
	if !st.Application {
		who = st.Username
		if st.Name != "" {
			who += " (" + st.Name + ")"
		}
	}
	fmt.Fprintf(stdout, "Signed in as %s to tenant %s: %s\n", sanitized(who), sanitized(st.TenantID), describeSettings(s))
	return nil
}

// needsSignIn explains why settings without a tenant cannot sign in.
func needsSignIn(s profile.Settings) error {
	switch s.Kind {
	case profile.Demo:
		return errors.New("nothing to sign in to: no tenant is configured (set up a profile in " + configHint(s) + ", or set AZURE_CLIENT_ID and AZURE_TENANT_ID)")
	case profile.Direct:
		return fmt.Errorf("%s is used without sign-in (a --graph-url, or a profile with graph_url and no client_id)", s.GraphURL)
	}
	return nil
}

func configHint(s profile.Settings) string {
	if s.ConfigPath != "" {
		return s.ConfigPath
	}
	return "$XDG_CONFIG_HOME/partnerdash/config.toml"
}

// sanitized cleans text that came from the authority before it reaches a terminal.
func sanitized(s string) string { return strings.TrimSpace(model.Sanitize(s)) }
