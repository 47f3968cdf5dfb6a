package dialog

// The form's second half: checking what the user entered, the review of what will be sent, the
// lost-update guard and the calls that change Graph.

import (
	"context"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/cells"
)

// submit checks every field, then shows what will be sent. Nothing is sent from here.
func (f *partnerForm) submit() tea.Cmd {
	f.touched[focusStop{kind: stopName}] = true
	f.touched[focusStop{kind: stopAppID}] = true
	for i, sec := range f.secs {
		f.touched[focusStop{kind: stopAddID, sec: i}] = true
		if id := sec.pendingID(); id != "" && sec.addErr == nil && checkAssignID(sec.v.field, sec.kind(), id) == nil {
			// A valid id left in the add row would silently not be sent: ask the user to decide.
			sec.addErr = &model.FieldError{Field: sec.v.field, Label: "New assignment",
				Message: "press enter to add it, or clear it"}
		}
	}
	var first *focusStop
	for _, st := range f.stops() {
		if st.kind != stopGroup && f.fieldError(st) != nil && first == nil {
			first = &st
		}
	}
	empty, err := f.k.prepare(f.edits(), f.mode == formCreate)
	if err != nil && first == nil {
		f.setBanner(true, cells.OneLine(model.Sanitize(err.Error())))
		return nil
	}
	if first != nil {
		f.focusStopOf(*first)
		f.setBanner(true, "Fix the fields marked ✕ before saving.")
		return nil
	}
	if f.mode == formEdit && empty {
		f.setBanner(false, "Nothing changed: there is nothing to save.")
		return nil
	}
	f.phase, f.button, f.banner = phaseReview, 1, nil
	return nil
}

// keyButtons handles the review, conflict and discard steps: a row of buttons.
func (f *partnerForm) keyButtons(k tea.KeyMsg) tea.Cmd {
	labels := f.buttonLabels()
	switch k.String() {
	case "esc":
		// esc always steps back to the fields, keeping what was typed.
		f.phase, f.banner = phaseFields, nil
		return nil
	case "tab", "right", "l":
		f.button = (f.button + 1) % len(labels)
	case "shift+tab", "left", "h":
		f.button = (f.button - 1 + len(labels)) % len(labels)
	case "enter", " ":
		return f.press()
	}
	return nil
}

// buttonLabels are the buttons of the current step; the first is always the safe one.
func (f *partnerForm) buttonLabels() []string {
	switch f.phase {
	case phaseReview:
		if f.mode == formCreate {
			return []string{"Back", "Create"}
		}
		return []string{"Back", "Save"}
	case phaseConflict:
		if f.k.changes() == 0 {
			return []string{"Back to form"}
		}
		return []string{"Back to form", "Save anyway"}
	case phaseDiscard:
		return []string{"Keep editing", "Discard changes"}
	case phaseBetaLoss:
		return betaLossButtons
	}
	return nil
}

func (f *partnerForm) press() tea.Cmd {
	if f.phase == phaseBetaLoss {
		return f.pressBetaLoss()
	}
	if f.button == 0 {
		if f.phase == phaseConflict {
			f.phase = phaseFields
			f.setBanner(false, "The form now shows the "+f.k.noun()+" as it is in Graph, with your changes kept.")
			return nil
		}
		f.phase, f.banner = phaseFields, nil
		return nil
	}
	switch f.phase {
	case phaseDiscard:
		f.closed = true
		return nil
	case phaseReview, phaseConflict:
		return f.send()
	}
	return nil
}

// send starts the flow that changes Graph: create at once; edit first re-reads the partner.
func (f *partnerForm) send() tea.Cmd {
	svc, k := f.env.svc, f.k
	if f.mode == formCreate {
		return f.call.run(stepMutate, "Creating the "+k.noun()+"…", false, func(ctx context.Context) callDoneMsg {
			id, err := k.create(ctx, svc)
			return callDoneMsg{createdID: id, err: err}
		})
	}
	return f.call.run(stepGuard, "Checking nobody changed it meanwhile…", true, func(ctx context.Context) callDoneMsg {
		fresh, err := k.reread(ctx, svc)
		return callDoneMsg{form: fresh, err: err}
	})
}

// handleReply moves the flow on after a call answered.
func (f *partnerForm) handleReply(msg callDoneMsg) tea.Cmd {
	switch msg.step {
	case stepGuard:
		if msg.err != nil {
			return f.fail(msg.err, false)
		}
		if cs := f.k.changesSince(msg.form, f.env.now()); len(cs) > 0 {
			f.rebase(msg.form)
			f.theirs = cs
			f.phase, f.button, f.banner = phaseConflict, 0, nil
			return nil
		}
		return f.k.save(f)
	case stepBetaCheck:
		return f.betaChecked(msg)
	case stepSearchGroups:
		return f.groupsFound(msg)
	case stepMutate:
		if msg.err != nil {
			return f.fail(msg.err, true)
		}
		f.closed = true
		name := model.Sanitize(f.k.editedName())
		if f.mode == formCreate {
			return changed("Created "+name, msg.createdID)
		}
		n := f.k.changes()
		return changed(fmt.Sprintf("Saved %d %s to %s", n, plural(n, "change", "changes"), name), f.k.id())
	}
	return nil
}

// fail shows a failed call in the form and goes back to the fields with everything typed kept.
func (f *partnerForm) fail(err error, mutation bool) tea.Cmd {
	fl := describeFailure(err, mutation)
	lines := fl.lines
	if isGraphNotFound(err) && f.mode == formEdit {
		lines = append([]string{"This " + f.k.noun() + " no longer exists in Graph (deleted by someone else?)."}, lines...)
	}
	f.setBanner(true, lines...)
	f.phase = phaseFields
	if fl.unknown || isGraphNotFound(err) {
		// What Graph holds may differ from what the list shows: re-list, but keep the form open.
		return changed("", f.k.id())
	}
	return nil
}

// rebase moves the form onto the partner as Graph has it now (fresh, of the form's kind). Fields
// the user did not touch take the new values; the user's edits stay, and the next save sends only
// those.
func (f *partnerForm) rebase(fresh formKind) {
	v := fresh.values()
	if f.name.Value() == model.Sanitize(f.read.name) {
		f.name.SetValue(model.Sanitize(v.name))
	}
	if f.appID.Value() == model.Sanitize(f.read.appID) {
		f.appID.SetValue(model.Sanitize(v.appID))
	}
	if v.device {
		picked := f.pickedAppType()
		untouched := picked == appTypeOrUnknown(f.read.appType)
		f.setAppTypes(v.appType)
		if !untouched {
			for i, a := range f.appTypes {
				if a == picked {
					f.appType = i
				}
			}
		}
	}
	for i, sec := range f.secs {
		if i < len(v.secs) {
			sec.rebase(v.secs[i])
		}
	}
	f.read = v
	f.k.adopt(fresh, f.edits())
	f.setFocus(f.focus)
}

// plural says one or many by n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
