package dialog

import (
	"strings"

	"github.com/partnerdash/partnerdash/model"
)

// groupRow is one assignment in the form: as read (or newly added), and whether the user marked it
// for removal. Rows are marked rather than dropped so the form shows what will go before it goes.
type groupRow struct {
	a       model.Assignment
	added   bool
	removed bool
}

// editable reports whether the form may remove the row: the kinds it can also add. Scope-tag and
// unknown targets are kept exactly as read and shown read-only.
func (r groupRow) editable() bool {
	switch r.a.Target.(type) {
	case model.GroupTarget, model.ExclusionGroupTarget, model.AllLicensedUsersTarget,
		model.AllDevicesTarget, model.ConfigMgrCollectionTarget:
		return true
	}
	return false
}

// assignKind is one kind of assignment the form can add.
type assignKind struct {
	label   string // in the chooser: "Include group"
	idLabel string // the id field's label, "" when the kind needs no id
	make    func(id string) model.Target
}

// assignKinds are the kinds the form adds, in the order the chooser cycles through them.
var assignKinds = []assignKind{
	{"Include group", "Group ID", func(id string) model.Target { return model.GroupTarget{GroupID: id} }},
	{"Exclude group", "Group ID", func(id string) model.Target { return model.ExclusionGroupTarget{GroupID: id} }},
	{"All licensed users", "", func(string) model.Target { return model.AllLicensedUsersTarget{} }},
	{"All devices", "", func(string) model.Target { return model.AllDevicesTarget{} }},
	{"ConfigMgr collection", "Collection ID", func(id string) model.Target { return model.ConfigMgrCollectionTarget{CollectionID: id} }},
}

// checkAssignID validates the id typed for a new assignment of kind k: group ids are GUIDs,
// ConfigMgr collection ids ("SMS00001") only need to be present. The error names the field.
func checkAssignID(field string, k assignKind, id string) *model.FieldError {
	switch {
	case k.idLabel == "":
		return nil
	case k.idLabel == "Group ID":
		return model.CheckGUID(field, "New assignment "+k.idLabel, id, false)
	case strings.TrimSpace(id) == "":
		return &model.FieldError{Field: field, Label: "New assignment " + k.idLabel, Message: "required"}
	case model.Sanitize(id) != id:
		return &model.FieldError{Field: field, Label: "New assignment " + k.idLabel, Message: "contains control characters"}
	}
	return nil
}

// targetKey identifies an assignment by its JSON, to find duplicates and match rows across reads.
func targetKey(a model.Assignment) string {
	b, err := model.EncodeTarget(a.Target)
	if err != nil {
		return ""
	}
	return string(b)
}

// rowsFrom makes the form's rows for a partner's assignments.
func rowsFrom(as []model.Assignment) []groupRow {
	rows := make([]groupRow, len(as))
	for i, a := range as {
		rows[i] = groupRow{a: a}
	}
	return rows
}

// keptAssignments is the list the form would send: every row not marked for removal, in order.
func keptAssignments(rows []groupRow, orig []model.Assignment) []model.Assignment {
	out := make([]model.Assignment, 0, len(rows))
	for _, r := range rows {
		if !r.removed {
			out = append(out, r.a)
		}
	}
	if len(out) == 0 && orig == nil {
		return nil // absent stays absent, so an untouched form is not a change
	}
	return out
}

// rebaseRows carries the user's removals and additions over to a newer list of assignments read
// from Graph, so that a change someone else made meanwhile is kept rather than overwritten.
func rebaseRows(rows []groupRow, fresh []model.Assignment) []groupRow {
	removed := map[string]int{}
	var added []groupRow
	for _, r := range rows {
		switch {
		case r.added:
			added = append(added, r)
		case r.removed:
			removed[targetKey(r.a)]++
		}
	}
	out := rowsFrom(fresh)
	present := map[string]bool{}
	for i := range out {
		k := targetKey(out[i].a)
		present[k] = true
		if removed[k] > 0 {
			removed[k]--
			out[i].removed = true
		}
	}
	for _, r := range added {
		if !present[targetKey(r.a)] {
			out = append(out, r)
		}
	}
	return out
}

// rowGlyph marks what an assignment does: include, exclude or neither.
func rowGlyph(t model.Target) string {
	switch t.(type) {
	case model.GroupTarget, model.AllLicensedUsersTarget, model.AllDevicesTarget, model.ConfigMgrCollectionTarget:
		return "+"
	case model.ExclusionGroupTarget:
		return "−"
	}
	return "·"
}
