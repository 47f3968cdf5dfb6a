package ui

import (
	"strings"
	"testing"

	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

// newBetaRig is the end-to-end rig (a v1.0 client on the simulator) where Brambleworth also has a
// scope-tag target, which only beta shows.
func newBetaRig(t *testing.T) *actRig {
	t.Helper()
	return newActRig(t, 100, 30, func(svc PartnerService, sim *graphsim.Server) PartnerService {
		ps := actTenantFixture()
		ps[0] = uitest.SamplePartner() // include, exclude and the scope-tag target
		sim.Configure(graphsim.WithPartners(ps))
		return svc
	})
}

// editRemovingExclusion opens the editor on Brambleworth, removes its exclusion (the second row
// v1.0 shows) and confirms the review.
func editRemovingExclusion(t *testing.T, r *actRig) {
	r.keys("e")
	r.waitFor(t, "Edit Brambleworth MDM")
	r.keys("tab", "tab", "tab", "tab", "x", "ctrl+s")
	r.waitFor(t, "Send these changes to Graph?")
	r.keys("enter")
	r.waitFor(t, "Saving through v1.0 would erase", "Scope-tag", "Write through beta")
}

func TestE2EBetaOnlyAssignmentsAreKeptThroughBeta(t *testing.T) {
	r := newBetaRig(t)
	editRemovingExclusion(t, r)
	r.keys("tab", "enter") // "Write through beta"
	r.waitFor(t, "Saved 1 change to Brambleworth MDM")
	r.final(t)
	p, _ := r.partner(t, actBramble)
	if len(p.Groups) != 2 {
		t.Fatalf("simulator holds %d assignments, want the include and the scope-tag target", len(p.Groups))
	}
	if _, ok := p.Groups[0].Target.(model.GroupTarget); !ok {
		t.Errorf("first assignment %+v, want the include group", p.Groups[0].Target)
	}
	if _, ok := p.Groups[1].Target.(model.ScopeTagGroupTarget); !ok {
		t.Errorf("second assignment %+v, want the scope-tag target kept", p.Groups[1].Target)
	}
}

func TestE2EBetaOnlyLossCanBeCancelled(t *testing.T) {
	r := newBetaRig(t)
	editRemovingExclusion(t, r)
	r.keys("enter") // "Cancel", focused first
	r.waitFor(t, "Nothing was sent. Your edits are kept.")
	v := r.final(t)
	if !strings.Contains(v, "Edit Brambleworth MDM") {
		t.Fatalf("the form closed:\n%s", v)
	}
	p, _ := r.partner(t, actBramble)
	if want := uitest.SamplePartner(); !model.SameAssignments(p.Groups, want.Groups) {
		t.Errorf("simulator holds %v, want it untouched", p.Groups)
	}
}
