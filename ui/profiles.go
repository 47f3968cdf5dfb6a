package ui

import (
	"context"
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/cells"
	"github.com/partnerdash/partnerdash/ui/theme"
)

// Profiles lets the user switch the dashboard to another configured tenant with P.
type Profiles struct {
	// Names are the profiles in the order the config file lists them.
	Names []string
	// Current is the profile in use ("" when none is, e.g. the demo).
	Current string
	// Open prepares a profile: resolves its settings and builds its service. It runs in a
	// command, so it may read files and check the token cache; it should not sign in.
	Open func(ctx context.Context, name string) (Backend, error)
}

// Backend is one place partners come from, as Profiles.Open builds it.
type Backend struct {
	Service PartnerService // wrapped with ReadOnly for a read-only profile
	Source  string         // the header's words for it
	Demo    bool
	// SignIn signs in to it interactively (nil when it needs no sign-in); SignInFirst says there
	// is no usable sign-in yet, so the sign-in opens before the first list.
	SignIn      SignInFunc
	SignInFirst bool
}

// accountState is the root's memory of profiles and sign-ins.
type accountState struct {
	current   string // the profile in use
	gen       int    // profile switch generation: a slower, older Open reply is dropped
	dismissed bool   // the user closed a sign-in without finishing: do not reopen it by itself
}

// rootHook is a message that changes the root itself (profile switches and sign-in results);
// Update applies it. It keeps these features out of root.go but for one case.
type rootHook interface{ applyTo(m *root) tea.Cmd }

// openProfiles opens the profile picker.
func (m *root) openProfiles() tea.Cmd {
	p := m.opts.Profiles
	if p == nil || len(p.Names) == 0 {
		return nil
	}
	m.overlay = newProfilePicker(m.theme, p.Names, m.acct.current)
	return nil
}

// profilePicker lists the profiles; enter switches to the one under the cursor.
type profilePicker struct {
	theme   theme.Theme
	names   []string // sanitized for display; index matches raw
	raw     []string
	current string
	cursor  int
	keys    pickerKeys
}

type pickerKeys struct {
	Up, Down, Choose, Cancel key.Binding
}

func newProfilePicker(t theme.Theme, names []string, current string) *profilePicker {
	p := &profilePicker{theme: t, raw: names, current: current, keys: pickerKeys{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "switch")),
		Cancel: key.NewBinding(key.WithKeys("esc", "P"), key.WithHelp("esc", "close")),
	}}
	for i, n := range names {
		p.names = append(p.names, model.Sanitize(n))
		if n == current {
			p.cursor = i
		}
	}
	return p
}

// Update implements overlay.
func (p *profilePicker) Update(msg tea.Msg) (overlay, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return p, nil
	}
	switch {
	case key.Matches(k, p.keys.Up):
		p.cursor = max(p.cursor-1, 0)
	case key.Matches(k, p.keys.Down):
		p.cursor = min(p.cursor+1, len(p.raw)-1)
	case key.Matches(k, p.keys.Cancel):
		return nil, nil
	case key.Matches(k, p.keys.Choose):
		name := p.raw[p.cursor]
		if name == p.current {
			return nil, nil
		}
		return nil, func() tea.Msg { return switchProfileMsg{name: name} }
	}
	return p, nil
}

// View implements overlay.
func (p *profilePicker) View(w, h int) string {
	t := p.theme
	w = dlgWidth(min(w, 60))
	iw := dlgInner(w)
	body := []string{""}
	for i, n := range p.names {
		mark, style := "  ", t.Text
		if i == p.cursor {
			mark, style = t.Cursor.Render("❯ "), t.Selected
		}
		line := n
		if p.raw[i] == p.current {
			line += "  (in use)"
		}
		body = append(body, mark+style.Render(cells.Fit(line, iw-2)))
	}
	body = append(body, "")
	return dlgBox(t, false, "Switch profile", nil, body, nil, p.cursor+1, w, dlgHeight(h))
}

// ShortHelp implements overlay.
func (p *profilePicker) ShortHelp() []key.Binding {
	return []key.Binding{p.keys.Up, p.keys.Down, p.keys.Choose, p.keys.Cancel}
}

// FullHelp implements overlay.
func (p *profilePicker) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

// switchProfileMsg asks the root to open a profile.
type switchProfileMsg struct{ name string }

func (msg switchProfileMsg) applyTo(m *root) tea.Cmd {
	p := m.opts.Profiles
	if p == nil || p.Open == nil {
		return nil
	}
	m.acct.gen++
	gen, name := m.acct.gen, msg.name
	ctx, open := m.ctx, p.Open
	return tea.Batch(toast("Opening "+model.Sanitize(name)+"…"), func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, requestTimeout)
		defer cancel()
		b, err := open(ctx, name)
		return profileOpenedMsg{gen: gen, name: name, backend: b, err: err}
	})
}

// profileOpenedMsg is the reply to Profiles.Open.
type profileOpenedMsg struct {
	gen     int
	name    string
	backend Backend
	err     error
}

func (msg profileOpenedMsg) applyTo(m *root) tea.Cmd {
	if msg.gen != m.acct.gen {
		return nil
	}
	if msg.err != nil {
		return showError(fmt.Errorf("profile %s: %w", model.Sanitize(msg.name), msg.err))
	}
	b := msg.backend
	if m.cancel != nil {
		m.cancel() // a list of the old tenant must not land in the new one
		m.cancel, m.req = nil, 0
	}
	m.opts.Service, m.opts.Source, m.opts.Demo, m.opts.SignIn = b.Service, b.Source, b.Demo, b.SignIn
	m.acct.current, m.acct.dismissed = msg.name, false
	m.loaded, m.loadErr, m.loadedAt = false, nil, time.Time{}
	m.clearFilters()
	m.list.setEntries(nil, "")
	m.summary = summary(nil)
	m.focus = focusList
	m.overlay = nil
	if b.SignInFirst && b.SignIn != nil {
		return m.openSignIn()
	}
	return m.startLoad()
}
