package dialog

import (
	"errors"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

func openEdit(t *testing.T, svc *uitest.Tenant, p model.Partner) *partnerForm {
	t.Helper()
	return newEditForm(testEnv(svc), p)
}

func asForm(t *testing.T, o Dialog) *partnerForm {
	t.Helper()
	f, ok := o.(*partnerForm)
	if !ok {
		t.Fatalf("Dialog is %T, want the form still open", o)
	}
	return f
}

func TestFormTabCyclesEveryStopAndBack(t *testing.T) {
	p := uitest.SamplePartner()
	f := openEdit(t, uitest.NewTenant(p), p)
	// name, app type, app id, two editable rows (the scope-tag row is read-only), add kind,
	// add id, save.
	want := []stopKind{stopName, stopAppType, stopAppID, stopGroup, stopGroup, stopAddKind, stopAddID, stopSave, stopName}
	var got []stopKind
	var o Dialog = f
	for range want {
		got = append(got, asForm(t, o).current().kind)
		o, _ = press(t, o, "tab")
	}
	if !slices.Equal(got, want) {
		t.Fatalf("tab order = %v, want %v", got, want)
	}
	o, _ = press(t, o, "shift+tab")
	if k := asForm(t, o).current().kind; k != stopName {
		t.Fatalf("shift+tab from the second stop went to %v, want the name", k)
	}
	o, _ = press(t, o, "shift+tab")
	if k := asForm(t, o).current().kind; k != stopSave {
		t.Fatalf("shift+tab from the first stop went to %v, want it to wrap to save", k)
	}
	if !asForm(t, o).name.Focused() == (asForm(t, o).current().kind == stopName) {
		t.Fatal("the name input's focus does not follow the form's focus")
	}
}

func TestFormEscWithoutChangesClosesAtOnce(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	o, msgs := press(t, openEdit(t, svc, p), "tab", "tab", "esc")
	if o != nil {
		t.Fatalf("esc on an unchanged form left %T open", o)
	}
	if len(msgs) != 0 || len(svc.Calls()) != 0 {
		t.Fatalf("closing an unchanged form sent %v and called %v", msgs, svc.Calls())
	}
}

func TestFormEscWithChangesAsksFirst(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	o := typed(t, openEdit(t, svc, p), "X")
	o, _ = press(t, o, "esc")
	f := asForm(t, o)
	if f.phase != phaseDiscard || f.button != 0 {
		t.Fatalf("esc with changes: phase %v button %d, want the discard question with Keep editing chosen", f.phase, f.button)
	}
	if !strings.Contains(f.View(80, 24), "Discard your changes") {
		t.Fatalf("discard question not shown:\n%s", f.View(80, 24))
	}
	// enter on the default button keeps editing, with the text kept.
	o, _ = press(t, o, "enter")
	if f := asForm(t, o); f.phase != phaseFields || f.name.Value() != "Brambleworth MDMX" {
		t.Fatalf("Keep editing: phase %v name %q", f.phase, f.name.Value())
	}
	// esc in the question also goes back.
	o, _ = press(t, o, "esc", "esc")
	if f := asForm(t, o); f.phase != phaseFields {
		t.Fatalf("esc in the discard question: phase %v, want the fields", f.phase)
	}
	o, _ = press(t, o, "esc", "right", "enter")
	if o != nil {
		t.Fatalf("Discard changes left %T open", o)
	}
	if len(svc.Calls()) != 0 {
		t.Fatalf("discarding called the service: %v", svc.Calls())
	}
}

func TestFormInlineValidationNamesTheField(t *testing.T) {
	p := uitest.SamplePartner()
	f := openEdit(t, uitest.NewTenant(p), p)
	o, _ := press(t, f, "tab", "tab")
	o = typed(t, o, "not-a-guid")
	v := asForm(t, o).View(80, 30)
	if !strings.Contains(v, `App ID: "not-a-guid" is not a GUID`) {
		t.Fatalf("no inline error naming the field while typing:\n%s", v)
	}
	o = typed(t, o, "")
	for range len("not-a-guid") {
		o, _ = press(t, o, "backspace")
	}
	o = typed(t, o, "5ca1ab1e-0000-4000-8000-000000000009")
	if v := asForm(t, o).View(80, 30); strings.Contains(v, "✕") {
		t.Fatalf("error still shown after a valid GUID:\n%s", v)
	}

	// Clearing the name shows the required error at once.
	o, _ = press(t, o, "shift+tab", "shift+tab", "ctrl+u")
	if v := asForm(t, o).View(80, 30); !strings.Contains(v, "Display name: required") {
		t.Fatalf("no inline error for an empty name:\n%s", v)
	}
}

func TestFormSubmitRechecksAndFocusesFirstBadField(t *testing.T) {
	svc := uitest.NewTenant()
	var o Dialog = newCreateForm(testEnv(svc))
	// Skip the name without typing: no error yet, as nothing was touched... then submit.
	o, _ = press(t, o, "tab", "tab")
	o = typed(t, o, "xyz")
	o, _ = press(t, o, "ctrl+s")
	f := asForm(t, o)
	if f.phase != phaseFields {
		t.Fatalf("submit with errors moved to %v", f.phase)
	}
	if f.current().kind != stopName {
		t.Fatalf("focus after a failed submit is on %v, want the name (first bad field)", f.current().kind)
	}
	v := f.View(80, 30)
	for _, want := range []string{"Display name: required", `App ID: "xyz" is not a GUID`, "Fix the fields marked"} {
		if !strings.Contains(v, want) {
			t.Errorf("after submit, view lacks %q:\n%s", want, v)
		}
	}
	if len(svc.Calls()) != 0 {
		t.Fatalf("an invalid form called the service: %v", svc.Calls())
	}
}

func TestFormEnterMovesOnAndSubmitsOnTheLastStop(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	o := typed(t, openEdit(t, svc, p), " II")
	o, _ = press(t, o, "enter")
	if k := asForm(t, o).current().kind; k != stopAppType {
		t.Fatalf("enter in the name went to %v, want the app type", k)
	}
	// Walk to the save button with enter: app type, app id, 2 rows, add kind, add id (empty).
	o, _ = press(t, o, "enter", "enter", "enter", "enter", "enter", "enter")
	if k := asForm(t, o).current().kind; k != stopSave {
		t.Fatalf("enter walked to %v, want save", k)
	}
	if asForm(t, o).phase != phaseFields {
		t.Fatal("reached review before enter on the last stop")
	}
	o, _ = press(t, o, "enter")
	if f := asForm(t, o); f.phase != phaseReview || f.k.(*deviceForm).update.DisplayName == nil {
		t.Fatalf("enter on save: phase %v, update %+v; want the review of the name change", f.phase, f.k.(*deviceForm).update)
	}
	if len(svc.Calls()) != 0 {
		t.Fatalf("review sent something: %v", svc.Calls())
	}
}

func TestFormChoicesAndGroupRows(t *testing.T) {
	p := uitest.SamplePartner()
	f := openEdit(t, uitest.NewTenant(p), p)
	o, _ := press(t, f, "tab", "right") // multi → (wraps to) unknown
	if got := asForm(t, o).appTypes[asForm(t, o).appType]; got != model.AppTypeUnknown {
		t.Fatalf("right on app type gave %q", got)
	}
	o, _ = press(t, o, "left")
	if got := asForm(t, o).appTypes[asForm(t, o).appType]; got != model.AppTypeMultiTenant {
		t.Fatalf("left on app type gave %q", got)
	}

	// x on the first row marks it; x again keeps it; delete marks it again.
	o, _ = press(t, o, "tab", "tab", "x")
	if !asForm(t, o).secs[0].rows[0].removed {
		t.Fatal("x did not mark the include group for removal")
	}
	o, _ = press(t, o, "x")
	if asForm(t, o).secs[0].rows[0].removed {
		t.Fatal("x again did not take the mark back")
	}
	o, _ = press(t, o, "delete")
	if !asForm(t, o).secs[0].rows[0].removed || !strings.Contains(asForm(t, o).View(80, 40), "will be removed") {
		t.Fatal("delete did not mark the row, or the view does not say so")
	}

	// Add: All devices needs no id and is added with enter on the kind.
	o, _ = press(t, o, "tab", "tab", "right", "right", "right")
	if k := asForm(t, o).secs[0].kind(); k.label != "All devices" {
		t.Fatalf("kind after three rights is %q", k.label)
	}
	o, _ = press(t, o, "enter")
	ff := asForm(t, o)
	last := ff.secs[0].rows[len(ff.secs[0].rows)-1]
	if _, ok := last.a.Target.(model.AllDevicesTarget); !ok || !last.added {
		t.Fatalf("enter on All devices did not add it: %+v", last)
	}
	// Adding it twice is refused, naming the field.
	o, _ = press(t, o, "enter")
	if v := asForm(t, o).View(80, 40); !strings.Contains(v, "New assignment: All devices is already assigned") {
		t.Fatalf("duplicate add: no error shown:\n%s", v)
	}
	// A new row removed with x disappears rather than being marked.
	n := len(asForm(t, o).secs[0].rows)
	for asForm(t, o).current().kind != stopGroup || asForm(t, o).current().row != n-1 {
		o, _ = press(t, o, "shift+tab")
	}
	o, _ = press(t, o, "x")
	if len(asForm(t, o).secs[0].rows) != n-1 {
		t.Fatal("x on a new row did not drop it")
	}
}

func TestFormAddGroupValidatesTheID(t *testing.T) {
	p := uitest.SamplePartner()
	f := openEdit(t, uitest.NewTenant(p), p)
	var o Dialog = f
	f.focusStopOf(focusStop{kind: stopAddID})
	o = typed(t, o, "c0ffee00-123") // hex digits and dashes: an id, not a name to look for
	o, _ = press(t, o, "enter")
	ff := asForm(t, o)
	if len(ff.secs[0].rows) != 3 {
		t.Fatalf("an invalid id was added: %d rows", len(ff.secs[0].rows))
	}
	if !strings.Contains(ff.View(80, 40), `New assignment Group ID: "c0ffee00-123" is not a`) {
		t.Fatalf("no error naming the new assignment's id:\n%s", ff.View(80, 40))
	}
	o, _ = press(t, o, "ctrl+u")
	o = typed(t, o, "c0ffee00-0000-4000-8000-0000000000aa")
	// Submitting with an id typed but not added is refused: it would silently not be sent.
	o, _ = press(t, o, "ctrl+s")
	if ff := asForm(t, o); ff.phase != phaseFields || !strings.Contains(ff.View(80, 40), "press enter to add it") {
		t.Fatalf("submit with a pending id: phase %v\n%s", ff.phase, ff.View(80, 40))
	}
	o, _ = press(t, o, "enter")
	ff = asForm(t, o)
	if len(ff.secs[0].rows) != 4 || ff.secs[0].addID.Value() != "" {
		t.Fatalf("valid id not added: %d rows, add field %q", len(ff.secs[0].rows), ff.secs[0].addID.Value())
	}
}

func TestFormUpdateSendsOnlyChangedProperties(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	o := typed(t, openEdit(t, svc, p), " II")
	o, _ = press(t, o, "ctrl+s")
	v := asForm(t, o).View(80, 30)
	if !strings.Contains(v, `"Brambleworth MDM" → "Brambleworth MDM II"`) {
		t.Fatalf("review does not show old → new:\n%s", v)
	}
	o, msgs := press(t, o, "enter") // Save is chosen in the review
	if o != nil {
		t.Fatalf("form still open after a successful save: %T", o)
	}
	if got := svc.Calls(); !slices.Equal(got, []string{"get " + p.ID, "update " + p.ID}) {
		t.Fatalf("calls = %v, want the guard read then the PATCH", got)
	}
	u := svc.Updates()[0]
	if u.DisplayName == nil || *u.DisplayName != "Brambleworth MDM II" || u.PartnerAppType != nil || u.SingleTenantAppID != nil || u.Groups != nil {
		t.Fatalf("update sent more than the name: %+v", u)
	}
	if r := refreshes(msgs); len(r) != 1 || r[0].SelectID != p.ID {
		t.Fatalf("refresh after save = %+v, want one selecting %s", r, p.ID)
	}
	if ts := toasts(msgs); len(ts) != 1 || !strings.Contains(ts[0], "Saved 1 change to Brambleworth MDM II") {
		t.Fatalf("status after save = %q", ts)
	}
}

func TestFormGroupsAreSentWholeWhenChanged(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	f := openEdit(t, svc, p)
	var o Dialog = f
	o, _ = press(t, o, "tab", "tab", "tab", "x") // remove the include group
	o, _ = press(t, o, "ctrl+s", "enter")
	if o != nil {
		t.Fatalf("form still open: %s", o.View(80, 30))
	}
	u := svc.Updates()[0]
	if u.Groups == nil || u.DisplayName != nil {
		t.Fatalf("update = %+v, want only the groups", u)
	}
	if len(*u.Groups) != 2 {
		t.Fatalf("groups sent = %d, want the whole remaining list (exclude + scope-tag)", len(*u.Groups))
	}
	if _, ok := (*u.Groups)[1].Target.(model.ScopeTagGroupTarget); !ok {
		t.Fatalf("the read-only scope-tag assignment was not kept: %+v", *u.Groups)
	}
}

func TestFormNothingChangedSendsNothing(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	o, _ := press(t, openEdit(t, svc, p), "ctrl+s")
	f := asForm(t, o)
	if f.phase != phaseFields || !strings.Contains(f.View(80, 30), "Nothing changed") {
		t.Fatalf("submit of an unchanged form: phase %v\n%s", f.phase, f.View(80, 30))
	}
	if len(svc.Calls()) != 0 {
		t.Fatalf("calls: %v", svc.Calls())
	}
}

func TestFormReviewBackKeepsInput(t *testing.T) {
	p := uitest.SamplePartner()
	o := typed(t, openEdit(t, uitest.NewTenant(p), p), "!")
	o, _ = press(t, o, "ctrl+s", "esc")
	if f := asForm(t, o); f.phase != phaseFields || f.name.Value() != "Brambleworth MDM!" {
		t.Fatalf("esc in review: phase %v name %q", f.phase, f.name.Value())
	}
	o, _ = press(t, o, "ctrl+s", "left", "enter") // Back button
	if f := asForm(t, o); f.phase != phaseFields || f.name.Value() != "Brambleworth MDM!" {
		t.Fatalf("Back in review: phase %v name %q", f.phase, f.name.Value())
	}
}

func TestFormGraphErrorKeepsInputAndAllowsResubmit(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	svc.FailNext("update", &model.GraphError{StatusCode: 400, Code: "BadRequest",
		Message: "Invalid value for property 'displayName'.", RequestID: "req-123"})
	o := typed(t, openEdit(t, svc, p), " II")
	o, msgs := press(t, o, "ctrl+s", "enter")
	f := asForm(t, o)
	if f.phase != phaseFields || f.name.Value() != "Brambleworth MDM II" {
		t.Fatalf("after a 400: phase %v name %q; want the fields with the input kept", f.phase, f.name.Value())
	}
	v := f.View(80, 30)
	for _, want := range []string{"Graph refused: 400 BadRequest", "Invalid value for property 'displayName'.", "request-id req-123"} {
		if !strings.Contains(v, want) {
			t.Errorf("error view lacks %q:\n%s", want, v)
		}
	}
	if len(refreshes(msgs)) != 0 || len(toasts(msgs)) != 0 {
		t.Fatalf("a refused change reported success or refreshed: %v", msgs)
	}
	// Resubmit works.
	o, msgs = press(t, o, "ctrl+s", "enter")
	if o != nil || len(refreshes(msgs)) != 1 {
		t.Fatalf("resubmit: Dialog %T msgs %v", o, msgs)
	}
}

func TestFormUnknownOutcomeRefreshes(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	svc.FailNext("update", errors.New("connection reset by peer"))
	o := typed(t, openEdit(t, svc, p), " II")
	o, msgs := press(t, o, "ctrl+s", "enter")
	f := asForm(t, o)
	if !strings.Contains(f.View(80, 30), "may or may not have been made") {
		t.Fatalf("a failure without Graph's answer does not say the outcome is unknown:\n%s", f.View(80, 30))
	}
	if len(refreshes(msgs)) != 1 || len(toasts(msgs)) != 0 {
		t.Fatalf("unknown outcome: want a refresh and no success toast, got %v", msgs)
	}
}

func TestFormLostUpdateGuard(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	o := typed(t, openEdit(t, svc, p), " II")
	// Someone else changes the app id and state behind the form's back.
	theirs := p
	theirs.SingleTenantAppID = "5ca1ab1e-0000-4000-8000-0000000000ff"
	theirs.PartnerState = model.StateEnabled
	svc.Put(theirs)
	o, _ = press(t, o, "ctrl+s", "enter")
	f := asForm(t, o)
	if f.phase != phaseConflict || f.button != 0 {
		t.Fatalf("phase %v button %d, want the conflict question with the safe button chosen", f.phase, f.button)
	}
	v := f.View(80, 40)
	for _, want := range []string{"Someone else changed this partner", "— → 5ca1ab1e-0000-4000-8000-0000000000ff", "Unresponsive → Active",
		`"Brambleworth MDM" → "Brambleworth MDM II"`} {
		if !strings.Contains(v, want) {
			t.Errorf("conflict view lacks %q:\n%s", want, v)
		}
	}
	if slices.Contains(svc.Calls(), "update "+p.ID) {
		t.Fatal("the PATCH went out despite the change")
	}
	// Save anyway: re-checks (nothing new) and sends only the user's change, keeping theirs.
	o, _ = press(t, o, "right", "enter")
	if o != nil {
		t.Fatalf("form still open after Save anyway:\n%s", o.View(80, 30))
	}
	got, _ := svc.Partner(p.ID)
	if got.DisplayName != "Brambleworth MDM II" || got.SingleTenantAppID != theirs.SingleTenantAppID {
		t.Fatalf("after save: name %q app id %q; want ours and theirs both kept", got.DisplayName, got.SingleTenantAppID)
	}
	if u := svc.Updates()[0]; u.SingleTenantAppID != nil || u.PartnerAppType != nil {
		t.Fatalf("update overwrote what the user did not change: %+v", u)
	}
}

func TestFormLostUpdateBackRebasesGroups(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	var o Dialog = openEdit(t, svc, p)
	o, _ = press(t, o, "tab", "tab", "tab", "tab", "x") // remove the exclude group
	theirs := p
	theirs.Groups = append([]model.Assignment{{Target: model.AllDevicesTarget{}}}, p.Groups...)
	svc.Put(theirs)
	o, _ = press(t, o, "ctrl+s", "enter", "enter") // review → Save → conflict → Back to form
	f := asForm(t, o)
	if f.phase != phaseFields || len(f.secs[0].rows) != 4 {
		t.Fatalf("after Back: phase %v rows %d, want the fields rebased on 4 assignments", f.phase, len(f.secs[0].rows))
	}
	if !f.secs[0].rows[2].removed || f.secs[0].rows[0].removed {
		t.Fatalf("the removal did not follow the exclude group: %+v", f.secs[0].rows)
	}
	o, _ = press(t, o, "ctrl+s", "enter")
	if o != nil {
		t.Fatalf("save after rebase did not finish:\n%s", o.View(80, 40))
	}
	got, _ := svc.Partner(p.ID)
	if len(got.Groups) != 3 {
		t.Fatalf("groups after save = %d; want theirs added and ours removed (3)", len(got.Groups))
	}
}

func TestFormKeysDuringACallStartNoSecondCall(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	svc.Gate = make(chan struct{})
	o := typed(t, openEdit(t, svc, p), " II")
	o, _ = press(t, o, "ctrl+s")
	// Save: the guard read runs (not gated), then the PATCH is started and waits at the gate.
	o, cmd := o.Update(uitest.Key("enter"))
	guard := uitest.Run(cmd)
	var patchCmd tea.Cmd
	for _, m := range guard {
		if d, ok := m.(callDoneMsg); ok {
			o, patchCmd = o.Update(d)
		}
	}
	f := asForm(t, o)
	if !f.call.busy() || f.call.step != stepMutate {
		t.Fatalf("the PATCH is not in flight: busy %v step %v", f.call.busy(), f.call.step)
	}
	if !strings.Contains(f.View(80, 30), "Saving…") {
		t.Fatalf("no progress shown:\n%s", f.View(80, 30))
	}
	for _, k := range []string{"enter", "ctrl+s", "enter", "tab", "x", "y"} {
		var c tea.Cmd
		o, c = o.Update(uitest.Key(k))
		if c != nil {
			t.Fatalf("key %q during the call returned a command", k)
		}
	}
	// esc cannot abandon a PATCH on the wire: it says so and keeps waiting.
	o, _ = o.Update(uitest.Key("esc"))
	if f := asForm(t, o); !f.call.busy() || !strings.Contains(f.View(80, 30), "already sent") {
		t.Fatalf("esc during the PATCH: busy %v\n%s", f.call.busy(), f.View(80, 30))
	}
	close(svc.Gate)
	o, msgs := settle(t, o, patchCmd)
	if o != nil || len(refreshes(msgs)) != 1 {
		t.Fatalf("after the PATCH: Dialog %T msgs %v", o, msgs)
	}
	if n := strings.Count(strings.Join(svc.Calls(), ","), "update"); n != 1 {
		t.Fatalf("%d PATCHes sent, want 1: %v", n, svc.Calls())
	}
}

func TestFormEscAbandonsTheGuardRead(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	o := typed(t, openEdit(t, svc, p), " II")
	o, _ = press(t, o, "ctrl+s")
	o, cmd := o.Update(uitest.Key("enter")) // starts the guard read; its reply is held back
	o, _ = o.Update(uitest.Key("esc"))
	f := asForm(t, o)
	if f.call.busy() || !strings.Contains(f.View(80, 30), "Cancelled before anything was sent") {
		t.Fatalf("esc during the guard read: busy %v\n%s", f.call.busy(), f.View(80, 30))
	}
	// The abandoned read's reply arrives late and is dropped: no PATCH.
	o, _ = settle(t, o, cmd)
	if slices.Contains(svc.Calls(), "update "+p.ID) || asForm(t, o).call.busy() {
		t.Fatalf("a stale reply started the PATCH: %v", svc.Calls())
	}
	if f := asForm(t, o); f.phase != phaseReview || f.name.Value() != "Brambleworth MDM II" {
		t.Fatalf("after cancelling: phase %v name %q", f.phase, f.name.Value())
	}
}

func TestFormCreate(t *testing.T) {
	svc := uitest.NewTenant()
	var o Dialog = newCreateForm(testEnv(svc))
	o = typed(t, o, "Northwind Jamf")
	o, _ = press(t, o, "tab", "right", "tab") // single-tenant app
	o = typed(t, o, "5ca1ab1e-0000-4000-8000-000000000077")
	o, _ = press(t, o, "tab") // add kind: include group
	o, _ = press(t, o, "tab")
	o = typed(t, o, "c0ffee00-0000-4000-8000-000000000001")
	o, _ = press(t, o, "enter", "ctrl+s")
	v := o.View(80, 30)
	for _, want := range []string{"Create this partner in Graph?", `"Northwind Jamf"`, "single-tenant app", "+ Include group c0ffee00-0000-4000-8000-000000000001"} {
		if !strings.Contains(v, want) {
			t.Errorf("create review lacks %q:\n%s", want, v)
		}
	}
	o, msgs := press(t, o, "enter")
	if o != nil {
		t.Fatalf("create form still open:\n%s", o.View(80, 30))
	}
	c := svc.Created()[0]
	if c.DisplayName != "Northwind Jamf" || c.PartnerAppType != model.AppTypeSingleTenant || len(c.Groups) != 1 {
		t.Fatalf("created %+v", c)
	}
	if r := refreshes(msgs); len(r) != 1 || r[0].SelectID != "new-id" {
		t.Fatalf("refresh after create = %+v, want the new id selected", r)
	}
	if ts := toasts(msgs); len(ts) != 1 || ts[0] != "Created Northwind Jamf" {
		t.Fatalf("status after create = %q", ts)
	}
}

func TestFormReadOnlyServiceErrorShownCleanly(t *testing.T) {
	p := uitest.SamplePartner()
	inner := uitest.NewTenant(p)
	inner.FailNext("update", ErrReadOnly) // what ui.ReadOnly's service answers
	env := testEnv(inner)
	o := typed(t, newEditForm(env, p), " II")
	o, msgs := press(t, o, "ctrl+s", "enter")
	f := asForm(t, o)
	if !strings.Contains(f.View(80, 30), "This session is read-only: changes are not allowed.") {
		t.Fatalf("read-only refusal not shown:\n%s", f.View(80, 30))
	}
	if len(toasts(msgs)) != 0 || len(inner.Updates()) != 0 {
		t.Fatalf("read-only: msgs %v updates %v", msgs, inner.Updates())
	}
}

func TestFormShowsEscapeSequencesInert(t *testing.T) {
	p := uitest.SamplePartner()
	p.DisplayName = "Evil\x1b]52;c;ZWNobyBoaQ==\x07 \x1b[2JName"
	svc := uitest.NewTenant(p)
	f := openEdit(t, svc, p)
	v := f.View(80, 30)
	if strings.ContainsRune(v, 0x1b) || strings.ContainsRune(v, 0x07) {
		t.Fatalf("escape sequence reached the screen: %q", v)
	}
	// Editing another field does not rewrite the name with its sanitized form.
	o, _ := press(t, f, "tab", "right", "ctrl+s", "enter")
	if o != nil {
		t.Fatalf("save failed:\n%s", o.View(80, 30))
	}
	if u := svc.Updates()[0]; u.DisplayName != nil {
		t.Fatalf("untouched name was sent: %q", *u.DisplayName)
	}
}

func TestFormTextLeftForAnotherKindDoesNotBlockSaving(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	f := openEdit(t, svc, p)
	f.focusStopOf(focusStop{kind: stopAddID})
	var o Dialog = typed(t, f, "half-typed")
	o, _ = press(t, o, "shift+tab", "right", "right") // All licensed users: no id row
	asForm(t, o).focusStopOf(focusStop{kind: stopName})
	o, _ = press(t, o, "ctrl+u")
	o = typed(t, o, "Renamed")
	o, _ = press(t, o, "ctrl+s")
	if f := asForm(t, o); f.phase != phaseReview {
		t.Fatalf("hidden text of another kind blocked the review:\n%s", f.View(80, 40))
	}
}
