package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/partnerdash/partnerdash/client"
	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

// Never drop what the user cannot see, for compliance partners: Workspace ONE's iOS group has an
// assignment filter only beta shows, and the v1.0 form's write of iOS would erase it.

const (
	workspaceOne    = "00000005-cccc-4ddd-8eee-000000000005"
	workspaceFilter = "f117e500-0000-4000-8000-000000000002"
)

// editWorkspaceOneIOS opens the editor on Workspace ONE (v1.0: macOS with no rows, Android with
// one, iOS with one), adds a group to iOS and confirms the review.
func editWorkspaceOneIOS(t *testing.T, r *actRig) {
	r.keys("2", "/", "omnissa", "enter", "e")
	r.waitFor(t, "Edit Omnissa Workspace ONE UEM", "iOS onboarded")
	r.keys("tab", "tab", "tab", // macOS: flag, add kind, add id
		"tab", "tab", "tab", "tab", // Android: flag, its group, add kind, add id
		"tab", "tab", "tab", "tab", executives, "enter", // iOS: flag, its group, add kind, add id
		"ctrl+s")
	r.waitFor(t, "Send these changes to Graph?", "add     Include group "+executives)
	r.keys("enter")
	r.waitFor(t, "Saving through v1.0 would erase", "iOS: Include group", "(filter", workspaceFilter, "Write through beta")
}

func TestE2EComplianceBetaOnlyFilterIsKeptThroughBeta(t *testing.T) {
	log := &patchLog{}
	r := newActRig(t, 100, 30, loggedClient(log))
	editWorkspaceOneIOS(t, r)
	r.keys("tab", "enter") // "Write through beta"
	r.waitFor(t, "Saved 1 change to Omnissa Workspace ONE UEM")
	r.final(t)
	if got := log.sent(); len(got) != 1 || len(got[0]) != 1 || got[0][0] != "iosEnrollmentAssignments" {
		t.Fatalf("PATCH bodies %v, want one of iOS's assignments", got)
	}
	if body := string(log.bodies[0]["iosEnrollmentAssignments"]); !strings.Contains(body, workspaceFilter) {
		t.Errorf("the write sent %s, without the filter", body)
	}

	// Read back through beta: the filtered group is still filtered, the added group follows, and
	// Linux (which the v1.0 form never showed) is untouched.
	c, err := client.New(graphsim.DemoBaseURL, client.WithHTTPClient(r.sim.Client()))
	if err != nil {
		t.Fatal(err)
	}
	beta, err := c.ForVersion(model.VersionBeta)
	if err != nil {
		t.Fatal(err)
	}
	p, err := beta.GetCompliance(context.Background(), workspaceOne)
	if err != nil {
		t.Fatal(err)
	}
	ios := p.Platform(model.PlatformIOS).Assignments
	if len(ios) != 2 || ios[0].Target.Filter().ID != workspaceFilter || ios[0].Target.Filter().Type != model.FilterExclude {
		t.Fatalf("beta reads iOS %v, want the filtered group kept", ios)
	}
	if g, ok := ios[1].Target.(model.GroupTarget); !ok || g.GroupID != executives {
		t.Errorf("beta reads iOS %v, want the added group second", ios)
	}
	want := graphsim.DemoCompliance(uitest.Clock)[4]
	if got := p.Platform(model.PlatformLinux); !model.SameAssignments(got.Assignments, want.Platform(model.PlatformLinux).Assignments) || !got.IsOnboarded() {
		t.Errorf("Linux changed: %+v", got)
	}
}

func TestE2EComplianceBetaOnlyLossCanBeCancelled(t *testing.T) {
	log := &patchLog{}
	r := newActRig(t, 100, 30, loggedClient(log))
	editWorkspaceOneIOS(t, r)
	r.keys("enter") // "Cancel", focused first
	r.waitFor(t, "Nothing was sent. Your edits are kept.")
	v := r.final(t)
	if !strings.Contains(v, "Edit Omnissa Workspace ONE UEM") {
		t.Fatalf("the form closed:\n%s", v)
	}
	if got := log.sent(); len(got) != 0 {
		t.Errorf("PATCH bodies %v, want nothing sent", got)
	}
	want := graphsim.DemoCompliance(uitest.Clock)[4]
	if p := r.compliance(t, workspaceOne); !model.SameAssignments(p.Platform(model.PlatformIOS).Assignments, want.Platform(model.PlatformIOS).Assignments) {
		t.Errorf("the simulator holds iOS %v, want it untouched", p.Platform(model.PlatformIOS).Assignments)
	}
}
