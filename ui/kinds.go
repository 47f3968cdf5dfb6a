package ui

import (
	"fmt"
	"strings"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/cells"
)

// kind is which of a tenant's two kinds of partner connection a tab shows.
type kind int

const (
	kindDevice     kind = iota // deviceManagementPartners (tab 1)
	kindCompliance             // complianceManagementPartners (tab 2)
	numKinds
)

// tabName is the tab's name, as the admin center says it.
func (k kind) tabName() string {
	if k == kindCompliance {
		return "Compliance partners"
	}
	return "Device management partners"
}

// short is the tab's name where room is short.
func (k kind) short() string {
	if k == kindCompliance {
		return "Compliance"
	}
	return "Device mgmt"
}

// noun is one partner of the kind, for sentences ("No compliance partner selected").
func (k kind) noun() string {
	if k == kindCompliance {
		return "compliance partner"
	}
	return "partner"
}

// showKind switches the dashboard to tab k. Each tab keeps its own cursor, sort and filters.
func (m *root) showKind(k kind) {
	if k == m.kind || k < 0 || k >= numKinds {
		return
	}
	m.kind = k
	m.list = &m.lists[k]
	m.focus = focusList
	m.filter.SetValue(m.list.query)
}

// worst is the worst health of a kind's partners, in words: what a tab says beside its count. A
// tab of unconfigured partners only says so.
func worst(s model.Summary) (text string, h model.Health, ok bool) {
	switch {
	case s.Critical > 0:
		return "critical", model.HealthCritical, true
	case s.Warning > 0:
		return "warning", model.HealthWarning, true
	case s.OK > 0:
		return "ok", model.HealthOK, true
	case s.NotConfigured > 0:
		return "not configured", 0, false
	}
	return "", 0, false
}

// tabsView is the line under the header: one tab per kind with its number key, count and worst
// health; the tab shown is marked (▸ and brackets survive without colour).
func (m *root) tabsView(width int) string {
	t := m.theme
	draw := func(names func(kind) string) string {
		parts := make([]string, 0, numKinds)
		for k := kind(0); k < numKinds; k++ {
			label := fmt.Sprintf("%d %s", k+1, names(k))
			var status string
			if m.loaded() {
				label += fmt.Sprintf(" %d", len(m.lists[k].entries))
				if w, h, ok := worst(m.summary[k]); ok {
					status = t.Muted.Render(" · ") + t.Health(h).Render(w)
				} else if w != "" {
					status = t.Muted.Render(" · ") + t.Faint.Render(w)
				}
			}
			if k == m.kind {
				parts = append(parts, t.Cursor.Render("▸ ")+t.PaneTitle.Render("["+label)+status+t.PaneTitle.Render("]"))
			} else {
				parts = append(parts, "  "+t.Muted.Render(" "+label)+status+" ")
			}
		}
		return " " + strings.Join(parts, " ") + t.Faint.Render("  [ ] switch")
	}
	line := draw(kind.tabName)
	if cells.Width(line) > width {
		line = draw(kind.short)
	}
	return cells.Fit(line, width)
}
