package main

import (
	"context"
	"flag"

	"github.com/partnerdash/partnerdash/client/profile"
	"github.com/partnerdash/partnerdash/ui"
)

// demoSource is what the header says when the built-in simulator serves the data.
const demoSource = "built-in simulator · demo tenant"

// backendFlags are the global flags that choose where partners come from: --profile, --tenant,
// --client-id, --auth, --cloud, --api-version, --certificate, --graph-url and --read-only (see
// package config; flags beat the environment, which beats the config file).
type backendFlags struct {
	profile.Flags
}

// register adds the backend flags to fs.
func (f *backendFlags) register(fs *flag.FlagSet) { f.Flags.Register(fs) }

// backend is where the dashboard's partners come from, ready for ui.Options.
type backend struct {
	svc ui.PartnerService // already wrapped with ui.ReadOnly when the settings say read-only
	// readOnly says the settings say read-only: the dashboard offers no change.
	readOnly bool
	source   string // the header's words for it
	demo     bool
	// signIn signs in inside the dashboard (nil when the source needs no sign-in); signInFirst
	// says the token cache has no usable sign-in, so the dashboard signs in before listing.
	signIn      ui.SignInFunc
	signInFirst bool
	// profiles lets the dashboard switch to the config file's other profiles (nil without a file).
	profiles *ui.Profiles
}

// openBackend turns the global flags, the environment and the config file into the service the
// dashboard uses. With nothing configured it is the demo: the simulator's built-in tenant served
// in-process (no socket, no network). A bad config file or flag is an error, never the demo.
func openBackend(ctx context.Context, f *backendFlags, e sysEnv) (backend, error) {
	s, err := e.resolve(&f.Flags)
	if err != nil {
		return backend{}, err
	}
	b, err := e.backendFor(ctx, s)
	if err != nil {
		return backend{}, err
	}
	if len(s.Profiles) > 0 {
		b.profiles = &ui.Profiles{Names: s.Profiles, Current: s.Profile, Open: func(ctx context.Context, name string) (ui.Backend, error) {
			s, err := e.resolveProfile(&f.Flags, name)
			if err != nil {
				return ui.Backend{}, err
			}
			b, err := e.backendFor(ctx, s)
			return ui.Backend{Service: b.svc, ReadOnly: b.readOnly, Source: b.source, Demo: b.demo, SignIn: b.signIn, SignInFirst: b.signInFirst}, err
		}}
	}
	return b, nil
}
