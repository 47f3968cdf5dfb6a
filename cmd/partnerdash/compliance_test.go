package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
)

// complianceWorld is a signed-in tenant whose compliance partners include a hostile name.
func complianceWorld(t *testing.T) *tenantWorld {
	t.Helper()
	w := newTenantWorld(t)
	ps := graphsim.DemoCompliance(time.Now())
	ps[1].DisplayName = "Kan\x1b]0;pwned\x07dji\u202e"
	w.sim.Configure(graphsim.WithCompliancePartners(ps), graphsim.WithGroups(graphsim.DemoGroups()))
	w.exec("login").mustOK(t)
	return w
}

func TestListKindCompliance(t *testing.T) {
	w := complianceWorld(t)
	r := w.exec("list", "--kind", "compliance").mustOK(t)
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	if len(lines) != 9 || !strings.Contains(lines[0], "ONBOARDED") {
		t.Fatalf("table:\n%s", r.stdout)
	}
	if got := squash(lines[1]); !strings.HasPrefix(got, "00000001-cccc-4ddd-8eee-000000000001 Jamf Pro device compliance ✓ Active macOS, iOS 12m ago 3") {
		t.Errorf("row 1 = %q", got)
	}
	if strings.ContainsAny(r.stdout, "\x1b\x07\u202e") || !strings.Contains(lines[2], "Kandji") {
		t.Errorf("row 2 = %q", lines[2])
	}
	if !strings.Contains(lines[8], "no platform") {
		t.Errorf("row 8 = %q", lines[8])
	}

	r = w.exec("list", "--kind", "compliance", "-o", "json").mustOK(t)
	var l model.CompliancePartnerList
	if err := json.Unmarshal([]byte(r.stdout), &l); err != nil || len(l.Value) != 8 {
		t.Fatalf("json: %v\n%s", err, r.stdout)
	}
	// The default kind is still the device management partners.
	r = w.exec("list").mustOK(t)
	if strings.Contains(r.stdout, "ONBOARDED") || !strings.Contains(r.stdout, "DEADLINE") {
		t.Errorf("default kind:\n%s", r.stdout)
	}
	if err := w.exec("list", "--kind", "mobileThreatDefense").err; err == nil || !strings.Contains(err.Error(), "want device or compliance") {
		t.Errorf("bad kind: %v", err)
	}
}

func TestGetKindComplianceNamesGroups(t *testing.T) {
	w := complianceWorld(t)
	r := w.exec("get", "00000003-cccc-4ddd-8eee-000000000003", "--kind", "compliance").mustOK(t)
	for _, want := range []string{"Mosyle Fuse", "macOS onboarded yes", "iOS onboarded yes", "Android onboarded no", "Heartbeat 2026-", "h ago)", "macOS assignments Include group Contoso US Macs (c0ffee00-…)",
		"iOS assignments Include group c0ffee00-0000-4000-8000-000000000007 (group not found)"} {
		if !strings.Contains(squash(r.stdout), want) {
			t.Errorf("get lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "Linux") {
		t.Errorf("v1.0 has no Linux members:\n%s", r.stdout)
	}

	// Without permission to read groups: the ids stay, and stderr says which permission helps.
	w.sim.Configure(graphsim.WithGroupsForbidden(true))
	r = w.exec("get", "--kind", "compliance", "00000001-cccc-4ddd-8eee-000000000001").mustOK(t)
	if !strings.Contains(r.stdout, "Include group c0ffee00-0000-4000-8000-000000000001") ||
		!strings.Contains(r.stderr, "grant Group.Read.All or Directory.Read.All") {
		t.Errorf("forbidden:\nstdout %s\nstderr %s", r.stdout, r.stderr)
	}
	r = w.exec("get", "--kind", "compliance", "00000001-cccc-4ddd-8eee-000000000001", "-o", "json").mustOK(t)
	var p model.CompliancePartner
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil || p.DisplayName != "Jamf Pro device compliance" {
		t.Errorf("json: %v\n%s", err, r.stdout)
	}
	if err := w.exec("get", "--kind", "compliance", "00000099-cccc-4ddd-8eee-000000000099").err; err == nil || !strings.Contains(err.Error(), "ResourceNotFound") && !strings.Contains(err.Error(), "404") {
		t.Errorf("missing: %v", err)
	}
}
