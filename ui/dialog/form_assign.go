package dialog

import (
	"strings"

	"github.com/charmbracelet/bubbles/textinput"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/theme"
)

// sectionValues is one list of assignments as read: a device partner's groups requiring
// enrollment, or one platform of a compliance partner with its onboarded flag.
type sectionValues struct {
	field   string // the JSON property of the list, named by errors: "groupsRequiringPartnerEnrollment"
	title   string // its label: "Groups requiring partner enrollment", "macOS assignments"
	none    string // what an empty list means, in words
	toggle  string // the onboarded flag's label ("macOS onboarded"), "" when the list has none
	on      bool
	list    []model.Assignment
	present bool // the list was read (not absent): an untouched empty list stays absent
}

// section edits one list of assignments: rows as read or added (and marked for removal), an add
// row (kind and id), and for a compliance partner's platform the onboarded flag above them.
type section struct {
	v       sectionValues
	on      bool
	rows    []groupRow
	addKind int
	addID   textinput.Model
	addErr  *model.FieldError // from the last attempt to add an assignment
}

func newSection(t theme.Theme, v sectionValues) *section {
	s := &section{v: v, on: v.on, rows: rowsFrom(v.list), addID: newInput(t, "", "", 0)}
	s.syncAddPlaceholder()
	return s
}

// stops are the section's places for the focus; i is its index in the form.
func (s *section) stops(i int) []focusStop {
	var out []focusStop
	if s.v.toggle != "" {
		out = append(out, focusStop{kind: stopOnboarded, sec: i})
	}
	for r, row := range s.rows {
		if row.editable() {
			out = append(out, focusStop{kind: stopGroup, sec: i, row: r})
		}
	}
	out = append(out, focusStop{kind: stopAddKind, sec: i})
	if s.kind().idLabel != "" {
		out = append(out, focusStop{kind: stopAddID, sec: i})
	}
	return out
}

func (s *section) kind() assignKind { return assignKinds[s.addKind] }

func (s *section) stepKind(d int) {
	s.addKind = (s.addKind + d + len(assignKinds)) % len(assignKinds)
	s.addErr = nil
	s.syncAddPlaceholder()
}

func (s *section) syncAddPlaceholder() {
	switch s.kind().idLabel {
	case "Group ID":
		s.addID.Placeholder = "part of the group's name, or its object ID"
	case "Collection ID":
		s.addID.Placeholder = "e.g. SMS00001"
	}
}

// sectionEdit is a section as the form would leave it.
type sectionEdit struct {
	on   bool
	list []model.Assignment
}

func (s *section) edit() sectionEdit {
	var orig []model.Assignment
	if s.v.present {
		orig = []model.Assignment{}
	}
	return sectionEdit{on: s.on, list: keptAssignments(s.rows, orig)}
}

// pendingID is the id typed in the add row but not added yet ("" for a kind that needs no id: the
// row is hidden then, and what was typed for another kind does not count).
func (s *section) pendingID() string {
	if s.kind().idLabel == "" {
		return ""
	}
	return s.addID.Value()
}

// dirty reports whether the user changed anything in the section.
func (s *section) dirty() bool {
	if s.pendingID() != "" || s.on != s.v.on {
		return true
	}
	for _, r := range s.rows {
		if r.added || r.removed {
			return true
		}
	}
	return false
}

// fieldError is the error of the add row's kind (a kind without an id has no id row to show its
// error under) or id field.
func (s *section) fieldError(k stopKind, touched bool) *model.FieldError {
	switch k {
	case stopAddKind:
		if s.kind().idLabel == "" {
			return s.addErr
		}
	case stopAddID:
		if s.addErr != nil {
			return s.addErr
		}
		if v := s.addID.Value(); touched && v != "" && !isGroupName(s.kind(), strings.TrimSpace(v)) {
			return checkAssignID(s.v.field, s.kind(), v)
		}
	}
	return nil
}

// toggleRow marks an existing assignment for removal (or takes the mark back); a row added in this
// form is simply dropped, and then it reports true (the section has one stop fewer).
func (s *section) toggleRow(i int) bool {
	if s.rows[i].added {
		s.rows = append(s.rows[:i], s.rows[i+1:]...)
		return true
	}
	s.rows[i].removed = !s.rows[i].removed
	return false
}

// add adds an assignment of the add row's kind for id, if id is valid and it is not already there,
// and reports whether a row was added (describe names a target in the error).
func (s *section) add(id string, describe func(model.Target) string) bool {
	k := s.kind()
	if e := checkAssignID(s.v.field, k, id); e != nil {
		s.addErr = e
		return false
	}
	a := model.Assignment{Target: k.make(id)}
	key := targetKey(a)
	for i, r := range s.rows {
		if targetKey(r.a) == key {
			if r.removed { // adding back what was marked for removal just keeps it
				s.rows[i].removed = false
				s.addID.SetValue("")
				return false
			}
			s.addErr = &model.FieldError{Field: s.v.field, Label: "New assignment",
				Message: describe(a.Target) + " is already assigned"}
			return false
		}
	}
	s.rows = append(s.rows, groupRow{a: a, added: true})
	s.addID.SetValue("")
	s.addErr = nil
	return true
}

// rebase moves the section onto v as Graph has it now: the onboarded flag follows Graph unless the
// user changed it, and the user's removals and additions carry over (rebaseRows).
func (s *section) rebase(v sectionValues) {
	if s.on == s.v.on {
		s.on = v.on
	}
	s.rows = rebaseRows(s.rows, v.list)
	s.v = v
}
