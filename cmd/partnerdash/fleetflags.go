package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/partnerdash/partnerdash/client"
	"github.com/partnerdash/partnerdash/client/auth"
	"github.com/partnerdash/partnerdash/client/fleet"
	"github.com/partnerdash/partnerdash/config"
)

// fleetFlags are the flags of the commands that read many tenants (check, exporter).
type fleetFlags struct {
	file        string
	concurrency int
}

func (f *fleetFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.file, "fleet", "", "read the tenants of this fleet `FILE` (TOML; see the README's \"A fleet of tenants\")")
	fs.IntVar(&f.concurrency, "concurrency", fleet.DefaultConcurrency, "read at most `N` tenants at once")
}

// openFleet opens the fleet file, or without one a fleet of the single tenant the tenant flags,
// the environment or the config file name (the demo tenant when nothing is configured). It never
// signs in interactively: monitoring has no one to type a code. A delegated sign-in that is
// missing is an error saying to run partnerdash login.
func (e sysEnv) openFleet(ctx context.Context, ff fleetFlags, tf *config.Flags) (*fleet.Fleet, error) {
	if ff.concurrency < 1 {
		return nil, usageError{fmt.Sprintf("--concurrency must be at least 1, not %d", ff.concurrency)}
	}
	opts := fleet.Options{
		Concurrency:   ff.concurrency,
		Getenv:        e.getenv,
		HTTPClient:    e.httpClient,
		AuthorityHost: e.authorityHost,
		Now:           e.now,
	}
	if ff.file != "" {
		f, err := fleet.Load(ff.file)
		if err != nil {
			return nil, err
		}
		if f.App != nil && f.App.Auth == fleet.AuthDelegated {
			dir := e.cacheDir
			if dir == "" {
				if dir, err = config.CacheDir(e.getenv); err != nil {
					return nil, fmt.Errorf("token cache: %w", err)
				}
			}
			opts.CacheDir = dir
		}
		fl, err := fleet.Open(f, opts)
		if err != nil {
			return nil, err
		}
		if s := fl.Session(); s != nil && f.App.Auth == fleet.AuthDelegated {
			if _, err := s.Token(ctx); errors.Is(err, auth.ErrSignInRequired) {
				return nil, fmt.Errorf("%w: sign in once with 'partnerdash login --tenant %s --client-id %s'", err, f.App.HomeTenant, f.App.ClientID)
			}
		}
		return fl, nil
	}
	s, err := e.resolve(tf)
	if err != nil {
		return nil, err
	}
	var sess *auth.Session
	if s.Kind == config.SignedIn {
		if sess, err = e.openSession(s); err != nil {
			return nil, err
		}
		if _, err := sess.Token(ctx); errors.Is(err, auth.ErrSignInRequired) {
			return nil, fmt.Errorf("%w: run 'partnerdash login' with the same flags first", err)
		}
	}
	var ts client.TokenSource
	if sess != nil {
		ts = sess
	}
	c, err := e.graphClient(s, ts)
	if err != nil {
		return nil, err
	}
	id := s.Tenant
	if id == "" {
		id = "demo"
		if s.Kind != config.Demo {
			id = s.GraphURL
		}
	}
	return fleet.OpenClient(fleet.TenantConfig{ID: id, Name: s.Describe()}, c, opts), nil
}

// durationFlag is a duration that also takes days ("14d", "1.5d"), as thresholds are written.
type durationFlag struct{ d *time.Duration }

func (f durationFlag) String() string {
	if f.d == nil {
		return ""
	}
	if *f.d >= 24*time.Hour && *f.d%(24*time.Hour) == 0 {
		return strconv.Itoa(int(*f.d/(24*time.Hour))) + "d"
	}
	return f.d.String()
}

func (f durationFlag) Set(s string) error {
	var d time.Duration
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseFloat(days, 64)
		if err != nil || n < 0 || n > 3650 {
			return fmt.Errorf("%q is not a number of days", s)
		}
		d = time.Duration(n * float64(24*time.Hour))
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil || d < 0 {
			return fmt.Errorf("%q is not a duration like 24h or 14d", s)
		}
	}
	*f.d = d
	return nil
}
