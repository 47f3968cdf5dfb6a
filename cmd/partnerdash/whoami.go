package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/partnerdash/partnerdash/client/auth"
	"github.com/partnerdash/partnerdash/client/profile"
	"github.com/partnerdash/partnerdash/model"
)

func init() {
	register(command{name: "whoami", summary: "show the signed-in account, tenant, cloud, scopes and token expiry", run: withSignals(runWhoami)})
}

// whoami is what the command reports; its JSON form is for scripts.
type whoami struct {
	Source      string    `json:"source"`
	Profile     string    `json:"profile,omitempty"`
	ConfigFile  string    `json:"configFile,omitempty"`
	SignedIn    bool      `json:"signedIn"`
	Account     string    `json:"account,omitempty"`
	Name        string    `json:"name,omitempty"`
	Application string    `json:"application,omitempty"`
	Tenant      string    `json:"tenant,omitempty"`
	Cloud       string    `json:"cloud,omitempty"`
	GraphURL    string    `json:"graphUrl"`
	Auth        string    `json:"auth,omitempty"`
	Scopes      []string  `json:"scopes,omitempty"`
	ExpiresOn   time.Time `json:"tokenExpiresOn,omitzero"`
	ReadOnly    bool      `json:"readOnly"`
}

// runWhoami reports the current sign-in without starting one: a profile that is not signed in
// is an error that says to run login.
func runWhoami(ctx context.Context, args []string, stdout, stderr io.Writer, e sysEnv) error {
	fs, flags := tenantFlagSet("whoami", "whoami [-o table|json] [flags]", `
Shows where partners come from and who partnerdash is signed in as: account, tenant, cloud,
Graph URL, auth mode, scopes granted and token expiry. It refreshes the token silently if it has
to, and never asks you to sign in: with no sign-in it says to run 'partnerdash login'.`, stdout)
	out := outputFormat("table")
	fs.Var(&out, "o", "output `FORMAT`: table or json")
	if err := parseNoArgs(fs, args, "whoami"); err != nil {
		return err
	}
	s, err := e.resolve(flags)
	if err != nil {
		return err
	}
	w := whoami{Source: s.Describe(), Profile: s.Profile, ConfigFile: s.ConfigPath, GraphURL: s.GraphURL, ReadOnly: s.ReadOnly}
	if s.Kind == profile.Demo {
		w.GraphURL = "(in-process simulator)"
	}
	if s.Kind == profile.SignedIn {
		sess, err := e.openSession(s)
		if err != nil {
			return err
		}
		st, err := sess.Status(ctx)
		if errors.Is(err, auth.ErrSignInRequired) {
			return fmt.Errorf("not signed in (%s): run 'partnerdash login'", describeSettings(s))
		}
		if err != nil {
			return err
		}
		w.SignedIn = true
		w.Account, w.Name = sanitized(st.Username), sanitized(st.Name)
		if st.Application {
			w.Application = s.ClientID
		}
		w.Tenant = sanitized(st.TenantID)
		w.Cloud = s.Cloud.Name
		w.Auth = string(s.Auth)
		for _, sc := range st.Scopes {
			w.Scopes = append(w.Scopes, sanitized(sc))
		}
		w.ExpiresOn = st.ExpiresOn.UTC()
	}
	if out == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(w)
	}
	now := time.Now
	if e.now != nil {
		now = e.now
	}
	return printWhoami(stdout, w, s, now())
}

func printWhoami(stdout io.Writer, w whoami, s profile.Settings, now time.Time) error {
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(tw, "%s\t%s\n", k, v)
		}
	}
	row("source", w.Source)
	if w.Profile != "" {
		row("profile", w.Profile+" ("+w.ConfigFile+")")
	}
	switch {
	case w.Application != "":
		row("account", "application "+w.Application)
	case w.Account != "":
		acct := w.Account
		if w.Name != "" {
			acct += " (" + w.Name + ")"
		}
		row("account", acct)
	default:
		row("account", "none: "+map[profile.Kind]string{profile.Demo: "the demo needs no sign-in", profile.Direct: "this URL is used without sign-in"}[s.Kind])
	}
	row("tenant", w.Tenant)
	if w.Cloud != "" {
		row("cloud", fmt.Sprintf("%s: %s (Graph %s, sign-in %s)", s.Cloud.Name, s.Cloud.Description, s.Cloud.GraphHost, s.Cloud.AuthorityHost))
	}
	row("graph", w.GraphURL)
	row("auth", w.Auth)
	row("scopes", strings.Join(w.Scopes, " "))
	if !w.ExpiresOn.IsZero() {
		in := w.ExpiresOn.Sub(now)
		rel := "in " + model.Ago(in)
		if in < 0 {
			rel = "expired " + model.Ago(in) + " ago"
		}
		row("token", fmt.Sprintf("expires %s (%s)", w.ExpiresOn.Format("2006-01-02 15:04:05 UTC"), rel))
	}
	if w.ReadOnly {
		row("read-only", "yes")
	}
	return tw.Flush()
}
