package ui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// Options configure one dashboard. The local program and every SSH session build their own.
type Options struct {
	// Service is where partners come from and go to. Wrap it with ReadOnly for a read-only session.
	Service PartnerService
	// ReadOnly offers no change (e, n, d and t are off). Set it with a ReadOnly service: the
	// keys follow this option, the service refuses on its own.
	ReadOnly bool
	// Renderer styles the output for this terminal (the session's own over SSH).
	Renderer *lipgloss.Renderer
	// Now is the clock; tests inject a fixed one. Defaults to time.Now.
	Now func() time.Time
	// Source says where the data comes from, for the header: "DEMO tenant (built-in simulator)",
	// "contoso.onmicrosoft.com · v1.0", "http://127.0.0.1:8080/v1.0".
	Source string
	// Demo marks the built-in simulator: the header says DEMO.
	Demo bool
	// Identity names who is using the dashboard and their role, for the header over SSH
	// ("alice · operator"); empty locally.
	Identity string
	// Snapshots is the tenant's shared refresher (NewSnapshots; the fleet's tenants have one
	// each): every dashboard given the same one reads the same snapshots, and a change made in one
	// is seen by all after the refresh that follows it. Its owner runs it (Refresher.Run, with its
	// own interval). Nil: the dashboard makes one from Service for itself and runs it.
	Snapshots *Snapshots
	// RefreshEvery re-lists partners on a timer when the dashboard made its own refresher; with
	// Snapshots, the owner's Run interval does that and this only says it in the header. Zero
	// means only on r.
	RefreshEvery time.Duration
	// Copy puts text on the user's clipboard (OSC 52 on this session's output). Nil disables y and c.
	Copy func(text string) error
	// DisableSuspend turns off ctrl+z (an SSH server must never stop its own process group).
	DisableSuspend bool
	// Context bounds every request the dashboard makes (the session's context over SSH); when it
	// ends, requests in flight are cancelled. Defaults to context.Background().
	Context context.Context
	// Location is the user's time zone for the detail pane's local times; tests inject a fixed
	// one. Defaults to time.Local.
	Location *time.Location
	// Profiles lets P switch to another configured profile ; nil hides the key.
	Profiles *Profiles
	// SignIn runs an interactive sign-in inside the dashboard : L opens it, and a
	// list that fails with ErrSignInRequired opens it. Nil when the source needs no sign-in.
	SignIn SignInFunc
	// SignInFirst opens the sign-in before the first list: there is no usable sign-in yet.
	SignInFirst bool
}

// New builds the dashboard's root model.
func New(opts Options) tea.Model {
	return newRoot(opts)
}
