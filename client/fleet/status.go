package fleet

import (
	"context"
	"errors"
	"net"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/partnerdash/partnerdash/client"
	"github.com/partnerdash/partnerdash/client/auth"
	"github.com/partnerdash/partnerdash/model"
)

// StatusKind is where a tenant stands, as the fleet screen's status column and check show it.
type StatusKind int

// Tenant statuses. Only OK means the partners below are current.
const (
	Loading StatusKind = iota
	OK
	ConsentMissing
	Throttled
	Unreachable
	AuthFailed
)

func (k StatusKind) String() string {
	switch k {
	case OK:
		return "ok"
	case ConsentMissing:
		return "consent missing"
	case Throttled:
		return "throttled"
	case Unreachable:
		return "unreachable"
	case AuthFailed:
		return "auth failed"
	}
	return "loading"
}

// Status is a tenant's status with what an admin needs to act on it.
type Status struct {
	Kind StatusKind
	// Reason says why in one line (sanitized): the AADSTS code and text, Graph's code and message
	// with its request-id, or the network error.
	Reason string
	// ConsentURL is the admin-consent link, for ConsentMissing when the fleet has an app.
	ConsentURL string
	// RetryAfter is what Graph asked for (Throttled), and Until when the tenant is read again.
	RetryAfter time.Duration
	Until      time.Time
}

// Readable reports whether the tenant's partners could be read on the last attempt.
func (s Status) Readable() bool { return s.Kind == OK }

// ConsentURL is the admin-consent URL of a tenant for the app: a Global Administrator of the
// tenant opens it to consent for the whole organisation.
func ConsentURL(authorityHost, tenant, clientID string) string {
	if clientID == "" {
		return ""
	}
	if authorityHost == "" {
		authorityHost = "https://login.microsoftonline.com"
	}
	return strings.TrimRight(authorityHost, "/") + "/" + url.PathEscape(tenant) + "/adminconsent?client_id=" + url.QueryEscape(clientID)
}

var aadstsRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`AADSTS(\d+)`) }) // compiled on first use, not at every start

// consentCodes are the AADSTS errors that mean the app is not (fully) consented in the tenant.
var consentCodes = map[string]bool{
	"65001":   true, // the user or administrator has not consented to use the application
	"700016":  true, // application not found in the directory (never consented there)
	"7000229": true, // the client application is missing a service principal in the tenant
	"500011":  true, // the resource principal was not found in the tenant
	"650056":  true, // misconfigured application / missing permissions for the tenant
}

// classify turns a fetch error into a tenant status. authFailure reports whether the error came
// from the sign-in (such a tenant is not retried at once).
func classify(err error, consentURL string) (st Status, authFailure bool) {
	reason := oneLine(err.Error())
	var ae *auth.Error
	if errors.As(err, &ae) {
		code := ""
		if m := aadstsRe().FindStringSubmatch(ae.Description); m != nil {
			code = m[1]
		}
		switch {
		case consentCodes[code] || ae.Code == "consent_required":
			return Status{Kind: ConsentMissing, Reason: reason, ConsentURL: consentURL}, true
		case isNetwork(err):
			return Status{Kind: Unreachable, Reason: reason}, false
		}
		return Status{Kind: AuthFailed, Reason: reason}, true
	}
	if ge, ok := client.AsGraphError(err); ok {
		switch {
		case ge.IsForbidden():
			return Status{Kind: ConsentMissing, Reason: reason, ConsentURL: consentURL}, false
		case ge.IsUnauthorized():
			return Status{Kind: AuthFailed, Reason: reason}, true
		case ge.IsThrottled(), ge.StatusCode == 503:
			return Status{Kind: Throttled, Reason: reason, RetryAfter: ge.RetryAfter}, false
		}
		return Status{Kind: Unreachable, Reason: reason}, false
	}
	return Status{Kind: Unreachable, Reason: reason}, false
}

func isNetwork(err error) bool {
	var ne net.Error
	var ue *url.Error
	return errors.As(err, &ne) || errors.As(err, &ue) || errors.Is(err, context.DeadlineExceeded) ||
		strings.Contains(err.Error(), "connection refused") || strings.Contains(err.Error(), "no such host") ||
		strings.Contains(err.Error(), "dial tcp")
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(model.Sanitize(s)), " ")
	if r := []rune(s); len(r) > 300 {
		s = string(r[:300]) + "…"
	}
	return s
}
