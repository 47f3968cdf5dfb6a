package ui

import (
	"context"
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/dialog"
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
	// ReadOnly says the profile may not change anything: the dashboard offers no change.
	ReadOnly bool
	Source   string // the header's words for it
	Demo     bool
	// Snapshots is the profile's shared refresher, when the caller keeps one per profile (and
	// runs it); nil makes the dashboard build its own from Service.
	Snapshots *Snapshots
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

// switchProfile opens the profile name in a command; profileOpenedMsg brings the result.
func (m *root) switchProfile(name string) tea.Cmd {
	p := m.opts.Profiles
	if p == nil || p.Open == nil {
		return nil
	}
	m.acct.gen++
	gen := m.acct.gen
	ctx, open := m.ctx, p.Open
	return tea.Batch(dialog.Toast("Opening "+model.Sanitize(name)+"…"), func() tea.Msg {
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

// onProfileOpened switches to the opened profile: nothing of the old tenant survives it.
func (m *root) onProfileOpened(msg profileOpenedMsg) tea.Cmd {
	if msg.gen != m.acct.gen {
		return nil
	}
	if msg.err != nil {
		return dialog.ShowError(fmt.Errorf("profile %s: %w", model.Sanitize(msg.name), msg.err))
	}
	b := msg.backend
	m.opts.Service, m.opts.ReadOnly, m.opts.Source, m.opts.Demo, m.opts.SignIn = b.Service, b.ReadOnly, b.Source, b.Demo, b.SignIn
	m.acct.current, m.acct.dismissed = msg.name, false
	for k := range m.lists {
		m.list = &m.lists[k]
		m.clearFilters()
	}
	m.list = &m.lists[m.kind]
	m.attach(b.Snapshots) // replies of the old tenant's refresher must not land in the new one
	m.focus = focusList
	m.overlay = nil
	if b.SignInFirst && b.SignIn != nil {
		return tea.Batch(m.openDialog(openMsg{openSignIn}), m.watch())
	}
	return m.start()
}

// signInAfterError opens the sign-in when a list failed for want of one, unless the user closed
// the last sign-in without finishing.
func (m *root) signInAfterError(err error) tea.Cmd {
	if m.opts.SignIn == nil || m.overlay != nil || m.acct.dismissed || !errors.Is(err, ErrSignInRequired) {
		return nil
	}
	return m.openDialog(openMsg{openSignIn})
}

// Sign-in types are the sign-in dialog's; the dashboard's options name them here.
type (
	// SignInPrompt is what the user has to do to finish signing in.
	SignInPrompt = dialog.SignInPrompt
	// SignInFunc signs in interactively (see dialog.SignInFunc).
	SignInFunc = dialog.SignInFunc
)

var (
	// ErrSignInExpired marks a SignInFunc error as an expired code: r starts over.
	ErrSignInExpired = dialog.ErrSignInExpired
	// ErrSignInRequired marks a List error that a sign-in would fix: the dashboard opens its
	// sign-in (once, until the user dismisses it) when Options.SignIn is set.
	ErrSignInRequired = errors.New("sign-in required")
)
