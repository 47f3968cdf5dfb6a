package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/dialog"
)

// Every dialog opens the same way, by an openMsg{what} handed to openDialog, the one place that
// builds dialogs from the root's state. Init (and any component) sends it as a command; keys and
// the root's own replies (a list that failed for want of a sign-in, a profile whose sign-in comes
// first) hand it over at once, so a key typed right after P or e already reaches the dialog.
// Dialogs answer with package dialog's messages, which Update hands to onDialogMsg.

// opening names a dialog the root can open.
type opening int

const (
	openEdit      opening = iota // e: edit the selected partner
	openNew                      // n: create a partner
	openDelete                   // d: delete the selected partner
	openTerminate                // t: terminate the selected partner
	openProfiles                 // P: switch profile
	openSignIn                   // L, or a list that needs a sign-in
)

// changes reports whether o changes partners (and so is refused in a read-only session).
func (o opening) changes() bool { return o <= openTerminate }

// openMsg asks the root to open a dialog.
type openMsg struct{ what opening }

// open is the command that opens what (for Init and components outside the root).
func open(what opening) tea.Cmd { return func() tea.Msg { return openMsg{what} } }

// openDialog builds the dialog msg asks for from the root's state, or says why it cannot. A
// dialog already open stays: one at a time.
func (m *root) openDialog(msg openMsg) tea.Cmd {
	if m.overlay != nil {
		return nil
	}
	if msg.what.changes() && m.opts.ReadOnly {
		return nil // the keys are disabled too; the service would refuse as well
	}
	env := dialog.Env{Ctx: m.ctx, Service: m.opts.Service, Theme: m.theme, Now: m.opts.Now, Groups: m.groups.names}
	e := m.list.selected()
	var cmd tea.Cmd
	if m.kind == kindCompliance && msg.what.changes() {
		return m.openComplianceDialog(env, msg.what, e)
	}
	switch msg.what {
	case openNew:
		m.overlay = dialog.Create(env)
	case openEdit, openDelete, openTerminate:
		if e == nil {
			return dialog.Toast("No partner selected to " + [...]string{openEdit: "edit", openDelete: "delete", openTerminate: "terminate"}[msg.what] + ".")
		}
		switch {
		case msg.what == openEdit:
			m.overlay = dialog.Edit(env, *e.raw)
		case msg.what == openDelete:
			m.overlay = dialog.Delete(env, *e.raw)
		case e.raw.PartnerState == model.StateTerminated:
			return dialog.Toast(e.name + " is already terminated.")
		default:
			m.overlay = dialog.Terminate(env, *e.raw)
		}
	case openProfiles:
		if p := m.opts.Profiles; p != nil && len(p.Names) > 0 {
			m.overlay = dialog.ProfilePicker(m.theme, p.Names, m.acct.current)
		}
	case openSignIn:
		if m.opts.SignIn != nil {
			m.overlay, cmd = dialog.SignIn(m.ctx, m.theme, m.opts.SignIn, m.opts.Location, m.opts.Copy)
		}
	}
	return cmd
}

// onDialogMsg handles what a dialog tells the root.
func (m *root) onDialogMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case dialog.Closed:
		m.overlay = nil
	case dialog.Refresh:
		// A change was made: every session sees it after the fetch this starts.
		return m.refresh(afterWrite, msg.SelectID)
	case dialog.StatusMsg:
		return m.setStatus(msg)
	case dialog.ProfileChosen:
		return m.switchProfile(msg.Name)
	case dialog.SignInClosed:
		m.acct.dismissed = msg.Dismissed
	}
	return nil
}

// openComplianceDialog opens what on the compliance tab: the edit and create forms and the delete
// confirmation work as they do for the first kind (review, typed name, lost-update guard). A
// compliance partner has no terminate (the key is off).
func (m *root) openComplianceDialog(env dialog.Env, what opening, e *entry) tea.Cmd {
	switch what {
	case openNew:
		m.overlay = dialog.CreateCompliance(env)
	case openEdit, openDelete:
		if e == nil {
			return dialog.Toast("No compliance partner selected to " + map[opening]string{openEdit: "edit", openDelete: "delete"}[what] + ".")
		}
		if what == openEdit {
			m.overlay = dialog.EditCompliance(env, *e.craw)
		} else {
			m.overlay = dialog.DeleteCompliance(env, *e.craw)
		}
	}
	return nil
}
