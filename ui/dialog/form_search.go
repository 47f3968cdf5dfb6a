package dialog

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/partnerdash/partnerdash/model"
)

// A group can be chosen by typing part of its name instead of its id: enter on the add row looks
// the text up (GroupDirectory.SearchGroups, one request) and adds the group when one matches; it
// says which ones match when several do, and how to go on when the account may not read groups.
// Text that looks like an id (hex digits and dashes) is an id, checked as one.

// maxGroupChoices is how many matching groups the form names when several match.
const maxGroupChoices = 5

// isGroupName reports whether text typed for a new assignment of kind k is a name to look for
// rather than an id: only for group kinds, and only text that is not made of hex digits and dashes.
func isGroupName(k assignKind, text string) bool {
	if k.idLabel != "Group ID" || text == "" {
		return false
	}
	for _, r := range text {
		if !strings.ContainsRune("0123456789abcdefABCDEF-{}", r) {
			return true
		}
	}
	return false
}

// searchGroups looks for groups named like text, for section i's add row.
func (f *partnerForm) searchGroups(i int, text string) tea.Cmd {
	svc := f.env.svc
	f.secs[i].addErr = nil
	f.searching = i
	return f.call.run(stepSearchGroups, "Looking for groups named like "+model.Quoted(model.Sanitize(text))+"…", true,
		func(ctx context.Context) callDoneMsg {
			gs, err := svc.SearchGroups(ctx, text)
			return callDoneMsg{groups: gs, err: err}
		})
}

// groupsFound adds the one group that matches, or says why it cannot.
func (f *partnerForm) groupsFound(msg callDoneMsg) tea.Cmd {
	i := f.searching
	sec := f.secs[i]
	text := strings.TrimSpace(sec.addID.Value())
	fail := func(m string) tea.Cmd {
		sec.addErr = &model.FieldError{Field: sec.v.field, Label: "New assignment Group ID", Message: m}
		return nil
	}
	if fe, ok := model.AsGroupsForbidden(msg.err); ok {
		return fail("this account may not read groups (grant " + strings.Join(fe.Permissions, " or ") + "): paste the group's object ID")
	}
	if msg.err != nil {
		return fail("could not look groups up: " + model.Sanitize(msg.err.Error()))
	}
	gs := msg.groups
	for _, g := range gs { // a name typed in full picks its group among others that start the same
		if strings.EqualFold(strings.TrimSpace(g.DisplayName), text) {
			gs = []model.Group{g}
			break
		}
	}
	switch len(gs) {
	case 0:
		return fail("no group is named like " + model.Quoted(model.Sanitize(text)))
	case 1:
		f.env.names[strings.ToLower(gs[0].ID)] = gs[0]
		sec.addID.SetValue(gs[0].ID)
		return f.addAssignment(i)
	}
	names := make([]string, 0, maxGroupChoices)
	for i, g := range gs {
		if i == maxGroupChoices {
			names = append(names, "…")
			break
		}
		names = append(names, model.GroupLabel(g.ID, g.DisplayName))
	}
	return fail("several groups match: " + strings.Join(names, "; ") + ". Type more of the name, or paste the ID")
}

// targetText says what an assignment targets, naming groups the form knows, sanitized.
func (f *partnerForm) targetText(t model.Target) string {
	if t == nil {
		return "(missing target)"
	}
	return model.Sanitize(model.DescribeTarget(t, f.env.names))
}
