package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/partnerdash/partnerdash/client/auth/authtest"
	"github.com/partnerdash/partnerdash/ui"
)

// dashboardBackend opens the dashboard's backend in the world with args.
func (w *tenantWorld) dashboardBackend(args ...string) (backend, error) {
	w.t.Helper()
	var f backendFlags
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	f.register(fs)
	if err := fs.Parse(args); err != nil {
		w.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return openBackend(ctx, &f, w.e)
}

func TestDashboardBackendSignsInThroughTheUI(t *testing.T) {
	w := newTenantWorld(t)
	b, err := w.dashboardBackend()
	if err != nil {
		t.Fatal(err)
	}
	if b.demo || b.signIn == nil || !b.signInFirst || !strings.HasPrefix(b.source, "contoso · "+authtest.TenantID) {
		t.Fatalf("backend = %+v", b)
	}
	if b.profiles == nil || !slices.Equal(b.profiles.Names, []string{"contoso", "robot"}) || b.profiles.Current != "contoso" {
		t.Fatalf("profiles = %+v", b.profiles)
	}
	if w.auth.Grants("device_code") != 0 {
		t.Fatal("opening the backend signed in")
	}
	var shown []ui.SignInPrompt
	if err := b.signIn(context.Background(), func(p ui.SignInPrompt) { shown = append(shown, p) }); err != nil {
		t.Fatalf("signIn: %v", err)
	}
	if len(shown) != 1 || shown[0].Code != authtest.UserCode || shown[0].URL != w.auth.URL()+"/devicelogin" {
		t.Errorf("prompts = %+v", shown)
	}
	ps, err := b.svc.List(context.Background())
	if err != nil || len(ps) == 0 {
		t.Fatalf("List after sign-in: %d, %v", len(ps), err)
	}
	// A later start finds the sign-in in the cache.
	if b2, err := w.dashboardBackend(); err != nil || b2.signInFirst {
		t.Errorf("second start: signInFirst=%v err=%v", b2.signInFirst, err)
	}
	// A revoked sign-in makes List fail with the dashboard's sentinel, so it opens its sign-in.
	w.auth.RevokeAccessTokens()
	w.auth.SetRejectRefresh(true)
	if _, err := b.svc.List(context.Background()); !errors.Is(err, ui.ErrSignInRequired) {
		t.Errorf("List with a revoked sign-in: %v", err)
	}
}

func TestDashboardBackendExpiredCode(t *testing.T) {
	w := newTenantWorld(t)
	w.auth.SetDeviceOutcome(authtest.DeviceExpired)
	b, err := w.dashboardBackend()
	if err != nil {
		t.Fatal(err)
	}
	err = b.signIn(context.Background(), func(ui.SignInPrompt) {})
	if !errors.Is(err, ui.ErrSignInExpired) || !strings.Contains(err.Error(), "expired_token") {
		t.Fatalf("err = %v", err)
	}
}

func TestDashboardBackendProfiles(t *testing.T) {
	w := newTenantWorld(t)
	w.writeConfig(strings.Replace(readConfig(t, w), "[profiles.robot]", "[profiles.robot]\nread_only = true", 1))
	w.env["AZURE_CLIENT_SECRET"] = "app-secret-for-robot"
	w.auth.SetClientSecret("app-secret-for-robot")
	b, err := w.dashboardBackend("--profile", "contoso", "--auth", "device-code") // the secret would make contoso an app
	if err != nil {
		t.Fatal(err)
	}
	robot, err := b.profiles.Open(context.Background(), "robot")
	if err != nil {
		t.Fatal(err)
	}
	if robot.SignIn != nil || robot.SignInFirst || !ui.IsReadOnly(robot.Service) || !strings.HasPrefix(robot.Source, "robot · ") {
		t.Errorf("robot = %+v", robot)
	}
	if ps, err := robot.Service.List(context.Background()); err != nil || len(ps) == 0 {
		t.Errorf("robot List: %d, %v", len(ps), err)
	}
	if _, err := b.profiles.Open(context.Background(), "nope"); err == nil || !strings.Contains(err.Error(), `"nope": no such profile`) {
		t.Errorf("unknown profile: %v", err)
	}
}

func TestDashboardBackendBadConfigIsAnError(t *testing.T) {
	w := newTenantWorld(t)
	w.writeConfig("default_profile = 3\n")
	_, err := w.dashboardBackend()
	if err == nil || !strings.Contains(err.Error(), filepath.Join(w.e.configDir, "config.toml")+":1: default_profile: want a string") {
		t.Fatalf("err = %v", err)
	}
}

// TestDashboardSignInEndToEnd runs the real dashboard with the real backend: it shows the device
// code from the fake authority, the authority approves, and the tenant's partners appear.
func TestDashboardSignInEndToEnd(t *testing.T) {
	w := newTenantWorld(t)
	w.auth.SetPendingPolls(3)
	b, err := w.dashboardBackend()
	if err != nil {
		t.Fatal(err)
	}
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	m := ui.New(ui.Options{Service: b.svc, Renderer: r, Source: b.source, SignIn: b.signIn, SignInFirst: b.signInFirst,
		Profiles: b.profiles, Context: ctx, Location: time.UTC})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	wait := func(text string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(out []byte) bool { return bytes.Contains(out, []byte(text)) },
			teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	wait(authtest.UserCode)
	wait("Jamf Pro") // a demo-tenant partner, served by graphsim once the token is accepted
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if w.auth.Grants("device_code") != 1 {
		t.Errorf("device code grants = %d", w.auth.Grants("device_code"))
	}
}

func readConfig(t *testing.T, w *tenantWorld) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(w.e.configDir, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// countingTransport counts the Graph requests that went through it.
type countingTransport struct {
	rt http.RoundTripper
	n  *atomic.Int32
}

func (c countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.rt.RoundTrip(r)
}

func TestServedBackendSignsInBeforeServing(t *testing.T) {
	w := newTenantWorld(t)
	var n atomic.Int32
	wrap := func(rt http.RoundTripper) http.RoundTripper { return countingTransport{rt, &n} }
	var prompts bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var f backendFlags
	b, err := openServedBackend(ctx, &f, w.e, &prompts, wrap)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(prompts.String(), authtest.UserCode) || w.auth.Grants("device_code") != 1 {
		t.Errorf("the operator was not asked to sign in: %q", prompts.String())
	}
	if b.signIn != nil || b.profiles != nil {
		t.Error("sessions must not sign the server in or switch its tenant")
	}
	if _, err := b.svc.List(ctx); err != nil || n.Load() != 1 {
		t.Errorf("List: %v, wrapped requests %d", err, n.Load())
	}
	// Already signed in: no prompt the second time. The demo is wrapped too.
	prompts.Reset()
	if _, err := openServedBackend(ctx, &f, w.e, &prompts, wrap); err != nil || prompts.Len() != 0 {
		t.Errorf("second start: %v, prompts %q", err, prompts.String())
	}
	w.writeConfig("")
	demo, err := openServedBackend(ctx, &f, w.e, &prompts, wrap)
	if err != nil || !demo.demo {
		t.Fatalf("demo: %+v %v", demo, err)
	}
	before := n.Load()
	if _, err := demo.svc.List(ctx); err != nil || n.Load() != before+1 {
		t.Errorf("demo List: %v, wrapped %d", err, n.Load()-before)
	}
}

// The served backend wraps the Graph transport to capture request-ids; with no client injected it
// must wrap the client's tuned transport (timeouts, connection limits), not Go's bare default.
func TestWrappedStartsFromTheTunedTransport(t *testing.T) {
	var inner http.RoundTripper
	e := sysEnv{wrapGraph: func(rt http.RoundTripper) http.RoundTripper { inner = rt; return rt }}
	if e.wrapped(nil) == nil {
		t.Fatal("wrapped(nil) returned no client")
	}
	tr, ok := inner.(*http.Transport)
	if !ok || inner == http.DefaultTransport || tr.ResponseHeaderTimeout == 0 {
		t.Fatalf("wrapped the wrong transport: %T %v", inner, inner == http.DefaultTransport)
	}
}
