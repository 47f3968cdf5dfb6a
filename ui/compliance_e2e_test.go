package ui

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

// The second kind end to end: the real dashboard, the real Graph client, the simulator.

const mosyle = "00000003-cccc-4ddd-8eee-000000000003"

func TestE2EDeleteComplianceRemovesIt(t *testing.T) {
	r := newActRig(t, 100, 30, nil)
	r.keys("2", "/", "mosyle", "enter", "d")
	r.waitFor(t, "Delete Mosyle Fuse?")
	r.keys("Mosyle Fuse", "enter", "right", "enter")
	r.waitFor(t, "Deleted Mosyle Fuse", "Compliance partners 7") // the toast, and the tab refreshed behind it
	v := r.final(t)
	for _, p := range r.sim.CompliancePartners() {
		if p.ID == mosyle {
			t.Fatal("the simulator still has the compliance partner")
		}
	}
	if len(r.sim.CompliancePartners()) != 7 {
		t.Fatalf("the simulator has %d compliance partners, want 7", len(r.sim.CompliancePartners()))
	}
	if strings.Count(v, "Mosyle") != 1 || !strings.Contains(v, "Compliance partners 7") {
		t.Fatalf("the tab still shows the deleted partner:\n%s", v)
	}
}

func TestE2EDeleteComplianceGuardsAgainstAChangeBySomeoneElse(t *testing.T) {
	r := newActRig(t, 100, 30, nil)
	r.keys("2", "/", "mosyle", "enter", "d")
	r.waitFor(t, "Delete Mosyle Fuse?")
	p := graphsim.DemoCompliance(uitest.Clock)[2]
	p.DisplayName = "Mosyle Business"
	r.sim.PutCompliance(p) // someone renames it meanwhile
	r.keys("Mosyle Fuse", "enter", "right", "enter")
	r.waitFor(t, "Someone else changed", "Mosyle Business")
	r.keys("esc")
	r.final(t)
	found := false
	for _, c := range r.sim.CompliancePartners() {
		found = found || c.ID == mosyle
	}
	if !found {
		t.Fatal("the partner was deleted although it changed and the user cancelled")
	}
}

func TestE2EReadOnlyRefusesComplianceChanges(t *testing.T) {
	r := newActRig(t, 100, 30, func(s PartnerService, _ *graphsim.Server) PartnerService { return ReadOnly(s) })
	r.keys("2", "d", "e", "n")
	r.waitFor(t, "Compliance partners 8")
	v := r.final(t)
	if strings.Contains(v, "Delete ") || len(r.sim.CompliancePartners()) != 8 {
		t.Fatalf("a read-only session changed or offered to change compliance partners:\n%s", v)
	}
}

// groupsSeen records what ResolveGroups answered.
type groupsSeen struct {
	PartnerService
	mu   sync.Mutex
	errs []error
}

func (g *groupsSeen) ResolveGroups(ctx context.Context, ids []string) (model.GroupNames, error) {
	names, err := g.PartnerService.ResolveGroups(ctx, ids)
	g.mu.Lock()
	g.errs = append(g.errs, err)
	g.mu.Unlock()
	return names, err
}

func TestE2EGroupNamesWithoutPermissionKeepTheIDs(t *testing.T) {
	seen := &groupsSeen{}
	r := newActRig(t, 80, 24, func(s PartnerService, sim *graphsim.Server) PartnerService {
		sim.Configure(graphsim.WithGroupsForbidden(true))
		seen.PartnerService = s
		return seen
	})
	r.keys("enter", "G")
	r.waitFor(t, "Include group c0ffee00-0000-4000-8000-000000000001")
	r.keys("esc", "2", "/", "mosyle", "enter", "enter") // another partner, other groups: no new request
	r.waitFor(t, "c0ffee00-0000-4000-8000-000000000003")
	v := r.final(t)
	if strings.Contains(v, "Mac users") || strings.Contains(v, "Could not") {
		t.Fatalf("forbidden groups:\n%s", v)
	}
	seen.mu.Lock()
	defer seen.mu.Unlock()
	if len(seen.errs) != 1 {
		t.Fatalf("%d group requests after a 403, want 1: %v", len(seen.errs), seen.errs)
	}
	if fe, ok := model.AsGroupsForbidden(seen.errs[0]); !ok || strings.Join(fe.Permissions, " ") != "Group.Read.All Directory.Read.All" {
		t.Fatalf("the simulator's 403 reached the dashboard as %v", seen.errs[0])
	}
}

func TestE2EGroupNamesWithPermission(t *testing.T) {
	r := newActRig(t, 80, 24, nil)
	r.keys("2", "/", "mosyle", "enter", "enter")
	r.waitFor(t, "Include group Contoso US Macs (c0ffee00-…)", "(group not found)")
	r.final(t)
}
