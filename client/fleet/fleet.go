package fleet

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/partnerdash/partnerdash/client"
	"github.com/partnerdash/partnerdash/client/auth"
	"github.com/partnerdash/partnerdash/client/snapshot"
	"github.com/partnerdash/partnerdash/model"
)

// DefaultConcurrency is how many tenants are read at once unless Options say otherwise.
const DefaultConcurrency = 32

// AuthRetryAfter is how long a tenant whose sign-in failed waits before its sign-in is tried
// again (a refresh in between reports the same failure without asking the authority).
const AuthRetryAfter = 30 * time.Minute

// FetchFunc reads one tenant through its Graph client.
type FetchFunc func(ctx context.Context, c *client.Client) (model.TenantPartners, error)

// FetchPartners is the default fetch: both partner lists, side by side (Client.ListTenantPartners).
func FetchPartners(ctx context.Context, c *client.Client) (model.TenantPartners, error) {
	return c.ListTenantPartners(ctx)
}

// Options tune a Fleet. The zero value is usable.
type Options struct {
	// Concurrency bounds the tenants read at once (DefaultConcurrency when < 1).
	Concurrency int
	// Getenv reads the app's client secret variable (os.Getenv when nil).
	Getenv func(string) string
	// CacheDir holds the delegated sign-in's token cache (the one 'partnerdash login' writes).
	CacheDir string
	// HTTPClient talks to the authority and to Graph (each package's tuned default when nil).
	HTTPClient *http.Client
	// AuthorityHost replaces the cloud's sign-in authority (a test's fake).
	AuthorityHost string
	// AttemptTimeout bounds one Graph request (client.DefaultAttemptTimeout when 0).
	AttemptTimeout time.Duration
	// Fetch reads one tenant (FetchPartners when nil).
	Fetch FetchFunc
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Fleet is a set of tenants read together. Each tenant's data lives in a snapshot.Refresher
// shared by every reader (fleet screen, check, exporter).
type Fleet struct {
	File    *File
	tenants []*Tenant
	sem     chan struct{}
	now     func() time.Time
	session *auth.Session // nil when every tenant is a simulator

	mu       sync.Mutex
	inFlight int // tenants being fetched right now (for tests and the progress count)
	maxSeen  int
}

// Tenant is one tenant of the fleet.
type Tenant struct {
	Config TenantConfig
	// Client is the tenant's Graph client: a ui.PartnerService for the tenant's own dashboard.
	Client     *client.Client
	snap       *snapshot.Refresher[model.TenantPartners]
	fleet      *Fleet
	consentURL string

	mu        sync.Mutex
	authErr   error     // the last sign-in failure, reported again until authUntil
	authUntil time.Time // no sign-in is tried before this
	took      time.Duration
}

// Open builds the fleet for a parsed file: one sign-in for the app (nothing is contacted yet) and
// one Graph client and snapshot per tenant.
func Open(f *File, o Options) (*Fleet, error) {
	o = o.withDefaults()
	if o.HTTPClient == nil {
		// One transport for every tenant and the authority: Graph is one host for all of them,
		// so its connections are reused across tenants.
		o.HTTPClient = client.NewHTTPClient()
		if tr, ok := o.HTTPClient.Transport.(*http.Transport); ok {
			// Each tenant reads its two lists side by side: two connections per tenant in flight.
			tr.MaxIdleConns = max(tr.MaxIdleConns, 4*o.Concurrency)
			tr.MaxIdleConnsPerHost = max(tr.MaxIdleConnsPerHost, 2*o.Concurrency)
		}
	}
	fl := &Fleet{File: f, sem: make(chan struct{}, o.Concurrency), now: o.Now}
	cloud := f.Cloud()
	authority := cloud.AuthorityHost
	if o.AuthorityHost != "" {
		authority = o.AuthorityHost
	}
	if f.App != nil {
		sess, err := openSession(f.App, cloud.GraphHost, authority, o)
		if err != nil {
			return nil, err
		}
		fl.session = sess
	}
	for _, tc := range f.Tenants {
		consentURL := ""
		copts := []client.Option{client.WithRetryPolicy(client.RetryPolicy{MaxRetries: 0})}
		if o.HTTPClient != nil {
			copts = append(copts, client.WithHTTPClient(o.HTTPClient))
		}
		if o.AttemptTimeout > 0 {
			copts = append(copts, client.WithAttemptTimeout(o.AttemptTimeout))
		}
		base := tc.GraphURL
		if base == "" {
			base = cloud.GraphURL(f.App.APIVersion)
			tt, err := fl.session.ForTenant(tc.ID)
			if err != nil {
				return nil, err
			}
			copts = append(copts, client.WithTokenSource(tt))
			consentURL = ConsentURL(cloud.AuthorityHost, tc.ID, f.App.ClientID)
		}
		c, err := client.New(base, copts...)
		if err != nil {
			return nil, fmt.Errorf("tenant %s: %w", tc.ID, err)
		}
		fl.add(tc, c, consentURL, o)
	}
	return fl, nil
}

// OpenClient is a fleet of one tenant read through c (a client the caller signed in, or the
// demo's): partnerdash check without --fleet.
func OpenClient(tc TenantConfig, c *client.Client, o Options) *Fleet {
	o = o.withDefaults()
	fl := &Fleet{File: &File{Tenants: []TenantConfig{tc}}, sem: make(chan struct{}, o.Concurrency), now: o.Now}
	fl.add(tc, c, "", o)
	return fl
}

// add makes tenant tc, read through c, part of the fleet.
func (fl *Fleet) add(tc TenantConfig, c *client.Client, consentURL string, o Options) {
	t := &Tenant{Config: tc, fleet: fl, Client: c, consentURL: consentURL}
	fetch := o.Fetch
	t.snap = snapshot.New(func(ctx context.Context) (model.TenantPartners, error) {
		return t.fetch(ctx, fetch)
	})
	fl.tenants = append(fl.tenants, t)
}

func (o Options) withDefaults() Options {
	if o.Concurrency < 1 {
		o.Concurrency = DefaultConcurrency
	}
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Fetch == nil {
		o.Fetch = FetchPartners
	}
	return o
}

// openSession is the app's one sign-in: a confidential client for application credentials, or
// the delegated user's cached sign-in.
func openSession(a *App, graphHost, authority string, o Options) (*auth.Session, error) {
	cfg := auth.Config{
		AuthorityHost: authority,
		ClientID:      a.ClientID,
		GraphHost:     graphHost,
		ReadOnly:      true,
		HTTPClient:    o.HTTPClient,
		Tenant:        "organizations",
	}
	switch {
	case a.Auth == AuthDelegated:
		cfg.Mode, cfg.Tenant = auth.DeviceCode, a.HomeTenant
		if o.CacheDir == "" {
			return nil, errors.New("fleet: delegated sign-in needs the token cache directory")
		}
		fc, err := auth.OpenFileCache(o.CacheDir, auth.CacheFileName(authority, a.HomeTenant, a.ClientID, false))
		if err != nil {
			return nil, err
		}
		cfg.Cache = fc
	case a.CertificatePath != "":
		pem, err := os.ReadFile(a.CertificatePath)
		if err != nil {
			return nil, fmt.Errorf("fleet: certificate: %w", err)
		}
		cfg.Mode, cfg.CertificatePEM = auth.Certificate, pem
	default:
		secret := o.Getenv(a.ClientSecretEnv)
		if secret == "" {
			return nil, fmt.Errorf("fleet: the client secret variable %s is not set", a.ClientSecretEnv)
		}
		cfg.Mode, cfg.ClientSecret = auth.ClientSecret, secret
	}
	if a.HomeTenant != "" && a.Auth != AuthDelegated {
		cfg.Tenant = a.HomeTenant
	}
	return auth.New(cfg)
}

// Session is the fleet's sign-in (nil when no tenant signs in): the delegated path signs in with
// it once ('partnerdash login' does the same with the home tenant).
func (f *Fleet) Session() *auth.Session { return f.session }

// Tenants lists the tenants in file order.
func (f *Fleet) Tenants() []*Tenant { return append([]*Tenant(nil), f.tenants...) }

// Concurrency is the bound on tenants read at once.
func (f *Fleet) Concurrency() int { return cap(f.sem) }

// MaxInFlight is the most tenants ever read at once so far.
func (f *Fleet) MaxInFlight() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.maxSeen
}

// acquire takes one of the fleet's places, or gives up when ctx ends.
func (f *Fleet) acquire(ctx context.Context) error {
	select {
	case f.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	f.mu.Lock()
	f.inFlight++
	f.maxSeen = max(f.maxSeen, f.inFlight)
	f.mu.Unlock()
	return nil
}

func (f *Fleet) release() {
	f.mu.Lock()
	f.inFlight--
	f.mu.Unlock()
	<-f.sem
}

// fetch is the tenant's snapshot fetch: one place in the fleet while Graph is asked, none while
// waiting (the snapshot waits out a Retry-After before calling again). A tenant whose sign-in
// failed reports the same failure until AuthRetryAfter has passed, asking nobody.
func (t *Tenant) fetch(ctx context.Context, fetch FetchFunc) (model.TenantPartners, error) {
	now := t.fleet.now()
	t.mu.Lock()
	if t.authErr != nil && now.Before(t.authUntil) {
		err := t.authErr
		t.mu.Unlock()
		return model.TenantPartners{}, err
	}
	t.mu.Unlock()
	if err := t.fleet.acquire(ctx); err != nil {
		return model.TenantPartners{}, err
	}
	defer t.fleet.release()
	start := time.Now()
	d, err := fetch(ctx, t.Client)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.took = time.Since(start)
	if err != nil {
		if _, authFailure := classify(err, ""); authFailure && ctx.Err() == nil {
			t.authErr, t.authUntil = err, now.Add(AuthRetryAfter)
		}
		return model.TenantPartners{}, err
	}
	t.authErr = nil
	return d, nil
}

// Snapshots is the tenant's shared refresher: Current() for the data and its error, Changed()
// to wait for news, Refresh() when the user asks.
func (t *Tenant) Snapshots() *snapshot.Refresher[model.TenantPartners] { return t.snap }

// Took is how long the tenant's last fetch took (its Graph calls, not its waits).
func (t *Tenant) Took() time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.took
}

// Status is the tenant's status from its current snapshot.
func (t *Tenant) Status() Status {
	s := t.snap.Current()
	switch {
	case s.Err != nil:
		st, _ := classify(s.Err, t.consentURL)
		if st.Kind == Throttled {
			st.Until = s.RetryAt
		}
		return st
	case s.Loaded():
		return Status{Kind: OK}
	}
	return Status{Kind: Loading}
}

// Refresh reads every tenant once, at most Concurrency at a time, and returns when each has an
// outcome. A tenant throttled with a Retry-After that ends before ctx's deadline (or within
// maxWait when ctx has none) is read again after it, up to three times, without holding a place
// meanwhile; the others go on. Sign-in failures are not retried.
func (f *Fleet) Refresh(ctx context.Context, maxWait time.Duration) {
	var wg sync.WaitGroup
	for _, t := range f.tenants {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for attempt := 0; attempt < 3; attempt++ {
				select {
				case <-t.snap.Refresh():
				case <-ctx.Done():
					return
				}
				s := t.snap.Current()
				if s.Err == nil {
					return
				}
				st, _ := classify(s.Err, "")
				if st.Kind != Throttled {
					return
				}
				if s.RetryAt.IsZero() { // throttled without a Retry-After: back off on our own
					if !sleep(ctx, time.Duration(attempt+1)*2*time.Second) {
						return
					}
					continue
				}
				limit := f.now().Add(maxWait)
				if dl, ok := ctx.Deadline(); ok {
					limit = dl
				}
				if s.RetryAt.After(limit) {
					return // the next Refresh waits for RetryAt; nobody waits past the deadline
				}
			}
		}()
	}
	wg.Wait()
}

// Run keeps every tenant fresh: each fetches now and then every interval after its last fetch,
// through its snapshot, until ctx ends. The fleet's bound applies across all of them.
func (f *Fleet) Run(ctx context.Context, every time.Duration) {
	var wg sync.WaitGroup
	for _, t := range f.tenants {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = t.snap.Run(ctx, every)
		}()
	}
	wg.Wait()
}

// Progress counts the tenants that have an outcome (loaded or failed) out of all.
func (f *Fleet) Progress() (done, total int) {
	for _, t := range f.tenants {
		s := t.snap.Current()
		if s.Loaded() || s.Err != nil {
			done++
		}
	}
	return done, len(f.tenants)
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
