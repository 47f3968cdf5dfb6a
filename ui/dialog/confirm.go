package dialog

import (
	"context"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/partnerdash/partnerdash/model"
)

// confirmKind is the destructive action a dialog asks about.
type confirmKind int

const (
	confirmDelete confirmKind = iota
	confirmTerminate
)

// verb is the action's button and title word.
func (k confirmKind) verb() string {
	if k == confirmTerminate {
		return "Terminate"
	}
	return "Delete"
}

// confirmPhase is what the dialog shows: the question, a change someone else made meanwhile, or
// (terminate) the result with Graph's new deadlines.
type confirmPhase int

const (
	confirmAsk confirmPhase = iota
	confirmChanged
	confirmDone
)

// Focus places in the dialog. Cancel comes before the action, and is where enter in the input
// leads: the action needs the name typed, then a deliberate move to its button, then enter.
const (
	focusInput = iota
	focusCancel
	focusAction
)

// confirmation asks before deleting or terminating a partner (deleting a compliance partner: it
// has no terminate). The user types the partner's name (its id when it has none); re-reads the
// partner before acting and asks again if it changed.
type confirmation struct {
	env   *env
	kind  confirmKind
	s     subject // the partner as the user saw it; the guard compares Graph's copy with it
	input textinput.Model
	focus int
	phase confirmPhase

	theirs    []model.Change // what someone else changed (confirmChanged)
	banner    []string
	bannerErr bool
	result    []string // terminate: what Graph reports afterwards

	call   call
	closed bool
}

func newConfirmation(env *env, kind confirmKind, p model.Partner) *confirmation {
	return newSubjectConfirmation(env, kind, newDeviceSubject(p))
}

func newSubjectConfirmation(env *env, kind confirmKind, s subject) *confirmation {
	d := &confirmation{
		env:   env,
		kind:  kind,
		s:     s,
		input: newInput(env.theme, "", "", 0),
		call:  newCall(env),
	}
	d.input.Focus()
	return d
}

// confirmWord is what the user must type: the display name as the screen shows it (sanitized, so
// it can be typed), or the id when the name is empty or nothing of it can be shown.
func confirmWord(p model.Partner) string { return newDeviceSubject(p).word() }

// matches reports whether the typed text confirms; surrounding spaces are forgiven, case is not.
func (d *confirmation) matches() bool {
	return strings.TrimSpace(d.input.Value()) == strings.TrimSpace(d.s.word())
}

// Update implements Dialog: it returns nil once the dialog has closed.
func (d *confirmation) Update(msg tea.Msg) (Dialog, tea.Cmd) {
	cmd := d.handle(msg)
	if d.closed {
		return nil, cmd
	}
	return d, cmd
}

// handle handles one message. While a call runs, keys other than esc are ignored, so nothing typed
// meanwhile can start a second call.
func (d *confirmation) handle(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case callTickMsg:
		return d.call.tick(msg)
	case callDoneMsg:
		if !d.call.finish(msg) {
			return nil
		}
		return d.handleReply(msg)
	case tea.KeyMsg:
		if d.call.busy() {
			return d.keyBusy(msg)
		}
		switch d.phase {
		case confirmAsk:
			return d.keyAsk(msg)
		case confirmChanged:
			return d.keyChanged(msg)
		case confirmDone:
			if s := msg.String(); s == "esc" || s == "enter" || s == " " || s == "q" {
				return d.close()
			}
		}
	}
	return nil
}

func (d *confirmation) close() tea.Cmd {
	d.closed = true
	return nil
}

// keyBusy handles esc while a call runs: a read may be abandoned, a change on the wire may not.
func (d *confirmation) keyBusy(k tea.KeyMsg) tea.Cmd {
	if k.Type != tea.KeyEsc {
		return nil
	}
	step := d.call.step
	if !d.call.abandon() {
		return nil
	}
	if step == stepReadBack {
		// The terminate went through; only reading the dates back was cancelled.
		d.phase = confirmDone
		d.result = []string{"Reading the new deadlines was cancelled; the list shows them once refreshed."}
		return changed("Terminated "+d.s.name(), d.s.id())
	}
	d.setBanner(false, "Cancelled before anything was sent.")
	return nil
}

func (d *confirmation) setBanner(isErr bool, lines ...string) { d.banner, d.bannerErr = lines, isErr }

// keyAsk handles the question: type the name, then choose.
func (d *confirmation) keyAsk(k tea.KeyMsg) tea.Cmd {
	switch k.String() {
	case "esc":
		return d.close()
	case "tab":
		d.moveFocus(1)
		return nil
	case "shift+tab":
		d.moveFocus(-1)
		return nil
	}
	if d.focus == focusInput {
		if k.String() == "enter" {
			if !d.matches() {
				d.setBanner(true, "Type "+model.Quoted(d.s.word())+" exactly to confirm.")
				return nil
			}
			d.setFocus(focusCancel)
			return nil
		}
		var cmd tea.Cmd
		d.input, cmd = d.input.Update(k)
		d.banner = nil
		return cmd
	}
	switch k.String() {
	case "left", "h":
		d.moveFocus(-1)
	case "right", "l":
		d.moveFocus(1)
	case "enter", " ":
		if d.focus == focusCancel {
			return d.close()
		}
		return d.act()
	}
	return nil
}

// moveFocus cycles input → Cancel → action; the action is skipped until the name is typed.
func (d *confirmation) moveFocus(delta int) {
	next := d.focus
	for range 3 {
		next = (next + delta + 3) % 3
		if next != focusAction || d.matches() {
			break
		}
	}
	d.setFocus(next)
}

func (d *confirmation) setFocus(f int) {
	d.focus = f
	if f == focusInput {
		d.input.Focus()
	} else {
		d.input.Blur()
	}
}

// keyChanged handles the second question after someone else changed the partner.
func (d *confirmation) keyChanged(k tea.KeyMsg) tea.Cmd {
	switch k.String() {
	case "esc":
		return d.close()
	case "tab", "right", "l", "shift+tab", "left", "h":
		if d.focus == focusCancel {
			d.focus = focusAction
		} else {
			d.focus = focusCancel
		}
	case "enter", " ":
		if d.focus == focusCancel {
			return d.close()
		}
		return d.act()
	}
	return nil
}

// act starts the flow: re-read the partner, compare, then change it.
func (d *confirmation) act() tea.Cmd {
	// The button cannot be reached without the name; this guards the flow itself. After a change by
	// someone else the name may have changed too: the user confirmed this partner already and
	// chose "anyway" on the changed screen, which shows the new name.
	if d.phase != confirmChanged && !d.matches() {
		return nil
	}
	svc, s := d.env.svc, d.s
	d.banner = nil
	return d.call.startSubject(stepGuard, "Checking nobody changed it meanwhile…", true, func(ctx context.Context) (subject, error) {
		return s.reread(ctx, svc)
	})
}

// handleReply moves the flow on after a call answered.
func (d *confirmation) handleReply(msg callDoneMsg) tea.Cmd {
	svc, s, id, name := d.env.svc, d.s, d.s.id(), d.s.name()
	switch msg.step {
	case stepGuard:
		if msg.err != nil {
			return d.fail(msg.err, false)
		}
		if cs := d.s.changesSince(msg.subject, d.env.now()); len(cs) > 0 {
			d.s, d.theirs = msg.subject, cs
			d.phase, d.focus = confirmChanged, focusCancel
			d.input.Blur()
			return nil
		}
		if d.kind == confirmTerminate {
			return d.call.start(stepMutate, "Terminating…", false, func(ctx context.Context) (model.Partner, error) {
				return model.Partner{}, svc.Terminate(ctx, id)
			})
		}
		return d.call.start(stepMutate, "Deleting…", false, func(ctx context.Context) (model.Partner, error) {
			return model.Partner{}, s.remove(ctx, svc)
		})
	case stepMutate:
		if msg.err != nil {
			return d.fail(msg.err, true)
		}
		if d.kind == confirmDelete {
			d.close()
			return changed("Deleted "+name, "")
		}
		// Show what Graph now reports rather than what we expect terminate to do.
		return d.call.start(stepReadBack, "Terminated. Reading the new deadlines from Graph…", true, func(ctx context.Context) (model.Partner, error) {
			return svc.Get(ctx, id)
		})
	case stepReadBack:
		d.phase = confirmDone
		if msg.err != nil {
			d.result = append([]string{"Graph did not return the new deadlines:"}, describeFailure(msg.err, false).lines...)
			return changed("Terminated "+name, id)
		}
		d.s = newDeviceSubject(msg.partner)
		d.result = terminateResult(msg.partner, d.env.now())
		return changed("Terminated "+name+": "+deadlineSummary(msg.partner, d.env.now()), id)
	}
	return nil
}

// fail shows a failed call in the dialog, keeps what was typed, and puts the focus on Cancel.
func (d *confirmation) fail(err error, mutation bool) tea.Cmd {
	fl := describeFailure(err, mutation)
	lines := fl.lines
	if isGraphNotFound(err) {
		lines = append([]string{"This " + d.s.what() + " no longer exists in Graph (deleted by someone else?)."}, lines...)
	}
	d.setBanner(true, lines...)
	d.phase = confirmAsk
	d.setFocus(focusCancel)
	if fl.unknown || isGraphNotFound(err) {
		return changed("", d.s.id())
	}
	return nil
}

// terminateResult says in words what Graph reports after a terminate.
func terminateResult(p model.Partner, now time.Time) []string {
	var lines []string
	if p.PartnerState == model.StateTerminated {
		lines = append(lines, "The connection is terminated. Graph reports:")
	} else {
		lines = append(lines, "Graph still reports the state as "+p.PartnerState.Label()+"; it may take a moment to change. Graph reports:")
	}
	lines = append(lines,
		"  Devices marked non-compliant on  "+model.When(p.NonCompliantAt, now),
		"  Devices removed from Intune on   "+model.When(p.RemovedAt, now))
	if !p.NonCompliantAt.IsSet() && !p.RemovedAt.IsSet() {
		lines = append(lines, "No dates yet: refresh later to see them.")
	}
	return lines
}

// deadlineSummary is the deadlines for the status line: "devices non-compliant in 2d, removed in 90d".
func deadlineSummary(p model.Partner, now time.Time) string {
	nc := model.Deadline{At: p.NonCompliantAt.Time(), Set: p.NonCompliantAt.IsSet(), In: p.NonCompliantAt.Time().Sub(now)}
	rm := model.Deadline{At: p.RemovedAt.Time(), Set: p.RemovedAt.IsSet(), In: p.RemovedAt.Time().Sub(now)}
	if !nc.Set && !rm.Set {
		return "Graph reports no device deadlines yet"
	}
	return "devices non-compliant " + nc.Relative() + ", removed " + rm.Relative()
}
