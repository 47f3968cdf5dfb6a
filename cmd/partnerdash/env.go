package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/partnerdash/partnerdash/client"
	"github.com/partnerdash/partnerdash/client/auth"
	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/client/profile"
	"github.com/partnerdash/partnerdash/model"
)

// sysEnv is what the tenant-facing commands take from the process. main passes processEnv();
// tests build their own: a map for the environment, temp dirs, and an HTTP client that trusts a
// loopback fake authority.
type sysEnv struct {
	getenv    func(string) string
	configDir string // "" means $XDG_CONFIG_HOME/partnerdash
	cacheDir  string // "" means $XDG_CACHE_HOME/partnerdash
	// httpClient talks to the authority and to Graph; nil leaves each package's default.
	httpClient *http.Client
	// authorityHost replaces the cloud's sign-in authority (tests point it at their fake).
	authorityHost string
	now           func() time.Time
	// wrapGraph, when set, wraps the Graph client's transport (serve captures request-ids).
	wrapGraph func(http.RoundTripper) http.RoundTripper
}

func processEnv() sysEnv { return sysEnv{getenv: os.Getenv, now: time.Now} }

// clock reads the environment's clock (time.Now when none was set).
func (e sysEnv) clock() time.Time {
	if e.now == nil {
		return time.Now()
	}
	return e.now()
}

// signalContext is the context every long-running command runs under: ctrl+c (or SIGTERM)
// cancels it, so a device code wait, a slow Graph call or a server stops cleanly. stop restores
// default signal handling (a second ctrl+c then exits at once).
func signalContext() (ctx context.Context, stop context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// withSignals runs f under signalContext.
func withSignals(f func(ctx context.Context, args []string, stdout, stderr io.Writer, e sysEnv) error) func([]string, io.Writer, io.Writer) error {
	return func(args []string, stdout, stderr io.Writer) error {
		ctx, stop := signalContext()
		defer stop()
		return f(ctx, args, stdout, stderr, processEnv())
	}
}

// resolve applies the config file, environment and flags. A bad flag is a usage error (exit 2).
func (e sysEnv) resolve(flags *profile.Flags) (profile.Settings, error) {
	s, err := profile.Resolve(profile.Inputs{Flags: flags, Getenv: e.getenv, ConfigDir: e.configDir})
	var fe *profile.FlagError
	if errors.As(err, &fe) {
		return s, usageError{fe.Error()}
	}
	return s, err
}

// resolveProfile is resolve with the profile chosen by name (the TUI's switcher).
func (e sysEnv) resolveProfile(flags *profile.Flags, name string) (profile.Settings, error) {
	return profile.ResolveProfile(profile.Inputs{Flags: flags, Getenv: e.getenv, ConfigDir: e.configDir}, name)
}

// openSession builds the sign-in for SignedIn settings, with its token cache under the XDG cache
// directory (one file per authority, tenant, app and kind of sign-in).
func (e sysEnv) openSession(s profile.Settings) (*auth.Session, error) {
	authority := s.Cloud.AuthorityHost
	if e.authorityHost != "" {
		authority = e.authorityHost
	}
	dir := e.cacheDir
	if dir == "" {
		d, err := profile.CacheDir(e.getenv)
		if err != nil {
			return nil, fmt.Errorf("token cache: %w", err)
		}
		dir = d
	}
	fc, err := auth.OpenFileCache(dir, auth.CacheFileName(authority, s.Tenant, s.ClientID, !s.Auth.Delegated()))
	if err != nil {
		return nil, err
	}
	var pem []byte
	if s.Auth == auth.Certificate {
		if pem, err = os.ReadFile(s.CertificatePath); err != nil {
			return nil, fmt.Errorf("certificate: %w", err)
		}
	}
	return auth.New(auth.Config{
		Mode:           s.Auth,
		AuthorityHost:  authority,
		Tenant:         s.Tenant,
		ClientID:       s.ClientID,
		GraphHost:      s.Cloud.GraphHost,
		ReadOnly:       s.ReadOnly,
		ClientSecret:   s.ClientSecret.Reveal(),
		CertificatePEM: pem,
		RedirectPort:   s.RedirectPort,
		HTTPClient:     e.httpClient,
		Cache:          fc,
		Now:            e.now,
	})
}

// graphClient builds the Graph client for settings: the demo simulator in-process, a URL without
// sign-in, or Graph with tokens from ts. ts is only used for SignedIn settings.
func (e sysEnv) graphClient(s profile.Settings, ts client.TokenSource) (*client.Client, error) {
	switch s.Kind {
	case profile.Demo:
		now := time.Now
		if e.now != nil {
			now = e.now
		}
		sim := graphsim.New(graphsim.WithTenant(graphsim.Demo(now())))
		return client.New(graphsim.DemoBaseURL, client.WithHTTPClient(e.wrapped(sim.Client())))
	}
	var opts []client.Option
	if hc := e.wrapped(e.httpClient); hc != nil {
		opts = append(opts, client.WithHTTPClient(hc))
	}
	if s.Kind == profile.SignedIn {
		opts = append(opts, client.WithTokenSource(ts))
	}
	c, err := client.New(s.GraphURL, opts...)
	if err != nil {
		return nil, fmt.Errorf("graph URL %s: %w", s.GraphURL, err)
	}
	return c, nil
}

// wrapped applies wrapGraph to a copy of hc, or returns hc unchanged when there is nothing to
// wrap. A nil hc means the client's own tuned default (timeouts, connection limits), which is what
// client.New would have used unwrapped.
func (e sysEnv) wrapped(hc *http.Client) *http.Client {
	if e.wrapGraph == nil {
		return hc
	}
	if hc == nil {
		hc = client.NewHTTPClient()
	}
	c := &http.Client{}
	*c = *hc
	rt := c.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	c.Transport = e.wrapGraph(rt)
	return c
}

// openGraph is resolve + sign-in (interactively if needed, prompting on prompts) + Graph client:
// what list and get do before their one call.
func (e sysEnv) openGraph(ctx context.Context, flags *profile.Flags, prompts io.Writer) (*client.Client, profile.Settings, error) {
	s, err := e.resolve(flags)
	if err != nil {
		return nil, s, err
	}
	var ts client.TokenSource
	if s.Kind == profile.SignedIn {
		sess, err := e.openSession(s)
		if err != nil {
			return nil, s, err
		}
		if err := ensureSignedIn(ctx, sess, prompts); err != nil {
			return nil, s, err
		}
		ts = sess
	}
	c, err := e.graphClient(s, ts)
	return c, s, err
}

// ensureSignedIn signs in interactively only when there is no usable sign-in to reuse.
func ensureSignedIn(ctx context.Context, sess *auth.Session, prompts io.Writer) error {
	_, err := sess.Token(ctx)
	if !errors.Is(err, auth.ErrSignInRequired) {
		return err
	}
	_, err = sess.SignIn(ctx, printPrompt(prompts))
	return signInError(err)
}

// signInError adds what to do next to the errors a person can act on.
func signInError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, auth.ErrDeviceCodeExpired):
		return fmt.Errorf("%w; run the command again for a new code", err)
	case errors.Is(err, context.Canceled):
		return errors.New("sign-in cancelled")
	}
	return err
}

// printPrompt shows what the user has to do to finish signing in. The text comes from the
// authority, so it is sanitized like anything else from the network.
func printPrompt(w io.Writer) func(auth.Prompt) {
	return func(p auth.Prompt) {
		switch p.Mode {
		case auth.DeviceCode:
			msg := model.Sanitize(p.Message)
			if msg == "" {
				msg = fmt.Sprintf("To sign in, open %s and enter the code %s.", model.Sanitize(p.URL), model.Sanitize(p.UserCode))
			}
			fmt.Fprintln(w, msg)
			if !p.ExpiresOn.IsZero() {
				fmt.Fprintf(w, "The code works until %s. Press ctrl+c to cancel.\n", p.ExpiresOn.Local().Format("15:04:05"))
			}
		default:
			fmt.Fprintf(w, "%s\n  %s\n", p.Message, model.Sanitize(p.URL))
		}
	}
}

// tenantFlagSet makes a command's FlagSet with the tenant flags; -h prints usage to stdout.
func tenantFlagSet(name, synopsis, about string, stdout io.Writer) (*flag.FlagSet, *profile.Flags) {
	fs := newFlagSet("partnerdash "+name, stdout, tenantHelp(synopsis, about))
	var f profile.Flags
	f.Register(fs)
	return fs, &f
}

// parseFlags parses args, mapping -h and bad flags to the registry's conventions: -h prints the
// help (on stdout for a FlagSet from newFlagSet) and a bad flag is a one-line usage error.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			showHelp(fs)
			return errHelpShown
		}
		return usageError{fmt.Sprintf("%v (see '%s -h')", err, fs.Name())}
	}
	return nil
}

// parseNoArgs parses args for a command that takes flags only.
func parseNoArgs(fs *flag.FlagSet, args []string, name string) error {
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("%s takes no arguments, got %q", name, fs.Arg(0))}
	}
	return nil
}

// sessionFor resolves settings that must name a tenant to sign in to (login, logout) and opens
// their session.
func (e sysEnv) sessionFor(flags *profile.Flags) (profile.Settings, *auth.Session, error) {
	s, err := e.resolve(flags)
	if err != nil {
		return s, nil, err
	}
	if err := needsSignIn(s); err != nil {
		return s, nil, err
	}
	sess, err := e.openSession(s)
	return s, sess, err
}

// outputFormat is -o: table for people, json for scripts.
type outputFormat string

func (o *outputFormat) String() string { return string(*o) }
func (o *outputFormat) Set(s string) error {
	switch s {
	case "table", "json":
		*o = outputFormat(s)
		return nil
	}
	return fmt.Errorf("want table or json")
}

// describeSettings is the one-line "where" for whoami and messages.
func describeSettings(s profile.Settings) string {
	if s.ConfigPath == "" || s.Profile == "" {
		return s.Describe()
	}
	return s.Describe() + " (" + s.ConfigPath + ")"
}

// plural picks a noun form.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
