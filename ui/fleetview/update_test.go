package fleetview

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/partnerdash/partnerdash/client/fleet"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

const cleanEvil = "Evil Corp" // what hostileName is once cleaned

func TestRowsAreMostUrgentFirst(t *testing.T) {
	m := newTestScreen(t, 120, 40)
	// critical, then the tenants that cannot be read (they may hide anything), then warning,
	// then ok; ties by name.
	want := "Contoso | Adatum | Litware | Tailspin Toys | Northwind Traders | " + cleanEvil + " | Fabrikam"
	if got := joined(m.names()); got != want {
		t.Fatalf("order:\n got %s\nwant %s", got, want)
	}
	r := m.rows[m.visible[0]]
	if r.Health != model.HealthCritical || !r.HasDeadline || r.Device[model.StateUnresponsive] != 1 ||
		r.Device[model.StateTerminated] != 1 || r.Compliance[model.StateEnabled] != 1 {
		t.Errorf("Contoso's row = %+v", r)
	}
	statuses := map[string]string{}
	for _, r := range m.rows {
		statuses[r.ID] = Status.Cell(r).Text
	}
	for id, want := range map[string]string{"adatum": "throttled 30s", "litware": "consent missing",
		"tailspin": "unreachable", "contoso": "ok"} {
		if statuses[id] != want {
			t.Errorf("%s status = %q, want %q", id, statuses[id], want)
		}
	}
}

func TestFilterKeepsMatchingTenantsAndEscClears(t *testing.T) {
	m := newTestScreen(t, 120, 40)
	press(m, "/", "n", "o", "r")
	if got := joined(m.names()); got != "Northwind Traders" {
		t.Fatalf("filter nor: %s", got)
	}
	press(m, "enter") // applies: keys are the list's again
	if m.filter.Focused() || !strings.Contains(m.View(), "/ nor") {
		t.Fatalf("filter not applied:\n%s", m.View())
	}
	// The id matches too.
	press(m, "esc", "/", "t", "a", "i", "l", "s", "p", "enter")
	if got := joined(m.names()); got != "Tailspin Toys" {
		t.Fatalf("filter tailsp: %s", got)
	}
	press(m, "esc")
	if len(m.names()) != len(fixtureTenants) || m.filter.Value() != "" {
		t.Fatalf("esc did not clear the filter: %s", joined(m.names()))
	}
	// Letters are text while the filter has focus: j does not move.
	press(m, "/", "j")
	if m.filter.Value() != "j" {
		t.Fatalf("j while filtering = %q", m.filter.Value())
	}
}

func TestUnhealthyOnlyKeepsTenantsThatNeedALook(t *testing.T) {
	m := newTestScreen(t, 120, 40)
	press(m, "u")
	want := "Contoso | Adatum | Litware | Tailspin Toys | Northwind Traders"
	if got := joined(m.names()); got != want {
		t.Fatalf("u:\n got %s\nwant %s", got, want)
	}
	if !strings.Contains(m.View(), "unhealthy only") || !strings.Contains(m.View(), "u show all") {
		t.Errorf("view does not say the filter:\n%s", m.View())
	}
	press(m, "u")
	if len(m.names()) != len(fixtureTenants) {
		t.Fatalf("u again: %s", joined(m.names()))
	}
}

func TestSortCyclesAndKeepsTheSelection(t *testing.T) {
	m := newTestScreen(t, 120, 40)
	press(m, "j") // Adatum
	press(m, "s")
	if m.sortBy != sortName {
		t.Fatalf("sort = %v", m.sortBy)
	}
	if got := joined(m.names()); got != "Adatum | Contoso | "+cleanEvil+" | Fabrikam | Litware | Northwind Traders | Tailspin Toys" {
		t.Fatalf("by name: %s", got)
	}
	if r := m.selected(); r == nil || r.ID != "adatum" {
		t.Fatalf("selection moved to %+v", r)
	}
	press(m, "s")
	if got := m.names(); m.sortBy != sortDeadline || got[0] != "Contoso" {
		t.Fatalf("by deadline (%v): %s", m.sortBy, joined(got))
	}
	press(m, "s")
	if got := m.names(); m.sortBy != sortStatus || got[0] != "Litware" || got[1] != "Tailspin Toys" || got[2] != "Adatum" {
		t.Fatalf("by status (%v): %s", m.sortBy, joined(got))
	}
	press(m, "s")
	if m.sortBy != sortUrgency || m.names()[0] != "Contoso" {
		t.Fatalf("back to urgency: %v %s", m.sortBy, joined(m.names()))
	}
	if !strings.Contains(m.View(), "sort: urgency") {
		t.Errorf("view does not say the sort")
	}
}

func TestEnterOpensTheTenantsDashboardAndEscComesBack(t *testing.T) {
	m := newTestScreen(t, 120, 40)
	press(m, "j", "j", "j", "j") // Northwind Traders
	var north *fleet.Tenant
	for _, tn := range m.opts.Fleet.Tenants() {
		if tn.Config.ID == "northwind" {
			north = tn
		}
	}
	fetches := north.Snapshots().Fetches()
	cmds := press(m, "enter")
	if m.dash == nil {
		t.Fatal("enter opened nothing")
	}
	deliver(m, cmds[0])
	v := m.View()
	if !strings.Contains(v, "Northwind Traders (northwind)") || !strings.Contains(v, "esc back to fleet") ||
		!strings.Contains(v, "Jamf Cloud") || !strings.Contains(v, "Kandji") {
		t.Fatalf("dashboard view:\n%s", v)
	}
	// The dashboard read the tenant's shared snapshot, the one the fleet row shows: opening it
	// asked Graph nothing (the fixture's client points at a closed port besides).
	if got := north.Snapshots().Fetches(); got != fetches {
		t.Errorf("opening the dashboard fetched the tenant again: %d fetches, were %d", got, fetches)
	}
	cmds = press(m, "esc")
	deliver(m, cmds[0])
	if m.dash != nil {
		t.Fatalf("esc did not come back:\n%s", m.View())
	}
	if r := m.selected(); r == nil || r.ID != "northwind" || !strings.Contains(m.View(), "TENANT") {
		t.Fatalf("back on the fleet with %+v:\n%s", r, m.View())
	}
}

// deliver runs cmd and hands its messages back to m, as Bubble Tea would (timers dropped).
func deliver(m *screen, cmd tea.Cmd) {
	for _, msg := range runNoTimers(cmd) {
		_, next := m.Update(msg)
		if _, ok := msg.(backMsg); ok {
			continue
		}
		for _, msg := range runNoTimers(next) {
			m.Update(msg)
		}
	}
}

// runNoTimers runs cmd and its batches with a short deadline per command, dropping those that
// wait (ticks, blinks).
func runNoTimers(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(200 * time.Millisecond):
		return nil
	}
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, runNoTimers(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

func TestAClosedDashboardsRepliesAreDropped(t *testing.T) {
	m := newTestScreen(t, 120, 40)
	press(m, "enter")
	old := m.dashGen
	press(m, "esc")
	m.Update(backMsg{})
	press(m, "j", "enter")
	if m.dashGen == old {
		t.Fatal("the second dashboard has the first one's generation")
	}
	before := m.dash.View()
	m.Update(dashMsg{gen: old, msg: tea.WindowSizeMsg{Width: 40, Height: 10}})
	if m.dash.View() != before {
		t.Fatal("a message of the closed dashboard reached the open one")
	}
}

func TestUsableWhileTenantsLoad(t *testing.T) {
	fl, g := newFixtureFleet(t, "contoso", "litware")
	m := newModel(testOptions(fl))
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	if v := m.View(); !strings.Contains(v, "0/7 loaded") || m.loading() != 7 || strings.Count(v, "loading…") < 7 {
		t.Fatalf("before any read:\n%s", v)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go fl.Run(ctx, time.Hour)
	waitProgress(t, fl, 5)
	m.Update(pollMsg{})
	v := m.View()
	if !strings.Contains(v, "5/7 loaded") || m.loading() != 2 {
		t.Fatalf("while loading:\n%s", v)
	}
	// Loaded tenants come first, the two still loading last; the screen takes keys meanwhile.
	if got := m.names(); got[len(got)-1] != "Litware" && got[len(got)-1] != "Contoso" {
		t.Fatalf("loading tenants not last: %s", joined(got))
	}
	press(m, "u")
	for _, n := range m.names() {
		if n == "Contoso" || n == "Litware" {
			t.Fatalf("u kept a tenant still loading: %s", joined(m.names()))
		}
	}
	press(m, "u", "/", "f", "a", "b", "enter")
	if joined(m.names()) != "Fabrikam" {
		t.Fatalf("filter while loading: %s", joined(m.names()))
	}
	press(m, "esc")
	g.release("contoso")
	g.release("litware")
	waitProgress(t, fl, 7)
	m.Update(pollMsg{})
	if v := m.View(); !strings.Contains(v, "7 tenants") || strings.Contains(v, "loaded") || m.names()[0] != "Contoso" {
		t.Fatalf("after loading:\n%s", v)
	}
}

// loading counts the rows still loading.
func (m *screen) loading() int {
	n := 0
	for _, r := range m.rows {
		if r.Status.Kind == fleet.Loading {
			n++
		}
	}
	return n
}

func waitProgress(t *testing.T, fl *fleet.Fleet, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if done, _ := fl.Progress(); done >= n {
			return
		}
		if time.Now().After(deadline) {
			done, all := fl.Progress()
			t.Fatalf("progress stuck at %d/%d", done, all)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestTheSelectedTenantsLineSaysWhatToDo(t *testing.T) {
	m := newTestScreen(t, 120, 40)
	press(m, "j") // Adatum, throttled
	if v := m.View(); !strings.Contains(v, "Retry-After 30s") || !strings.Contains(v, "0000aaaa-0000-4000-8000-000000000429") {
		t.Fatalf("throttled tenant:\n%s", v)
	}
	press(m, "j") // Litware, consent missing; the fixture has no app, so no consent URL
	if v := m.View(); !strings.Contains(v, "Litware (litware) · consent missing") || !strings.Contains(v, "admin consent") {
		t.Fatalf("consent missing:\n%s", v)
	}
	// With an app, the row carries the admin-consent URL from the fleet (cleaned like the rest).
	r := newRow(fleet.TenantReport{Config: fleet.TenantConfig{ID: "t1"}, Status: fleet.Status{Kind: fleet.ConsentMissing,
		ConsentURL: "https://login.microsoftonline.com/t1/adminconsent?client_id=abc\x1b]52;c;eA==\x07"}})
	m.rows = append(m.rows, r)
	m.visible = append(m.visible, len(m.rows)-1)
	m.cursor = len(m.visible) - 1
	v := m.View()
	if !strings.Contains(v, "consents at https://login.microsoftonline.com/t1/adminconsent?client_id=abc") || uitest.Unsafe(v) != "" {
		t.Fatalf("consent URL:\n%s", v)
	}
}

func TestStringsFromTheFleetFileAndGraphAreCleaned(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		m := newTestScreen(t, size[0], size[1])
		// The hostile name from the fleet file, then Graph's hostile error message (Litware's
		// 403), each selected so the lines under the table show it too.
		for _, c := range []struct{ id, want string }{{"evil", "Evil"}, {"litware", "Insufficient privileges"}} {
			for i, r := range m.rows {
				if r.ID == c.id {
					m.cursor = indexOf(m.visible, i)
				}
			}
			v := m.View()
			if bad := uitest.Unsafe(v); bad != "" {
				t.Fatalf("%dx%d, %s selected: %s reached the screen:\n%q", size[0], size[1], c.id, bad, v)
			}
			if !strings.Contains(v, c.want) {
				t.Fatalf("%dx%d: %q is not on screen:\n%s", size[0], size[1], c.want, v)
			}
		}
	}
}

func indexOf(xs []int, x int) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return 0
}
