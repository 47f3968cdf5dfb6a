package dialog

import (
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/partnerdash/partnerdash/model"
)

// formMode says whether the form edits a partner or creates one.
type formMode int

const (
	formEdit formMode = iota
	formCreate
)

// formPhase is what the form is showing: the fields, the review of what will be sent, a change
// someone else made meanwhile, or the question whether to throw the user's changes away.
type formPhase int

const (
	phaseFields formPhase = iota
	phaseReview
	phaseConflict
	phaseDiscard
	phaseBetaLoss // a v1.0 write would erase beta-only assignments (form_beta.go)
)

// stopKind is a kind of place the focus can be in the form.
type stopKind int

const (
	stopName stopKind = iota
	stopAppType
	stopAppID
	stopGroup
	stopAddKind
	stopAddID
	stopSave
)

// focusStop is one place the focus can be; row is the group row for stopGroup.
type focusStop struct {
	kind stopKind
	row  int
}

// partnerForm edits a partner (e) or creates one (n). Every change goes through a review of what
// will be sent; an edit re-reads the partner first and stops if someone else changed it.
type partnerForm struct {
	env  *env
	mode formMode
	// orig is the partner as the user saw it when the form opened (or after a rebase); edits are
	// diffed against it and the lost-update guard compares Graph's copy with it.
	orig model.Partner
	// view is orig cleaned for drawing (model.Show): the form draws orig only through it.
	view model.Shown

	name, appID, addID textinput.Model
	appTypes           []model.AppType
	appType            int
	rows               []groupRow
	addKind            int
	focus              int
	touched            map[stopKind]bool
	addErr             *model.FieldError // from the last attempt to add an assignment

	phase     formPhase
	button    int                 // focused button in review, conflict and discard
	update    model.PartnerUpdate // what review will send (edit)
	created   model.Partner       // what review will create (create)
	theirs    []model.Change      // what someone else changed (conflict)
	before    model.Partner       // the partner as the form had it before the conflict's rebase
	banner    []string            // a failure or a hint above the buttons
	bannerErr bool

	call     call
	closed   bool
	betaLoss *model.BetaLoss // what the beta check found (form_beta.go)
}

// newEditForm opens the form on p as the user sees it.
func newEditForm(env *env, p model.Partner) *partnerForm {
	f := newPartnerForm(env, formEdit, p)
	return f
}

// newCreateForm opens an empty form for a new partner.
func newCreateForm(env *env) *partnerForm {
	return newPartnerForm(env, formCreate, model.Partner{PartnerAppType: model.AppTypeUnknown})
}

func newPartnerForm(env *env, mode formMode, p model.Partner) *partnerForm {
	t := env.theme
	f := &partnerForm{
		env:     env,
		mode:    mode,
		orig:    p,
		view:    model.Show(p),
		name:    newInput(t, model.Sanitize(p.DisplayName), "required", 0),
		appID:   newInput(t, model.Sanitize(p.SingleTenantAppID), "none (optional GUID)", 0),
		addID:   newInput(t, "", "", 0),
		rows:    rowsFrom(p.Groups),
		touched: map[stopKind]bool{},
		call:    newCall(env),
	}
	f.setAppTypes(p.PartnerAppType)
	f.syncAddPlaceholder()
	f.setFocus(0)
	return f
}

// setAppTypes offers the documented app types, plus the partner's own when Graph sent one this
// version does not know (so an untouched form does not change it), and selects v.
func (f *partnerForm) setAppTypes(v model.AppType) {
	f.appTypes = append([]model.AppType{}, model.AppTypes...)
	if v == "" {
		v = model.AppTypeUnknown
	}
	if !v.Known() {
		f.appTypes = append(f.appTypes, v)
	}
	for i, a := range f.appTypes {
		if a == v {
			f.appType = i
		}
	}
}

// stops lists the places the focus can be, in tab order. The save button is last, so enter on the
// last field submits.
func (f *partnerForm) stops() []focusStop {
	s := []focusStop{{kind: stopName}, {kind: stopAppType}, {kind: stopAppID}}
	for i, r := range f.rows {
		if r.editable() {
			s = append(s, focusStop{kind: stopGroup, row: i})
		}
	}
	s = append(s, focusStop{kind: stopAddKind})
	if assignKinds[f.addKind].idLabel != "" {
		s = append(s, focusStop{kind: stopAddID})
	}
	return append(s, focusStop{kind: stopSave})
}

func (f *partnerForm) current() focusStop {
	s := f.stops()
	f.focus = max(0, min(f.focus, len(s)-1))
	return s[f.focus]
}

// setFocus moves the focus to stop i (wrapping), marking the field it leaves as touched so that a
// required field skipped over shows its error.
func (f *partnerForm) setFocus(i int) {
	s := f.stops()
	if f.focus < len(s) && i != f.focus {
		f.touched[s[f.focus].kind] = true
	}
	f.focus = (i%len(s) + len(s)) % len(s)
	f.name.Blur()
	f.appID.Blur()
	f.addID.Blur()
	switch s[f.focus].kind {
	case stopName:
		f.name.Focus()
	case stopAppID:
		f.appID.Focus()
	case stopAddID:
		f.addID.Focus()
	}
}

func (f *partnerForm) focusStopOf(kind stopKind) {
	for i, s := range f.stops() {
		if s.kind == kind {
			f.setFocus(i)
			return
		}
	}
}

// edited is the partner as the form would leave it: a field the user changed is trimmed (the checks
// trim too, so what is checked is what is sent), an untouched one keeps Graph's value exactly (the
// input shows it sanitized, and sanitizing is not a change the user made), and rows marked for
// removal are dropped.
func (f *partnerForm) edited() model.Partner {
	p := f.orig
	if v := f.name.Value(); v != model.Sanitize(f.orig.DisplayName) {
		p.DisplayName = strings.TrimSpace(v)
	}
	if v := f.appID.Value(); v != model.Sanitize(f.orig.SingleTenantAppID) {
		p.SingleTenantAppID = strings.TrimSpace(v)
	}
	p.PartnerAppType = f.appTypes[f.appType]
	p.Groups = keptAssignments(f.rows, f.orig.Groups)
	return p
}

// pendingID is the id typed in the add row but not added yet ("" for a kind that needs no id: the
// row is hidden then, and what was typed for another kind does not count).
func (f *partnerForm) pendingID() string {
	if assignKinds[f.addKind].idLabel == "" {
		return ""
	}
	return f.addID.Value()
}

// dirty reports whether closing the form would lose anything the user did.
func (f *partnerForm) dirty() bool {
	if f.pendingID() != "" {
		return true
	}
	for _, r := range f.rows {
		if r.added || r.removed {
			return true
		}
	}
	return f.name.Value() != model.Sanitize(f.orig.DisplayName) || f.appID.Value() != model.Sanitize(f.orig.SingleTenantAppID) ||
		f.appTypes[f.appType] != appTypeOrUnknown(f.orig.PartnerAppType)
}

func appTypeOrUnknown(t model.AppType) model.AppType {
	if t == "" {
		return model.AppTypeUnknown
	}
	return t
}

// fieldError is the inline error of one field, shown once the field was touched (or on submit).
func (f *partnerForm) fieldError(k stopKind) *model.FieldError {
	switch k {
	case stopAddKind: // a kind without an id has no id row to show its error under
		if assignKinds[f.addKind].idLabel == "" {
			return f.addErr
		}
		return nil
	case stopAddID:
		if f.addErr != nil {
			return f.addErr
		}
	}
	if !f.touched[k] {
		return nil
	}
	// A value left as Graph has it is not checked: the form only answers for what it sends.
	switch k {
	case stopName:
		if f.mode == formEdit && f.name.Value() == model.Sanitize(f.orig.DisplayName) {
			return nil
		}
		return model.CheckDisplayName(strings.TrimSpace(f.name.Value()))
	case stopAppID:
		if f.mode == formEdit && f.appID.Value() == model.Sanitize(f.orig.SingleTenantAppID) {
			return nil
		}
		return model.CheckGUID("singleTenantAppId", label("singleTenantAppId"), f.appID.Value(), true)
	case stopAddID:
		if v := f.addID.Value(); v != "" && !isGroupName(assignKinds[f.addKind], strings.TrimSpace(v)) {
			return checkAssignID(assignKinds[f.addKind], v)
		}
	}
	return nil
}

// Update implements Dialog: it returns nil once the form has closed.
func (f *partnerForm) Update(msg tea.Msg) (Dialog, tea.Cmd) {
	cmd := f.handle(msg)
	if f.closed {
		return nil, cmd
	}
	return f, cmd
}

// handle handles one message. While a call runs, keys other than esc are ignored: nothing typed
// then can start a second call.
func (f *partnerForm) handle(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case callTickMsg:
		return f.call.tick(msg)
	case callDoneMsg:
		if !f.call.finish(msg) {
			return nil
		}
		return f.handleReply(msg)
	case tea.KeyMsg:
		if f.call.busy() {
			if msg.Type == tea.KeyEsc && f.call.abandon() {
				f.setBanner(false, "Cancelled before anything was sent.")
			}
			return nil
		}
		switch f.phase {
		case phaseFields:
			return f.keyFields(msg)
		case phaseReview, phaseConflict, phaseDiscard, phaseBetaLoss:
			return f.keyButtons(msg)
		}
	}
	return nil
}

func (f *partnerForm) setBanner(isErr bool, lines ...string) {
	f.banner, f.bannerErr = lines, isErr
}

// keyFields handles a key while the fields show.
func (f *partnerForm) keyFields(k tea.KeyMsg) tea.Cmd {
	st := f.current()
	switch k.String() {
	case "esc":
		if f.dirty() {
			f.phase, f.button = phaseDiscard, 0
			return nil
		}
		f.closed = true
		return nil
	case "ctrl+s":
		return f.submit()
	case "tab", "down":
		f.setFocus(f.focus + 1)
		return nil
	case "shift+tab", "up":
		f.setFocus(f.focus - 1)
		return nil
	case "enter":
		return f.enter(st)
	}
	switch st.kind {
	case stopName, stopAppID, stopAddID:
		return f.typeInto(st.kind, k)
	case stopAppType:
		if d := choiceStep(k); d != 0 {
			f.appType = (f.appType + d + len(f.appTypes)) % len(f.appTypes)
		}
	case stopAddKind:
		if d := choiceStep(k); d != 0 {
			f.addKind = (f.addKind + d + len(assignKinds)) % len(assignKinds)
			f.addErr = nil
			f.syncAddPlaceholder()
		}
	case stopGroup:
		switch k.String() {
		case "x", " ", "delete", "backspace":
			f.toggleRow(st.row)
		}
	}
	return nil
}

// choiceStep reads a key on a choice field: -1, +1, or 0 for any other key.
func choiceStep(k tea.KeyMsg) int {
	switch k.String() {
	case "left", "h":
		return -1
	case "right", "l", " ":
		return 1
	}
	return 0
}

// typeInto passes a key to a text field; it counts as touching the field, so its check runs as the
// user types.
func (f *partnerForm) typeInto(kind stopKind, k tea.KeyMsg) tea.Cmd {
	var cmd tea.Cmd
	switch kind {
	case stopName:
		f.name, cmd = f.name.Update(k)
	case stopAppID:
		f.appID, cmd = f.appID.Update(k)
	case stopAddID:
		f.addID, cmd = f.addID.Update(k)
		f.addErr = nil
	}
	f.touched[kind] = true
	f.banner = nil
	return cmd
}

// enter moves to the next field, adds a new assignment on the add row, and submits on the save
// button, which is the last stop.
func (f *partnerForm) enter(st focusStop) tea.Cmd {
	switch st.kind {
	case stopSave:
		return f.submit()
	case stopAddKind:
		if assignKinds[f.addKind].idLabel == "" {
			return f.addAssignment()
		}
	case stopAddID:
		if f.addID.Value() != "" {
			return f.addAssignment()
		}
	}
	f.setFocus(f.focus + 1)
	return nil
}

// toggleRow marks an existing assignment for removal (or takes the mark back); a row added in this
// form is simply dropped.
func (f *partnerForm) toggleRow(i int) {
	if f.rows[i].added {
		f.rows = append(f.rows[:i], f.rows[i+1:]...)
		f.setFocus(f.focus) // the stop list shrank
		return
	}
	f.rows[i].removed = !f.rows[i].removed
}

// addAssignment adds the assignment described by the add row, if its id is valid and it is not
// already there. For a group, text that is not an id is a name to look for (form_search.go).
func (f *partnerForm) addAssignment() tea.Cmd {
	k := assignKinds[f.addKind]
	id := strings.TrimSpace(f.addID.Value())
	f.touched[stopAddID] = true
	if isGroupName(k, id) {
		return f.searchGroups(id)
	}
	if e := checkAssignID(k, id); e != nil {
		f.addErr = e
		return nil
	}
	a := model.Assignment{Target: k.make(id)}
	key := targetKey(a)
	for i, r := range f.rows {
		if targetKey(r.a) == key {
			if r.removed { // adding back what was marked for removal just keeps it
				f.rows[i].removed = false
				f.addID.SetValue("")
				return nil
			}
			f.addErr = &model.FieldError{Field: "groupsRequiringPartnerEnrollment", Label: "New assignment",
				Message: f.targetText(a.Target) + " is already assigned"}
			return nil
		}
	}
	at := f.current().kind
	f.rows = append(f.rows, groupRow{a: a, added: true})
	f.addID.SetValue("")
	f.addErr = nil
	f.touched[stopAddID] = false
	f.focusStopOf(at) // the stop list grew before the add row; stay on the same field
	return nil
}

func (f *partnerForm) syncAddPlaceholder() {
	switch assignKinds[f.addKind].idLabel {
	case "Group ID":
		f.addID.Placeholder = "part of the group's name, or its object ID"
	case "Collection ID":
		f.addID.Placeholder = "e.g. SMS00001"
	}
}
