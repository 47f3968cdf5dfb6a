package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/partnerdash/partnerdash/client"
	"github.com/partnerdash/partnerdash/client/auth"
	"github.com/partnerdash/partnerdash/client/profile"
	"github.com/partnerdash/partnerdash/ui"
)

// backendFor builds the dashboard's service for resolved settings. For a delegated sign-in it
// only looks at the token cache (silently: the dashboard signs in itself, showing the code), and
// says whether the dashboard must sign in before it lists.
func (e sysEnv) backendFor(ctx context.Context, s profile.Settings) (backend, error) {
	b := backend{source: s.Describe(), demo: s.Kind == profile.Demo}
	if b.demo {
		b.source = demoSource
	}
	var sess *auth.Session
	var ts client.TokenSource
	if s.Kind == profile.SignedIn {
		var err error
		if sess, err = e.openSession(s); err != nil {
			return backend{}, err
		}
		ts = uiTokens{sess}
	}
	c, err := e.graphClient(s, ts)
	if err != nil {
		return backend{}, err
	}
	b.svc = c
	if s.ReadOnly {
		b.svc, b.readOnly = ui.ReadOnly(c), true
	}
	if sess != nil && s.Auth.Delegated() {
		b.signIn = uiSignIn(sess)
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		// Any other failure (network, a damaged cache) shows when the dashboard lists.
		_, err := sess.Token(ctx)
		b.signInFirst = errors.Is(err, auth.ErrSignInRequired)
	}
	return b, nil
}

// openServedBackend is the backend `partnerdash serve` shares between its sessions. It resolves
// like the dashboard, but signs in before serving, prompting on prompts (the operator's
// terminal): a session must never sign the server in as whoever typed the code. Sessions get no
// sign-in and no profile switcher; every one sees the tenant the operator chose. wrap, when set,
// wraps the Graph transport (the SSH server captures request-ids with it).
func openServedBackend(ctx context.Context, f *backendFlags, e sysEnv, prompts io.Writer, wrap func(http.RoundTripper) http.RoundTripper) (backend, error) {
	e.wrapGraph = wrap
	b, err := openBackend(ctx, f, e)
	if err != nil {
		return backend{}, err
	}
	if b.signInFirst {
		show := printPrompt(prompts)
		err := b.signIn(ctx, func(p ui.SignInPrompt) {
			mode := auth.DeviceCode
			if p.Code == "" {
				mode = auth.Browser
			}
			show(auth.Prompt{Mode: mode, URL: p.URL, UserCode: p.Code, Message: p.Message, ExpiresOn: p.ExpiresOn})
		})
		if err != nil {
			return backend{}, signInError(err)
		}
	}
	b.signIn, b.signInFirst, b.profiles = nil, false, nil
	return b, nil
}

// uiTokens hands the session's tokens to the Graph client, marking "sign in again" failures with
// ui.ErrSignInRequired so the dashboard opens its sign-in.
type uiTokens struct{ s *auth.Session }

func (t uiTokens) Token(ctx context.Context) (string, error) {
	tok, err := t.s.Token(ctx)
	return tok, forUI(err)
}

func (t uiTokens) RefreshToken(ctx context.Context) (string, error) {
	tok, err := t.s.RefreshToken(ctx)
	return tok, forUI(err)
}

// uiSignIn adapts a Session's sign-in to the dashboard's overlay.
func uiSignIn(s *auth.Session) ui.SignInFunc {
	return func(ctx context.Context, show func(ui.SignInPrompt)) error {
		_, err := s.SignIn(ctx, func(p auth.Prompt) {
			show(ui.SignInPrompt{URL: p.URL, Code: p.UserCode, Message: p.Message, ExpiresOn: p.ExpiresOn})
		})
		return forUI(err)
	}
}

// forUI adds the dashboard's sentinels to auth's, keeping the message as it is.
func forUI(err error) error {
	switch {
	case errors.Is(err, auth.ErrSignInRequired):
		return alsoError{err, ui.ErrSignInRequired}
	case errors.Is(err, auth.ErrDeviceCodeExpired):
		return alsoError{err, ui.ErrSignInExpired}
	}
	return err
}

// alsoError is err that also matches also with errors.Is.
type alsoError struct{ err, also error }

func (e alsoError) Error() string   { return e.err.Error() }
func (e alsoError) Unwrap() []error { return []error{e.err, e.also} }
