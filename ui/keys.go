package ui

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/partnerdash/partnerdash/ui/dialog"
)

// One key map per view. A binding that does nothing in the current state is disabled (not hidden
// by hand): key.Matches ignores it and the help bubble leaves it out, so the help line always
// shows exactly the keys that work here. syncKeys in root.go decides what is enabled.

// navKeys move a cursor or scroll a pane.
type navKeys struct {
	Move                              key.Binding // help only: one entry for up and down
	Up, Down, Top, Bottom, PgUp, PgDn key.Binding
}

func newNavKeys(what string) navKeys {
	return navKeys{
		Move:   key.NewBinding(key.WithKeys("up", "down", "k", "j"), key.WithHelp("↑↓/jk", what)),
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Top:    key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", "top")),
		Bottom: key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", "bottom")),
		PgUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PgDn:   key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn", "page down")),
	}
}

func (k navKeys) column() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Top, k.Bottom, k.PgUp, k.PgDn}
}

// actionKeys act on the selected partner. Edit, New, Delete and Terminate open dialogs
// (overlay.go); they stay disabled in read-only sessions (Options.ReadOnly).
type actionKeys struct {
	CopyID, CopyJSON             key.Binding
	Edit, New, Delete, Terminate key.Binding
}

func newActionKeys() actionKeys {
	return actionKeys{
		CopyID:    key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy id")),
		CopyJSON:  key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy JSON")),
		Edit:      key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
		New:       key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new")),
		Delete:    key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "delete")),
		Terminate: key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "terminate")),
	}
}

func (k actionKeys) column() []key.Binding {
	return []key.Binding{k.CopyID, k.CopyJSON, k.Edit, k.New, k.Delete, k.Terminate}
}

// appKeys work in every view except while typing.
type appKeys struct {
	Refresh, Help, Quit, ForceQuit, Suspend key.Binding
	Profiles, SignIn                        key.Binding // profiles.go, signin.go
}

func newAppKeys() appKeys {
	return appKeys{
		Refresh:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Suspend:   key.NewBinding(key.WithKeys("ctrl+z"), key.WithHelp("ctrl+z", "suspend")),
		Profiles:  key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "switch profile")),
		SignIn:    key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "sign in")),
	}
}

func (k appKeys) column() []key.Binding {
	return []key.Binding{k.Refresh, k.Profiles, k.SignIn, k.Help, k.Quit, k.ForceQuit, k.Suspend}
}

// tail is the end of the list's and the detail pane's ShortHelp, which the help line always
// keeps in view.
func (k appKeys) tail() []key.Binding { return []key.Binding{k.Help, k.Quit} }

// paneHelp is the FullHelp of the list and of the detail pane: moving, the pane's own keys with
// the tabs', the actions, and the app's keys.
func paneHelp(nav navKeys, kinds kindKeys, act actionKeys, app appKeys, own ...key.Binding) [][]key.Binding {
	return [][]key.Binding{nav.column(), append(own, kinds.column()...), act.column(), app.column()}
}

// kindKeys switch between the tabs of the two kinds of partner.
type kindKeys struct {
	Device, Compliance, Next, Prev key.Binding
}

func newKindKeys() kindKeys {
	return kindKeys{
		Device:     key.NewBinding(key.WithKeys("1"), key.WithHelp("1", "device mgmt partners")),
		Compliance: key.NewBinding(key.WithKeys("2"), key.WithHelp("2", "compliance partners")),
		Next:       key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next tab")),
		Prev:       key.NewBinding(key.WithKeys("["), key.WithHelp("[", "previous tab")),
	}
}

func (k kindKeys) column() []key.Binding {
	return []key.Binding{k.Device, k.Compliance, k.Next, k.Prev}
}

// listKeys are the keys of the partner list.
type listKeys struct {
	navKeys
	kindKeys
	// Open shows the detail pane full screen (narrow terminals); Focus moves to it when it is
	// beside the list. Only one of them is enabled at a time.
	Open, Focus, Filter, ClearFilter, Sort, Attention key.Binding
	// Leave goes back to the screen that opened this dashboard (the fleet); only with Options.Back.
	Leave key.Binding
	actionKeys
	appKeys
}

func newListKeys() listKeys {
	return listKeys{
		navKeys:     newNavKeys("move"),
		kindKeys:    newKindKeys(),
		Open:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details")),
		Focus:       key.NewBinding(key.WithKeys("tab", "enter"), key.WithHelp("enter/tab", "focus details")),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		Sort:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
		Attention:   key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "only unhealthy")),
		Leave:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to fleet"), key.WithDisabled()),
		actionKeys:  newActionKeys(),
		appKeys:     newAppKeys(),
	}
}

// ShortHelp implements help.KeyMap.
func (k listKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Move, k.Open, k.Focus, k.Filter, k.ClearFilter, k.Leave, k.Sort, k.Attention, k.Refresh,
		k.CopyID, k.Edit, k.Terminate, k.Help, k.Quit}
}

// FullHelp implements help.KeyMap.
func (k listKeys) FullHelp() [][]key.Binding {
	return paneHelp(k.navKeys, k.kindKeys, k.actionKeys, k.appKeys,
		k.Open, k.Focus, k.Filter, k.ClearFilter, k.Leave, k.Sort, k.Attention)
}

// detailKeys are the keys of the detail pane (beside the list, or full screen when narrow).
type detailKeys struct {
	navKeys
	kindKeys
	Back   key.Binding // esc, and tab when the list is beside
	Filter key.Binding // back to the list, filtering
	actionKeys
	appKeys
}

func newDetailKeys() detailKeys {
	return detailKeys{
		navKeys:    newNavKeys("scroll"),
		kindKeys:   newKindKeys(),
		Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to list")),
		Filter:     key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		actionKeys: newActionKeys(),
		appKeys:    newAppKeys(),
	}
}

// ShortHelp implements help.KeyMap.
func (k detailKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Move, k.Back, k.Filter, k.Refresh, k.CopyID, k.CopyJSON, k.Edit, k.Terminate,
		k.Help, k.Quit}
}

// FullHelp implements help.KeyMap.
func (k detailKeys) FullHelp() [][]key.Binding {
	return paneHelp(k.navKeys, k.kindKeys, k.actionKeys, k.appKeys, k.Back, k.Filter)
}

// filterKeys are the keys while the filter input has focus: every other key is text.
type filterKeys struct {
	Apply, Cancel, Up, Down, ForceQuit key.Binding
}

func newFilterKeys() filterKeys {
	return filterKeys{
		Apply:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
		Cancel:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		Up:        key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑", "up")),
		Down:      key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "down")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

// ShortHelp implements help.KeyMap.
func (k filterKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Apply, k.Cancel, k.Up, k.Down, k.ForceQuit}
}

// FullHelp implements help.KeyMap.
func (k filterKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Apply, k.Cancel}, {k.Up, k.Down}, {k.ForceQuit}}
}

// overlayKeys adapts an open dialog's bindings to help.KeyMap.
type overlayKeys struct{ o dialog.Dialog }

// ShortHelp implements help.KeyMap.
func (k overlayKeys) ShortHelp() []key.Binding { return k.o.ShortHelp() }

// FullHelp implements help.KeyMap.
func (k overlayKeys) FullHelp() [][]key.Binding { return k.o.FullHelp() }

// keyMaps holds the key map of every view.
type keyMaps struct {
	list   listKeys
	detail detailKeys
	filter filterKeys
}

func newKeyMaps() keyMaps {
	return keyMaps{list: newListKeys(), detail: newDetailKeys(), filter: newFilterKeys()}
}
