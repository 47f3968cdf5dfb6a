package ui

// The root model is a small router. It owns the layout, the data of the last list reply and the
// mode, and hands each key to the handler of the current mode (handlers.go). All I/O happens in
// commands whose replies carry a request id (load.go); View only reads state. See doc.go.

import (
	"context"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/partnerdash/partnerdash/client/snapshot"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/dialog"
	"github.com/partnerdash/partnerdash/ui/theme"
)

// mode is what keys go to, derived from state so it can never disagree with it.
type mode int

const (
	modeList    mode = iota // browsing the list (the detail pane may be beside it)
	modeDetail              // the detail pane has focus (full screen when narrow)
	modeFilter              // typing in the filter input: every key is text
	modeOverlay             // a dialog or form is open
)

// pane is which pane has focus.
type pane int

const (
	focusList pane = iota
	focusDetail
)

type root struct {
	opts   Options
	ctx    context.Context
	theme  theme.Theme
	keys   keyMaps
	help   help.Model
	spin   spinner.Model
	filter textinput.Model

	width, height int
	focus         pane
	kind          kind                  // the tab shown
	lists         [numKinds]partnerList // one list per kind, each with its own cursor, sort and filters
	list          *partnerList          // the list of the tab shown: &lists[kind]
	detail        detailPane
	groups        groupState // group names resolved this session (groups.go)
	overlay       dialog.Dialog

	// The tenant (load.go): the shared refresher and the snapshot on screen. The partners are
	// the snapshot's; the list holds only entries derived from it and this session's state.
	snaps     *Snapshots
	snap      *snapshot.Snapshot[model.TenantPartners]
	own       bool               // the dashboard made snaps itself (no Options.Snapshots)
	gen       int                // refresher generation: a profile switch voids older replies
	stopRun   context.CancelFunc // stops Run of an own refresher with RefreshEvery
	subDone   context.Context    // ends the subscription to snaps
	subCancel context.CancelFunc

	now     time.Time               // the clock reading the data was last triaged at; View reads only this
	clock   time.Time               // the clock reading of the last snapshot or tick, for the data's age
	summary [numKinds]model.Summary // counts for the tabs and the status line

	pending    int           // this session's refreshes not yet published (its spinner turns)
	spinning   bool          // a spinner tick chain is running
	reqStart   time.Time     // when this session's refresh started
	reqWaited  time.Duration // how long it has been pending, as of the last spinner tick
	relTicking bool          // the relative-time tick chain is running

	detailDrawn detailDrawn // the detail pane's lines, built once for Update and View
	fitted      fitMemo     // lines already fitted to their width
	helpDrawn   helpDrawn   // the help line last drawn
	statusDrawn statusDrawn // the counts line last drawn

	status statusLine
	acct   accountState // profile in use and sign-in state (profiles.go, signin.go)
}

// statusLine is a toast or an error shown above the help line.
type statusLine struct {
	text string // toast, already safe to draw
	err  error  // until the next key press
	id   int    // toast number, so an old timer does not clear a newer toast
}

func newRoot(opts Options) *root {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if opts.Renderer == nil {
		// Plain text is the safe default for a caller that did not say what the terminal can do.
		opts.Renderer = lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
		opts.Renderer.SetHasDarkBackground(true)
	}
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	t := theme.New(opts.Renderer)
	m := &root{opts: opts, ctx: ctx, theme: t, keys: newKeyMaps(), now: opts.Now()}
	for k := range m.lists {
		m.lists[k].kind = kind(k)
	}
	m.list = &m.lists[kindDevice]
	m.help = help.New()
	m.help.Styles = t.Help
	m.spin = spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(t.Spinner))
	m.filter = newFilterInput(t)
	if opts.Profiles != nil {
		m.acct.current = opts.Profiles.Current
	}
	m.attach(opts.Snapshots)
	m.syncKeys()
	return m
}

// Init shows the tenant's data, fetching it first when the refresher has none yet (the reply
// draws the first frame with data), and subscribes to its changes. Without a usable sign-in it
// signs in first (the list follows the sign-in).
func (m *root) Init() tea.Cmd {
	if m.opts.SignInFirst && m.opts.SignIn != nil {
		return tea.Batch(open(openSignIn), m.watch())
	}
	return m.start()
}

// Update routes a message to its handler, then brings derived state (scroll, key bindings) in line.
func (m *root) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		cmd = m.toOverlay(msg)
	case tea.KeyMsg:
		cmd = m.handleKeys(msg)
	case snapshotMsg:
		cmd = m.onSnapshot(msg)
	case groupsResolvedMsg:
		cmd = m.onGroupsResolved(msg)
	case spinner.TickMsg:
		cmd = m.onSpinnerTick(msg)
	case relTickMsg:
		cmd = m.onRelTick()
	case clearToastMsg:
		if msg.id == m.status.id {
			m.status.text = ""
		}
	case profileOpenedMsg:
		cmd = m.onProfileOpened(msg)
	case openMsg:
		cmd = m.openDialog(msg)
	case dialog.Closed, dialog.Refresh, dialog.StatusMsg, dialog.ProfileChosen, dialog.SignInClosed:
		cmd = m.onDialogMsg(msg)
	default:
		cmd = m.toOverlay(msg)
	}
	m.sync()
	return m, tea.Batch(cmd, m.resolveGroups())
}

// handleKeys splits keys typed faster than they are read: Bubble Tea delivers "jjj" as one
// message, which matches no binding, so holding j would do nothing. A bracketed paste stays text.
func (m *root) handleKeys(k tea.KeyMsg) tea.Cmd {
	if k.Type != tea.KeyRunes || len(k.Runes) < 2 || k.Paste {
		return m.handleKey(k)
	}
	cmds := make([]tea.Cmd, 0, len(k.Runes))
	for _, r := range k.Runes {
		cmds = append(cmds, m.handleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: k.Alt}))
		m.sync() // the next key must see the bindings this one enabled (e.g. / then text)
	}
	return tea.Batch(cmds...)
}

// handleKey gives a key to whoever owns keys in the current mode.
func (m *root) handleKey(k tea.KeyMsg) tea.Cmd {
	m.status.err = nil // errors stay until the next key press
	if key.Matches(k, m.keys.list.ForceQuit) {
		return m.quit()
	}
	if m.layout().tooSmall {
		// Nothing readable is on screen: an open form or dialog must not take keys typed blind.
		// It stays as it is until the terminal is large enough again.
		if m.overlay == nil && key.Matches(k, m.keys.list.Quit) {
			return m.quit()
		}
		return nil
	}
	switch m.mode() {
	case modeOverlay:
		return m.toOverlay(k)
	case modeFilter:
		return m.handleFilterKey(k)
	case modeDetail:
		return m.handleDetailKey(k)
	}
	return m.handleListKey(k)
}

func (m *root) mode() mode {
	switch {
	case m.overlay != nil:
		return modeOverlay
	case m.filter.Focused():
		return modeFilter
	case m.focus == focusDetail:
		return modeDetail
	}
	return modeList
}

// toOverlay hands msg to the open overlay, if any.
func (m *root) toOverlay(msg tea.Msg) tea.Cmd {
	if m.overlay == nil {
		return nil
	}
	var cmd tea.Cmd
	m.overlay, cmd = m.overlay.Update(msg)
	return cmd
}

// leave hands the screen back to whoever opened the dashboard (Options.Back): the dashboard stops
// waiting for news (the shared snapshots it read go on for their owner).
func (m *root) leave() tea.Cmd {
	m.stop()
	back := m.opts.Back
	return func() tea.Msg { return back }
}

func (m *root) quit() tea.Cmd {
	m.stop()
	return tea.Quit
}

// stop ends what the dashboard runs: its own refresher, if it made one, and its wait for news.
func (m *root) stop() {
	if m.stopRun != nil {
		m.stopRun()
	}
	if m.subCancel != nil {
		m.subCancel()
	}
}

// layout is where everything goes now.
func (m *root) layout() layout {
	statusH := 1
	if m.status.err != nil {
		statusH = len(dialog.ErrorLines(m.status.err))
	}
	helpH := 1
	if m.help.ShowAll {
		h := m.help
		h.Width = m.width - 2
		helpH = lipgloss.Height(h.View(m.helpKeys()))
	}
	return computeLayout(m.width, m.height, statusH, helpH)
}

// listRows is how many partner rows the list pane has room for.
func (m *root) listRows(l layout) int {
	rows := l.paneRows() - 1 // column heads
	if m.filterBarShown() {
		rows--
	}
	return rows
}

// sync brings derived state in line after any change: the list's page size, the detail pane's
// scroll, the focus (nothing to focus when nothing is selected) and which keys are enabled.
func (m *root) sync() {
	l := m.layout()
	m.list.setRows(m.listRows(l))
	if m.list.selected() == nil {
		m.focus = focusList
	}
	m.detail.follow(m.list.selectedID())
	if n, rows := m.detailSize(l); n > 0 {
		m.detail.scroll(0, n, rows)
	}
	m.syncKeys()
}

// syncKeys enables exactly the bindings that do something now, so help shows only those.
func (m *root) syncKeys() {
	readOnly := m.opts.ReadOnly
	sel := m.list.selected() != nil
	split := m.layout().split
	device := m.kind == kindDevice
	hasData := len(m.list.entries) > 0

	for _, set := range []struct {
		nav *navKeys
		act *actionKeys
		app *appKeys
		on  bool // a partner is there to move to or act on
	}{
		{&m.keys.list.navKeys, &m.keys.list.actionKeys, &m.keys.list.appKeys, sel},
		{&m.keys.detail.navKeys, &m.keys.detail.actionKeys, &m.keys.detail.appKeys, sel},
	} {
		for _, b := range []*key.Binding{&set.nav.Move, &set.nav.Up, &set.nav.Down, &set.nav.Top,
			&set.nav.Bottom, &set.nav.PgUp, &set.nav.PgDn} {
			b.SetEnabled(set.on)
		}
		set.act.CopyID.SetEnabled(sel && m.opts.Copy != nil)
		set.act.CopyJSON.SetEnabled(sel && m.opts.Copy != nil)
		set.act.Edit.SetEnabled(sel && !readOnly)
		set.act.Delete.SetEnabled(sel && !readOnly)
		set.act.Terminate.SetEnabled(sel && !readOnly && device) // compliance partners have no terminate
		set.act.New.SetEnabled(!readOnly)
		set.app.Suspend.SetEnabled(!m.opts.DisableSuspend)
		set.app.Profiles.SetEnabled(m.opts.Profiles != nil && len(m.opts.Profiles.Names) > 0)
		set.app.SignIn.SetEnabled(m.opts.SignIn != nil)
	}
	k := &m.keys.list
	k.Open.SetEnabled(sel && !split)
	k.Focus.SetEnabled(sel && split)
	k.Filter.SetEnabled(hasData)
	m.keys.detail.Filter.SetEnabled(hasData)
	k.ClearFilter.SetEnabled(m.list.filtered())
	k.Leave.SetEnabled(m.opts.Back != nil && !m.list.filtered())
	for _, kk := range []*kindKeys{&m.keys.list.kindKeys, &m.keys.detail.kindKeys} {
		kk.Device.SetEnabled(m.kind != kindDevice)
		kk.Compliance.SetEnabled(m.kind != kindCompliance)
	}
	k.Sort.SetEnabled(len(m.list.entries) > 1)
	k.Attention.SetEnabled(hasData)
	if m.list.attention {
		k.Attention.SetHelp("u", "show all")
	} else {
		k.Attention.SetHelp("u", "only unhealthy")
	}
	if d := &m.keys.detail; split {
		d.Back.SetKeys("esc", "tab")
		d.Back.SetHelp("esc/tab", "focus list")
	} else {
		d.Back.SetKeys("esc")
		d.Back.SetHelp("esc", "back to list")
	}
}

// helpKeys is the key map of the current mode, for the help line.
func (m *root) helpKeys() help.KeyMap {
	switch m.mode() {
	case modeOverlay:
		return overlayKeys{m.overlay}
	case modeFilter:
		return m.keys.filter
	case modeDetail:
		return m.keys.detail
	}
	return m.keys.list
}

// View draws the whole screen: header, panes, status line and help, never wider or taller than
// the terminal.
func (m *root) View() string {
	if m.width == 0 || m.height == 0 {
		return "" // no size yet: the first WindowSizeMsg comes at once
	}
	// cells.Clamp, with each line's fate remembered (fitMemo).
	m.fitted.frame()
	lines := m.screen()
	var b strings.Builder
	n := m.height
	for _, l := range lines {
		n += len(l)
	}
	b.Grow(n) // one allocation for the frame
	for i := 0; i < m.height; i++ {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i < len(lines) {
			b.WriteString(m.fitted.clamp(lines[i], m.width))
		}
	}
	return b.String()
}

// screen is every line of the frame before the final clamp (which tests check is never needed).
func (m *root) screen() []string {
	l := m.layout()
	if l.tooSmall {
		return m.tooSmallView()
	}
	lines := make([]string, 0, l.height)
	lines = append(lines, m.headerView(l.width), m.tabsView(l.width))
	lines = append(lines, m.bodyView(l)...)
	lines = append(lines, m.statusView(l)...)
	lines = append(lines, m.helpView(l)...)
	if m.overlay != nil {
		lines = placeOver(lines, m.overlay.View(l.width, l.height), l.width)
	}
	return lines
}
