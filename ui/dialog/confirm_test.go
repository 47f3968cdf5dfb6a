package dialog

import (
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

func asDialog(t *testing.T, o Dialog) *confirmation {
	t.Helper()
	d, ok := o.(*confirmation)
	if !ok {
		t.Fatalf("Dialog is %T, want the dialog still open", o)
	}
	return d
}

func openConfirm(svc *uitest.Tenant, kind confirmKind, p model.Partner) Dialog {
	return newConfirmation(testEnv(svc), kind, p)
}

func TestConfirmEscCancels(t *testing.T) {
	p := uitest.SamplePartner()
	for _, kind := range []confirmKind{confirmDelete, confirmTerminate} {
		svc := uitest.NewTenant(p)
		o := typed(t, openConfirm(svc, kind, p), "Bramble")
		o, msgs := press(t, o, "esc")
		if o != nil || len(msgs) != 0 || len(svc.Calls()) != 0 {
			t.Fatalf("%v: esc left %T, sent %v, called %v", kind.verb(), o, msgs, svc.Calls())
		}
	}
}

func TestConfirmCancelIsTheDefault(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	o := typed(t, openConfirm(svc, confirmDelete, p), "Brambleworth MDM")
	// enter in the input does not act: it moves to the buttons, with Cancel chosen.
	o, _ = press(t, o, "enter")
	d := asDialog(t, o)
	if d.focus != focusCancel {
		t.Fatalf("focus after enter in the input = %d, want Cancel", d.focus)
	}
	if !strings.Contains(d.View(80, 30), "[ Cancel ]") {
		t.Fatalf("Cancel not shown as chosen:\n%s", d.View(80, 30))
	}
	// A second enter presses Cancel: nothing happens to the partner.
	o, msgs := press(t, o, "enter")
	if o != nil || len(msgs) != 0 || len(svc.Calls()) != 0 {
		t.Fatalf("enter twice: Dialog %T msgs %v calls %v; want a plain cancel", o, msgs, svc.Calls())
	}
}

func TestConfirmActionNeedsTheExactName(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	o := typed(t, openConfirm(svc, confirmTerminate, p), "brambleworth mdm") // wrong case
	o, _ = press(t, o, "enter")
	d := asDialog(t, o)
	if d.focus != focusInput || !strings.Contains(d.View(80, 30), `Type "Brambleworth MDM" exactly to confirm.`) {
		t.Fatalf("a wrong name: focus %d\n%s", d.focus, d.View(80, 30))
	}
	// The action button cannot be reached with tab or arrows.
	for _, k := range []string{"tab", "right", "tab", "right", "tab"} {
		o, _ = press(t, o, k)
		if asDialog(t, o).focus == focusAction {
			t.Fatalf("the action button was reached with %q before the name was typed", k)
		}
	}
	if len(svc.Calls()) != 0 {
		t.Fatalf("calls: %v", svc.Calls())
	}
	// Typed text is kept across focus moves; fixing it unlocks the action.
	for asDialog(t, o).focus != focusInput {
		o, _ = press(t, o, "tab")
	}
	o, _ = press(t, o, "ctrl+u")
	o = typed(t, o, "Brambleworth MDM")
	o, _ = press(t, o, "tab", "tab")
	if asDialog(t, o).focus != focusAction {
		t.Fatal("the action button is not reachable once the name is typed")
	}
	o, _ = press(t, o, "left")
	if asDialog(t, o).focus != focusCancel {
		t.Fatal("left from the action did not go back to Cancel")
	}
}

func TestConfirmUsesTheIDWhenTheNameIsEmpty(t *testing.T) {
	p := uitest.SamplePartner()
	p.DisplayName = ""
	svc := uitest.NewTenant(p)
	o := openConfirm(svc, confirmDelete, p)
	if !strings.Contains(o.View(80, 30), `Type "`+p.ID+`" to confirm`) {
		t.Fatalf("dialog does not ask for the id:\n%s", o.View(80, 30))
	}
	o = typed(t, o, p.ID)
	o, msgs := press(t, o, "enter", "right", "enter")
	if o != nil || !slices.Contains(svc.Calls(), "delete "+p.ID) {
		t.Fatalf("delete by id: Dialog %T calls %v msgs %v", o, svc.Calls(), msgs)
	}
}

func TestConfirmDelete(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	o := openConfirm(svc, confirmDelete, p)
	if v := o.View(80, 30); !strings.Contains(v, "This cannot be undone.") || !strings.Contains(v, "Delete Brambleworth MDM?") {
		t.Fatalf("delete dialog does not say what happens:\n%s", v)
	}
	o = typed(t, o, "Brambleworth MDM")
	o, msgs := press(t, o, "enter", "right", "enter")
	if o != nil {
		t.Fatalf("dialog still open:\n%s", o.View(80, 30))
	}
	if got := svc.Calls(); !slices.Equal(got, []string{"get " + p.ID, "delete " + p.ID}) {
		t.Fatalf("calls = %v, want the guard read then the delete", got)
	}
	if _, ok := svc.Partner(p.ID); ok {
		t.Fatal("partner still there")
	}
	if r := refreshes(msgs); len(r) != 1 {
		t.Fatalf("refreshes = %v", r)
	}
	if ts := toasts(msgs); len(ts) != 1 || ts[0] != "Deleted Brambleworth MDM" {
		t.Fatalf("status = %q", ts)
	}
}

func TestConfirmTerminateShowsGraphsDeadlines(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	o := openConfirm(svc, confirmTerminate, p)
	if v := o.View(80, 30); !strings.Contains(v, "Its devices will be marked") || !strings.Contains(v, "non-compliant and, about 90 days from now, removed from Intune.") {
		t.Fatalf("terminate dialog does not say what happens:\n%s", v)
	}
	o = typed(t, o, "Brambleworth MDM")
	o, msgs := press(t, o, "enter", "right", "enter")
	d := asDialog(t, o)
	if d.phase != confirmDone {
		t.Fatalf("phase %v, want the result", d.phase)
	}
	if got := svc.Calls(); !slices.Equal(got, []string{"get " + p.ID, "terminate " + p.ID, "get " + p.ID}) {
		t.Fatalf("calls = %v, want guard read, terminate, read back", got)
	}
	v := d.View(80, 30)
	for _, want := range []string{"Terminated Brambleworth MDM", "The connection is terminated", "2026-12-07 12:00 UTC (in 7d)", "2027-02-28 12:00 UTC", "State    Terminated"} {
		if !strings.Contains(v, want) {
			t.Errorf("result lacks %q:\n%s", want, v)
		}
	}
	if ts := toasts(msgs); len(ts) != 1 || !strings.Contains(ts[0], "devices non-compliant in 7d, removed in 3mo") {
		t.Fatalf("status = %q", ts)
	}
	if r := refreshes(msgs); len(r) != 1 || r[0].SelectID != p.ID {
		t.Fatalf("refresh = %+v", r)
	}
	o, msgs = press(t, o, "enter")
	if o != nil || len(msgs) != 0 {
		t.Fatalf("closing the result: Dialog %T msgs %v", o, msgs)
	}
}

func TestConfirmGraphErrorKeepsTypedText(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	svc.FailNext("terminate", &model.GraphError{StatusCode: 400, Code: "BadRequest",
		Message: "This partner is not configured, so there is no connection to terminate", RequestID: "rid-7"})
	o := typed(t, openConfirm(svc, confirmTerminate, p), "Brambleworth MDM")
	o, msgs := press(t, o, "enter", "right", "enter")
	d := asDialog(t, o)
	if d.phase != confirmAsk || d.input.Value() != "Brambleworth MDM" || d.focus != focusCancel {
		t.Fatalf("after a 400: phase %v input %q focus %d", d.phase, d.input.Value(), d.focus)
	}
	v := d.View(80, 30)
	for _, want := range []string{"Graph refused: 400 BadRequest", "no connection to terminate", "request-id rid-7"} {
		if !strings.Contains(v, want) {
			t.Errorf("error view lacks %q:\n%s", want, v)
		}
	}
	if len(msgs) != 0 {
		t.Fatalf("a refused terminate reported %v", msgs)
	}
	// Retry works without retyping.
	o, msgs = press(t, o, "right", "enter")
	if asDialog(t, o).phase != confirmDone || len(toasts(msgs)) != 1 {
		t.Fatalf("retry: phase %v msgs %v", asDialog(t, o).phase, msgs)
	}
}

func TestConfirmLostUpdateGuardAsksAgain(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	o := typed(t, openConfirm(svc, confirmDelete, p), "Brambleworth MDM")
	theirs := p
	theirs.PartnerState = model.StateEnabled
	theirs.LastHeartbeat = model.At(uitest.Clock) // a heartbeat alone would not count
	svc.Put(theirs)
	o, _ = press(t, o, "enter", "right", "enter")
	d := asDialog(t, o)
	if d.phase != confirmChanged || d.focus != focusCancel {
		t.Fatalf("phase %v focus %d, want the second question on Cancel", d.phase, d.focus)
	}
	v := d.View(80, 30)
	if !strings.Contains(v, "Someone else changed this partner") || !strings.Contains(v, "Unresponsive → Active") || strings.Contains(v, "Heartbeat") {
		t.Fatalf("changed view:\n%s", v)
	}
	if slices.Contains(svc.Calls(), "delete "+p.ID) {
		t.Fatal("deleted despite the change")
	}
	// Cancel is the default: enter closes and deletes nothing.
	o2, _ := press(t, d, "enter")
	if o2 != nil || slices.Contains(svc.Calls(), "delete "+p.ID) {
		t.Fatal("Cancel after the change did not simply close")
	}
	// Asked again and confirmed: deleted.
	svc2 := uitest.NewTenant(p)
	o = typed(t, openConfirm(svc2, confirmDelete, p), "Brambleworth MDM")
	svc2.Put(theirs)
	o, _ = press(t, o, "enter", "right", "enter", "right", "enter")
	if o != nil || !slices.Contains(svc2.Calls(), "delete "+p.ID) {
		t.Fatalf("Delete anyway: Dialog %T calls %v", o, svc2.Calls())
	}
}

func TestConfirmHeartbeatAloneIsNoChange(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	o := typed(t, openConfirm(svc, confirmDelete, p), "Brambleworth MDM")
	q := p
	q.LastHeartbeat = model.At(uitest.Clock)
	svc.Put(q)
	o, _ = press(t, o, "enter", "right", "enter")
	if o != nil || !slices.Contains(svc.Calls(), "delete "+p.ID) {
		t.Fatalf("a new heartbeat stopped the delete: Dialog %T calls %v", o, svc.Calls())
	}
}

func TestConfirmGoneMeanwhile(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant() // Graph no longer has it
	o := typed(t, openConfirm(svc, confirmTerminate, p), "Brambleworth MDM")
	o, msgs := press(t, o, "enter", "right", "enter")
	d := asDialog(t, o)
	if !strings.Contains(d.View(80, 30), "no longer exists") || len(refreshes(msgs)) != 1 {
		t.Fatalf("404 on the guard read: msgs %v\n%s", msgs, d.View(80, 30))
	}
	if slices.Contains(svc.Calls(), "terminate "+p.ID) {
		t.Fatal("terminated a partner that is gone")
	}
}

func TestConfirmKeysDuringACallAreIgnored(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	svc.Gate = make(chan struct{})
	o := typed(t, openConfirm(svc, confirmDelete, p), "Brambleworth MDM")
	o, _ = press(t, o, "enter", "right")
	o, cmd := o.Update(uitest.Key("enter"))
	var delCmd tea.Cmd
	for _, m := range uitest.Run(cmd) {
		if r, ok := m.(callDoneMsg); ok {
			o, delCmd = o.Update(r)
		}
	}
	d := asDialog(t, o)
	if !d.call.busy() || !strings.Contains(d.View(80, 30), "Deleting…") {
		t.Fatalf("delete not in flight:\n%s", d.View(80, 30))
	}
	for _, k := range []string{"enter", "enter", "left", "enter", "y", "esc"} {
		var c tea.Cmd
		o, c = o.Update(uitest.Key(k))
		if c != nil || o == nil {
			t.Fatalf("key %q during the delete: cmd %v Dialog %T", k, c, o)
		}
	}
	if h := asDialog(t, o).ShortHelp(); len(h) != 1 || h[0].Help().Key != "ctrl+c" {
		t.Fatalf("help during a delete offers %v", h)
	}
	close(svc.Gate)
	o, _ = settle(t, o, delCmd)
	if o != nil {
		t.Fatal("dialog not closed after the delete")
	}
	if n := strings.Count(strings.Join(svc.Calls(), ","), "delete"); n != 1 {
		t.Fatalf("%d deletes sent: %v", n, svc.Calls())
	}
}

func TestConfirmShowsNamesSanitized(t *testing.T) {
	p := uitest.SamplePartner()
	p.DisplayName = "Bad\x1b[2J\x1b]52;c;aGk=\x07Name"
	svc := uitest.NewTenant(p)
	o := openConfirm(svc, confirmDelete, p)
	v := o.View(80, 30)
	if strings.ContainsRune(v, 0x1b) || strings.ContainsRune(v, 0x07) {
		t.Fatalf("escape sequence reached the screen: %q", v)
	}
	if !strings.Contains(v, `Type "BadName" to confirm`) {
		t.Fatalf("the name to type is not the one shown:\n%s", v)
	}
	o = typed(t, o, "BadName")
	o, _ = press(t, o, "enter", "right", "enter")
	if o != nil || !slices.Contains(svc.Calls(), "delete "+p.ID) {
		t.Fatalf("typing the shown name did not confirm: %v", svc.Calls())
	}
}

func TestConfirmEscAbandonsTheReadBackOnly(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	o := typed(t, openConfirm(svc, confirmTerminate, p), "Brambleworth MDM")
	o, _ = press(t, o, "enter", "right")
	o, cmd := o.Update(uitest.Key("enter")) // guard read
	for _, m := range uitest.Run(cmd) {
		if r, ok := m.(callDoneMsg); ok {
			o, cmd = o.Update(r) // terminate
		}
	}
	for _, m := range uitest.Run(cmd) {
		if r, ok := m.(callDoneMsg); ok {
			o, cmd = o.Update(r) // starts the read back, held here
		}
	}
	if asDialog(t, o).call.step != stepReadBack {
		t.Fatalf("step %v, want the read back", asDialog(t, o).call.step)
	}
	o, c := o.Update(uitest.Key("esc"))
	d := asDialog(t, o)
	if d.phase != confirmDone || !strings.Contains(d.View(80, 30), "Reading the new deadlines was cancelled") {
		t.Fatalf("esc during the read back:\n%s", d.View(80, 30))
	}
	if msgs := uitest.Run(c); len(refreshes(msgs)) != 1 || !strings.Contains(toasts(msgs)[0], "Terminated") {
		t.Fatalf("terminate done but not reported: %v", msgs)
	}
	o, _ = settle(t, o, cmd) // the late reply is dropped
	if asDialog(t, o).phase != confirmDone {
		t.Fatal("late reply changed the dialog")
	}
}

func TestConfirmAnywayAfterARenameBySomeoneElse(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	o := typed(t, openConfirm(svc, confirmTerminate, p), "Brambleworth MDM")
	theirs := p
	theirs.DisplayName = "Renamed Meanwhile"
	svc.Put(theirs)
	o, _ = press(t, o, "enter", "right", "enter")
	if v := o.View(80, 30); !strings.Contains(v, `"Brambleworth MDM" → "Renamed Meanwhile"`) {
		t.Fatalf("rename not shown:\n%s", v)
	}
	o, _ = press(t, o, "right", "enter")
	if !slices.Contains(svc.Calls(), "terminate "+p.ID) {
		t.Fatalf("Terminate anyway did nothing after a rename: %v", svc.Calls())
	}
	if d := asDialog(t, o); d.phase != confirmDone || !strings.Contains(d.View(80, 30), "Terminated Renamed Meanwhile") {
		t.Fatalf("result:\n%s", d.View(80, 30))
	}
}
