package ui

import (
	"context"
	"slices"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/partnerdash/partnerdash/client/snapshot"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/dialog"
)

// The dashboard reads its tenant from a shared refresher (Options.Snapshots, or one it makes
// from Options.Service). It never holds partners of its own: it holds the snapshot it last drew
// and entries derived from it (shared with every session drawing the same snapshot, entries.go).
//
//   - r (and the first frame when nothing is loaded yet) calls Refresh: presses while a fetch is
//     in flight, in this session or any other, share it. A change made here calls Invalidate.
//     The session's spinner turns while its own request is pending; refreshDoneMsg ends it.
//   - subscribe waits on the Changed channel of the snapshot on screen, so a fetch started by
//     anyone (another session, the owner's --refresh interval, a write elsewhere) reaches this
//     screen. It runs when the refresher is shared or refreshed on a timer; a refresher only this
//     dashboard drives publishes only what this dashboard asked for, which refreshDoneMsg brings.
//   - Errors, throttling and the data's age come from the snapshot, so every session shows them.

// snapshotMsg brings a newer snapshot of the tenant: from the subscription (sub) or as the end
// of this session's own refresh (done, with the partner to select after a change).
type snapshotMsg struct {
	gen      int // the refresher's generation: a profile switch makes older replies void
	snap     *snapshot.Snapshot[model.TenantPartners]
	sub      bool   // from the subscription: wait for the next change after taking it
	done     bool   // the end of one of this session's own refreshes
	selectID string // select this partner (a change made here), filters or not
}

// attach makes snaps the tenant the dashboard shows (at start, and after a profile switch). A
// refresher the dashboard makes itself is run (and stopped) by the dashboard.
func (m *root) attach(snaps *Snapshots) {
	if m.stopRun != nil {
		m.stopRun()
		m.stopRun = nil
	}
	m.gen++
	m.pending = 0
	m.own = snaps == nil
	if m.subCancel != nil {
		m.subCancel() // the old refresher's subscription ends
		m.subCancel = nil
	}
	if m.own {
		// Nobody else reads this refresher: the session's context bounds its fetches, and its
		// clock dates the data.
		fetch, sessCtx := TenantFetch(m.opts.Service), m.ctx
		snaps = snapshot.New(func(ctx context.Context) (model.TenantPartners, error) {
			ctx, cancel := context.WithCancel(ctx)
			defer context.AfterFunc(sessCtx, cancel)()
			defer cancel()
			return fetch(ctx)
		}, snapshot.WithTimeout(requestTimeout), snapshot.WithEqual(SameTenant), snapshot.WithClock(clockOf(m.opts.Now)))
	}
	m.snaps = snaps
	m.snap = snaps.Current()
	for k := range m.lists {
		m.lists[k].setEntries(nil, "")
		m.summary[k] = summary(nil)
	}
	m.groups = groupState{names: model.GroupNames{}} // another tenant's directory
}

// watched says whether snapshots can arrive that this session did not ask for.
func (m *root) watched() bool { return !m.own || m.opts.RefreshEvery > 0 }

// start begins showing the tenant: the data already there, a fetch if there is none, and the
// subscription. Init and a profile switch call it.
func (m *root) start() tea.Cmd {
	var first tea.Cmd
	if s := m.snaps.Current(); s.Loaded() || s.Err != nil {
		first = m.take(s, "")
	} else {
		first = m.refresh(firstData, "")
	}
	return tea.Batch(m.watch(), first)
}

// watch runs the dashboard's own refresher on its timer, and subscribes to snapshots this
// session did not ask for (when there can be any).
func (m *root) watch() tea.Cmd {
	var cmds []tea.Cmd
	if m.own && m.opts.RefreshEvery > 0 && m.stopRun == nil {
		ctx, stop := context.WithCancel(m.ctx)
		m.stopRun = stop
		snaps, every := m.snaps, m.opts.RefreshEvery
		cmds = append(cmds, func() tea.Msg { go snaps.Run(ctx, every); return nil }) //nolint:errcheck // ends with ctx
	}
	if m.watched() {
		cmds = append(cmds, m.subscribe(m.snap))
	}
	return tea.Batch(cmds...)
}

// refreshKind is what a refresh is for.
type refreshKind int

const (
	userRefresh refreshKind = iota // r: join a fetch in flight, or start one
	afterWrite                     // a change made here: a fetch that starts after it
	firstData                      // the first frame: fetch only if nobody has yet
)

// refresh asks the refresher for fresh data (after a change: data that includes it) and starts
// this session's spinner until that fetch is published.
func (m *root) refresh(how refreshKind, selectID string) tea.Cmd {
	m.pending++
	if m.pending == 1 {
		m.reqStart, m.reqWaited = m.opts.Now(), 0
	}
	snaps, gen, ctx := m.snaps, m.gen, m.ctx
	cmds := []tea.Cmd{func() tea.Msg {
		var done <-chan struct{}
		switch how {
		case firstData:
			done = snaps.First()
		case afterWrite:
			done = snaps.Invalidate()
		default:
			done = snaps.Refresh()
		}
		select {
		case <-done:
		case <-ctx.Done():
		}
		return snapshotMsg{gen: gen, snap: snaps.Current(), done: true, selectID: selectID}
	}}
	if !m.spinning {
		m.spinning = true
		cmds = append(cmds, m.spin.Tick)
	}
	return tea.Batch(cmds...)
}

// subscribe waits for a snapshot newer than s (or the end of the session).
func (m *root) subscribe(s *snapshot.Snapshot[model.TenantPartners]) tea.Cmd {
	snaps, gen, ctx := m.snaps, m.gen, m.subCtx()
	return func() tea.Msg {
		select {
		case <-s.Changed():
			return snapshotMsg{gen: gen, snap: snaps.Current(), sub: true}
		case <-ctx.Done():
			return nil
		}
	}
}

// subCtx ends the subscription of the refresher in use: at the end of the session, or when a
// profile switch replaces the refresher.
func (m *root) subCtx() context.Context {
	if m.subCancel == nil {
		m.subDone, m.subCancel = context.WithCancel(m.ctx)
	}
	return m.subDone
}

// onSnapshot takes a snapshot from the refresher in use. Only the subscription re-arms itself,
// so a session has one subscription at a time; it waits on the newest snapshot on screen.
func (m *root) onSnapshot(msg snapshotMsg) tea.Cmd {
	if msg.gen != m.gen {
		return nil
	}
	if msg.done && m.pending > 0 {
		m.pending--
	}
	var cmd tea.Cmd
	if msg.snap.Seq >= m.snap.Seq && (msg.snap != m.snap || msg.selectID != "") {
		cmd = m.take(msg.snap, msg.selectID)
	}
	if msg.sub {
		return tea.Batch(cmd, m.subscribe(m.snap))
	}
	return cmd
}

// take shows snapshot s: new data keeps the cursor on the same partner (on selectID after a
// change made here), a new error is said in the status line (in the body while there is no data).
func (m *root) take(s *snapshot.Snapshot[model.TenantPartners], selectID string) tea.Cmd {
	prev := m.snap
	m.snap = s
	m.clock = m.opts.Now()
	var cmds []tea.Cmd
	if s.Err != nil && (s.Seq != prev.Seq || prev.Err == nil) {
		if c := m.signInAfterError(s.Err); c != nil {
			cmds = append(cmds, c)
		} else if s.Loaded() {
			cmds = append(cmds, m.setStatus(dialog.StatusMsg{Err: s.Err}))
		}
	}
	if !s.Loaded() {
		return tea.Batch(cmds...)
	}
	if !sameData(prev, s) || m.list.entries == nil || selectID != "" {
		m.now = s.Fetched
		d := tenantEntries(m.snaps, s)
		for k := range m.lists {
			l := &m.lists[k]
			keep := l.selectedID()
			if selectID != "" && kind(k) == m.kind {
				keep = selectID // a dialog acts on the tab shown
			}
			l.setEntries(d, keep)
		}
		if now := m.opts.Now(); now.Sub(m.now) >= relTickEvery {
			// Data fetched a while ago (by another session): triaged at this session's clock.
			m.retriage(now)
		}
		if selectID != "" && m.list.selectedID() != selectID &&
			slices.ContainsFunc(m.list.entries, func(e entry) bool { return e.id == selectID }) {
			// A partner just created or changed is what the user wants to see, filters or not.
			m.clearFilters()
			m.list.refilter(selectID)
		}
		m.summarize()
		m.groups.retryUnresolved()
	}
	if !m.relTicking {
		m.relTicking = true
		cmds = append(cmds, relTick())
	}
	return tea.Batch(cmds...)
}

// sameData reports whether two snapshots carry the same data: the same fetch's, or an equal
// fetch's swapped in without a new Seq (WithEqual).
func sameData(a, b *snapshot.Snapshot[model.TenantPartners]) bool {
	if a.Loaded() != b.Loaded() {
		return false
	}
	return a.Seq == b.Seq || (sameSlice(a.Data.Partners, b.Data.Partners) &&
		sameSlice(a.Data.Compliance, b.Data.Compliance))
}

func sameSlice[E any](a, b []E) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// loaded says whether there is data to show.
func (m *root) loaded() bool { return m.snap.Loaded() }

// loadErr is the error of the latest fetch, nil after a success.
func (m *root) loadErr() error { return m.snap.Err }

// throttled says until when Graph asked for no more requests, or zero.
func (m *root) throttled() time.Time {
	if t := m.snap.RetryAt; t.After(m.opts.Now()) {
		return t
	}
	return time.Time{}
}

// onSpinnerTick animates the spinner while this session's refresh is pending and lets the
// chain end after.
func (m *root) onSpinnerTick(msg spinner.TickMsg) tea.Cmd {
	if m.pending == 0 {
		m.spinning = false
		return nil
	}
	var cmd tea.Cmd
	m.spin, cmd = m.spin.Update(msg)
	m.reqWaited = m.opts.Now().Sub(m.reqStart)
	return cmd
}

// slowAfter is when a request in flight starts showing how long it has waited: the client
// retries an unreachable endpoint for a while before it gives up, and the user should see why.
const slowAfter = 3 * time.Second

// waited says how long the request in flight has taken, once that is worth saying.
func (m *root) waited() string {
	if m.pending == 0 || m.reqWaited < slowAfter {
		return ""
	}
	return " " + model.ShortDuration(m.reqWaited.Truncate(time.Second))
}

// onRelTick re-triages at the current time (ages grow, deadlines near) and waits again.
func (m *root) onRelTick() tea.Cmd {
	m.clock = m.opts.Now()
	m.retriage(m.clock)
	m.summarize()
	return relTick()
}

// summarize counts each tab's partners by health and state, for the tabs and the status line.
func (m *root) summarize() {
	for k := range m.lists {
		m.summary[k] = summary(m.lists[k].entries)
	}
}

// retriage shows the data on screen triaged at now, rounded down to the tick, so that the
// sessions of a tenant share one triage per tick.
func (m *root) retriage(now time.Time) {
	if !m.snap.Loaded() || m.list.entries == nil {
		m.now = now
		return
	}
	m.now = now.Truncate(relTickEvery)
	d := tenantEntriesAt(m.snaps, m.snap, m.now)
	for k := range m.lists {
		m.lists[k].retriaged(d)
	}
}

func relTick() tea.Cmd {
	return tea.Tick(relTickEvery, func(time.Time) tea.Msg { return relTickMsg{} })
}

// setStatus shows a toast (cleared by a timer) or an error (cleared by the next key).
func (m *root) setStatus(msg dialog.StatusMsg) tea.Cmd {
	m.status.id++
	if msg.Err != nil {
		m.status.err, m.status.text = msg.Err, ""
		return nil
	}
	m.status.text, m.status.err = msg.Text, nil
	id := m.status.id
	return tea.Tick(toastFor, func(time.Time) tea.Msg { return clearToastMsg{id: id} })
}
