package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// One key handler per mode. Each matches only its own key map, so a disabled binding does
// nothing, and what help shows is what works.

func (m *root) handleListKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys.list
	switch {
	case key.Matches(msg, k.Up):
		m.list.move(-1)
	case key.Matches(msg, k.Down):
		m.list.move(1)
	case key.Matches(msg, k.Top):
		m.list.top()
	case key.Matches(msg, k.Bottom):
		m.list.bottom()
	case key.Matches(msg, k.PgUp):
		m.list.move(-m.list.page())
	case key.Matches(msg, k.PgDn):
		m.list.move(m.list.page())
	case key.Matches(msg, k.Open), key.Matches(msg, k.Focus):
		m.focus = focusDetail
	case key.Matches(msg, k.Filter):
		return m.openFilter()
	case key.Matches(msg, k.ClearFilter):
		m.clearFilters()
	case key.Matches(msg, k.Leave):
		return m.leave()
	case key.Matches(msg, k.Sort):
		m.list.setSort(m.list.sortBy.next(m.list.kind))
	case key.Matches(msg, k.Attention):
		m.list.setAttention(!m.list.attention)
	default:
		return m.commonKey(msg, k.kindKeys, k.actionKeys, k.appKeys)
	}
	return nil
}

func (m *root) handleDetailKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys.detail
	n, rows := m.detailSize(m.layout())
	switch {
	case key.Matches(msg, k.Up):
		m.detail.scroll(-1, n, rows)
	case key.Matches(msg, k.Down):
		m.detail.scroll(1, n, rows)
	case key.Matches(msg, k.Top):
		m.detail.scroll(-n, n, rows)
	case key.Matches(msg, k.Bottom):
		m.detail.scroll(n, n, rows)
	case key.Matches(msg, k.PgUp):
		m.detail.scroll(-max(rows-1, 1), n, rows)
	case key.Matches(msg, k.PgDn):
		m.detail.scroll(max(rows-1, 1), n, rows)
	case key.Matches(msg, k.Back):
		m.focus = focusList
	case key.Matches(msg, k.Filter):
		return m.openFilter()
	default:
		return m.commonKey(msg, k.kindKeys, k.actionKeys, k.appKeys)
	}
	return nil
}

// handleFilterKey: while the filter has focus every key is text except these few.
func (m *root) handleFilterKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys.filter
	switch {
	case key.Matches(msg, k.Apply):
		m.filter.Blur()
	case key.Matches(msg, k.Cancel):
		m.filter.Blur()
		m.filter.SetValue("")
		m.list.setQuery("")
	case key.Matches(msg, k.Up):
		m.list.move(-1)
	case key.Matches(msg, k.Down):
		m.list.move(1)
	default:
		var cmd tea.Cmd
		m.filter, cmd = m.filter.Update(msg)
		m.list.setQuery(strings.TrimSpace(m.filter.Value()))
		return cmd
	}
	return nil
}

// commonKey handles the keys the list and the detail pane share.
func (m *root) commonKey(msg tea.KeyMsg, kk kindKeys, a actionKeys, g appKeys) tea.Cmd {
	switch {
	case key.Matches(msg, kk.Device):
		m.showKind(kindDevice)
	case key.Matches(msg, kk.Compliance):
		m.showKind(kindCompliance)
	case key.Matches(msg, kk.Next):
		m.showKind((m.kind + 1) % numKinds)
	case key.Matches(msg, kk.Prev):
		m.showKind((m.kind + numKinds - 1) % numKinds)
	case key.Matches(msg, g.Refresh):
		return m.refresh(userRefresh, "")
	case key.Matches(msg, g.Help):
		m.help.ShowAll = !m.help.ShowAll
	case key.Matches(msg, g.Quit):
		return m.quit()
	case key.Matches(msg, g.Suspend):
		return tea.Suspend
	case key.Matches(msg, g.Profiles):
		return m.openDialog(openMsg{openProfiles})
	case key.Matches(msg, g.SignIn):
		return m.openDialog(openMsg{openSignIn})
	case key.Matches(msg, a.CopyID):
		return m.copyID()
	case key.Matches(msg, a.CopyJSON):
		return m.copyJSON()
	case key.Matches(msg, a.Edit):
		return m.openDialog(openMsg{openEdit})
	case key.Matches(msg, a.New):
		return m.openDialog(openMsg{openNew})
	case key.Matches(msg, a.Delete):
		return m.openDialog(openMsg{openDelete})
	case key.Matches(msg, a.Terminate):
		return m.openDialog(openMsg{openTerminate})
	}
	return nil
}

// openFilter focuses the filter input (on the list), starting from the filter in use.
func (m *root) openFilter() tea.Cmd {
	m.focus = focusList
	m.filter.SetValue(m.list.query)
	m.filter.CursorEnd()
	return m.filter.Focus()
}

// clearFilters drops the fuzzy and the quick filter.
func (m *root) clearFilters() {
	m.filter.SetValue("")
	m.list.query = ""
	m.list.setAttention(false)
}

// detailSize is the number of detail lines and the rows the pane shows them in.
func (m *root) detailSize(l layout) (n, rows int) {
	e := m.list.selected()
	if e == nil || l.tooSmall {
		return 0, 0
	}
	w := l.detailW
	if !l.split {
		w = l.width
	}
	return len(m.detailLines(e, w-4)), l.paneRows()
}
