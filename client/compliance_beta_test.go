package client

import (
	"context"
	"testing"

	"github.com/partnerdash/partnerdash/model"
)

// The demo's Workspace ONE partner has an iOS group target with an assignment filter that only
// beta shows, and Linux members v1.0 does not have.
const workspaceOne = "00000005-cccc-4ddd-8eee-000000000005"

func simCompliance(t *testing.T, all []model.CompliancePartner, id string) model.CompliancePartner {
	t.Helper()
	for _, p := range all {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("the simulator has no compliance partner %s", id)
	return model.CompliancePartner{}
}

func TestComplianceBetaOnlyLossBeforeAV1Write(t *testing.T) {
	sim, c, _ := startSim(t, "v1.0", demoTenantOpts())
	ctx := context.Background()
	p, err := c.GetCompliance(ctx, workspaceOne)
	if err != nil {
		t.Fatal(err)
	}
	ios := p.Platform(model.PlatformIOS).Assignments
	if len(ios) != 1 || ios[0].Target.Filter().IsSet() {
		t.Fatalf("v1.0 shows iOS %v, want the one group without its filter", ios)
	}
	if l := p.Platform(model.PlatformLinux); l.Assignments != nil || l.Onboarded != nil {
		t.Fatalf("v1.0 shows Linux %+v", l)
	}

	// The v1.0 user adds a group to iOS: the write would erase the filter.
	added := append(append([]model.Assignment{}, ios...), model.NewComplianceAssignment(model.GroupTarget{GroupID: "c0ffee00-0000-4000-8000-0000000000aa"}))
	var u model.ComplianceUpdate
	u.Assignments[model.PlatformIOS] = &added
	loss, err := c.ComplianceBetaOnlyLoss(ctx, workspaceOne, u)
	if err != nil {
		t.Fatal(err)
	}
	lost := loss.Platforms[model.PlatformIOS].Lost
	if len(lost) != 1 || lost[0].Target.Filter().Type != model.FilterExclude {
		t.Fatalf("iOS lost %v, want the filtered group", lost)
	}
	for _, pl := range []model.Platform{model.PlatformMacOS, model.PlatformAndroid, model.PlatformLinux} {
		if !loss.Platforms[pl].Empty() {
			t.Errorf("%s reported lost %v", pl, loss.Platforms[pl].Lost)
		}
	}
	if loss.Keep.Assignments[model.PlatformLinux] != nil {
		t.Error("the update through beta would send Linux members the user never saw")
	}

	// Through beta with Keep: the filter stays, the added group is there, Linux is untouched.
	if err := c.UpdateComplianceThroughBeta(ctx, workspaceOne, loss.Keep); err != nil {
		t.Fatal(err)
	}
	stored := simCompliance(t, sim.CompliancePartners(), workspaceOne)
	got := stored.Platform(model.PlatformIOS).Assignments
	if len(got) != 2 || got[0].Target.Filter().ID != "f117e500-0000-4000-8000-000000000002" || !model.SameAssignments(got[1:], added[1:]) {
		t.Errorf("stored iOS %v", got)
	}
	if linux := stored.Platform(model.PlatformLinux); len(linux.Assignments) != 1 || !linux.IsOnboarded() {
		t.Errorf("stored Linux %+v", linux)
	}
	// Emptying iOS removes the filtered target as the user meant: nothing is lost.
	empty := []model.Assignment{}
	var removeAll model.ComplianceUpdate
	removeAll.Assignments[model.PlatformIOS] = &empty
	if l, err := c.ComplianceBetaOnlyLoss(ctx, workspaceOne, removeAll); err != nil || !l.Empty() {
		t.Errorf("removing every iOS target the user saw: %+v, %v, want nothing lost", l, err)
	}

	// Android has nothing beta-only: it is read through beta and nothing is lost.
	android := []model.Assignment{}
	var ua model.ComplianceUpdate
	ua.Assignments[model.PlatformAndroid] = &android
	before := sim.Requests()
	if l, err := c.ComplianceBetaOnlyLoss(ctx, workspaceOne, ua); err != nil || !l.Empty() || sim.Requests() != before+1 {
		t.Errorf("android: %+v, %v, %d requests", l, err, sim.Requests()-before)
	}
	// Only the name, or only another platform's onboarded flag: nothing is read.
	name, on := "Workspace ONE (renamed)", true
	var un model.ComplianceUpdate
	un.DisplayName = &name
	un.Onboarded[model.PlatformMacOS] = &on
	before = sim.Requests()
	if l, err := c.ComplianceBetaOnlyLoss(ctx, workspaceOne, un); err != nil || !l.Empty() || sim.Requests() != before {
		t.Errorf("name and flag only: %+v, %v, %d requests", l, err, sim.Requests()-before)
	}
	// A beta client has nothing to check.
	b, _ := c.ForVersion(model.VersionBeta)
	before = sim.Requests()
	if l, err := b.ComplianceBetaOnlyLoss(ctx, workspaceOne, u); err != nil || !l.Empty() || sim.Requests() != before {
		t.Errorf("beta client: %+v, %v, %d requests", l, err, sim.Requests()-before)
	}
}
