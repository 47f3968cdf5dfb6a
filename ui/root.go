package ui

import tea "github.com/charmbracelet/bubbletea"

// root is a placeholder until the dashboard lands; it only quits.
type root struct{ opts Options }

func newRoot(opts Options) *root { return &root{opts: opts} }

func (m *root) Init() tea.Cmd { return nil }

func (m *root) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && (k.String() == "q" || k.String() == "ctrl+c") {
		return m, tea.Quit
	}
	return m, nil
}

func (m *root) View() string { return "partnerdash\n" }
