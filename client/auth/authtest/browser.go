package authtest

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// CompleteBrowserSignIn plays the user's browser for an interactive sign-in: it checks the
// authorize URL MSAL produced (PKCE S256, state, form_post to a loopback redirect), issues an
// authorization code, and posts it to the redirect as Entra's page would. Call it with the URL
// the sign-in prompt showed.
func (a *Authority) CompleteBrowserSignIn(signInURL string) error {
	u, err := url.Parse(signInURL)
	if err != nil {
		return err
	}
	if !strings.HasPrefix(signInURL, a.srv.URL+"/") || !strings.HasSuffix(u.Path, "/oauth2/v2.0/authorize") {
		return fmt.Errorf("not this authority's authorize URL: %s", u.Redacted())
	}
	q := u.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" {
		return fmt.Errorf("no PKCE S256 challenge")
	}
	if q.Get("response_mode") != "form_post" {
		return fmt.Errorf("response_mode is %q, want form_post", q.Get("response_mode"))
	}
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || redirect.Hostname() != "localhost" {
		return fmt.Errorf("redirect %q is not a loopback URL", q.Get("redirect_uri"))
	}
	a.mu.Lock()
	code := a.secretLocked("ac-")
	a.codes[code] = q.Get("code_challenge")
	a.mu.Unlock()
	resp, err := http.PostForm(redirect.String(), url.Values{"code": {code}, "state": {q.Get("state")}})
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("redirect answered %s", resp.Status)
	}
	return nil
}
