package dialog

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/cells"
	"github.com/partnerdash/partnerdash/ui/theme"
)

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

// ProfilePicker lists names (raw: it sanitizes them) with current marked; enter sends ProfileChosen.
func ProfilePicker(t theme.Theme, names []string, current string) Dialog {
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

// Update implements Dialog.
func (p *profilePicker) Update(msg tea.Msg) (Dialog, tea.Cmd) {
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
		return nil, func() tea.Msg { return ProfileChosen{Name: name} }
	}
	return p, nil
}

// View implements Dialog.
func (p *profilePicker) View(w, h int) string {
	t := p.theme
	w = boxWidth(min(w, 60))
	iw := innerWidth(w)
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
	return box(t, false, "Switch profile", nil, body, nil, p.cursor+1, w, boxHeight(h))
}

// ShortHelp implements Dialog.
func (p *profilePicker) ShortHelp() []key.Binding {
	return []key.Binding{p.keys.Up, p.keys.Down, p.keys.Choose, p.keys.Cancel}
}

// FullHelp implements Dialog.
func (p *profilePicker) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }
