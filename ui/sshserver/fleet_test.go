package sshserver

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/partnerdash/partnerdash/client/fleet"
	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
)

// These tests serve the fleet screen (Config.Fleet) over SSH: two simulated tenants with the demo
// partners, read in-process through the fleet's own clients, as serve --fleet does.

type testFleet struct {
	fl     *fleet.Fleet
	router *graphsim.Tenants
}

func newTestFleet(t *testing.T) testFleet {
	t.Helper()
	router := graphsim.NewTenants()
	f := &fleet.File{Path: "fleet.toml"}
	base := strings.TrimSuffix(graphsim.DemoBaseURL, "/v1.0")
	for _, tc := range []fleet.TenantConfig{{ID: "contoso", Name: "Contoso Ltd"}, {ID: "fabrikam", Name: "Fabrikam"}} {
		router.Add(tc.ID, graphsim.New(graphsim.WithPartners(graphsim.DemoTenant(testNow)),
			graphsim.WithClock(func() time.Time { return testNow })))
		tc.GraphURL = base + graphsim.TenantsPrefix + tc.ID + "/v1.0"
		f.Tenants = append(f.Tenants, tc)
	}
	hc := router.Client()
	hc.Transport = CaptureRequestIDs(hc.Transport)
	fl, err := fleet.Open(f, fleet.Options{HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go fl.Run(ctx, time.Hour)
	return testFleet{fl: fl, router: router}
}

func (tf testFleet) partners(t *testing.T, tenant string) []model.Partner {
	t.Helper()
	s, ok := tf.router.Server(tenant)
	if !ok {
		t.Fatalf("no tenant %s", tenant)
	}
	return s.Partners()
}

func TestFleetOverSSHOperatorChangeNamesTheTenant(t *testing.T) {
	tf := newTestFleet(t)
	k := newTestKey(t, "alice@laptop")
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", k.operator()), Fleet: tf.fl, Source: "fleet.toml"})
	tm := openTerm(t, ts.addr, k, "alice", 120, 40)
	tm.waitFor("fleet (fleet.toml)", "alice · operator", "2 tenants", "Contoso Ltd", "Fabrikam")

	// Contoso Ltd is first (both tenants are alike; ties go by name): open its dashboard.
	tm.send("\r")
	tm.waitFor("Contoso Ltd (contoso)", "Jamf Pro (Adatum)", "esc back to fleet")
	terminateByKeys(tm, "Jamf Pro (Contoso)")
	tm.waitFor("Terminate Jamf Pro (Contoso)?", "Devices removed from Intune on")
	lines := auditLines(t, ts.audit.String())
	if len(lines) != 1 {
		t.Fatalf("audit log:\n%s", ts.audit.String())
	}
	e := lines[0]
	if e.Tenant != "contoso" || e.TenantName != "Contoso Ltd" || e.Action != "terminate" || e.User != "alice" ||
		e.Role != Operator || e.PartnerID != contosoHQ || e.Result != "ok" || e.RequestID == "" {
		t.Errorf("audit entry %+v", e)
	}
	if !strings.Contains(ts.logs.String(), "tenant=contoso") {
		t.Errorf("the server log does not name the tenant:\n%s", ts.logs.String())
	}
	for _, p := range tf.partners(t, "fabrikam") {
		if p.PartnerState == model.StateTerminated && p.ID == contosoHQ {
			t.Error("the change reached the other tenant")
		}
	}

	// enter closes the result; esc clears the filter the keys typed, and esc again comes back
	// to the fleet.
	tm.send("\r")
	tm.waitFor("esc clear filter")
	tm.reset()
	tm.send("\x1b")
	tm.waitFor("esc back to fleet")
	tm.reset()
	tm.send("\x1b")
	tm.waitFor("TENANT", "2 tenants", "enter open")
	tm.send("q")
	if err := tm.waitExit(); err != nil {
		t.Errorf("q: %v", err)
	}
}

func TestFleetOverSSHViewerOpensTenantsReadOnly(t *testing.T) {
	tf := newTestFleet(t)
	k := newTestKey(t, "bob@desk")
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", k.line), Fleet: tf.fl, Source: "fleet.toml"})
	before := tf.partners(t, "contoso")
	tm := openTerm(t, ts.addr, k, "bob", 120, 40)
	tm.waitFor("bob · viewer", "READ-ONLY", "2 tenants")
	tm.send("\r")
	tm.waitFor("Contoso Ltd (contoso)", "Jamf Pro (Adatum)")
	terminateByKeys(tm, "Jamf Pro (Contoso)")
	tm.settle(300 * time.Millisecond)
	if strings.Contains(ansi.Strip(tm.output()), "Terminate Jamf Pro (Contoso)?") {
		t.Error("a viewer got the terminate dialog")
	}
	if after := tf.partners(t, "contoso"); !reflect.DeepEqual(before, after) {
		t.Error("a viewer's keys changed the tenant")
	}
	if ts.audit.String() != "" {
		t.Errorf("audit log has entries:\n%s", ts.audit.String())
	}
	tm.send("\x03") // ctrl+c quits from the tenant's dashboard too
	if err := tm.waitExit(); err != nil {
		t.Errorf("ctrl+c: %v", err)
	}
}
