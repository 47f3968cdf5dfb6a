package auth

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/url"
	"regexp"
	"strings"
	"sync"

	msalerrors "github.com/AzureAD/microsoft-authentication-library-for-go/apps/errors"
)

// Sentinel errors callers branch on with errors.Is.
var (
	// ErrSignInRequired means there is no usable sign-in for this profile: never signed in, signed
	// out, or the refresh token was revoked or expired. Run a sign-in (partnerdash login).
	ErrSignInRequired = errors.New("sign-in required")
	// ErrDeviceCodeExpired means the device code ran out before the user finished; MSAL does not
	// renew it, so the caller offers to start over.
	ErrDeviceCodeExpired = errors.New("the sign-in code expired")
	// ErrDeclined means the user (or a policy) declined the sign-in.
	ErrDeclined = errors.New("sign-in was declined")
	// ErrCacheDamaged means the token cache file cannot be read as a token cache.
	ErrCacheDamaged = errors.New("token cache is damaged")
)

// Error is a sign-in failure in words. It deliberately does not wrap MSAL's error: that one carries
// the HTTP request (with secrets and refresh tokens in its body) for errors.Verbose to print.
type Error struct {
	// Op is what was being done: "sign-in", "token refresh", ...
	Op string
	// Code is the authority's OAuth error code (invalid_grant, expired_token, ...), if it sent one.
	Code string
	// Description is the first line of the authority's error_description, or the local failure.
	Description string
	kind        error
	network     bool // the authority could not be reached
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Op)
	b.WriteString(" failed")
	for _, part := range []string{kindText(e.kind), e.Code, e.Description} {
		if part != "" {
			b.WriteString(": ")
			b.WriteString(part)
		}
	}
	return b.String()
}

func kindText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// Network reports whether the authority could not be reached (no answer at all).
func (e *Error) Network() bool { return e.network }

// Unwrap gives the sentinel (ErrSignInRequired, ErrDeviceCodeExpired, ErrDeclined) or the
// context's error, so errors.Is works; never the MSAL error.
func (e *Error) Unwrap() error { return e.kind }

// stsError is the OAuth error body the authority sends with a 400/401.
type stsError struct {
	Code        string `json:"error"`
	Description string `json:"error_description"`
}

// jwtLike matches anything shaped like a JWT (three base64url parts, the first starting with
// "eyJ"): access, ID and assertion tokens. Error texts get them blanked out whatever their source.
var jwtLike = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*`) }) // compiled on first use, not at every start

// redactor removes secrets this process knows about from text that may reach a screen or a log.
type redactor []string

func (r redactor) clean(s string) string {
	for _, secret := range r {
		if len(secret) >= 4 {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return jwtLike().ReplaceAllString(s, "[redacted]")
}

// translate turns an MSAL (or context, or network) error into an *Error. ctx is the caller's
// context: when it is done, that is the reason, whatever MSAL says.
func (r redactor) translate(ctx context.Context, op string, err error) error {
	if err == nil {
		return nil
	}
	if ctx != nil && ctx.Err() != nil {
		return &Error{Op: op, kind: ctx.Err()}
	}
	var call msalerrors.CallErr
	if errors.As(err, &call) {
		se := parseSTSError(call)
		e := &Error{Op: op, Code: se.Code, Description: r.clean(firstLine(se.Description))}
		switch se.Code {
		case "invalid_grant", "interaction_required", "login_required", "consent_required", "invalid_scope":
			e.kind = ErrSignInRequired
		case "expired_token", "code_expired":
			e.kind = ErrDeviceCodeExpired
		case "authorization_declined", "access_denied":
			e.kind = ErrDeclined
		}
		if e.Code == "" && call.Resp != nil {
			e.Description = "the sign-in authority answered " + call.Resp.Status
		}
		return e
	}
	// Network trouble: say where (the authority's URL holds no secret) and why, without MSAL's
	// framing around it.
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return &Error{Op: op, Description: r.clean(firstLine(uerr.Error())), network: true}
	}
	var nerr net.Error
	if errors.As(err, &nerr) {
		return &Error{Op: op, Description: r.clean(firstLine(nerr.Error())), network: true}
	}
	e := &Error{Op: op, Description: r.clean(firstLine(err.Error()))}
	for _, sentinel := range []error{ErrCacheDamaged, ErrSignInRequired, ErrDeviceCodeExpired, ErrDeclined} {
		if errors.Is(err, sentinel) {
			e.kind = sentinel
			// the sentinel's text is already part of the description
			e.Description = strings.TrimPrefix(strings.TrimPrefix(e.Description, sentinel.Error()), ": ")
			break
		}
	}
	return e
}

// parseSTSError reads the OAuth error from the response MSAL kept, or failing that (the device
// code poller reads the body itself) from the text MSAL put into its message.
func parseSTSError(call msalerrors.CallErr) stsError {
	var se stsError
	if call.Resp != nil && call.Resp.Body != nil {
		if b, err := io.ReadAll(io.LimitReader(call.Resp.Body, 64<<10)); err == nil && json.Unmarshal(b, &se) == nil && se.Code != "" {
			return se
		}
	}
	if call.Err != nil {
		msg := call.Err.Error()
		if i := strings.Index(msg, "{"); i >= 0 {
			_ = json.Unmarshal([]byte(msg[i:]), &se)
		}
	}
	return se
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	const max = 300
	if len(s) > max {
		s = s[:max] + "…"
	}
	return s
}
