package fleetview

import "github.com/charmbracelet/bubbles/key"

// keyMap is the fleet screen's keys: the dashboard's words for the same things.
type keyMap struct {
	Up, Down, Top, Bottom, PgUp, PgDn  key.Binding
	Open, Filter, ClearFilter, Sort    key.Binding
	Attention, Refresh, Help, Quit     key.Binding
	ForceQuit, Apply, Cancel, moveHelp key.Binding
	FilterUp, FilterDown               key.Binding // arrows only: letters are text while filtering
}

func newKeyMap() keyMap {
	return keyMap{
		Up:          key.NewBinding(key.WithKeys("up", "k")),
		Down:        key.NewBinding(key.WithKeys("down", "j")),
		Top:         key.NewBinding(key.WithKeys("home", "g")),
		Bottom:      key.NewBinding(key.WithKeys("end", "G")),
		PgUp:        key.NewBinding(key.WithKeys("pgup")),
		PgDn:        key.NewBinding(key.WithKeys("pgdown", " ")),
		moveHelp:    key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "move")),
		Open:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		Sort:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
		Attention:   key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "only unhealthy")),
		Refresh:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh all")),
		Help:        key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		Quit:        key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit:   key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Apply:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Cancel:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		FilterUp:    key.NewBinding(key.WithKeys("up")),
		FilterDown:  key.NewBinding(key.WithKeys("down")),
	}
}

// listHelp is the help of the fleet list, with what is enabled now.
type listHelp struct{ k keyMap }

func (h listHelp) ShortHelp() []key.Binding {
	k := h.k
	return []key.Binding{k.Open, k.Filter, k.ClearFilter, k.Sort, k.Attention, k.Help, k.Quit}
}

func (h listHelp) FullHelp() [][]key.Binding {
	k := h.k
	return [][]key.Binding{{k.moveHelp, k.Open}, {k.Filter, k.ClearFilter, k.Sort, k.Attention}, {k.Refresh, k.Help, k.Quit, k.ForceQuit}}
}

// filterHelp is the help while the filter has focus.
type filterHelp struct{ k keyMap }

func (h filterHelp) ShortHelp() []key.Binding {
	return []key.Binding{h.k.Apply, h.k.Cancel, h.k.moveHelp, h.k.ForceQuit}
}

func (h filterHelp) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }
