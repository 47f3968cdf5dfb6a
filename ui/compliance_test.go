package ui

import (
	"strings"
	"testing"

	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

// twoKinds is a tenant with dashFixture's partners, the demo's compliance partners and its
// named groups (forbidden: the account may not read groups).
func twoKinds(forbidden bool) *uitest.Tenant {
	t := uitest.NewTenant(dashFixture()...)
	t.SetCompliance(graphsim.DemoCompliance(uitest.Clock)...)
	t.SetGroups(forbidden, graphsim.DemoGroups()...)
	return t
}

func TestKindKeysSwitchTabsAndEachKeepsItsOwnList(t *testing.T) {
	m := dashModel(t, twoKinds(false), 120, 40)
	if m.kind != kindDevice || !strings.Contains(m.View(), "▸ [1 Device management partners 11 · critical]") {
		t.Fatalf("starts on the first kind:\n%s", m.View())
	}
	dashPress(m, "j", "j") // a cursor on the first tab, to find again
	devSel := m.list.selectedID()

	for _, step := range []struct {
		key  string
		want kind
	}{{"2", kindCompliance}, {"1", kindDevice}, {"]", kindCompliance}, {"]", kindDevice}, {"[", kindCompliance}} {
		dashPress(m, step.key)
		if m.kind != step.want || m.list != &m.lists[step.want] {
			t.Fatalf("after %q: tab %v, want %v", step.key, m.kind, step.want)
		}
	}
	v := m.View()
	for _, want := range []string{"▸ [2 Compliance partners 8 · critical]", "ONBOARDED", "Mosyle Fuse", "macOS, iOS", "no platform"} {
		if !strings.Contains(v, want) {
			t.Errorf("compliance tab lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "DEADLINE") {
		t.Errorf("a compliance partner has no device deadlines:\n%s", v)
	}

	// Filter, unhealthy-only and sort work on this tab without touching the other's.
	dashPress(m, "/")
	dashPress(m, "k", "a", "n", "d", "j", "i", "enter")
	if got := order(m); len(got) != 1 || got[0] != "Kandji" {
		t.Fatalf("filter kandji: %v", got)
	}
	dashPress(m, "esc", "u")
	for _, j := range m.list.visible {
		if m.list.entries[j].assess.Health == model.HealthOK {
			t.Errorf("unhealthy only shows %s", m.list.entries[j].name)
		}
	}
	dashPress(m, "u")
	for range sortKeys {
		dashPress(m, "s")
		if m.list.sortBy == sortDeadline {
			t.Fatal("the compliance tab offers a sort by device deadline")
		}
	}
	dashPress(m, "1")
	if m.list.selectedID() != devSel || m.list.query != "" || len(m.list.visible) != 11 {
		t.Fatalf("the first tab lost its cursor or took the other's filter: %q, %q, %d", m.list.selectedID(), m.list.query, len(m.list.visible))
	}
}

func TestComplianceTabHasNoTerminate(t *testing.T) {
	svc := twoKinds(false)
	m := dashModel(t, svc, 120, 40)
	dashPress(m, "2")
	if m.keys.list.Terminate.Enabled() || m.keys.detail.Terminate.Enabled() {
		t.Fatal("terminate is enabled on the compliance tab")
	}
	dashPress(m, "?")
	if v := m.View(); strings.Contains(v, "terminate") || !strings.Contains(v, "delete") {
		t.Fatalf("full help on the compliance tab:\n%s", v)
	}
	dashPress(m, "?", "t")
	if m.overlay != nil {
		t.Fatal("t opened a dialog on the compliance tab")
	}
	dashPress(m, "1")
	if !m.keys.list.Terminate.Enabled() {
		t.Fatal("terminate is off on the first tab")
	}
}

func TestGroupNamesInTheDetailOfBothKinds(t *testing.T) {
	svc := twoKinds(false)
	m := dashModel(t, svc, 120, 40)
	dashPress(m, "j") // Brambleworth MDM: an inclusion and an exclusion
	v := m.View()
	for _, want := range []string{"Include group Mac users", "Exclude group Mac kiosks"} {
		if !strings.Contains(v, want) {
			t.Errorf("device detail lacks %q:\n%s", want, v)
		}
	}
	dashPress(m, "2", "/", "m", "o", "s", "y", "enter")
	v = m.View()
	for _, want := range []string{"Include group Contoso US Macs", "(c0ffee00-…)", "(group not found)"} {
		if !strings.Contains(v, want) {
			t.Errorf("compliance detail lacks %q:\n%s", want, v)
		}
	}
	// Names are cached for the session: going back asks for nothing.
	before := groupCalls(svc)
	dashPress(m, "1", "2")
	if after := groupCalls(svc); after != before {
		t.Errorf("group requests went from %d to %d for names already known", before, after)
	}
}

func TestGroupIDsStayWhenTheAccountMayNotReadGroups(t *testing.T) {
	svc := twoKinds(true)
	m := dashModel(t, svc, 160, 50)
	msgs := dashPress(m, "j")
	if !strings.Contains(m.View(), "Include group c0ffee00-0000-4000-8000-000000000001") {
		t.Fatalf("the id must stay:\n%s", m.View())
	}
	if !strings.Contains(m.status.text, "Group.Read.All or Directory.Read.All") {
		t.Fatalf("status %q, msgs %v", m.status.text, msgs)
	}
	if m.loadErr() != nil || m.status.err != nil {
		t.Fatalf("a refusal to read groups is not an error of the dashboard: %v %v", m.loadErr(), m.status.err)
	}
	// Said once, asked once: no more group requests this session.
	m.status.text = ""
	n := groupCalls(svc)
	dashPress(m, "2", "/", "m", "o", "s", "y", "enter")
	if groupCalls(svc) != n || m.status.text != "" {
		t.Fatalf("after a 403: %d → %d group calls, status %q", n, groupCalls(svc), m.status.text)
	}
	if !strings.Contains(m.View(), "c0ffee00-0000-4000-8000-000000000003") {
		t.Fatalf("compliance ids must stay:\n%s", m.View())
	}
}

func groupCalls(svc *uitest.Tenant) int {
	n := 0
	for _, c := range svc.Calls() {
		if strings.HasPrefix(c, "groups ") {
			n++
		}
	}
	return n
}

func TestReadOnlyRefusesComplianceChanges(t *testing.T) {
	svc := ReadOnly(twoKinds(false))
	if err := svc.DeleteCompliance(t.Context(), "00000003-cccc-4ddd-8eee-000000000003"); err != ErrReadOnly {
		t.Errorf("delete: %v", err)
	}
	if _, err := svc.CreateCompliance(t.Context(), model.CompliancePartner{DisplayName: "x"}); err != ErrReadOnly {
		t.Errorf("create: %v", err)
	}
	if err := svc.UpdateCompliance(t.Context(), "x", model.ComplianceUpdate{}); err != ErrReadOnly {
		t.Errorf("update: %v", err)
	}
	if names, err := svc.ResolveGroups(t.Context(), []string{"c0ffee00-0000-4000-8000-000000000001"}); err != nil || names.Label("c0ffee00-0000-4000-8000-000000000001") != "Mac users (c0ffee00-…)" {
		t.Errorf("a read-only session still names groups: %v %v", names, err)
	}
	m := dashModel(t, svc, 120, 40, func(o *Options) { o.ReadOnly = true })
	dashPress(m, "2", "d")
	if m.overlay != nil || m.keys.list.Delete.Enabled() {
		t.Fatal("a read-only session offers to delete a compliance partner")
	}
}
