package ui

import (
	"strings"
	"testing"

	"github.com/partnerdash/partnerdash/ui/uitest"
)

// Every string of a partner (found by reflection, so a new property is covered) carries hostile
// text; no screen the dashboard draws from it — list, detail, edit form, its review, the
// confirmations — carries any of it.
func TestHostileTextNeverReachesTheScreen(t *testing.T) {
	p := uitest.HostilePartner()
	p.ID = "00000001-aaaa-4bbb-8ccc-000000000001" // the list must find it again after a change
	for _, size := range [][2]int{{160, 50}, {80, 24}} {
		m := dashModel(t, uitest.NewTenant(p), size[0], size[1])
		check := screenIsSafe(t, m, size)
		check("list")
		dashPress(m, "enter")
		check("detail")
		dashPress(m, "esc", "e")
		check("edit form")
		dashPress(m, "tab", "tab", "ctrl+s")
		check("review")
		dashPress(m, "esc", "esc", "esc", "d")
		check("delete")
		dashPress(m, "esc", "t")
		check("terminate")
	}
}

// The same for the second kind, and for group names from a hostile directory: the compliance
// tab, its detail (every platform's assignments, groups named) and its delete confirmation.
func TestHostileComplianceTextNeverReachesTheScreen(t *testing.T) {
	c := uitest.HostileCompliance()
	c.ID = "00000001-cccc-4ddd-8eee-000000000001"
	for _, size := range [][2]int{{160, 50}, {80, 24}} {
		svc := uitest.NewTenant()
		svc.SetCompliance(c)
		svc.SetGroups(false, uitest.HostileGroups()...)
		m := dashModel(t, svc, size[0], size[1])
		check := screenIsSafe(t, m, size)
		dashPress(m, "2")
		check("compliance tab")
		dashPress(m, "enter")
		check("compliance detail")
		for range 6 {
			dashPress(m, "pgdown")
			check("compliance detail, scrolled")
		}
		dashPress(m, "esc", "d")
		check("compliance delete")
		// The edit form draws every field and assignment of every platform: visit each stop.
		dashPress(m, "esc", "e")
		check("compliance edit form")
		if v := m.View(); !strings.Contains(v, "onboarded") {
			t.Fatalf("%dx%d: the edit form did not open:\n%s", size[0], size[1], v)
		}
		for range 40 {
			dashPress(m, "tab")
			check("compliance edit form, a field further")
		}
		dashPress(m, "esc", "e", " x", "ctrl+s") // nothing changed: esc closes; then a new name
		check("compliance edit review")
		if v := m.View(); !strings.Contains(v, "Send these changes") {
			t.Fatalf("%dx%d: no review:\n%s", size[0], size[1], v)
		}
		dashPress(m, "esc", "esc")
		check("compliance edit, discard question")
	}
}

// screenIsSafe returns a check that m's screen (of size) carries no hostile text and still shows
// the hostile partner ("Evil"); what names the screen in a failure.
func screenIsSafe(t *testing.T, m *root, size [2]int) func(what string) {
	return func(what string) {
		t.Helper()
		v := m.View()
		if bad := uitest.Unsafe(v); bad != "" {
			t.Fatalf("%dx%d %s: %s on screen:\n%q", size[0], size[1], what, bad, v)
		}
		if !strings.Contains(v, "Evil") {
			t.Fatalf("%dx%d %s: the partner is not on screen at all:\n%s", size[0], size[1], what, v)
		}
	}
}
