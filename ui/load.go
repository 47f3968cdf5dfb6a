package ui

import (
	"context"
	"slices"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/dialog"
)

// startLoad lists partners in a command. A newer request overtakes (and cancels) one in flight;
// the spinner runs only while a request is in flight.
func (m *root) startLoad() tea.Cmd {
	if m.cancel != nil {
		m.cancel()
	}
	m.lastReq++
	m.req = m.lastReq
	m.reqStart, m.reqWaited = m.opts.Now(), 0
	ctx, cancel := context.WithTimeout(m.ctx, requestTimeout)
	m.cancel = cancel
	cmds := []tea.Cmd{listCmd(ctx, cancel, m.opts.Service, m.req, m.opts.Now)}
	if !m.spinning {
		m.spinning = true
		cmds = append(cmds, m.spin.Tick)
	}
	return tea.Batch(cmds...)
}

// listCmd reads the tenant's partners of both kinds and prepares the entries (sanitized,
// triaged) off the UI's loop.
func listCmd(ctx context.Context, cancel context.CancelFunc, svc PartnerService, req int, now func() time.Time) tea.Cmd {
	return func() tea.Msg {
		defer cancel()
		if svc == nil {
			return listLoadedMsg{req: req, err: errNoService, at: now()}
		}
		ps, err := svc.List(ctx)
		var cs []model.CompliancePartner
		if err == nil {
			cs, err = svc.ListCompliance(ctx)
		}
		at := now()
		if err != nil {
			return listLoadedMsg{req: req, err: err, at: at}
		}
		return listLoadedMsg{req: req, entries: newEntries(ps, at), compliance: newComplianceEntries(cs, at), at: at}
	}
}

// onListLoaded takes a list reply, unless a newer request overtook it.
func (m *root) onListLoaded(msg listLoadedMsg) tea.Cmd {
	if msg.req != m.req {
		return nil
	}
	m.req, m.cancel = 0, nil
	auto := m.scheduleAutoRefresh()
	if msg.err != nil {
		m.loadErr = msg.err
		m.selectAfter = ""
		if c := m.signInAfterError(msg.err); c != nil {
			return tea.Batch(auto, c)
		}
		if !m.loaded {
			return auto // the body explains it, with a way to retry
		}
		return tea.Batch(auto, m.setStatus(dialog.StatusMsg{Err: msg.err}))
	}
	m.loadErr = nil
	m.now, m.loadedAt = msg.at, msg.at
	target := m.selectAfter
	m.selectAfter = ""
	for k, es := range [numKinds][]entry{kindDevice: msg.entries, kindCompliance: msg.compliance} {
		l := &m.lists[k]
		keep := l.selectedID()
		if target != "" && kind(k) == m.kind {
			keep = target // a dialog acts on the tab shown
		}
		l.setEntries(es, keep)
		m.summary[k] = summary(l.entries)
	}
	if target != "" && m.list.selectedID() != target &&
		slices.ContainsFunc(m.list.entries, func(e entry) bool { return e.id == target }) {
		// A partner just created or changed is what the user wants to see, filters or not.
		m.clearFilters()
		m.list.refilter(target)
	}
	m.groups.retryUnresolved()
	m.loaded = true
	var tick tea.Cmd
	if !m.relTicking {
		m.relTicking = true
		tick = relTick()
	}
	return tea.Batch(auto, tick)
}

// onSpinnerTick animates the spinner while a request is in flight and lets the chain end after.
func (m *root) onSpinnerTick(msg spinner.TickMsg) tea.Cmd {
	if m.req == 0 {
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
	if m.req == 0 || m.reqWaited < slowAfter {
		return ""
	}
	return " " + model.ShortDuration(m.reqWaited.Truncate(time.Second))
}

// onRelTick re-triages at the current time (ages grow, deadlines near) and waits again.
func (m *root) onRelTick() tea.Cmd {
	m.now = m.opts.Now()
	for k := range m.lists {
		m.lists[k].retriage(m.now)
		m.summary[k] = summary(m.lists[k].entries)
	}
	return relTick()
}

func relTick() tea.Cmd {
	return tea.Tick(relTickEvery, func(time.Time) tea.Msg { return relTickMsg{} })
}

// scheduleAutoRefresh arms the --refresh timer after each reply; an older timer is void.
func (m *root) scheduleAutoRefresh() tea.Cmd {
	if m.opts.RefreshEvery <= 0 {
		return nil
	}
	m.autoGen++
	gen := m.autoGen
	return tea.Tick(m.opts.RefreshEvery, func(time.Time) tea.Msg { return autoRefreshMsg{gen: gen} })
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
