package sshserver

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/partnerdash/partnerdash/client"
	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui"
)

const mosyleFuse = "00000003-cccc-4ddd-8eee-000000000003" // a compliance partner of the demo

func complianceIDs(g graph) []string {
	var ids []string
	for _, p := range g.sim.CompliancePartners() {
		ids = append(ids, p.ID)
	}
	return ids
}

func TestAuditedComplianceChangesAreRecordedWithTheirKind(t *testing.T) {
	g := newGraph(t, graphsim.WithCompliancePartners(graphsim.DemoCompliance(testNow)))
	buf := &syncBuffer{}
	svc := Audited(g.svc, NewAuditLog(buf, nil), alice, nil)
	ctx := context.Background()
	name := "Mosyle Business"
	// No list first: the wrapper asks Graph for the partner as it was.
	if err := svc.UpdateCompliance(ctx, mosyleFuse, model.ComplianceUpdate{DisplayName: &name}); err != nil {
		t.Fatal(err)
	}
	if err := svc.DeleteCompliance(ctx, mosyleFuse); err != nil {
		t.Fatal(err)
	}
	if slices.Contains(complianceIDs(g), mosyleFuse) {
		t.Fatal("the compliance partner is still in the simulator")
	}
	lines := auditLines(t, buf.String())
	if len(lines) != 2 {
		t.Fatalf("%d audit lines, want 2:\n%s", len(lines), buf.String())
	}
	up, del := lines[0], lines[1]
	if up.Action != "update" || up.Kind != "compliance" || up.PartnerName != "Mosyle Fuse" || len(up.Changes) != 1 ||
		up.Changes[0].Field != "displayName" || up.Changes[0].New != `"Mosyle Business"` || up.Result != "ok" {
		t.Errorf("update entry %+v", up)
	}
	if del.Action != "delete" || del.Kind != "compliance" || del.PartnerID != mosyleFuse || del.PartnerName != "Mosyle Business" ||
		del.Result != "ok" || del.RequestID == "" {
		t.Errorf("delete entry %+v", del)
	}
}

func TestViewerCannotChangeCompliancePartners(t *testing.T) {
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", newTestKey(t, "x").line)})
	ts.graph.sim.Configure(graphsim.WithCompliancePartners(graphsim.DemoCompliance(testNow)),
		graphsim.WithGroups(graphsim.DemoGroups()))
	svc := ts.serviceFor(Actor{User: "bob", Role: Viewer})
	ctx := context.Background()
	if err := svc.DeleteCompliance(ctx, mosyleFuse); !errors.Is(err, ui.ErrReadOnly) {
		t.Fatalf("viewer delete: %v, want ErrReadOnly", err)
	}
	name := "x"
	if err := svc.UpdateCompliance(ctx, mosyleFuse, model.ComplianceUpdate{DisplayName: &name}); !errors.Is(err, ui.ErrReadOnly) {
		t.Fatalf("viewer update: %v, want ErrReadOnly", err)
	}
	if _, err := svc.CreateCompliance(ctx, model.CompliancePartner{DisplayName: "x"}); !errors.Is(err, ui.ErrReadOnly) {
		t.Fatalf("viewer create: %v, want ErrReadOnly", err)
	}
	if len(complianceIDs(ts.graph)) != 8 {
		t.Fatal("a viewer changed the compliance partners")
	}
	// Reads still work: the list, and group names.
	if cs, err := svc.ListCompliance(ctx); err != nil || len(cs) != 8 {
		t.Errorf("viewer list: %d, %v", len(cs), err)
	}
	if names, err := svc.ResolveGroups(ctx, []string{"c0ffee00-0000-4000-8000-000000000001"}); err != nil ||
		names.Label("c0ffee00-0000-4000-8000-000000000001") != "Mac users (c0ffee00-…)" {
		t.Errorf("viewer group names: %v, %v", names, err)
	}
	if ts.audit.String() != "" {
		t.Errorf("audit log has entries:\n%s", ts.audit.String())
	}
}

// The compliance tab's forms over SSH: an operator's edit by keys is audited with its kind and
// changes; a viewer's e and n open nothing.
func TestComplianceFormsOverSSH(t *testing.T) {
	op, viewer := newTestKey(t, "alice@laptop"), newTestKey(t, "bob@desk")
	// The tenant has its compliance partners before the server starts: its refresher's first list
	// may come before anything the test configures afterwards.
	g := newGraph(t, graphsim.WithCompliancePartners(graphsim.DemoCompliance(testNow)), graphsim.WithGroups(graphsim.DemoGroups()))
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", op.operator(), viewer.line), Service: g.svc})

	b := openTerm(t, ts.addr, viewer, "bob", 120, 40)
	b.waitFor("bob · viewer", "Jamf Pro (Adatum)")
	for _, k := range []string{"2", "/", "Mosyle", "\r", "e", "n"} {
		b.send(k)
		time.Sleep(60 * time.Millisecond)
	}
	b.waitFor("Mosyle Fuse")
	b.settle(300 * time.Millisecond)
	if out := ansi.Strip(b.output()); strings.Contains(out, "Edit Mosyle") || strings.Contains(out, "New compliance partner") {
		t.Fatal("a viewer got a compliance form")
	}

	a := openTerm(t, ts.addr, op, "alice", 120, 40)
	a.waitFor("alice · operator", "Jamf Pro (Adatum)")
	for _, k := range []string{"2", "/", "Mosyle", "\r", "e", "\x15", "Mosyle Business", "\x13"} { // ctrl+u, ctrl+s
		a.send(k)
		time.Sleep(60 * time.Millisecond)
	}
	a.waitFor("Send these changes to Graph?")
	a.send("\r")
	a.waitFor("Saved 1 change to Mosyle Business")
	lines := auditLines(t, ts.audit.String())
	if len(lines) != 1 {
		t.Fatalf("audit log:\n%s", ts.audit.String())
	}
	if e := lines[0]; e.Action != "update" || e.Kind != "compliance" || e.Name != "alice" || e.PartnerID != mosyleFuse ||
		len(e.Changes) != 1 || e.Changes[0].Field != "displayName" || e.Result != "ok" {
		t.Errorf("audit entry %+v", e)
	}
}

// The session's wrappers say the client's Graph version, so the compliance form offers Linux over
// SSH exactly when the client talks to beta.
func TestWrappersPassTheGraphVersionOn(t *testing.T) {
	for _, version := range []string{"v1.0", "beta"} {
		sim := graphsim.New()
		c, err := client.New("http://graphsim.local/"+version, client.WithHTTPClient(sim.Client()))
		if err != nil {
			t.Fatal(err)
		}
		var s ui.PartnerService = Audited(c, NewAuditLog(&syncBuffer{}, nil), alice, nil)
		s = newCalls().track(s)
		g, ok := s.(ui.GraphVersion)
		if !ok || g.Version() != version {
			t.Fatalf("the wrapped %s client says %v %q", version, ok, g.Version())
		}
	}
}
