// Package fleetview is the fleet screen: one row per tenant of a fleet (client/fleet) with its
// worst health, its partners per state for both kinds, its nearest device deadline and its own
// status (loading, consent missing, throttled, unreachable, auth failed), most urgent first.
// enter opens that tenant's dashboard (package ui's root) inside the screen; esc comes back.
//
// The screen reads only the tenants' shared snapshots (fleet.Tenant.Snapshots): whoever owns the
// fleet runs it (fleet.Run), and the screen looks at the snapshots on a short timer, rebuilding
// its rows when one has news. So it draws its first rows before any tenant has answered, and a
// progress count ("12/25 loaded") says how far the fleet has got.
//
// Its columns are declared once (columns.go) in the style of ui/columns; every string drawn —
// tenant names from the fleet file, reasons from Graph and the authority — is cleaned when a
// row is built (newRow), never at drawing time.
package fleetview

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/partnerdash/partnerdash/client/fleet"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui"
	"github.com/partnerdash/partnerdash/ui/columns"
	"github.com/partnerdash/partnerdash/ui/theme"
)

// Options configure one fleet screen. The local program and every SSH session build their own.
type Options struct {
	// Fleet is the tenants. The screen never reads Graph itself: its owner runs it (fleet.Run).
	Fleet *fleet.Fleet
	// Dashboard is the template of a tenant's dashboard: renderer, clock, context, zone,
	// identity, read-only, clipboard... Service, Source, Demo and Back are set per tenant.
	// The fleet screen uses its Renderer, Now, Context, Identity, ReadOnly and DisableSuspend too.
	Dashboard ui.Options
	// Service is the tenant's service for its dashboard (an SSH session wraps it for the
	// session's role and audit log). Nil: the tenant's own Graph client.
	Service func(t *fleet.Tenant) ui.PartnerService
	// Source says where the fleet comes from, for the header: "built-in demo fleet", a file.
	Source string
	// Demo marks the built-in demo fleet: the header says DEMO.
	Demo bool
	// Thresholds of the triage (model.DefaultThresholds() when zero).
	Thresholds model.Thresholds
	// Poll is how often the snapshots are looked at (250ms when zero).
	Poll time.Duration
}

// DefaultPoll is how often the screen looks at the tenants' snapshots.
const DefaultPoll = 250 * time.Millisecond

// New builds the fleet screen.
func New(o Options) tea.Model { return newModel(o) }

// sortKey is one of the orders s cycles through.
type sortKey int

const (
	sortUrgency  sortKey = iota // fleet.SortByUrgency: unreadable and critical first
	sortName                    // by tenant name
	sortDeadline                // nearest device deadline first, none last
	sortStatus                  // the tenant's own status: failures first, loading last
	sortKeys
)

func (k sortKey) String() string {
	return [...]string{"urgency", "name", "deadline", "status"}[k]
}

// Messages.
type (
	pollMsg struct{}
	// backMsg is what an open dashboard sends on esc (ui.Options.Back).
	backMsg struct{}
	// dashMsg carries a message of the dashboard opened gen-th: a reply of a dashboard that
	// was closed must not reach the next one (the dashboards number their requests alike).
	dashMsg struct {
		gen int
		msg tea.Msg
	}
)

type screen struct {
	opts  Options
	th    model.Thresholds
	theme theme.Theme
	ctx   context.Context
	keys  keyMap
	help  help.Model

	filter    textinput.Model
	attention bool
	sortBy    sortKey

	width, height int
	rows          []Row // every tenant, in urgency order
	natural       []int // the columns' natural widths over every row (not only those shown)
	visible       []int // indices into rows: filtered and sorted
	cursor        int   // index into visible
	offset        int   // first visible row on screen
	selectedID    string
	moved         bool // the user chose a row: keep it selected across rebuilds (else the top one)

	version    uint64    // sum of the snapshots' sequence numbers when rows were built
	builtAt    time.Time // the clock when rows were built
	changedAt  time.Time // when a snapshot last had news, for the header
	done, all  int       // progress
	dash       tea.Model // the open tenant's dashboard, nil on the fleet
	dashGen    int
	dashTenant string
}

func newModel(o Options) *screen {
	if o.Dashboard.Now == nil {
		o.Dashboard.Now = time.Now
	}
	if o.Poll <= 0 {
		o.Poll = DefaultPoll
	}
	if o.Dashboard.Renderer == nil {
		o.Dashboard.Renderer = lipgloss.NewRenderer(nilWriter{})
	}
	th := o.Thresholds
	if th == (model.Thresholds{}) {
		th = model.DefaultThresholds()
	}
	ctx := o.Dashboard.Context
	if ctx == nil {
		ctx = context.Background()
	}
	t := theme.New(o.Dashboard.Renderer)
	m := &screen{opts: o, th: th, theme: t, ctx: ctx, keys: newKeyMap()}
	m.help = help.New()
	m.help.Styles = t.Help
	m.filter = t.TextInput("/ ", "tenant name or id", 200, t.FilterPrompt, t.FilterText, t.FilterPlaceholder, t.FilterCursor)
	m.rebuild(true)
	return m
}

type nilWriter struct{}

func (nilWriter) Write(p []byte) (int, error) { return len(p), nil }

// Init draws the rows there are (every tenant, loading) and starts looking at the snapshots.
func (m *screen) Init() tea.Cmd { return m.poll() }

func (m *screen) poll() tea.Cmd {
	return tea.Tick(m.opts.Poll, func(time.Time) tea.Msg { return pollMsg{} })
}

// Update handles the fleet's keys, or hands everything to the open dashboard.
func (m *screen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	m.syncKeys()
	return m, cmd
}

func (m *screen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case pollMsg:
		m.rebuild(false)
		return m.poll()
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.clampScroll()
		if m.dash != nil {
			return m.toDash(msg)
		}
		return nil
	case backMsg:
		m.dash = nil
		m.rebuild(true)
		return nil
	case dashMsg:
		if m.dash == nil || msg.gen != m.dashGen {
			return nil // a reply for a dashboard that was closed
		}
		return m.toDash(msg.msg)
	}
	if m.dash != nil {
		return m.toDash(msg)
	}
	if k, ok := msg.(tea.KeyMsg); ok {
		return m.handleKey(k)
	}
	if m.filter.Focused() {
		var cmd tea.Cmd
		m.filter, cmd = m.filter.Update(msg)
		return cmd
	}
	return nil
}

// toDash hands msg to the open dashboard, tagging the commands it returns with its generation.
func (m *screen) toDash(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	m.dash, cmd = m.dash.Update(msg)
	return tag(m.dashGen, cmd)
}

// tag makes cmd's message a dashMsg of dashboard gen; Bubble Tea's own messages (batches, quit,
// suspend) pass as they are, their commands tagged in turn.
func tag(gen int, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		msg := cmd()
		switch msg := msg.(type) {
		case nil, tea.QuitMsg, tea.SuspendMsg, backMsg:
			return msg
		case tea.BatchMsg:
			out := make(tea.BatchMsg, 0, len(msg))
			for _, c := range msg {
				out = append(out, tag(gen, c))
			}
			return out
		}
		return dashMsg{gen: gen, msg: msg}
	}
}

// handleKey: the fleet's keys, or the filter's while it has focus.
func (m *screen) handleKey(k tea.KeyMsg) tea.Cmd {
	if key.Matches(k, m.keys.ForceQuit) {
		return tea.Quit
	}
	if m.filter.Focused() {
		switch {
		case key.Matches(k, m.keys.Apply):
			m.filter.Blur()
		case key.Matches(k, m.keys.Cancel):
			m.filter.Blur()
			m.filter.SetValue("")
			m.refilter()
		case key.Matches(k, m.keys.FilterUp):
			m.move(-1)
		case key.Matches(k, m.keys.FilterDown):
			m.move(1)
		default:
			var cmd tea.Cmd
			m.filter, cmd = m.filter.Update(k)
			m.refilter()
			return cmd
		}
		return nil
	}
	switch {
	case key.Matches(k, m.keys.Quit):
		return tea.Quit
	case key.Matches(k, m.keys.Up):
		m.move(-1)
	case key.Matches(k, m.keys.Down):
		m.move(1)
	case key.Matches(k, m.keys.Top):
		m.move(-len(m.visible))
	case key.Matches(k, m.keys.Bottom):
		m.move(len(m.visible))
	case key.Matches(k, m.keys.PgUp):
		m.move(-m.pageRows())
	case key.Matches(k, m.keys.PgDn):
		m.move(m.pageRows())
	case key.Matches(k, m.keys.Filter):
		m.filter.Focus()
		return textinput.Blink
	case key.Matches(k, m.keys.ClearFilter):
		if m.filter.Value() != "" || m.attention {
			m.filter.SetValue("")
			m.attention = false
			m.refilter()
		}
	case key.Matches(k, m.keys.Attention):
		m.attention = !m.attention
		m.refilter()
	case key.Matches(k, m.keys.Sort):
		m.sortBy = (m.sortBy + 1) % sortKeys
		m.refilter()
	case key.Matches(k, m.keys.Refresh):
		for _, t := range m.opts.Fleet.Tenants() {
			t.Snapshots().Refresh()
		}
	case key.Matches(k, m.keys.Open):
		return m.open()
	case key.Matches(k, m.keys.Help):
		m.help.ShowAll = !m.help.ShowAll
	}
	return nil
}

// open opens the selected tenant's dashboard over the fleet screen.
func (m *screen) open() tea.Cmd {
	r := m.selected()
	if r == nil {
		return nil
	}
	var t *fleet.Tenant
	for _, x := range m.opts.Fleet.Tenants() {
		if model.Sanitize(x.Config.ID) == r.ID {
			t = x
			break
		}
	}
	if t == nil {
		return nil
	}
	o := m.opts.Dashboard
	if m.opts.Service != nil {
		o.Service = m.opts.Service(t)
	} else {
		o.Service = t.Client
		if o.ReadOnly {
			o.Service = ui.ReadOnly(t.Client)
		}
	}
	o.Source = r.Name
	if r.Name != r.ID {
		o.Source += " (" + r.ID + ")"
	}
	// The dashboard reads the tenant's own shared snapshots, the ones this screen shows: one read
	// of the tenant for both, and r in the dashboard refreshes the fleet's row too.
	o.Snapshots = t.Snapshots()
	o.Demo = m.opts.Demo
	o.Back = backMsg{}
	m.dashGen++
	m.dashTenant = r.ID
	m.dash = ui.New(o)
	init := m.dash.Init()
	var size tea.Cmd
	if m.width > 0 {
		size = m.toDash(tea.WindowSizeMsg{Width: m.width, Height: m.height})
	}
	return tea.Batch(tag(m.dashGen, init), size)
}

// rebuild reads every tenant's snapshot again when one has news (or force), keeping the
// selected tenant selected.
func (m *screen) rebuild(force bool) {
	fl := m.opts.Fleet
	if fl == nil {
		return
	}
	now := m.opts.Dashboard.Now()
	var v uint64
	for _, t := range fl.Tenants() {
		v += t.Snapshots().Current().Seq
	}
	if !force && v == m.version && now.Sub(m.builtAt) < 30*time.Second {
		return
	}
	if v != m.version {
		m.changedAt = now
	}
	m.version, m.builtAt = v, now
	m.done, m.all = fl.Progress()
	rep := fl.Report(now, m.th)
	fleet.SortByUrgency(rep.Tenants)
	m.rows = m.rows[:0]
	for _, tr := range rep.Tenants {
		m.rows = append(m.rows, newRow(tr))
	}
	m.natural = columns.Natural(Columns, m.rows, true)
	m.refilter()
}

// refilter applies the filter, u and the sort, keeping the selected tenant where it can.
func (m *screen) refilter() {
	q := m.filter.Value()
	m.visible = m.visible[:0]
	for i, r := range m.rows {
		if m.attention && !r.unhealthy() {
			continue
		}
		if q != "" && !ui.Matches(q, r.Name) && !ui.Matches(q, r.ID) {
			continue
		}
		m.visible = append(m.visible, i)
	}
	if m.sortBy != sortUrgency {
		slices.SortStableFunc(m.visible, func(a, b int) int { return compareBy(m.sortBy, &m.rows[a], &m.rows[b]) })
	}
	m.cursor = 0
	for i, ri := range m.visible {
		if m.moved && m.rows[ri].ID == m.selectedID {
			m.cursor = i
			break
		}
	}
	m.follow()
}

func compareBy(k sortKey, a, b *Row) int {
	switch k {
	case sortName:
		return strings.Compare(a.nameKey, b.nameKey)
	case sortDeadline:
		switch {
		case a.HasDeadline && !b.HasDeadline:
			return -1
		case !a.HasDeadline && b.HasDeadline:
			return 1
		case a.HasDeadline && a.Deadline.In != b.Deadline.In:
			if a.Deadline.In < b.Deadline.In {
				return -1
			}
			return 1
		}
	case sortStatus:
		return statusRank(a.Status.Kind) - statusRank(b.Status.Kind)
	}
	return 0
}

// statusRank orders statuses for s: what an admin must act on first, loading last.
func statusRank(k fleet.StatusKind) int {
	switch k {
	case fleet.AuthFailed:
		return 0
	case fleet.ConsentMissing:
		return 1
	case fleet.Unreachable:
		return 2
	case fleet.Throttled:
		return 3
	case fleet.OK:
		return 4
	}
	return 5
}

func (m *screen) selected() *Row {
	if m.cursor < 0 || m.cursor >= len(m.visible) {
		return nil
	}
	return &m.rows[m.visible[m.cursor]]
}

func (m *screen) move(d int) {
	if len(m.visible) == 0 {
		return
	}
	m.cursor = max(0, min(len(m.visible)-1, m.cursor+d))
	m.moved = true
	m.follow()
}

// follow remembers the selected tenant and scrolls it into view.
func (m *screen) follow() {
	if r := m.selected(); r != nil {
		m.selectedID = r.ID
	}
	m.clampScroll()
}

func (m *screen) clampScroll() {
	rows := m.pageRows()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if rows > 0 && m.cursor >= m.offset+rows {
		m.offset = m.cursor - rows + 1
	}
	m.offset = max(0, min(m.offset, max(len(m.visible)-rows, 0)))
}

// Progress says how many tenants have an outcome, e.g. "12/25 loaded".
func (m *screen) Progress() string { return fmt.Sprintf("%d/%d loaded", m.done, m.all) }
