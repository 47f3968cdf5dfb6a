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
	for _, k := range []stopKind{stopName, stopAppID, stopAddID} {
		f.touched[k] = true
	}
	if id := f.pendingID(); id != "" && f.addErr == nil && checkAssignID(assignKinds[f.addKind], id) == nil {
		// A valid id left in the add row would silently not be sent: ask the user to decide.
		f.addErr = &model.FieldError{Field: "groupsRequiringPartnerEnrollment", Label: "New assignment",
			Message: "press enter to add it, or clear it"}
	}
	edited := f.edited()
	var first stopKind = -1
	for _, k := range []stopKind{stopName, stopAppID, stopAddID} {
		if f.fieldError(k) != nil && first < 0 {
			first = k
		}
	}
	check := model.ValidateEditable(edited)
	if f.mode == formEdit {
		check = model.ValidateUpdate(model.Diff(f.orig, edited))
	}
	if err := check; err != nil && first < 0 {
		f.setBanner(true, cells.OneLine(model.Sanitize(err.Error())))
		return nil
	}
	if first >= 0 {
		f.focusStopOf(first)
		f.setBanner(true, "Fix the fields marked ✕ before saving.")
		return nil
	}
	if f.mode == formCreate {
		f.created = edited
		f.created.ODataType = model.ODataPartner
		f.phase, f.button, f.banner = phaseReview, 1, nil
		return nil
	}
	f.update = model.Diff(f.orig, edited)
	if f.update.IsEmpty() {
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
		if f.update.IsEmpty() {
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
			f.setBanner(false, "The form now shows the partner as it is in Graph, with your changes kept.")
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
	svc := f.env.svc
	if f.mode == formCreate {
		p := f.created
		return f.call.start(stepMutate, "Creating the partner…", false, func(ctx context.Context) (model.Partner, error) {
			return svc.Create(ctx, p)
		})
	}
	id := f.orig.ID
	return f.call.start(stepGuard, "Checking nobody changed it meanwhile…", true, func(ctx context.Context) (model.Partner, error) {
		return svc.Get(ctx, id)
	})
}

// handleReply moves the flow on after a call answered.
func (f *partnerForm) handleReply(msg callDoneMsg) tea.Cmd {
	switch msg.step {
	case stepGuard:
		if msg.err != nil {
			return f.fail(msg.err, false)
		}
		if cs := model.Changes(f.orig, msg.partner, f.env.now()); len(cs) > 0 {
			f.before = f.orig
			f.rebase(msg.partner)
			f.theirs = cs
			f.update = model.Diff(f.orig, f.edited())
			f.phase, f.button, f.banner = phaseConflict, 0, nil
			return nil
		}
		return f.save()
	case stepBetaCheck:
		return f.betaChecked(msg)
	case stepSearchGroups:
		return f.groupsFound(msg)
	case stepMutate:
		if msg.err != nil {
			return f.fail(msg.err, true)
		}
		f.closed = true
		if f.mode == formCreate {
			name := model.Sanitize(f.created.Name())
			return changed("Created "+name, msg.partner.ID)
		}
		n := len(f.update.Changes(f.orig))
		status := fmt.Sprintf("Saved %d %s to %s", n, plural(n, "change", "changes"), model.Sanitize(f.edited().Name()))
		return changed(status, f.orig.ID)
	}
	return nil
}

// fail shows a failed call in the form and goes back to the fields with everything typed kept.
func (f *partnerForm) fail(err error, mutation bool) tea.Cmd {
	fl := describeFailure(err, mutation)
	lines := fl.lines
	if isGraphNotFound(err) && f.mode == formEdit {
		lines = append([]string{"This partner no longer exists in Graph (deleted by someone else?)."}, lines...)
	}
	f.setBanner(true, lines...)
	f.phase = phaseFields
	if fl.unknown || isGraphNotFound(err) {
		// What Graph holds may differ from what the list shows: re-list, but keep the form open.
		return changed("", f.orig.ID)
	}
	return nil
}

// rebase moves the form onto the partner as Graph has it now. Fields the user did not touch take
// the new values; the user's edits stay, and the next save sends only those.
func (f *partnerForm) rebase(fresh model.Partner) {
	if f.name.Value() == model.Sanitize(f.orig.DisplayName) {
		f.name.SetValue(model.Sanitize(fresh.DisplayName))
	}
	if f.appID.Value() == model.Sanitize(f.orig.SingleTenantAppID) {
		f.appID.SetValue(model.Sanitize(fresh.SingleTenantAppID))
	}
	picked := f.appTypes[f.appType]
	untouched := picked == appTypeOrUnknown(f.orig.PartnerAppType)
	f.setAppTypes(fresh.PartnerAppType)
	if !untouched {
		for i, a := range f.appTypes {
			if a == picked {
				f.appType = i
			}
		}
	}
	f.rows = rebaseRows(f.rows, fresh.Groups)
	f.orig, f.view = fresh, model.Show(fresh)
	f.setFocus(f.focus)
}

// plural says one or many by n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
