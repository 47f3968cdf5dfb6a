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
	stopOnboarded // a platform's onboarded flag (compliance partners)
	stopGroup
	stopAddKind
	stopAddID
	stopSave
)

// focusStop is one place the focus can be: sec is the assignment section (form_assign.go) of the
// section's stops, row the assignment row for stopGroup.
type focusStop struct {
	kind stopKind
	sec  int
	row  int
}

// field is the stop without its row: the key under which a field counts as touched.
func (s focusStop) field() focusStop { return focusStop{kind: s.kind, sec: s.sec} }

// partnerForm edits a partner (e) or creates one (n), of either kind: what the kind of partner
// decides (its properties, its update, how it is read, saved and compared) is its formKind
// (form_kind.go, form_compliance.go); the fields, assignment sections, review, lost-update guard,
// discard question and failures are the form's and work alike for both. Every change goes through
// a review of what will be sent; an edit re-reads the partner first and stops if someone else
// changed it.
type partnerForm struct {
	env  *env
	mode formMode
	k    formKind
	// read is the kind's editable values as the form opened (or after a rebase): the inputs start
	// from them, and a field still showing its value as read is no change of the user's.
	read formValues

	name, appID textinput.Model
	appTypes    []model.AppType // the device kind's app types; empty for a kind without them
	appType     int
	secs        []*section // the assignment lists: one for a device partner, one per platform for a compliance partner
	focus       int
	touched     map[focusStop]bool

	phase     formPhase
	button    int            // focused button in review, conflict and discard
	theirs    []model.Change // what someone else changed (conflict)
	banner    []string       // a failure or a hint above the buttons
	bannerErr bool

	call      call
	closed    bool
	searching int // the section whose group search is in flight (form_search.go)
}

// newEditForm opens the form on p as the user sees it.
func newEditForm(env *env, p model.Partner) *partnerForm {
	return newForm(env, formEdit, newDeviceForm(p))
}

// newCreateForm opens an empty form for a new partner.
func newCreateForm(env *env) *partnerForm {
	return newForm(env, formCreate, newDeviceForm(model.Partner{PartnerAppType: model.AppTypeUnknown}))
}

func newForm(env *env, mode formMode, k formKind) *partnerForm {
	t := env.theme
	v := k.values()
	f := &partnerForm{
		env:     env,
		mode:    mode,
		k:       k,
		read:    v,
		name:    newInput(t, model.Sanitize(v.name), "required", 0),
		appID:   newInput(t, model.Sanitize(v.appID), "none (optional GUID)", 0),
		touched: map[focusStop]bool{},
		call:    newCall(env),
	}
	if v.device {
		f.setAppTypes(v.appType)
	}
	for _, sv := range v.secs {
		f.secs = append(f.secs, newSection(t, sv))
	}
	f.setFocus(0)
	return f
}

// setAppTypes offers the documented app types, plus the partner's own when Graph sent one this
// version does not know (so an untouched form does not change it), and selects v.
func (f *partnerForm) setAppTypes(v model.AppType) {
	f.appTypes = append([]model.AppType{}, model.AppTypes...)
	v = appTypeOrUnknown(v)
	if !v.Known() {
		f.appTypes = append(f.appTypes, v)
	}
	for i, a := range f.appTypes {
		if a == v {
			f.appType = i
		}
	}
}

// pickedAppType is the app type the form shows ("" for a kind without one).
func (f *partnerForm) pickedAppType() model.AppType {
	if len(f.appTypes) == 0 {
		return ""
	}
	return f.appTypes[f.appType]
}

// stops lists the places the focus can be, in tab order. The save button is last, so enter on the
// last field submits.
func (f *partnerForm) stops() []focusStop {
	s := []focusStop{{kind: stopName}}
	if f.read.device {
		s = append(s, focusStop{kind: stopAppType}, focusStop{kind: stopAppID})
	}
	for i, sec := range f.secs {
		s = append(s, sec.stops(i)...)
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
		f.touched[s[f.focus].field()] = true
	}
	f.focus = (i%len(s) + len(s)) % len(s)
	f.name.Blur()
	f.appID.Blur()
	for _, sec := range f.secs {
		sec.addID.Blur()
	}
	switch st := s[f.focus]; st.kind {
	case stopName:
		f.name.Focus()
	case stopAppID:
		f.appID.Focus()
	case stopAddID:
		f.secs[st.sec].addID.Focus()
	}
}

// focusStopOf moves the focus to the field st (its row ignored).
func (f *partnerForm) focusStopOf(st focusStop) {
	for i, s := range f.stops() {
		if s.field() == st.field() {
			f.setFocus(i)
			return
		}
	}
}

// edits is what the user entered, for the kind to build its partner from: a field the user
// changed is trimmed (the checks trim too, so what is checked is what is sent), an untouched one
// keeps Graph's value exactly (the input shows it sanitized, and sanitizing is not a change the
// user made), and rows marked for removal are dropped.
type edits struct {
	name, appID string
	appType     model.AppType
	secs        []sectionEdit
}

func (f *partnerForm) edits() edits {
	e := edits{name: f.read.name, appID: f.read.appID, appType: f.pickedAppType()}
	if v := f.name.Value(); v != model.Sanitize(f.read.name) {
		e.name = strings.TrimSpace(v)
	}
	if v := f.appID.Value(); v != model.Sanitize(f.read.appID) {
		e.appID = strings.TrimSpace(v)
	}
	for _, sec := range f.secs {
		e.secs = append(e.secs, sec.edit())
	}
	return e
}

// dirty reports whether closing the form would lose anything the user did.
func (f *partnerForm) dirty() bool {
	for _, sec := range f.secs {
		if sec.dirty() {
			return true
		}
	}
	return f.name.Value() != model.Sanitize(f.read.name) || f.appID.Value() != model.Sanitize(f.read.appID) ||
		(f.read.device && f.pickedAppType() != appTypeOrUnknown(f.read.appType))
}

func appTypeOrUnknown(t model.AppType) model.AppType {
	if t == "" {
		return model.AppTypeUnknown
	}
	return t
}

// fieldError is the inline error of one field, shown once the field was touched (or on submit).
func (f *partnerForm) fieldError(st focusStop) *model.FieldError {
	switch st.kind {
	case stopAddKind, stopAddID:
		return f.secs[st.sec].fieldError(st.kind, f.touched[st.field()])
	}
	if !f.touched[st.field()] {
		return nil
	}
	// A value left as Graph has it is not checked: the form only answers for what it sends.
	switch st.kind {
	case stopName:
		if f.mode == formEdit && f.name.Value() == model.Sanitize(f.read.name) {
			return nil
		}
		return model.CheckDisplayName(strings.TrimSpace(f.name.Value()))
	case stopAppID:
		if f.mode == formEdit && f.appID.Value() == model.Sanitize(f.read.appID) {
			return nil
		}
		return model.CheckGUID("singleTenantAppId", label("singleTenantAppId"), f.appID.Value(), true)
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
		return f.typeInto(st, k)
	case stopAppType:
		if d := choiceStep(k); d != 0 {
			f.appType = (f.appType + d + len(f.appTypes)) % len(f.appTypes)
		}
	case stopOnboarded:
		if d := choiceStep(k); d != 0 {
			f.secs[st.sec].on = !f.secs[st.sec].on
			f.banner = nil
		}
	case stopAddKind:
		if d := choiceStep(k); d != 0 {
			f.secs[st.sec].stepKind(d)
		}
	case stopGroup:
		switch k.String() {
		case "x", " ", "delete", "backspace":
			if f.secs[st.sec].toggleRow(st.row) {
				f.setFocus(f.focus) // the stop list shrank
			}
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
func (f *partnerForm) typeInto(st focusStop, k tea.KeyMsg) tea.Cmd {
	var cmd tea.Cmd
	switch st.kind {
	case stopName:
		f.name, cmd = f.name.Update(k)
	case stopAppID:
		f.appID, cmd = f.appID.Update(k)
	case stopAddID:
		sec := f.secs[st.sec]
		sec.addID, cmd = sec.addID.Update(k)
		sec.addErr = nil
	}
	f.touched[st.field()] = true
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
		if f.secs[st.sec].kind().idLabel == "" {
			return f.addAssignment(st.sec)
		}
	case stopAddID:
		if f.secs[st.sec].addID.Value() != "" {
			return f.addAssignment(st.sec)
		}
	}
	f.setFocus(f.focus + 1)
	return nil
}

// addAssignment adds the assignment described by section i's add row, if its id is valid and it is
// not already there. For a group, text that is not an id is a name to look for (form_search.go).
func (f *partnerForm) addAssignment(i int) tea.Cmd {
	sec := f.secs[i]
	id := strings.TrimSpace(sec.addID.Value())
	f.touched[focusStop{kind: stopAddID, sec: i}] = true
	if isGroupName(sec.kind(), id) {
		return f.searchGroups(i, id)
	}
	at := f.current()
	if sec.add(id, f.targetText) {
		f.touched[focusStop{kind: stopAddID, sec: i}] = false
		f.focusStopOf(at) // the stop list grew before the add row; stay on the same field
	}
	return nil
}
