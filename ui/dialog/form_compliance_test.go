package dialog

import (
	"slices"
	"strings"
	"testing"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

// betaTenant is a tenant whose service says it talks to Graph's beta.
type betaTenant struct{ *uitest.Tenant }

func (betaTenant) Version() string { return "beta" }

func sectionTitles(f *partnerForm) []string {
	var out []string
	for _, s := range f.secs {
		out = append(out, s.v.toggle)
	}
	return out
}

func TestComplianceFormOffersLinuxOnlyThroughBeta(t *testing.T) {
	v1 := []string{"macOS onboarded", "Android onboarded", "iOS onboarded"}
	if got := sectionTitles(newComplianceCreateForm(testEnv(uitest.NewTenant()))); !slices.Equal(got, v1) {
		t.Errorf("create on v1.0: %v, want %v", got, v1)
	}
	withLinux := append(slices.Clone(v1), "Linux onboarded")
	if got := sectionTitles(newComplianceCreateForm(testEnv(betaTenant{uitest.NewTenant()}))); !slices.Equal(got, withLinux) {
		t.Errorf("create on beta: %v, want %v", got, withLinux)
	}
	// A partner read with Linux members keeps them in the form, whatever the service says.
	var p model.CompliancePartner
	p.ID, p.DisplayName = "00000001-cccc-4ddd-8eee-000000000001", "Penguin MDM"
	p.SetOnboarded(model.PlatformLinux, true)
	if got := sectionTitles(newComplianceEditForm(testEnv(uitest.NewTenant()), p)); !slices.Equal(got, withLinux) {
		t.Errorf("edit of a partner read with Linux: %v, want %v", got, withLinux)
	}
}

func TestComplianceFormAsksBeforeDiscardingAToggle(t *testing.T) {
	var p model.CompliancePartner
	p.ID, p.DisplayName = "00000001-cccc-4ddd-8eee-000000000001", "Kandji"
	p.SetOnboarded(model.PlatformMacOS, true)
	svc := uitest.NewTenant()
	var o Dialog = newComplianceEditForm(testEnv(svc), p)
	o, _ = press(t, o, "tab", "right") // macOS onboarded: yes → no
	o, _ = press(t, o, "esc")
	if v := o.View(100, 30); !strings.Contains(v, "Discard your changes to this compliance partner?") {
		t.Fatalf("esc with a changed flag did not ask:\n%s", v)
	}
	o, _ = press(t, o, "enter") // Keep editing
	f := asForm(t, o)
	if f.phase != phaseFields || f.secs[0].on {
		t.Fatalf("Keep editing lost the change: phase %v on %v", f.phase, f.secs[0].on)
	}
	o, _ = press(t, o, "ctrl+s")
	if v := o.View(100, 30); !strings.Contains(v, "macOS onboarded       yes → no") {
		t.Fatalf("the review does not show the flag:\n%s", v)
	}
	if u := asForm(t, o).k.(*complianceForm).update; u.DisplayName != nil || u.Onboarded[model.PlatformMacOS] == nil ||
		*u.Onboarded[model.PlatformMacOS] || u.Assignments[model.PlatformMacOS] != nil {
		t.Fatalf("update %+v: want only macOsOnboarded=false", u)
	}
}
