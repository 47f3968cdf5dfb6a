package model

import (
	"strings"
	"testing"
	"time"
)

var now = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

func partner(name string, state PartnerState, configured bool, hbAgo time.Duration, nonCompliantIn, removedIn *time.Duration) Partner {
	p := Partner{ID: name, DisplayName: name, PartnerState: state, IsConfigured: configured}
	if hbAgo >= 0 {
		p.LastHeartbeat = At(now.Add(-hbAgo))
	}
	if nonCompliantIn != nil {
		p.NonCompliantAt = At(now.Add(*nonCompliantIn))
	}
	if removedIn != nil {
		p.RemovedAt = At(now.Add(*removedIn))
	}
	return p
}

func dur(d time.Duration) *time.Duration { return &d }

const day = 24 * time.Hour

func TestTriageLevels(t *testing.T) {
	cases := []struct {
		name   string
		p      Partner
		health Health
		reason string
	}{
		{"healthy", partner("a", StateEnabled, true, 4*time.Minute, nil, nil), HealthOK, "healthy"},
		{"unresponsive", partner("a", StateUnresponsive, true, 9*day, nil, nil), HealthCritical, "partner is unresponsive"},
		{"rejected", partner("a", StateRejected, true, 2*day, nil, nil), HealthCritical, "Intune rejects this partner's messages"},
		{"unavailable", partner("a", StateUnavailable, true, day, nil, nil), HealthWarning, "partner is unavailable"},
		{"stale heartbeat", partner("a", StateEnabled, true, 3*day, nil, nil), HealthWarning, "no heartbeat for 3d"},
		{"dead heartbeat", partner("a", StateEnabled, true, 10*day, nil, nil), HealthCritical, "no heartbeat for 10d"},
		{"never heard from", partner("a", StateEnabled, true, -1, nil, nil), HealthWarning, "no heartbeat yet"},
		{"terminated far", partner("a", StateTerminated, true, 30*day, nil, dur(60*day)), HealthWarning, "connection terminated"},
		{"terminated removal near", partner("a", StateTerminated, true, 80*day, nil, dur(5*day)), HealthCritical, "connection terminated; devices removed in 5d"},
		{"terminated long ago", partner("a", StateTerminated, true, 150*day, dur(-140*day), dur(-60*day)), HealthWarning, "connection terminated; devices non-compliant 4mo ago; devices removed 2mo ago"},
		{"terminated, non-compliance near", partner("a", StateTerminated, true, day, dur(3*day), dur(86*day)), HealthWarning, "connection terminated; devices non-compliant in 3d"},
		{"non-compliance overdue", partner("a", StateEnabled, true, time.Hour, dur(-3*day), nil), HealthCritical, "devices non-compliant 3d ago"},
		{"non-compliance soon", partner("a", StateEnabled, true, time.Hour, dur(20*day), nil), HealthWarning, "devices non-compliant in 20d"},
		{"future state", partner("a", "quarantined", true, time.Hour, nil, nil), HealthWarning, `undocumented state "quarantined"`},
		{"placeholder", partner("a", StateUnknown, false, -1, nil, nil), HealthOK, "not configured"},
		{"placeholder capped", partner("a", StateUnresponsive, false, -1, nil, nil), HealthWarning, "partner is unresponsive"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := Triage(c.p, now)
			if a.Health != c.health {
				t.Errorf("health %v, want %v (%s)", a.Health, c.health, a.Reason())
			}
			if a.Reason() != c.reason {
				t.Errorf("reason %q, want %q", a.Reason(), c.reason)
			}
		})
	}
}

func TestDeadlines(t *testing.T) {
	p := partner("a", StateTerminated, true, day, dur(-2*day), dur(88*day))
	a := Triage(p, now)
	if !a.NonCompliant.Overdue() || a.NonCompliant.Relative() != "2d overdue" {
		t.Errorf("non-compliant: %+v %q", a.NonCompliant, a.NonCompliant.Relative())
	}
	if a.Removed.Overdue() || a.Removed.Relative() != "in 2mo" {
		t.Errorf("removed: %q", a.Removed.Relative())
	}
	next, ok := a.Next()
	if !ok || next.Name != "removed" {
		t.Errorf("a terminated partner's next deadline is its removal: %+v %v", next, ok)
	}
	active := Triage(partner("b", StateEnabled, true, day, dur(-2*day), dur(88*day)), now)
	if next, ok := active.Next(); !ok || next.Name != "non-compliant" {
		t.Errorf("an active partner's next deadline is the overdue one: %+v %v", next, ok)
	}
	if _, ok := Triage(partner("b", StateEnabled, true, 0, nil, nil), now).Next(); ok {
		t.Error("a partner without deadlines has no next deadline")
	}
	if (Deadline{}).Relative() != "—" {
		t.Error("unset deadline must render as —")
	}
}

func TestAgo(t *testing.T) {
	for d, want := range map[time.Duration]string{
		12 * time.Second: "12s", 4 * time.Minute: "4m", 3 * time.Hour: "3h", 47 * time.Hour: "47h",
		9 * day: "9d", 90 * day: "3mo", 800 * day: "2y", -5 * time.Minute: "5m",
	} {
		if got := Ago(d); got != want {
			t.Errorf("Ago(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestSortByUrgency(t *testing.T) {
	ps := []Partner{
		partner("placeholder", StateUnknown, false, -1, nil, nil),
		partner("healthy", StateEnabled, true, time.Minute, nil, nil),
		partner("terminated", StateTerminated, true, 30*day, dur(10*day), dur(60*day)),
		partner("unresponsive-far", StateUnresponsive, true, 9*day, dur(40*day), nil),
		partner("unresponsive-near", StateUnresponsive, true, 9*day, dur(2*day), nil),
		partner("rejected-overdue", StateRejected, true, 2*day, dur(-1*day), nil),
		partner("Alpha healthy", StateEnabled, true, time.Minute, nil, nil),
	}
	SortByUrgency(ps, now)
	var got []string
	for _, p := range ps {
		got = append(got, p.DisplayName)
	}
	want := "rejected-overdue,unresponsive-near,unresponsive-far,terminated,Alpha healthy,healthy,placeholder"
	if strings.Join(got, ",") != want {
		t.Errorf("order\n got %s\nwant %s", strings.Join(got, ","), want)
	}
}

func TestSummarize(t *testing.T) {
	ps := []Partner{
		partner("a", StateUnresponsive, true, 9*day, nil, nil),
		partner("b", StateUnavailable, true, day, nil, nil),
		partner("c", StateEnabled, true, time.Minute, nil, nil),
		partner("d", StateUnknown, false, -1, nil, nil),
	}
	s := Summarize(ps, now)
	if s.Critical != 1 || s.Warning != 1 || s.OK != 1 || s.NotConfigured != 1 {
		t.Errorf("summary %+v", s)
	}
	if s.ByState[StateUnresponsive] != 1 || s.ByState[StateUnknown] != 1 {
		t.Errorf("by state %v", s.ByState)
	}
}

func TestTriageWithThresholds(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	p := Partner{ID: "1", DisplayName: "Jamf", PartnerState: StateEnabled, IsConfigured: true,
		LastHeartbeat: At(now.Add(-80 * time.Hour)), NonCompliantAt: At(now.Add(10 * 24 * time.Hour))}
	// Default rules: 80 h silent is a warning (under 7 d); a deadline in 10 d a warning (over 7 d).
	if a := Triage(p, now); a.Health != HealthWarning {
		t.Fatalf("default triage = %v (%s), want warning", a.Health, a.Reason())
	}
	strict := Thresholds{StaleHeartbeat: 24 * time.Hour, DeadHeartbeat: 72 * time.Hour, DeadlineNear: 3 * 24 * time.Hour, DeadlineSoon: 14 * 24 * time.Hour}
	a := TriageWith(p, now, strict)
	if a.Health != HealthCritical || a.Reasons[0] != "no heartbeat for 3d" {
		t.Fatalf("strict triage = %v %q, want critical for the heartbeat", a.Health, a.Reasons)
	}
	p.LastHeartbeat = At(now.Add(-time.Hour))
	if a := TriageWith(p, now, strict); a.Health != HealthWarning || a.Reason() != "devices non-compliant in 10d" {
		t.Fatalf("strict triage of the deadline = %v %q, want a warning", a.Health, a.Reason())
	}
}
