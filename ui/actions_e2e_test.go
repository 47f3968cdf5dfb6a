package ui

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/partnerdash/partnerdash/client"
	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/dialog"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

// The end-to-end tests drive the real dashboard (New) with keys, through the real Graph client, against
// the simulator, and check what the simulator holds afterwards.

// actTenantFixture is the tenant of the end-to-end tests: an unresponsive partner (first by
// urgency, so selected when the list loads), a healthy one, and an unconfigured placeholder.
func actTenantFixture() []model.Partner {
	p := uitest.SamplePartner()
	p.Groups = p.Groups[:2]
	return []model.Partner{
		p,
		{ID: "00000005-aaaa-4bbb-8ccc-000000000005", DisplayName: "Contoso Jamf Cloud", PartnerState: model.StateEnabled,
			PartnerAppType: model.AppTypeMultiTenant, IsConfigured: true, LastHeartbeat: model.At(uitest.Clock.Add(-4 * time.Minute)),
			Groups: []model.Assignment{{Target: model.AllLicensedUsersTarget{}}}},
		{ID: "00000010-aaaa-4bbb-8ccc-000000000010", PartnerState: model.StateUnknown, PartnerAppType: model.AppTypeUnknown},
	}
}

const actBramble = "00000002-aaaa-4bbb-8ccc-000000000002"

// actRig is the dashboard on a simulator.
type actRig struct {
	sim *graphsim.Server
	tm  *teatest.TestModel
}

// newActRig starts the dashboard at w x h on a simulator holding the fixture. wrap, when set,
// wraps the Graph client before the dashboard gets it (read-only, fault injection).
func newActRig(t *testing.T, w, h int, wrap func(PartnerService, *graphsim.Server) PartnerService) *actRig {
	t.Helper()
	sim := graphsim.New(graphsim.WithPartners(actTenantFixture()), graphsim.WithClock(uitest.Now), graphsim.WithSeed(7),
		graphsim.WithRequestIDSeed(7), // the goldens show request-ids
		graphsim.WithCompliancePartners(graphsim.DemoCompliance(uitest.Clock)), graphsim.WithGroups(graphsim.DemoGroups()))
	var svc PartnerService = mustClient(t, sim)
	if wrap != nil {
		svc = wrap(svc, sim)
	}
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	r.SetHasDarkBackground(true)
	m := New(Options{Service: svc, ReadOnly: IsReadOnly(svc), Renderer: r, Now: uitest.Now, Location: time.UTC, Source: "built-in simulator · test tenant",
		Demo: true, Context: context.Background()})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
	t.Cleanup(func() { _ = tm.Quit() })
	rig := &actRig{sim: sim, tm: tm}
	if w >= splitWidth {
		// The detail pane beside the list names the selected partner's groups once they arrive.
		rig.waitFor(t, "Brambleworth MDM", "Mac kiosks")
	} else {
		rig.waitFor(t, "Brambleworth MDM")
	}
	return rig
}

// waitFor waits until the screen output has shown every one of texts. They are awaited together
// because WaitFor consumes the output: a second call would not see what the first one read. (The
// final screen is checked on FinalModel, never on what was read here.)
func (r *actRig) waitFor(t *testing.T, texts ...string) {
	t.Helper()
	teatest.WaitFor(t, r.tm.Output(), func(b []byte) bool {
		for _, s := range texts {
			if !bytes.Contains(b, []byte(s)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// keys sends special keys by name and text as typed runes: "enter", "tab", or any other text.
func (r *actRig) keys(ks ...string) {
	for _, k := range ks {
		switch m := uitest.Key(k); m.Type {
		case tea.KeyRunes:
			r.tm.Type(k)
		default:
			r.tm.Send(m)
		}
	}
}

// final quits and returns the last screen.
func (r *actRig) final(t *testing.T) string {
	t.Helper()
	if err := r.tm.Quit(); err != nil {
		t.Fatal(err)
	}
	return r.tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View()
}

func (r *actRig) partner(t *testing.T, id string) (model.Partner, bool) {
	t.Helper()
	for _, p := range r.sim.Partners() {
		if p.ID == id {
			return p, true
		}
	}
	return model.Partner{}, false
}

func TestE2EEditChangesThePartnerInTheSimulator(t *testing.T) {
	r := newActRig(t, 100, 30, nil)
	r.keys("e")
	r.waitFor(t, "Edit Brambleworth MDM")
	r.keys("ctrl+u", "Bramble II", "tab", "tab", "5ca1ab1e-0000-4000-8000-000000000042", "tab", "tab", "x", "ctrl+s")
	r.waitFor(t, "Send these changes to Graph?")
	r.keys("enter")
	// The toast, and the row as Graph now has it (the list is re-read, not patched).
	r.waitFor(t, "Saved 3 changes to Bramble II", "❯ Bramble II")
	v := r.final(t)
	if strings.Contains(v, "Edit Brambleworth") {
		t.Fatalf("the form is still open:\n%s", v)
	}
	p, _ := r.partner(t, actBramble)
	if p.DisplayName != "Bramble II" || p.SingleTenantAppID != "5ca1ab1e-0000-4000-8000-000000000042" {
		t.Fatalf("simulator holds name %q app id %q", p.DisplayName, p.SingleTenantAppID)
	}
	if len(p.Groups) != 1 {
		t.Fatalf("simulator holds %d groups, want the exclude group removed", len(p.Groups))
	}
	if _, ok := p.Groups[0].Target.(model.GroupTarget); !ok {
		t.Fatalf("wrong group kept: %+v", p.Groups)
	}
	if p.PartnerAppType != model.AppTypeMultiTenant {
		t.Fatalf("app type changed to %q though the user did not change it", p.PartnerAppType)
	}
}

func TestE2ECreateAddsAPartner(t *testing.T) {
	r := newActRig(t, 100, 30, nil)
	r.keys("n")
	r.waitFor(t, "New partner")
	r.keys("Wexford Jamf School", "tab", "tab", "tab", "tab", "c0ffee00-0000-4000-8000-0000000000cc", "enter", "ctrl+s")
	r.waitFor(t, "Create this partner in Graph?")
	r.keys("enter")
	r.waitFor(t, "Created Wexford Jamf School")
	r.final(t)
	var found *model.Partner
	for _, p := range r.sim.Partners() {
		if p.DisplayName == "Wexford Jamf School" {
			found = &p
		}
	}
	if found == nil || len(found.Groups) != 1 {
		t.Fatalf("simulator does not hold the new partner with its group: %+v", found)
	}
}

func TestE2ETerminateLeavesItTerminatedWithDeadlines(t *testing.T) {
	r := newActRig(t, 100, 30, nil)
	r.keys("t")
	r.waitFor(t, "Terminate Brambleworth MDM?")
	r.keys("Brambleworth MDM", "enter", "right", "enter")
	r.waitFor(t, "Devices removed from Intune on", "✕ Terminated")
	v := r.final(t)
	for _, want := range []string{"Terminated Brambleworth MDM", "2026-12-07 12:00 UTC (in 7d)", "2027-02-28 12:00 UTC (in 3mo)"} {
		if !strings.Contains(v, want) {
			t.Errorf("final screen lacks %q:\n%s", want, v)
		}
	}
	p, _ := r.partner(t, actBramble)
	if p.PartnerState != model.StateTerminated || !p.NonCompliantAt.IsSet() || !p.RemovedAt.IsSet() {
		t.Fatalf("simulator holds state %q, non-compliant %v, removed %v", p.PartnerState, p.NonCompliantAt, p.RemovedAt)
	}
	if !p.RemovedAt.Time().Equal(uitest.Clock.Add(graphsim.DefaultRemovedAfter)) {
		t.Fatalf("removal date %v", p.RemovedAt.Time())
	}
}

func TestE2EDeleteRemovesIt(t *testing.T) {
	r := newActRig(t, 100, 30, nil)
	r.keys("d")
	r.waitFor(t, "Delete Brambleworth MDM?")
	r.keys("Brambleworth MDM", "enter", "right", "enter")
	r.waitFor(t, "Deleted Brambleworth MDM", "❯ Contoso Jamf")
	v := r.final(t)
	if _, ok := r.partner(t, actBramble); ok {
		t.Fatal("the simulator still has the partner")
	}
	if n := strings.Count(v, "Brambleworth"); n != 1 || !strings.Contains(v, "Deleted Brambleworth MDM") {
		t.Fatalf("the list still shows the deleted partner:\n%s", v)
	}
}

// failPatch makes the simulator answer the next PATCH of a partner of either kind with a 400: the
// guard read before it still succeeds, as it would when Graph refuses only the change.
type failPatch struct {
	PartnerService
	sim *graphsim.Server
}

func (f failPatch) Update(ctx context.Context, id string, u model.PartnerUpdate) error {
	f.sim.Configure(graphsim.WithFailNext(1, http.StatusBadRequest))
	return f.PartnerService.Update(ctx, id, u)
}

func (f failPatch) UpdateCompliance(ctx context.Context, id string, u model.ComplianceUpdate) error {
	f.sim.Configure(graphsim.WithFailNext(1, http.StatusBadRequest))
	return f.PartnerService.UpdateCompliance(ctx, id, u)
}

// formKeptAfter400 checks the final screen v after Graph refused a form's change: Graph's code,
// message and request-id show, and the form is still open (kept: its title, what was typed).
func formKeptAfter400(t *testing.T, v string, kept ...string) {
	t.Helper()
	wants := append([]string{"Graph refused: 400 UnknownError", "Bad Request (injected by graphsim).", "request-id "}, kept...)
	for _, want := range wants {
		if !strings.Contains(v, want) {
			t.Errorf("after the 400 the form lacks %q:\n%s", want, v)
		}
	}
}

func TestE2EA400KeepsTheFormsInput(t *testing.T) {
	r := newActRig(t, 100, 30, func(s PartnerService, sim *graphsim.Server) PartnerService { return failPatch{s, sim} })
	r.keys("e")
	r.waitFor(t, "Edit Brambleworth MDM")
	r.keys("ctrl+u", "Bramble Renamed", "ctrl+s")
	r.waitFor(t, "Send these changes")
	r.keys("enter")
	r.waitFor(t, "Graph refused: 400")
	formKeptAfter400(t, r.final(t), "Bramble Renamed", "Edit Brambleworth MDM")
	if p, _ := r.partner(t, actBramble); p.DisplayName != "Brambleworth MDM" {
		t.Fatalf("the simulator changed the name to %q despite the 400", p.DisplayName)
	}
}

func TestE2ELostUpdateGuardCatchesAChangeBySomeoneElse(t *testing.T) {
	r := newActRig(t, 100, 40, nil)
	r.keys("e")
	r.waitFor(t, "Edit Brambleworth MDM")
	// A colleague renames the partner and adds an assignment while the form is open.
	theirs, _ := r.partner(t, actBramble)
	theirs.DisplayName = "Renamed By Colleague"
	theirs.Groups = append(theirs.Groups, model.Assignment{Target: model.AllDevicesTarget{}})
	r.sim.Put(theirs)
	r.keys("tab", "tab", "5ca1ab1e-0000-4000-8000-000000000042", "ctrl+s")
	r.waitFor(t, "Send these changes")
	r.keys("enter")
	r.waitFor(t, `"Brambleworth MDM" → "Renamed By Colleague"`) // the conflict, shown before anything is sent
	before, _ := r.partner(t, actBramble)
	if before.SingleTenantAppID != "" {
		t.Fatal("the PATCH went out before the user answered")
	}
	r.keys("right", "enter")
	r.waitFor(t, "Saved 1 change", "❯ Renamed By")
	v := r.final(t)
	p, _ := r.partner(t, actBramble)
	if p.DisplayName != "Renamed By Colleague" || len(p.Groups) != 3 || p.SingleTenantAppID != "5ca1ab1e-0000-4000-8000-000000000042" {
		t.Fatalf("after Save anyway the simulator holds %q, %d groups, app id %q; want the colleague's change kept and ours added",
			p.DisplayName, len(p.Groups), p.SingleTenantAppID)
	}
	if !strings.Contains(v, "❯ Renamed By") {
		t.Fatalf("list not refreshed from Graph:\n%s", v)
	}
}

func TestE2EReadOnlyRefusesAll(t *testing.T) {
	r := newActRig(t, 100, 30, func(s PartnerService, _ *graphsim.Server) PartnerService { return ReadOnly(s) })
	before := r.sim.Partners()
	r.keys("e", "n", "d", "t", "?")
	r.waitFor(t, "more keys") // full help is open now
	v := r.final(t)
	for _, banned := range []string{"Edit ", "New partner", "Delete Brambleworth", "Terminate Brambleworth", "e edit", "n new", "d delete", "t terminate"} {
		if strings.Contains(v, banned) {
			t.Errorf("read-only screen shows %q:\n%s", banned, v)
		}
	}
	// The action layer refuses too, even if a form were reached some other way.
	ro := ReadOnly(mustClient(t, r.sim))
	env := dialog.Env{Ctx: context.Background(), Service: ro, Theme: uitest.AsciiTheme(), Now: uitest.Now}
	p := before[0]
	for _, c := range []struct {
		d    dialog.Dialog
		keys []string
	}{
		{dialog.Edit(env, p), []string{" II", "ctrl+s", "enter"}},
		{dialog.Delete(env, p), []string{p.DisplayName, "enter", "right", "enter"}},
		{dialog.Terminate(env, p), []string{p.DisplayName, "enter", "right", "enter"}},
		{dialog.Create(env), []string{"Nope", "ctrl+s", "enter"}},
	} {
		d := driveDialog(t, c.d, c.keys...)
		if d == nil || !strings.Contains(d.View(100, 30), "This session is read-only") {
			t.Fatalf("dialog on a read-only service after %q:\n%v", c.keys, d)
		}
	}
	after := r.sim.Partners()
	if len(after) != len(before) {
		t.Fatalf("partners %d → %d", len(before), len(after))
	}
	for i := range before {
		if !reflect.DeepEqual(before[i], after[i]) || before[i].ID != after[i].ID {
			t.Fatalf("read-only session changed %s", before[i].ID)
		}
	}
}

// mustClient is the Graph client on the in-process simulator. Its client-request-id is fixed:
// Intune (and so the simulator) quotes it in error messages, and the goldens must not vary.
func mustClient(t *testing.T, sim *graphsim.Server) *client.Client {
	t.Helper()
	hc := sim.Client()
	hc.Transport = fixedClientRequestID{hc.Transport}
	c, err := client.New(graphsim.DemoBaseURL, client.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type fixedClientRequestID struct{ next http.RoundTripper }

func (f fixedClientRequestID) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("client-request-id", "c0ffee00-1111-4222-8333-444444444444")
	return f.next.RoundTrip(r)
}

// The golden files: the real dashboard with a form or dialog open, at a fixed size and clock,
// without colour. Regenerate with: go test ./ui -run TestActionGolden -update

// TestActionGolden drives each scenario with keys; a step "wait:A|B" waits until the screen has
// shown A and B, so the final screen is taken only once everything has settled (never mid-call,
// never while the list is reloading).
func TestActionGolden(t *testing.T) {
	for _, c := range []struct {
		name  string
		w, h  int
		steps []string
	}{
		{"edit form", 100, 30, []string{"e", "wait:Edit Brambleworth MDM", "tab", "tab", "tab", "wait:remove/keep"}},
		{"edit review", 80, 24, []string{"e", "wait:Edit Brambleworth MDM", " II", "tab", "right", "tab", "tab", "tab", "x",
			"ctrl+s", "wait:Send these changes to Graph?|Mac kiosks"}}, // the review names the group removed
		{"create form validation error", 80, 24, []string{"n", "wait:New partner", "tab", "tab", "not-a-guid", "ctrl+s",
			"wait:Fix the fields"}},
		// The compliance tab's form: Mosyle Fuse, its name changed, its macOS group marked for removal
		// (the form keeps the focused row in view), and the review of both.
		{"compliance edit form", 80, 24, []string{"2", "/", "mosyle", "enter", "e", "wait:Edit Mosyle Fuse|macOS onboarded",
			" II", "tab", "right", "tab", "x", "wait:will be removed"}},
		{"compliance edit review", 80, 24, []string{"2", "/", "mosyle", "enter", "e", "wait:Edit Mosyle Fuse|macOS onboarded",
			" II", "tab", "right", "tab", "x", "ctrl+s", "wait:Send these changes to Graph?|Contoso US Macs"}},
		{"delete dialog", 80, 24, []string{"d", "wait:Delete Brambleworth MDM?", "Brambleworth", "wait:Brambleworth "}},
		{"terminate dialog", 80, 24, []string{"t", "wait:Terminate Brambleworth MDM?", "Brambleworth MDM", "enter", "right",
			"wait:[ Terminate ]"}},
		{"terminate result", 80, 24, []string{"t", "wait:Terminate Brambleworth MDM?", "Brambleworth MDM", "enter", "right", "enter",
			"wait:Devices removed from Intune on|✕ Terminated"}}, // the dialog, and the list refreshed behind it
		// The unconfigured placeholder, picked with the filter: Graph refuses to terminate it (400).
		{"graph error in dialog", 80, 24, []string{"/", "00000010", "enter", "t", "wait:Terminate (no name)?",
			"00000010-aaaa-4bbb-8ccc-000000000010", "enter", "right", "enter", "wait:Graph refused: 400"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newActRig(t, c.w, c.h, nil)
			for _, st := range c.steps {
				if text, ok := strings.CutPrefix(st, "wait:"); ok {
					r.waitFor(t, strings.Split(text, "|")...)
				} else {
					r.keys(st)
				}
			}
			v := r.final(t)
			if bytes.ContainsAny([]byte(v), strings.Join(spinner.MiniDot.Frames, "")) {
				t.Fatalf("a spinner frame would make the golden unstable:\n%s", v)
			}
			teatest.RequireEqualOutput(t, []byte(v))
		})
	}
}

// driveDialog sends keys to d (a name such as "enter", or text typed rune by rune) and feeds it
// every message its commands produce until none is left, as Bubble Tea would.
func driveDialog(t *testing.T, d dialog.Dialog, keys ...string) dialog.Dialog {
	t.Helper()
	for _, k := range keys {
		msgs := []tea.Msg{uitest.Key(k)}
		if km := uitest.Key(k); km.Type == tea.KeyRunes {
			msgs = msgs[:0]
			for _, r := range k {
				msgs = append(msgs, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			}
		}
		for len(msgs) > 0 && d != nil {
			var cmd tea.Cmd
			d, cmd = d.Update(msgs[0])
			msgs = append(msgs[1:], uitest.Run(cmd)...)
		}
	}
	return d
}
