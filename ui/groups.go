package ui

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/dialog"
)

// Groups by name: assignments name groups by id, which tells a support person nothing. When a
// partner is selected, the ids of its groups that are not known yet are resolved in one request
// (GroupDirectory.ResolveGroups; the client caches names for the session, and so does the
// dashboard), and the detail pane says "Mac users (c0ffee00-…)". When the account may not read
// groups, the ids stay, the status line says once which permission would show names, and no
// group request is sent again this session. No failure here ever fails the dashboard.

// groupState is what the dashboard knows of group names this session.
type groupState struct {
	// names are every group named so far (NotFound for ids the directory lacks). Dialogs share
	// the map (dialog.Env.Groups): a form adds the groups it finds by name.
	names     model.GroupNames
	asked     map[string]bool // lower-case ids asked for: answered, or in flight
	forbidden bool            // Graph refused to let the account read groups
}

// groupsResolvedMsg is the reply to one ResolveGroups request.
type groupsResolvedMsg struct {
	names model.GroupNames
	err   error
}

// retryUnresolved forgets the ids asked for that got no answer (a request that failed), so the
// next selection after a refresh asks again.
func (g *groupState) retryUnresolved() {
	for id := range g.asked {
		if _, ok := g.names[id]; !ok {
			delete(g.asked, id)
		}
	}
}

// resolveGroups asks for the names of the selected partner's groups not asked for yet, in one
// request; nil when there is nothing to ask (or no permission to ask).
func (m *root) resolveGroups() tea.Cmd {
	e := m.list.selected()
	svc := m.opts.Service
	if e == nil || svc == nil || m.groups.forbidden || len(e.groupIDs) == 0 {
		return nil
	}
	var ids []string
	for _, id := range e.groupIDs {
		k := strings.ToLower(strings.TrimSpace(id))
		if k == "" || m.groups.asked[k] {
			continue
		}
		if m.groups.asked == nil {
			m.groups.asked = map[string]bool{}
		}
		m.groups.asked[k] = true
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil
	}
	ctx := m.ctx
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		names, err := svc.ResolveGroups(ctx, ids)
		return groupsResolvedMsg{names: names, err: err}
	}
}

// onGroupsResolved keeps the names a reply brings (a partial answer too) and says once why names
// are missing when the account may not read groups. Other failures are silent: the ids stay.
func (m *root) onGroupsResolved(msg groupsResolvedMsg) tea.Cmd {
	for k, g := range msg.names {
		m.groups.names[k] = g
	}
	if fe, ok := model.AsGroupsForbidden(msg.err); ok && !m.groups.forbidden {
		m.groups.forbidden = true
		return m.setStatus(dialog.StatusMsg{Text: "Group ids shown without names: this account may not read groups (grant " +
			strings.Join(fe.Permissions, " or ") + ")"})
	}
	return nil
}
