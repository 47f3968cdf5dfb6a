package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/muesli/termenv"

	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui"
)

func TestDashboardFlags(t *testing.T) {
	c, err := parseDashboardFlags(nil, &bytes.Buffer{})
	// No auto-refresh unless asked: an idle dashboard sends nothing.
	if err != nil || c.refresh != 0 || c.noColor || c.backend.ReadOnly() || c.backend.GraphURL() != "" {
		t.Fatalf("defaults: %+v, %v", c, err)
	}
	c, err = parseDashboardFlags([]string{"--graph-url", "http://127.0.0.1:8080/v1.0", "--refresh", "60s",
		"--no-color", "--read-only"}, &bytes.Buffer{})
	if err != nil || c.refresh != time.Minute || !c.noColor || !c.backend.ReadOnly() || c.backend.GraphURL() != "http://127.0.0.1:8080/v1.0" {
		t.Fatalf("flags not read: %+v, %v", c, err)
	}
	for _, bad := range [][]string{{"--refresh", "1s"}, {"--refresh", "-5s"}, {"--nope"}, {"extra"}} {
		var u usageError
		if _, err := parseDashboardFlags(bad, &bytes.Buffer{}); !errors.As(err, &u) {
			t.Errorf("%q: want a usage error, got %v", bad, err)
		}
	}
	var help bytes.Buffer
	if _, err := parseDashboardFlags([]string{"-h"}, &help); err != errHelpShown {
		t.Fatalf("-h: %v", err)
	}
	for _, f := range []string{"-graph-url", "-refresh", "-no-color", "-read-only", "-version"} {
		if !strings.Contains(help.String(), f) {
			t.Errorf("-h does not list %s:\n%s", f, help.String())
		}
	}
}

func TestDashboardVersionAndNoTerminal(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"--version"}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "partnerdash "+version) {
		t.Fatalf("--version: exit %d, %q %q", code, out.String(), errOut.String())
	}
	out.Reset()
	errOut.Reset()
	if code := run(nil, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "needs a terminal") {
		t.Fatalf("without a terminal: exit %d, %q", code, errOut.String())
	}
	if code := run([]string{"--refresh", "1ms"}, &out, &errOut); code != 2 {
		t.Fatalf("a bad flag should exit 2, got %d", code)
	}
}

// fakeEnviron is a terminal environment for termenv.
type fakeEnviron map[string]string

func (e fakeEnviron) Environ() []string {
	var out []string
	for k, v := range e {
		out = append(out, k+"="+v)
	}
	return out
}
func (e fakeEnviron) Getenv(k string) string { return e[k] }

func TestDashboardRendererHonoursNoColor(t *testing.T) {
	colour := fakeEnviron{"TERM": "xterm-256color", "COLORTERM": "truecolor"}
	noColour := fakeEnviron{"TERM": "xterm-256color", "COLORTERM": "truecolor", "NO_COLOR": "1"}
	for _, c := range []struct {
		env     fakeEnviron
		noColor bool
		want    termenv.Profile
	}{
		{colour, false, termenv.TrueColor},
		{noColour, false, termenv.Ascii},
		{colour, true, termenv.Ascii},
	} {
		r := newRenderer(io.Discard, c.noColor, termenv.WithTTY(true), termenv.WithEnvironment(c.env))
		if got := r.ColorProfile(); got != c.want {
			t.Errorf("env %v --no-color=%v: profile %v, want %v", c.env, c.noColor, got, c.want)
		}
		if got := r.NewStyle().Bold(true).Render("x"); (got == "x") != (c.want == termenv.Ascii) {
			t.Errorf("env %v --no-color=%v renders %q", c.env, c.noColor, got)
		}
	}
}

// testBackend opens the backend for args with an empty environment and no config file.
func testBackend(t *testing.T, now time.Time, args ...string) (ui.PartnerService, string, bool, error) {
	t.Helper()
	var f backendFlags
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	f.register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	e := sysEnv{getenv: func(string) string { return "" }, configDir: t.TempDir(), cacheDir: t.TempDir(),
		now: func() time.Time { return now }}
	b, err := openBackend(context.Background(), &f, e)
	return b.svc, b.source, b.demo, err
}

func TestBackendDefaultsToTheDemoTenant(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	svc, source, demo, err := testBackend(t, now)
	if err != nil || !demo || source != demoSource {
		t.Fatalf("got %q demo=%v err=%v", source, demo, err)
	}
	ps, err := svc.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := graphsim.DemoTenant(now); len(ps) != len(want) || ps[0].ID != want[0].ID {
		t.Fatalf("listed %d partners, want the %d of the demo tenant", len(ps), len(want))
	}
	if ui.IsReadOnly(svc) {
		t.Error("the demo is writable")
	}
}

func TestBackendGraphURLWithoutSignIn(t *testing.T) {
	sim := graphsim.New(graphsim.WithPartners([]model.Partner{{ID: "00000001-aaaa-4bbb-8ccc-000000000001",
		DisplayName: "Loopback MDM", PartnerState: model.StateEnabled, IsConfigured: true}}))
	srv := httptest.NewServer(sim)
	defer srv.Close()
	svc, source, demo, err := testBackend(t, time.Now(), "--graph-url", srv.URL+"/v1.0")
	if err != nil || demo || source != srv.URL+"/v1.0" {
		t.Fatalf("got %q demo=%v err=%v", source, demo, err)
	}
	ps, err := svc.List(context.Background())
	if err != nil || len(ps) != 1 || ps[0].DisplayName != "Loopback MDM" {
		t.Fatalf("List over loopback: %v %v", ps, err)
	}
	for _, bad := range []string{"ftp://example.com/v1.0", "not a url", "http://127.0.0.1:8080/"} {
		var u usageError
		if _, _, _, err := testBackend(t, time.Now(), "--graph-url", bad); !errors.As(err, &u) {
			t.Errorf("--graph-url %q: want a usage error, got %v", bad, err)
		}
	}
}
