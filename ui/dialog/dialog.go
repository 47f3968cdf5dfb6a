// Package dialog is everything the dashboard draws over its panes: the edit and create forms, the
// delete and terminate confirmations, the sign-in and the profile picker.
//
// A Dialog never touches the dashboard's state. It gets what it needs when it is built (an Env,
// a partner, a theme) and talks back only through messages: Closed, Refresh, StatusMsg,
// ProfileChosen and SignInClosed. The dashboard (package ui) opens every dialog the same way and
// handles these messages in its Update.
//
// Every string a dialog draws is cleaned by model's sanitizer first; text is fitted to cells with
// package cells and styled with package theme.
package dialog

import (
	"context"
	"errors"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/theme"
)

// Dialog is drawn over the panes. While one is open the dashboard sends it every key (except
// ctrl+c, which always quits) and every message the dashboard does not handle itself, draws its
// View centred over the screen, and shows its bindings in the help line.
//
// Update returns the dialog to keep showing: the same one, a replacement (a form that turns into
// a confirmation), or nil to close it. A dialog that finishes asynchronously closes itself by
// returning Closed{} from a command.
type Dialog interface {
	Update(msg tea.Msg) (Dialog, tea.Cmd)
	// View draws the dialog in at most width x height cells (the whole terminal); the host centres it.
	View(width, height int) string
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
}

// Service is what the dialogs do to a tenant's partners of both kinds, and how they name groups.
type Service interface {
	Get(ctx context.Context, id string) (model.Partner, error)
	Create(ctx context.Context, p model.Partner) (model.Partner, error)
	Update(ctx context.Context, id string, u model.PartnerUpdate) error
	Delete(ctx context.Context, id string) error
	Terminate(ctx context.Context, id string) error
	ComplianceService
	GroupDirectory
}

// ComplianceService is what the dialogs do to a tenant's compliance partners
// (complianceManagementPartners, which have no terminate).
type ComplianceService interface {
	GetCompliance(ctx context.Context, id string) (model.CompliancePartner, error)
	CreateCompliance(ctx context.Context, p model.CompliancePartner) (model.CompliancePartner, error)
	UpdateCompliance(ctx context.Context, id string, u model.ComplianceUpdate) error
	DeleteCompliance(ctx context.Context, id string) error
}

// GroupDirectory names the Entra groups that assignments refer to. Both calls only read, so a
// read-only session has them too.
type GroupDirectory interface {
	// ResolveGroups names ids in one request (the client caches names for the session). It
	// returns what it knows even when it fails; a 403 is a *model.GroupsForbiddenError.
	ResolveGroups(ctx context.Context, ids []string) (model.GroupNames, error)
	// SearchGroups finds groups whose name starts with a word of text, or the group whose id
	// text is.
	SearchGroups(ctx context.Context, text string) ([]model.Group, error)
}

// ErrReadOnly is returned by a read-only service for every mutation; a dialog says so in words.
var ErrReadOnly = errors.New("read-only session: changes are not allowed")

// Env is what a dialog that changes partners works with.
type Env struct {
	// Ctx bounds the dialog's requests (the SSH session's context over SSH).
	Ctx     context.Context
	Service Service
	Theme   theme.Theme
	// Now is the clock; defaults to time.Now.
	Now func() time.Time
	// Groups is the session's cache of group names (GroupDirectory.ResolveGroups), shared: the
	// form names assigned groups from it, and adds the groups it finds by name. Only the Bubble
	// Tea loop reads or writes it.
	Groups model.GroupNames
}

// Edit is the form that edits p (exactly as Graph returned it: the form diffs against it).
func Edit(e Env, p model.Partner) Dialog { return newEditForm(newEnv(e), p) }

// Create is the form that creates a partner.
func Create(e Env) Dialog { return newCreateForm(newEnv(e)) }

// Delete asks before deleting p.
func Delete(e Env, p model.Partner) Dialog { return newConfirmation(newEnv(e), confirmDelete, p) }

// EditCompliance is the form that edits the compliance partner p (exactly as Graph returned it).
func EditCompliance(e Env, p model.CompliancePartner) Dialog {
	return newComplianceEditForm(newEnv(e), p)
}

// CreateCompliance is the form that creates a compliance partner.
func CreateCompliance(e Env) Dialog { return newComplianceCreateForm(newEnv(e)) }

// DeleteCompliance asks before deleting the compliance partner p, as Delete does for the first kind.
func DeleteCompliance(e Env, p model.CompliancePartner) Dialog {
	return newSubjectConfirmation(newEnv(e), confirmDelete, newComplianceSubject(p))
}

// Terminate asks before terminating p.
func Terminate(e Env, p model.Partner) Dialog {
	return newConfirmation(newEnv(e), confirmTerminate, p)
}

// Messages a dialog sends to the dashboard.

// Closed closes the open dialog (returned from a command, e.g. after a request finished).
type Closed struct{}

// Refresh asks the dashboard to list partners again and then select SelectID (when it is still
// there; "" keeps the selection). A dialog sends it after a successful change.
type Refresh struct{ SelectID string }

// StatusMsg shows a short message in the status line: a toast that fades after a few seconds,
// or, with Err set, an error (a *model.GraphError shows code, message and request-id) that stays
// until the next key press. Text must already be safe to draw.
type StatusMsg struct {
	Text string
	Err  error
}

// ProfileChosen asks the dashboard to switch to the profile Name.
type ProfileChosen struct{ Name string }

// SignInClosed says the sign-in closed: Dismissed by the user (so a failing list does not reopen
// it at once), or after a successful sign-in.
type SignInClosed struct{ Dismissed bool }

// Toast shows text in the status line for a few seconds.
func Toast(text string) tea.Cmd { return func() tea.Msg { return StatusMsg{Text: text} } }

// ShowError shows err in the status line until the next key press.
func ShowError(err error) tea.Cmd { return func() tea.Msg { return StatusMsg{Err: err} } }

// refresh lists partners again and selects id afterwards.
func refresh(id string) tea.Cmd { return func() tea.Msg { return Refresh{SelectID: id} } }
