package ui

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/theme"
)

// overlay is a dialog or form drawn over the panes (issue 4: edit/create forms, delete and
// terminate confirmations). While one is open the root sends it every key (except ctrl+c, which
// always quits) and every message the root does not handle itself, draws its View centred over the
// screen, and shows its bindings in the help line.
//
// Update returns the overlay to keep showing: the same one, a replacement (a form that turns into
// a confirmation), or nil to close it. An overlay that finishes asynchronously closes itself by
// returning closeOverlayMsg{} from a command.
type overlay interface {
	Update(msg tea.Msg) (overlay, tea.Cmd)
	// View draws the overlay in at most width x height cells (the whole terminal); the root centres it.
	View(width, height int) string
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
}

// action names what a key opens as an overlay.
type action int

// The actions issue 4 provides. The root's key maps carry a binding for each; a binding is enabled
// only when an opener is registered for its action and the session may change things.
const (
	actionEdit      action = iota // e: edit the selected partner
	actionNew                     // n: create a partner
	actionDelete                  // d: delete the selected partner
	actionTerminate               // t: terminate the selected partner
)

// actionContext is everything an action overlay gets when it opens.
type actionContext struct {
	// Ctx bounds the overlay's requests (the SSH session's context over SSH).
	Ctx context.Context
	// Service is the tenant; it is never read-only here (actions are disabled in read-only sessions).
	Service PartnerService
	Theme   theme.Theme
	Now     func() time.Time
	// Selected is the selected partner exactly as Graph returned it (for diffs and confirmation),
	// nil for actionNew or an empty list. Never draw its strings: use SelectedName.
	Selected *model.Partner
	// SelectedName is the selected partner's display name, sanitized, ready to draw.
	SelectedName string
	// Width and Height are the terminal's size when the overlay opens.
	Width, Height int
}

// actionOpener builds the overlay for one action. It may return a nil overlay and a command (for
// example a toast saying why the action is not possible for this partner).
type actionOpener func(c actionContext) (overlay, tea.Cmd)

// actionOpeners is filled by the files of issue 4 in init() (registerAction), like cmd/partnerdash
// registers its subcommands; it is never written after init, so it holds no run-time state.
var actionOpeners = map[action]actionOpener{}

// registerAction makes an action's key work. Call it from init() in ui/actions*.go.
func registerAction(a action, open actionOpener) { actionOpeners[a] = open }

// Messages and commands an overlay uses to talk to the root.

// closeOverlayMsg closes the open overlay (returned from a command, e.g. after a request finished).
type closeOverlayMsg struct{}

// refreshMsg asks the root to list partners again and then select SelectID (when it is still
// there). Send it after a successful create, edit, delete or terminate.
type refreshMsg struct{ SelectID string }

// refreshAndSelect lists partners again and selects id afterwards ("" keeps the selection).
func refreshAndSelect(id string) tea.Cmd {
	return func() tea.Msg { return refreshMsg{SelectID: id} }
}

// statusMsg shows a short message in the status line: a toast that fades after a few seconds,
// or, with Err set, an error (a *model.GraphError shows code, message and request-id) that stays
// until the next key press. Text must already be safe to draw.
type statusMsg struct {
	Text string
	Err  error
}

// toast shows text in the status line for a few seconds.
func toast(text string) tea.Cmd { return func() tea.Msg { return statusMsg{Text: text} } }

// showError shows err in the status line until the next key press.
func showError(err error) tea.Cmd { return func() tea.Msg { return statusMsg{Err: err} } }
