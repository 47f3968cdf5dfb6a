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
	"github.com/partnerdash/partnerdash/client/profile"
	"github.com/partnerdash/partnerdash/model"
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
func (e sysEnv) openFleet(ctx context.Context, ff fleetFlags, tf *profile.Flags) (*fleet.Fleet, error) {
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
				if dir, err = profile.CacheDir(e.getenv); err != nil {
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
	if s.Kind == profile.SignedIn {
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
		if s.Kind != profile.Demo {
			id = s.GraphURL
		}
	}
	return fleet.OpenClient(fleet.TenantConfig{ID: id, Name: s.Describe()}, c, opts), nil
}

// registerThresholds adds the four threshold flags (check, exporter) writing into th.
func registerThresholds(fs *flag.FlagSet, th *model.Thresholds) {
	fs.Var(durationFlag{&th.StaleHeartbeat}, "warn-heartbeat", "warning when an active partner's heartbeat is older than `AGE`, e.g. 24h or 2d")
	fs.Var(durationFlag{&th.DeadHeartbeat}, "crit-heartbeat", "critical when an active partner's heartbeat is older than `AGE`")
	fs.Var(durationFlag{&th.DeadlineSoon}, "warn-deadline", "warning when a device deadline is within `TIME`, e.g. 14d")
	fs.Var(durationFlag{&th.DeadlineNear}, "crit-deadline", "critical when a device deadline is within `TIME` or overdue")
}

// checkThresholdOrder refuses a warning threshold stricter than its critical one.
func checkThresholdOrder(th model.Thresholds) error {
	if th.StaleHeartbeat > th.DeadHeartbeat || th.DeadlineNear > th.DeadlineSoon {
		return errors.New("a warning threshold is stricter than its critical one")
	}
	return nil
}

// durationFlag is a duration that also takes days ("14d", "1.5d"), as thresholds are written.
type durationFlag struct{ d *time.Duration }

func (f durationFlag) String() string {
	if f.d == nil {
		return ""
	}
	if *f.d >= 7*24*time.Hour && *f.d%(24*time.Hour) == 0 {
		return strconv.Itoa(int(*f.d/(24*time.Hour))) + "d"
	}
	s := f.d.String()
	if strings.HasSuffix(s, "h0m0s") {
		s = strings.TrimSuffix(s, "0m0s")
	} else if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	return s
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
