package ui

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/cells"
	"github.com/partnerdash/partnerdash/ui/dialog"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

// order is the names of the visible partners, top to bottom.
func order(m *root) []string {
	out := make([]string, len(m.list.visible))
	for i, j := range m.list.visible {
		out[i] = m.list.entries[j].name
	}
	return out
}

func selectedName(m *root) string {
	if e := m.list.selected(); e != nil {
		return e.name
	}
	return ""
}

func hasMsg[T any](msgs []tea.Msg) bool {
	for _, m := range msgs {
		if _, ok := m.(T); ok {
			return true
		}
	}
	return false
}

func TestFirstFrameWithDataAfterOneList(t *testing.T) {
	svc := uitest.NewTenant(dashFixture()...)
	m := newRoot(dashOptions(svc))
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	cmd := m.Init()
	if svc.ListCalls() != 0 {
		t.Fatal("Init called List itself; it must only return a command")
	}
	if !strings.Contains(m.View(), "Loading partners") || m.pending == 0 {
		t.Fatalf("before the reply the screen should say it is loading:\n%s", m.View())
	}
	msgs := uitest.Run(cmd)
	if !hasMsg[snapshotMsg](msgs) || !hasMsg[spinner.TickMsg](msgs) {
		t.Fatalf("Init should start one load and the spinner, got %#v", msgs)
	}
	dashDeliver(m, msgs)
	if svc.ListCalls() != 1 {
		t.Fatalf("List called %d times, want 1", svc.ListCalls())
	}
	v := m.View()
	if !strings.Contains(v, "Tidewater Devices") || strings.Contains(v, "Loading") {
		t.Fatalf("first frame after the reply should show partners:\n%s", v)
	}
	if m.spinning {
		t.Error("the spinner keeps ticking after the reply")
	}
}

// blockingService never answers List until released.
type blockingService struct {
	*uitest.Tenant
	release chan struct{}
}

func (b *blockingService) List(ctx context.Context) ([]model.Partner, error) {
	select {
	case <-b.release:
		return b.Tenant.List(ctx)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func TestInitDoesNotBlock(t *testing.T) {
	svc := &blockingService{Tenant: uitest.NewTenant(), release: make(chan struct{})}
	m := newRoot(dashOptions(svc))
	done := make(chan tea.Cmd)
	go func() { done <- m.Init() }()
	select {
	case cmd := <-done:
		if cmd == nil {
			t.Fatal("Init returned no command")
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Init blocked on List")
	}
	close(svc.release)
}

func TestStaleReplyIsDropped(t *testing.T) {
	svc := uitest.NewTenant(dashFixture()...)
	m := dashModel(t, svc, 120, 40)
	cmd := m.refresh(userRefresh, "") // r
	// A reply from the refresher of a tenant the dashboard has left (a profile switch).
	other := NewSnapshots(uitest.NewTenant())
	<-other.Refresh()
	m.Update(snapshotMsg{gen: m.gen - 1, snap: other.Current(), done: true})
	if len(m.list.entries) != len(dashFixture()) {
		t.Fatalf("a stale (empty) reply replaced the data: %d entries", len(m.list.entries))
	}
	if m.pending != 1 {
		t.Fatal("a stale reply ended the request in flight")
	}
	dashDeliver(m, uitest.Run(cmd))
	if m.pending != 0 {
		t.Fatal("the current reply did not end the request")
	}
}

func TestNavigationKeys(t *testing.T) {
	svc := uitest.NewTenant(dashManyPartners(100)...)
	m := dashModel(t, svc, 80, 24)
	rows := m.list.rows
	if rows < 5 {
		t.Fatalf("list shows %d rows at 80x24", rows)
	}
	steps := []struct {
		key    string
		cursor int
	}{
		{"j", 1}, {"down", 2}, {"k", 1}, {"up", 0}, {"up", 0},
		{"G", 99}, {"g", 0}, {"end", 99}, {"home", 0},
		{"pgdown", rows - 1}, {"pgdown", 2 * (rows - 1)}, {"pgup", rows - 1},
	}
	for _, s := range steps {
		dashPress(m, s.key)
		if m.list.cursor != s.cursor {
			t.Fatalf("after %q cursor = %d, want %d", s.key, m.list.cursor, s.cursor)
		}
		if m.list.cursor < m.list.offset || m.list.cursor >= m.list.offset+rows {
			t.Fatalf("after %q the cursor (%d) is off screen (offset %d, rows %d)", s.key, m.list.cursor, m.list.offset, rows)
		}
		name := selectedName(m)
		if !strings.Contains(m.View(), "❯ "+name[:min(len(name), 10)]) {
			t.Fatalf("after %q the marked row is not the selected %q:\n%s", s.key, selectedName(m), m.View())
		}
	}
}

func TestEnterOpensDetailFullScreenWhenNarrowAndEscLeaves(t *testing.T) {
	m := dashModel(t, uitest.NewTenant(dashFixture()...), 80, 24)
	dashPress(m, "j", "enter")
	if m.mode() != modeDetail {
		t.Fatalf("enter: mode %v, want detail", m.mode())
	}
	v := m.View()
	if !strings.Contains(v, "╭─ Brambleworth MDM") || strings.Contains(v, "PARTNER") {
		t.Fatalf("the detail should fill the screen:\n%s", v)
	}
	dashPress(m, "esc")
	if m.mode() != modeList || !strings.Contains(m.View(), "PARTNER") {
		t.Fatalf("esc should go back to the list:\n%s", m.View())
	}
	if selectedName(m) != "Brambleworth MDM" {
		t.Errorf("selection lost: %q", selectedName(m))
	}
}

func TestTabMovesFocusWhenSplit(t *testing.T) {
	m := dashModel(t, uitest.NewTenant(dashFixture()...), 120, 40)
	v := m.View()
	if !strings.Contains(v, "PARTNER") || !strings.Contains(v, "╭─ Tidewater Devices") {
		t.Fatalf("at 120 columns the detail pane should be beside the list:\n%s", v)
	}
	dashPress(m, "tab")
	if m.focus != focusDetail {
		t.Fatal("tab should focus the detail pane")
	}
	before := m.list.cursor
	dashPress(m, "j") // scrolls the detail, not the list
	if m.list.cursor != before {
		t.Error("j moved the list while the detail pane had focus")
	}
	dashPress(m, "tab")
	if m.focus != focusList {
		t.Fatal("tab should give focus back to the list")
	}
	dashPress(m, "enter")
	if m.focus != focusDetail {
		t.Fatal("enter should focus the detail pane when it is beside the list")
	}
	dashPress(m, "esc")
	if m.focus != focusList {
		t.Fatal("esc should give focus back to the list")
	}
}

func TestDetailScrollKeys(t *testing.T) {
	m := dashModel(t, uitest.NewTenant(dashFixture()...), 80, 16)
	dashPress(m, "j", "enter") // Brambleworth: more lines than fit
	n, rows := m.detailSize(m.layout())
	if n <= rows {
		t.Fatalf("fixture detail should overflow: %d lines in %d rows", n, rows)
	}
	last := n - rows
	steps := []struct {
		key    string
		offset int
	}{
		{"j", 1}, {"down", 2}, {"k", 1}, {"up", 0}, {"up", 0},
		{"G", last}, {"g", 0}, {"pgdown", min(rows-1, last)}, {"pgup", 0}, {"end", last}, {"home", 0},
	}
	for _, s := range steps {
		dashPress(m, s.key)
		if m.detail.offset != s.offset {
			t.Fatalf("after %q detail offset = %d, want %d", s.key, m.detail.offset, s.offset)
		}
	}
	dashPress(m, "G")
	if !strings.Contains(m.View(), "Exclude group") {
		t.Errorf("scrolled to the bottom, the groups should show:\n%s", m.View())
	}
	dashPress(m, "esc", "j", "enter")
	if m.detail.offset != 0 {
		t.Error("another partner's detail should start at the top")
	}
}

func TestFilterInputTakesEveryKey(t *testing.T) {
	m := dashModel(t, uitest.NewTenant(dashFixture()...), 80, 24)
	dashPress(m, "/")
	if m.mode() != modeFilter {
		t.Fatal("/ should focus the filter")
	}
	for _, k := range []string{"q", "s", "u", "r", "?", "j", "g", "y", "e", "t"} {
		msgs := dashPress(m, k)
		if hasMsg[tea.QuitMsg](msgs) {
			t.Fatalf("%q quit while typing a filter", k)
		}
	}
	if got := m.filter.Value(); got != "qsur?jgyet" {
		t.Fatalf("filter text %q: keys did not go to the input", got)
	}
	if m.list.sortBy != sortUrgency || m.list.attention || m.help.ShowAll {
		t.Fatal("keys typed into the filter also acted on the list")
	}
	if msgs := dashPress(m, "ctrl+c"); !hasMsg[tea.QuitMsg](msgs) {
		t.Fatal("ctrl+c should quit even while typing")
	}
}

func TestFilterMatchesNameIDAndAppID(t *testing.T) {
	m := dashModel(t, uitest.NewTenant(dashFixture()...), 120, 40)
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"jamf", []string{"Marrowgate Jamf", "Northwind Jamf Pro", "Wexford Jamf School", "Contoso Jamf Cloud"}},
		{"brmbl", []string{"Brambleworth MDM"}},                                   // fuzzy: letters in order
		{"000000000008", []string{"Quarry Hill Addigy"}},                          // id
		{"5ca1ab1e-0000-4000-8000-000000000011", []string{"Wexford Jamf School"}}, // app id
		{"zzzz", []string{}},
	} {
		dashPress(m, "/")
		m.filter.SetValue("")
		for _, r := range c.query {
			dashPress(m, string(r))
		}
		got := order(m)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("filter %q shows %q, want %q", c.query, got, c.want)
		}
		dashPress(m, "esc")
	}
}

func TestFilterEnterKeepsItAndEscClears(t *testing.T) {
	m := dashModel(t, uitest.NewTenant(dashFixture()...), 80, 24)
	dashPress(m, "/", "j", "a", "m", "f", "enter")
	if m.mode() != modeList || m.list.query != "jamf" || len(m.list.visible) != 4 {
		t.Fatalf("enter should keep the filter and return to the list: mode %v query %q rows %d",
			m.mode(), m.list.query, len(m.list.visible))
	}
	if !strings.Contains(m.View(), "partners 4 of 11") {
		t.Errorf("the title should count what the filter shows:\n%s", m.View())
	}
	dashPress(m, "j") // keys act on the list again
	if m.list.cursor != 1 {
		t.Error("j should move in the filtered list")
	}
	dashPress(m, "esc")
	if m.list.query != "" || len(m.list.visible) != 11 {
		t.Fatalf("esc should clear an applied filter: %q, %d rows", m.list.query, len(m.list.visible))
	}
	dashPress(m, "/", "x", "esc")
	if m.list.query != "" || m.mode() != modeList {
		t.Fatal("esc while typing should clear the filter and leave the input")
	}
}

func TestSortCyclesAndKeepsSelection(t *testing.T) {
	m := dashModel(t, uitest.NewTenant(dashFixture()...), 120, 40)
	if got := order(m)[:3]; strings.Join(got, "|") != "Tidewater Devices|Brambleworth MDM|Quarry Hill Addigy" {
		t.Fatalf("default order should be most urgent first, got %q", got)
	}
	dashPress(m, "j") // Brambleworth
	wantFirst := map[sortKey]string{
		sortName:      "(no name)",
		sortState:     "Marrowgate Jamf",   // rejected is worst
		sortHeartbeat: "Tidewater Devices", // 89 days silent
		sortDeadline:  "Tidewater Devices", // devices removed tomorrow
		sortUrgency:   "Tidewater Devices",
	}
	for i, k := range []sortKey{sortName, sortState, sortHeartbeat, sortDeadline, sortUrgency} {
		dashPress(m, "s")
		if m.list.sortBy != k {
			t.Fatalf("press %d: sort %v, want %v", i+1, m.list.sortBy, k)
		}
		if got := order(m)[0]; got != wantFirst[k] {
			t.Errorf("sorted by %v the first row is %q, want %q", k, got, wantFirst[k])
		}
		if selectedName(m) != "Brambleworth MDM" {
			t.Fatalf("sorting by %v lost the selection: %q", k, selectedName(m))
		}
		if !strings.Contains(m.View(), "by "+k.String()) {
			t.Errorf("the title should name the sort %v", k)
		}
	}
	dashPress(m, "s")
	if got := order(m); got[len(got)-1] != "Wexford Jamf School" {
		t.Errorf("by name the last row should be Wexford, got %q", got)
	}
}

func TestQuickFilterOnlyUnhealthy(t *testing.T) {
	m := dashModel(t, uitest.NewTenant(dashFixture()...), 120, 40)
	dashPress(m, "u")
	for _, j := range m.list.visible {
		if e := m.list.entries[j]; e.assess.Health == model.HealthOK {
			t.Errorf("%q is healthy but shown with only-unhealthy on", e.name)
		}
	}
	if len(m.list.visible) != 7 || !strings.Contains(m.View(), "unhealthy only") {
		t.Fatalf("want 7 unhealthy partners and a title that says so, got %d:\n%s", len(m.list.visible), m.View())
	}
	if m.keys.list.Attention.Help().Desc != "show all" {
		t.Error("help should say u shows all again")
	}
	dashPress(m, "u")
	if len(m.list.visible) != 11 {
		t.Fatal("u again should show all")
	}
	dashPress(m, "u", "esc")
	if m.list.attention {
		t.Fatal("esc should clear the quick filter too")
	}
}

func TestRefreshKeepsSelectionAndScroll(t *testing.T) {
	ps := dashManyPartners(200)
	svc := uitest.NewTenant(ps...)
	m := dashModel(t, svc, 80, 24)
	dashPress(m, "s") // by name: stable under the change below
	for i := 0; i < 40; i++ {
		dashPress(m, "j")
	}
	id, row := m.list.selectedID(), m.list.cursor-m.list.offset
	// Someone adds partners that sort before the selection.
	more := append(dashManyPartners(200), model.Partner{ID: "new-1", DisplayName: "AAA new", IsConfigured: true},
		model.Partner{ID: "new-2", DisplayName: "AAB new", IsConfigured: true})
	svc.Set(more)
	calls := svc.ListCalls()
	msgs := dashPress(m, "r")
	if svc.ListCalls() != calls+1 || !hasMsg[snapshotMsg](msgs) {
		t.Fatal("r should list partners again")
	}
	if m.list.selectedID() != id {
		t.Fatalf("selection moved from %s to %s", id, m.list.selectedID())
	}
	if got := m.list.cursor - m.list.offset; got != row {
		t.Errorf("the selected row jumped on screen from row %d to %d", row, got)
	}
	if len(m.list.entries) != 202 {
		t.Errorf("refresh did not take the new data: %d", len(m.list.entries))
	}
}

func TestRefreshKeyStartsSpinnerOnlyWhileLoading(t *testing.T) {
	svc := uitest.NewTenant(dashFixture()...)
	m := dashModel(t, svc, 120, 40)
	_, cmd := m.Update(uitest.Key("r"))
	if m.pending == 0 || !m.spinning || !strings.Contains(m.View(), "loading…") {
		t.Fatalf("r should show the spinner while the request is in flight:\n%s", m.View())
	}
	msgs := uitest.Run(cmd)
	dashDeliver(m, msgs)
	if _, next := m.Update(spinner.TickMsg{ID: m.spin.ID()}); next != nil {
		t.Fatal("the spinner ticks on after the reply: idle must cost nothing")
	}
	if strings.Contains(m.View(), "loading…") {
		t.Fatal("the spinner is still drawn after the reply")
	}
}

func TestAutoRefresh(t *testing.T) {
	svc := uitest.NewTenant(dashFixture()...)
	m := dashModel(t, svc, 120, 40, func(o *Options) { o.RefreshEvery = time.Minute })
	if !strings.Contains(m.View(), "every 1m") {
		t.Errorf("the header should say it refreshes every minute:\n%s", m.View())
	}
	if m.stopRun == nil || !m.watched() {
		t.Fatal("a dashboard that refreshes on a timer runs its refresher and watches it")
	}
	// The refresher's interval fetch (Run; its timing is client/snapshot's tests') brings a
	// change this dashboard did not ask for: the subscription shows it.
	svc.Set(dashFixture()[:3])
	sub := m.subscribe(m.snap)
	<-m.snaps.Refresh()
	dashDeliver(m, uitest.Run(sub))
	if len(m.list.entries) != 3 {
		t.Fatalf("the interval's fetch did not reach the screen: %d entries", len(m.list.entries))
	}
	m.quit()
}

func TestRefreshMsgSelectsTheChangedPartner(t *testing.T) {
	svc := uitest.NewTenant(dashFixture()...)
	m := dashModel(t, svc, 120, 40)
	dashPress(m, "/", "j", "a", "m", "f", "enter")
	created := model.Partner{ID: "00000099-aaaa-4bbb-8ccc-000000000099", DisplayName: "Zebra MDM", IsConfigured: true,
		PartnerState: model.StateEnabled, LastHeartbeat: ago(time.Minute)}
	svc.Set(append(dashFixture(), created))
	_, cmd := m.Update(dialog.Refresh{SelectID: created.ID})
	dashDeliver(m, uitest.Run(cmd))
	if m.list.selectedID() != created.ID {
		t.Fatalf("selected %q, want the new partner", m.list.selectedID())
	}
	if m.list.query != "" {
		t.Error("the filter hid the new partner and should have been cleared")
	}
}

func TestGraphErrorShowsCodeMessageRequestIDUntilNextKey(t *testing.T) {
	svc := tenant(dashFixture(), nil, forbidden)
	m := dashModel(t, svc, 120, 40)
	dashPress(m, "r")
	v := m.View()
	for _, want := range []string{"Forbidden (403)", "Application is not authorized", "request-id 1a2b3c4d-0000-4000-8000-00000000abcd"} {
		if !strings.Contains(v, want) {
			t.Errorf("status line lacks %q:\n%s", want, v)
		}
	}
	if !strings.Contains(v, "Tidewater Devices") {
		t.Error("a failed refresh must keep the data on screen")
	}
	dashPress(m, "j")
	if strings.Contains(m.View(), "request-id") {
		t.Fatal("the error should go at the next key press")
	}
}

func TestWrappedGraphErrorIsFound(t *testing.T) {
	wrapped := errors.Join(errors.New("list partners"), forbidden)
	lines := dialog.ErrorLines(wrapped)
	if len(lines) != 2 || !strings.Contains(lines[0], "Forbidden (403)") || !strings.Contains(lines[1], forbidden.RequestID) {
		t.Fatalf("errors.As should find the Graph error inside: %q", lines)
	}
}

func TestUnreachableShowsErrorAndRRetries(t *testing.T) {
	svc := tenant(dashFixture(), unreachable)
	m := dashModel(t, svc, 80, 24, func(o *Options) { o.Source = "http://127.0.0.1:9/v1.0" })
	v := m.View()
	if !strings.Contains(v, "Could not list partners") || !strings.Contains(v, "connection refused") ||
		!strings.Contains(v, "r try again") {
		t.Fatalf("the screen should explain the failure and how to retry:\n%s", v)
	}
	dashPress(m, "r")
	if !strings.Contains(m.View(), "Tidewater Devices") {
		t.Fatalf("r should retry and show the partners:\n%s", m.View())
	}
}

func TestToastAndItsTimer(t *testing.T) {
	m := dashModel(t, uitest.NewTenant(dashFixture()...), 120, 40)
	_, cmd := m.Update(dialog.StatusMsg{Text: "Saved Brambleworth MDM"})
	if cmd == nil || !strings.Contains(m.View(), "✓ Saved Brambleworth MDM") {
		t.Fatalf("toast not shown or no timer to clear it:\n%s", m.View())
	}
	id := m.status.id
	m.Update(dialog.StatusMsg{Text: "newer"})
	m.Update(clearToastMsg{id: id})
	if !strings.Contains(m.View(), "newer") {
		t.Fatal("an older toast's timer cleared a newer toast")
	}
	m.Update(clearToastMsg{id: m.status.id})
	if strings.Contains(m.View(), "newer") {
		t.Fatal("the toast's own timer should clear it")
	}
}

func TestCopyKeys(t *testing.T) {
	var copied []string
	m := dashModel(t, uitest.NewTenant(dashFixture()...), 120, 40, func(o *Options) {
		o.Copy = func(s string) error { copied = append(copied, s); return nil }
	})
	dashPress(m, "j", "y")
	if len(copied) != 1 || copied[0] != "00000001-aaaa-4bbb-8ccc-000000000001" {
		t.Fatalf("y copied %q", copied)
	}
	if !strings.Contains(m.View(), "Copied id 00000001") {
		t.Errorf("no confirmation:\n%s", m.View())
	}
	dashPress(m, "c")
	var p model.Partner
	if len(copied) != 2 || json.Unmarshal([]byte(copied[1]), &p) != nil || p.ID != "00000001-aaaa-4bbb-8ccc-000000000001" ||
		len(p.Groups) != 2 {
		t.Fatalf("c should copy the partner as JSON, got %q", copied)
	}
	m.Update(dialog.StatusMsg{Err: errors.New("x")}) // the next copy fails
	bad := dashModel(t, uitest.NewTenant(dashFixture()...), 120, 40, func(o *Options) {
		o.Copy = func(string) error { return errors.New("terminal went away") }
	})
	dashPress(bad, "y")
	if !strings.Contains(bad.View(), "terminal went away") {
		t.Errorf("a failed copy should say so:\n%s", bad.View())
	}
}

func TestCopyKeysDisabledWithoutCopy(t *testing.T) {
	m := dashModel(t, uitest.NewTenant(dashFixture()...), 120, 40) // Options.Copy is nil
	if msgs := dashPress(m, "y", "c"); len(msgs) != 0 {
		t.Fatalf("y/c did something without a clipboard: %#v", msgs)
	}
	if m.keys.list.CopyID.Enabled() || strings.Contains(m.View(), "copy id") {
		t.Fatal("copy should be disabled and absent from help")
	}
}

// fakeOverlay records what reaches it.
type fakeOverlay struct {
	got     *[]string
	closeOn string
}

func (o fakeOverlay) Update(msg tea.Msg) (dialog.Dialog, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		*o.got = append(*o.got, k.String())
		if k.String() == o.closeOn {
			return nil, dialog.Toast("closed")
		}
	}
	return o, nil
}
func (o fakeOverlay) View(w, h int) string {
	return "╭────────╮\n│ DIALOG │\n╰────────╯"
}
func (o fakeOverlay) ShortHelp() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close dialog"))}
}
func (o fakeOverlay) FullHelp() [][]key.Binding { return [][]key.Binding{o.ShortHelp()} }

func TestOverlaySeam(t *testing.T) {
	m := dashModel(t, uitest.NewTenant(dashFixture()...), 120, 40)
	dashPress(m, "j", "t")
	if m.mode() != modeOverlay || !strings.Contains(m.View(), "Terminate Brambleworth MDM") {
		t.Fatalf("t should open the terminate dialog on the selected partner:\n%s", m.View())
	}
	var got []string
	m.overlay = fakeOverlay{got: &got, closeOn: "esc"}
	m.sync()
	v := m.View()
	if !strings.Contains(v, "│ DIALOG │") || !strings.Contains(v, "esc close dialog") || strings.Contains(v, "q quit") {
		t.Fatalf("the overlay should be drawn over the panes and own the help line:\n%s", v)
	}
	assertFits(t, v, 120, 40)
	msgs := dashPress(m, "q", "j", "s")
	if hasMsg[tea.QuitMsg](msgs) || m.list.cursor != 1 || m.list.sortBy != sortUrgency {
		t.Fatal("keys went past the overlay to the root")
	}
	if strings.Join(got, " ") != "q j s" {
		t.Fatalf("overlay got %q", got)
	}
	dashPress(m, "esc")
	if m.overlay != nil || !strings.Contains(m.View(), "closed") {
		t.Fatal("returning nil should close the overlay (and its toast should show)")
	}
	dashPress(m, "t")
	m.Update(dialog.Closed{})
	if m.overlay != nil {
		t.Fatal("dialog.Closed should close the overlay")
	}
	dashPress(m, "t")
	if dashPress(m, "n"); !strings.Contains(m.View(), "Terminate Brambleworth MDM") {
		t.Fatal("a second dialog replaced the open one")
	}
	if msgs := dashPress(m, "ctrl+c"); !hasMsg[tea.QuitMsg](msgs) {
		t.Fatal("ctrl+c should quit even with an overlay open")
	}
}

func TestActionKeysDisabledWhenReadOnly(t *testing.T) {
	ro := dashModel(t, uitest.NewTenant(dashFixture()...), 120, 40, func(o *Options) { o.ReadOnly = true })
	for _, k := range []string{"e", "n", "d", "t"} {
		dashPress(ro, k)
		if ro.overlay != nil {
			t.Fatalf("%q opened an overlay in a read-only session", k)
		}
		// Even asked by message, a read-only root opens nothing that changes partners.
		for _, what := range []opening{openEdit, openNew, openDelete, openTerminate} {
			ro.Update(openMsg{what})
			if ro.overlay != nil {
				t.Fatalf("openMsg %d opened %T in a read-only session", what, ro.overlay)
			}
		}
	}
	k := ro.keys.list
	if k.Edit.Enabled() || k.New.Enabled() || k.Delete.Enabled() || k.Terminate.Enabled() {
		t.Fatal("action bindings should be disabled when read-only")
	}
	rw := dashModel(t, uitest.NewTenant(dashFixture()...), 120, 40)
	dashPress(rw, "j") // the first partner is terminated already
	for _, k := range []string{"e", "n", "d", "t"} {
		dashPress(rw, k)
		if rw.overlay == nil {
			t.Fatalf("%q should open its overlay", k)
		}
		rw.Update(dialog.Closed{})
	}
}

func TestOpenRefusesWithoutASelection(t *testing.T) {
	m := dashModel(t, uitest.NewTenant(), 120, 40)
	for _, what := range []opening{openEdit, openDelete, openTerminate} {
		_, cmd := m.Update(openMsg{what})
		if m.overlay != nil || len(dashCmdMsgs(cmd)) != 1 {
			t.Fatalf("open %d without a selection opened %T", what, m.overlay)
		}
	}
	if m.Update(openMsg{openNew}); m.overlay == nil {
		t.Fatal("n did not open the create form")
	}
	p := dashFixture()[0]
	p.PartnerState = model.StateTerminated
	m = dashModel(t, uitest.NewTenant(p), 120, 40)
	_, cmd := m.Update(openMsg{openTerminate})
	if m.overlay != nil {
		t.Fatal("terminate opened on a terminated partner")
	}
	if msgs := dashCmdMsgs(cmd); len(msgs) != 1 || !strings.Contains(msgs[0].(dialog.StatusMsg).Text, "already terminated") {
		t.Fatalf("no word why: %v", msgs)
	}
}

func TestHelpToggle(t *testing.T) {
	m := dashModel(t, uitest.NewTenant(dashFixture()...), 120, 40)
	rows := m.list.rows
	dashPress(m, "?")
	if !m.help.ShowAll || !strings.Contains(m.View(), "page down") || m.layout().helpH < 4 {
		t.Fatalf("? should show the full help:\n%s", m.View())
	}
	if m.list.rows >= rows {
		t.Error("the list should give up rows to the full help")
	}
	assertFits(t, m.View(), 120, 40)
	dashPress(m, "?")
	if m.help.ShowAll || m.list.rows != rows {
		t.Fatal("? again should go back to the short help")
	}
}

func TestHelpShowsOnlyKeysThatWork(t *testing.T) {
	m := dashModel(t, uitest.NewTenant(dashFixture()...), 120, 40)
	dashPress(m, "/")
	h := m.helpView(m.layout())[0]
	if strings.Contains(h, "q quit") || strings.Contains(h, "s sort") || !strings.Contains(h, "esc clear filter") {
		t.Fatalf("while typing, help should show only the filter's keys: %q", h)
	}
	empty := dashModel(t, uitest.NewTenant(), 120, 40)
	h = empty.helpView(empty.layout())[0]
	for _, no := range []string{"move", "filter", "sort", "details"} {
		if strings.Contains(h, no) {
			t.Errorf("empty tenant: help offers %q: %q", no, h)
		}
	}
}

func TestQuitKeys(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		m := dashModel(t, uitest.NewTenant(dashFixture()...), 120, 40)
		if msgs := dashPress(m, k); !hasMsg[tea.QuitMsg](msgs) {
			t.Errorf("%q should quit", k)
		}
	}
	m := dashModel(t, uitest.NewTenant(dashFixture()...), 120, 40)
	dashPress(m, "tab")
	if msgs := dashPress(m, "q"); !hasMsg[tea.QuitMsg](msgs) {
		t.Error("q should quit from the detail pane too")
	}
}

func TestSuspend(t *testing.T) {
	m := dashModel(t, uitest.NewTenant(dashFixture()...), 120, 40)
	if msgs := dashPress(m, "ctrl+z"); !hasMsg[tea.SuspendMsg](msgs) {
		t.Error("ctrl+z should suspend locally")
	}
	ssh := dashModel(t, uitest.NewTenant(dashFixture()...), 120, 40, func(o *Options) { o.DisableSuspend = true })
	if msgs := dashPress(ssh, "ctrl+z"); hasMsg[tea.SuspendMsg](msgs) {
		t.Error("ctrl+z must not suspend when disabled (over SSH)")
	}
}

func TestTooSmallAndResize(t *testing.T) {
	m := dashModel(t, uitest.NewTenant(dashFixture()...), 120, 40)
	dashPress(m, "tab")
	m.Update(tea.WindowSizeMsg{Width: 59, Height: 30})
	if !strings.Contains(m.View(), "Terminal too small") {
		t.Fatalf("below 60 columns the screen should say it is too small:\n%s", m.View())
	}
	if msgs := dashPress(m, "j", "s"); len(msgs) != 0 || m.list.sortBy != sortUrgency {
		t.Fatal("keys other than quit should do nothing on the too-small screen")
	}
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	v := m.View()
	if !strings.Contains(v, "╭─ Tidewater Devices") || strings.Contains(v, "PARTNER") {
		t.Fatalf("narrowed with the detail focused, the detail should fill the screen:\n%s", v)
	}
	m.Update(tea.WindowSizeMsg{Width: 130, Height: 30})
	v = m.View()
	if !strings.Contains(v, "PARTNER") || !strings.Contains(v, "╭─ Tidewater Devices") {
		t.Fatalf("widened, both panes should show:\n%s", v)
	}
	assertFits(t, v, 130, 30)
	if msgs := dashPress(m, "q"); !hasMsg[tea.QuitMsg](msgs) {
		t.Error("q should quit")
	}
}

// TestScreenAlwaysFits checks the frame before the final clamp: no line may need cutting, at any
// size, in any state.
func TestScreenAlwaysFits(t *testing.T) {
	states := map[string]func(m *root){
		"list":     func(m *root) {},
		"detail":   func(m *root) { dashPress(m, "j", "enter") },
		"filter":   func(m *root) { dashPress(m, "/", "j", "a") },
		"help":     func(m *root) { dashPress(m, "?") },
		"error":    func(m *root) { m.Update(dialog.StatusMsg{Err: forbidden}) },
		"toast":    func(m *root) { m.Update(dialog.StatusMsg{Text: strings.Repeat("long toast ", 30)}) },
		"filtered": func(m *root) { dashPress(m, "/", "z", "z", "enter", "u") },
	}
	for w := 30; w <= 220; w += 7 {
		for _, h := range []int{8, 14, 15, 16, 24, 40, 61} {
			for name, do := range states {
				m := dashModel(t, uitest.NewTenant(dashFixture()...), w, h)
				do(m)
				lines := m.screen()
				if len(lines) != h {
					t.Fatalf("%s at %dx%d: %d lines", name, w, h, len(lines))
				}
				for i, l := range lines {
					if n := cells.Width(l); n > w {
						t.Fatalf("%s at %dx%d: line %d is %d wide: %q", name, w, h, i+1, n, l)
					}
				}
			}
		}
	}
}

func TestEscapeSequencesRenderInert(t *testing.T) {
	evil := []model.Partner{
		{ID: "00000001-aaaa-4bbb-8ccc-000000000001", DisplayName: "\x1b]52;c;ZXZpbA==\x07Evil Corp", IsConfigured: true,
			PartnerState: model.StateEnabled, SingleTenantAppID: "\x1b[2Japp", PartnerAppType: "\x1b[31mred",
			Groups: []model.Assignment{
				{Target: model.GroupTarget{GroupID: "\x1b]0;title\x07grp"}},
				{Target: model.UnknownTarget{Type: "#x\x1b[2J.kind", Raw: []byte(`{}`)}},
			}},
		{ID: "id-\x9b2J", DisplayName: "\x1b[2J", IsConfigured: true, PartnerState: "\x1b[5mblink"},
	}
	m := dashModel(t, uitest.NewTenant(evil...), 120, 40)
	check := func(what string) {
		t.Helper()
		v := m.View()
		for _, bad := range []string{"\x1b", "\x07", "\x9b", "\u009b"} {
			if strings.Contains(v, bad) {
				t.Fatalf("%s: a control character reached the screen: %q", what, v)
			}
		}
		assertFits(t, v, 120, 40)
	}
	check("list")
	if !strings.Contains(m.View(), "Evil Corp") {
		t.Error("the text around the escape sequence should remain")
	}
	dashPress(m, "j", "tab", "G")
	check("detail")
	if !strings.Contains(m.View(), "Include group grp") || !strings.Contains(m.View(), "Unknown target #x.kind") {
		t.Errorf("group targets should be shown sanitized:\n%s", m.View())
	}
	m.Update(dialog.StatusMsg{Err: &model.GraphError{StatusCode: 400, Code: "Bad\x1b[2J", Message: "m\x1b]52;c;eA==\x07", RequestID: "r\x07"}})
	check("error")
	dashPress(m, "esc", "/")
	m.filter.SetValue("\x1b[2J")
	dashPress(m, "x")
	check("filter")
}

func TestRelativeTimesRefreshOnATimer(t *testing.T) {
	now := uitest.Clock
	m := dashModel(t, uitest.NewTenant(dashFixture()...), 120, 40, func(o *Options) { o.Now = func() time.Time { return now } })
	if !strings.Contains(m.View(), "4m ago") {
		t.Fatalf("want Contoso's heartbeat 4m ago:\n%s", m.View())
	}
	now = now.Add(10 * time.Minute)
	_, cmd := m.Update(relTickMsg{})
	if cmd == nil {
		t.Fatal("the relative-time tick should re-arm")
	}
	if !strings.Contains(m.View(), "14m ago") {
		t.Fatalf("ages should grow on the tick:\n%s", m.View())
	}
}

func TestSlowRequestSaysHowLongItWaited(t *testing.T) {
	now := uitest.Clock
	svc := &blockingService{Tenant: uitest.NewTenant(), release: make(chan struct{})}
	defer close(svc.release)
	o := dashOptions(svc)
	o.Now = func() time.Time { return now }
	m := newRoot(o)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Init() // the request is "in flight": its command is never run
	now = now.Add(time.Second)
	m.Update(spinner.TickMsg{ID: m.spin.ID()})
	if strings.Contains(m.View(), "No answer yet") {
		t.Fatal("a request a second old is not slow")
	}
	now = now.Add(7 * time.Second)
	m.Update(spinner.TickMsg{ID: m.spin.ID()})
	v := m.View()
	if !strings.Contains(v, "Loading partners… 8s") || !strings.Contains(v, "No answer yet") ||
		!strings.Contains(v, "loading… 8s") {
		t.Fatalf("a slow first load should say how long it has waited and what r does:\n%s", v)
	}
}

func TestNonGraphAnswerIsNamedAndHinted(t *testing.T) {
	notGraph := &model.GraphError{StatusCode: 404, Message: `not a Graph error (Content-Type text/html): "Not Found"`}
	m := dashModel(t, tenant(nil, notGraph), 100, 30, func(o *Options) { o.Source = "http://127.0.0.1:8081/v1.0" })
	v := m.View()
	if !strings.Contains(v, "HTTP 404") || !strings.Contains(v, "a Microsoft Graph endpoint") {
		t.Fatalf("an answer that is not Graph's should be named so, with a hint:\n%s", v)
	}
}

func TestKeysTypedTogetherAreEachAKey(t *testing.T) {
	m := dashModel(t, uitest.NewTenant(dashFixture()...), 80, 24)
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jjj")})
	if m.list.cursor != 3 {
		t.Fatalf("\"jjj\" read at once should move three rows, cursor %d", m.list.cursor)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/qs")})
	if m.mode() != modeFilter || m.filter.Value() != "qs" {
		t.Fatalf("/ then text: mode %v, filter %q", m.mode(), m.filter.Value())
	}
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x q"), Paste: true})
	if m.filter.Value() != "qsx q" {
		t.Fatalf("a paste is text: filter %q", m.filter.Value())
	}
}

func TestOverlayTakesNoKeysWhileTheTerminalIsTooSmall(t *testing.T) {
	var got []string
	m := dashModel(t, uitest.NewTenant(dashFixture()...), 120, 40)
	m.overlay = fakeOverlay{got: &got, closeOn: "esc"}
	m.Update(tea.WindowSizeMsg{Width: 50, Height: 12})
	if msgs := dashPress(m, "x", "q", "esc"); hasMsg[tea.QuitMsg](msgs) || len(got) != 0 || m.overlay == nil {
		t.Fatalf("keys typed blind reached the dialog (%q) or closed it", got)
	}
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	dashPress(m, "x")
	if strings.Join(got, " ") != "x" {
		t.Fatalf("after a resize the dialog should take keys again, got %q", got)
	}
}

func TestFailedLoadShowsEachGraphDetailOnItsOwnLine(t *testing.T) {
	throttled := &model.GraphError{StatusCode: 429, Code: "TooManyRequests", Message: "Please retry again later.",
		RequestID: "57d688ed-7959-49d8-8739-73de6039d1db", Date: time.Date(2026, 11, 30, 4, 57, 14, 0, time.UTC), RetryAfter: time.Second}
	m := dashModel(t, tenant(nil, throttled), 100, 30)
	v := m.View()
	for _, want := range []string{
		"TooManyRequests (429): Please retry again later.",
		"  request-id 57d688ed-7959-49d8-8739-73de6039d1db  ",
		"  2026-11-30 04:57:14 UTC  ",
		"  retry after 1s  ",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("missing %q in:\n%s", want, v)
		}
	}
	if strings.Contains(v, "· retry") {
		t.Errorf("details should not be run together and wrapped:\n%s", v)
	}
}
