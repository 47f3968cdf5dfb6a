package ui

import (
	"slices"
)

// partnerList is the list's state: the entries of the last reply, their order, what the filters
// let through, and the cursor. Sorting and filtering happen when something changes, never in View.
type partnerList struct {
	kind      kind    // which kind of partner it lists; its columns follow
	entries   []entry // shared with every session drawing the same snapshot (never changed here)
	order     []int   // indices of entries in sort order
	visible   []int   // order, less what the filters hide
	sortBy    sortKey
	query     string      // the fuzzy filter
	attention bool        // only partners whose triage is not OK
	cursor    int         // index into visible
	offset    int         // first visible row drawn
	rows      int         // rows the pane has room for
	natural   []int       // each column's width for this data (columns.Natural), fitted in view
	data      *tenantData // where entries come from (nil when empty)
	gen       int         // counts changes to entries (new data, re-triage), for drawn
	drawn     drawnRows
}

// selected is the entry under the cursor, or nil when nothing is visible.
func (l *partnerList) selected() *entry {
	if l.cursor < 0 || l.cursor >= len(l.visible) {
		return nil
	}
	return &l.entries[l.visible[l.cursor]]
}

// selectedIndex is the index in entries of the entry under the cursor, or -1.
func (l *partnerList) selectedIndex() int {
	if l.cursor < 0 || l.cursor >= len(l.visible) {
		return -1
	}
	return l.visible[l.cursor]
}

// selectedID is the id of the selected partner, or "".
func (l *partnerList) selectedID() string {
	if e := l.selected(); e != nil {
		return e.id
	}
	return ""
}

// setEntries shows new data (shared, never changed here): the partners of the list's kind, and
// keeps the selection on partner keepID. Nil data empties the list.
func (l *partnerList) setEntries(d *tenantData, keepID string) {
	l.entries, l.natural, l.data = nil, nil, d
	l.gen++
	if d != nil {
		l.entries, l.natural = d.entries[l.kind], d.natural[l.kind]
	}
	if !l.sortBy.appliesTo(l.kind) {
		l.sortBy = sortUrgency
	}
	l.order = make([]int, len(l.entries))
	for i := range l.order {
		l.order[i] = i
	}
	sortOrder(l.entries, l.order, l.sortBy)
	l.refilter(keepID)
}

// setSort re-sorts, keeping the selected partner selected.
func (l *partnerList) setSort(k sortKey) {
	id := l.selectedID()
	l.sortBy = k
	sortOrder(l.entries, l.order, k)
	l.refilter(id)
}

// setQuery changes the fuzzy filter. When the selected partner no longer matches, the best
// place to be is the top of what does.
func (l *partnerList) setQuery(q string) {
	if q == l.query {
		return
	}
	l.query = q
	if !l.refilter(l.selectedID()) {
		l.cursor, l.offset = 0, 0
	}
}

// setAttention turns the quick "only unhealthy" filter on or off.
func (l *partnerList) setAttention(on bool) {
	l.attention = on
	l.refilter(l.selectedID())
}

// filtered reports whether a filter hides anything right now.
func (l *partnerList) filtered() bool { return l.query != "" || l.attention }

// refilter recomputes what is visible and puts the cursor back on keepID if it is still there
// (reporting whether it was), on the same screen row where possible, so a refresh does not make
// the list jump. A partner that went keeps the cursor where it was: on its neighbour.
func (l *partnerList) refilter(keepID string) bool {
	screenRow := l.cursor - l.offset
	cands := l.order
	if l.attention {
		cands = make([]int, 0, len(l.order))
		for _, i := range l.order {
			if wantsAttention(&l.entries[i]) {
				cands = append(cands, i)
			}
		}
	}
	l.visible = fuzzyFilter(l.entries, cands, l.query)
	i := -1
	if keepID != "" {
		i = slices.IndexFunc(l.visible, func(j int) bool { return l.entries[j].id == keepID })
		if i >= 0 {
			l.cursor = i
		}
	}
	l.offset = l.cursor - screenRow
	l.clamp()
	return i >= 0
}

// setRows tells the list how many rows the pane shows.
func (l *partnerList) setRows(n int) {
	l.rows = max(n, 1)
	l.clamp()
}

// move moves the cursor by delta rows, scrolling as needed.
func (l *partnerList) move(delta int) {
	l.cursor += delta
	l.clamp()
}

// top and bottom jump to the ends.
func (l *partnerList) top()    { l.cursor = 0; l.clamp() }
func (l *partnerList) bottom() { l.cursor = len(l.visible) - 1; l.clamp() }

// page is the distance pgup/pgdn move.
func (l *partnerList) page() int { return max(l.rows-1, 1) }

// clamp keeps cursor and offset in range and the cursor's row on screen.
func (l *partnerList) clamp() {
	n := len(l.visible)
	l.cursor = min(max(l.cursor, 0), max(n-1, 0))
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.rows > 0 && l.cursor >= l.offset+l.rows {
		l.offset = l.cursor - l.rows + 1
	}
	l.offset = min(max(l.offset, 0), max(n-l.rows, 0))
}

// retriaged takes the same data triaged at a new clock reading without reordering (rows must
// not move under the user's cursor on a timer); the next snapshot or sort change orders them
// again. The widths stay those of the data, so columns do not jump either.
func (l *partnerList) retriaged(d *tenantData) {
	l.entries, l.data = d.entries[l.kind], d
	l.gen++
	if l.attention {
		l.refilter(l.selectedID())
	}
}

// rowsOf is the column rows of es.
func rowsOf[R any](es []entry, row func(*entry) R) []R {
	rows := make([]R, len(es))
	for i := range es {
		rows[i] = row(&es[i])
	}
	return rows
}
