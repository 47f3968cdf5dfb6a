package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/client/fleet"
	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
)

// checkPartner is an active, configured partner whose last heartbeat was age ago.
func checkPartner(id, name string, age time.Duration) model.Partner {
	return model.Partner{ID: id, DisplayName: name, PartnerState: model.StateEnabled, IsConfigured: true,
		PartnerAppType: model.AppTypeMultiTenant, LastHeartbeat: model.At(time.Now().Add(-age)),
		NonCompliantAt: model.NotSet(), RemovedAt: model.NotSet()}
}

// checkFleet serves tenants (name → partners; nil partners means consent missing) and writes a
// fleet file for them.
func checkFleet(t *testing.T, tenants map[string][]model.Partner) string {
	t.Helper()
	r := graphsim.NewTenants()
	var b strings.Builder
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	for name, ps := range tenants {
		r.Add(name, graphsim.New(graphsim.WithPartners(ps)))
		if ps == nil {
			r.Deny(name, true)
		}
		fmt.Fprintf(&b, "[[tenant]]\nid = %q\nname = %q\ngraph_url = \"%s/tenants/%s/v1.0\"\n", name, "Tenant "+name, srv.URL, name)
	}
	path := filepath.Join(t.TempDir(), "fleet.toml")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func runCheckCmd(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"check"}, args...), &stdout, &stderr)
	if stderr.Len() > 0 {
		t.Errorf("check wrote to stderr: %q", stderr.String())
	}
	return code, stdout.String()
}

func TestCheckExitFollowsTheWorstState(t *testing.T) {
	ok := []model.Partner{checkPartner("00000000-0000-4000-8000-000000000001", "Jamf Pro", time.Hour)}
	warn := []model.Partner{checkPartner("00000000-0000-4000-8000-000000000002", "Kandji", 30*time.Hour)}
	crit := []model.Partner{checkPartner("00000000-0000-4000-8000-000000000003", "Mosyle", 80*time.Hour)}
	for _, c := range []struct {
		name    string
		tenants map[string][]model.Partner
		args    []string
		code    int
		first   string
	}{
		{"all ok", map[string][]model.Partner{"a": ok, "b": ok}, nil, 0, "PARTNERS OK - 0 critical, 0 warning, 2 ok in 2 tenants |"},
		{"a warning", map[string][]model.Partner{"a": ok, "b": warn}, nil, 1, "PARTNERS WARNING - 0 critical, 1 warning, 1 ok in 2 tenants |"},
		{"a critical", map[string][]model.Partner{"a": warn, "b": crit}, nil, 2, "PARTNERS CRITICAL - 1 critical, 1 warning, 0 ok in"},
		{"unreadable beats warning", map[string][]model.Partner{"a": warn, "d": nil}, nil, 3, "PARTNERS UNKNOWN - 0 critical, 1 warning, 0 ok in 2 tenants; 1 tenant not read: Tenant d (consent missing)"},
		{"unreadable and all else ok is not OK", map[string][]model.Partner{"a": ok, "d": nil}, nil, 3, "PARTNERS UNKNOWN"},
		{"critical beats unreadable", map[string][]model.Partner{"b": crit, "d": nil}, nil, 2, "PARTNERS CRITICAL"},
		{"thresholds are parameters", map[string][]model.Partner{"b": crit}, []string{"--crit-heartbeat", "4d"}, 1, "PARTNERS WARNING"},
		{"days and hours", map[string][]model.Partner{"a": warn}, []string{"--warn-heartbeat", "2d", "--crit-heartbeat", "100h"}, 0, "PARTNERS OK"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out := runCheckCmd(t, append([]string{"--fleet", checkFleet(t, c.tenants)}, c.args...)...)
			first, _, _ := strings.Cut(out, "\n")
			if code != c.code || !strings.HasPrefix(first, c.first) {
				t.Fatalf("exit %d, first line %q; want exit %d and %q", code, first, c.code, c.first)
			}
			if !strings.Contains(first, " | tenants=") {
				t.Errorf("no performance data: %q", first)
			}
		})
	}
}

func TestCheckJSONNamesEveryTenantAndPartner(t *testing.T) {
	warn := []model.Partner{checkPartner("00000000-0000-4000-8000-000000000002", "Kandji", 30*time.Hour)}
	code, out := runCheckCmd(t, "--fleet", checkFleet(t, map[string][]model.Partner{"a": warn, "d": nil}), "-o", "json")
	var got checkJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if code != 3 || got.Status != "UNKNOWN" || got.ExitCode != 3 || len(got.Tenants) != 2 {
		t.Fatalf("exit %d, %+v", code, got)
	}
	by := map[string]checkTenantJSON{}
	for _, tn := range got.Tenants {
		by[tn.ID] = tn
	}
	if d := by["d"]; d.Status != "UNKNOWN" || d.TenantStatus != "consent missing" || !strings.Contains(d.Reason, "Authorization_RequestDenied") {
		t.Errorf("unreadable tenant: %+v", d)
	}
	a := by["a"]
	if a.Status != "WARNING" || len(a.Partners) != 1 || a.Partners[0].Reason != "no heartbeat for 30h" ||
		a.Partners[0].Kind != "deviceManagementPartner" || a.Partners[0].HeartbeatAgeSeconds == nil {
		t.Errorf("tenant a: %+v", a)
	}
}

func TestCheckBadInputIsUnknown(t *testing.T) {
	for _, args := range [][]string{
		{"--warn-heartbeat", "soon"},
		{"--fleet", filepath.Join(t.TempDir(), "missing.toml")},
		{"--warn-deadline", "2d", "--crit-deadline", "5d"},
	} {
		code, out := runCheckCmd(t, args...)
		if code != 3 || !strings.HasPrefix(out, "PARTNERS UNKNOWN - ") {
			t.Errorf("check %v: exit %d, %q; want UNKNOWN (3)", args, code, out)
		}
	}
}

// The README's fleet file example is a fleet file.
func TestREADMEFleetExampleParses(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "### The fleet file")
	_, rest, ok2 := strings.Cut(rest, "```toml\n")
	example, _, ok3 := strings.Cut(rest, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("README has no toml example under \"### The fleet file\"")
	}
	f, err := fleet.Parse("README example", []byte(example))
	if err != nil || f.App == nil || len(f.Tenants) != 2 {
		t.Fatalf("README example: %+v, %v", f, err)
	}
}
