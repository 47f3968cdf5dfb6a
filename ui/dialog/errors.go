package dialog

import (
	"errors"
	"fmt"
	"strings"

	"github.com/partnerdash/partnerdash/model"
)

// ErrorLines puts an error in words for the status line: a Graph error's code, status and
// message on the first line, its request-id (what Microsoft support asks for) on the second.
func ErrorLines(err error) []string {
	head, details := ErrorParts(err)
	if len(details) == 0 {
		return []string{head}
	}
	return []string{head, "  " + strings.Join(details, " · ")}
}

// ErrorParts is an error's headline ("✕ Code (status): message") and, for a Graph error, its
// details: request-id, date, retry-after. Everything in it may come from the server, so all of it
// is sanitized.
func ErrorParts(err error) (head string, details []string) {
	var ge *model.GraphError
	if !errors.As(err, &ge) {
		return "✕ " + model.Sanitize(err.Error()), nil
	}
	head = fmt.Sprintf("✕ HTTP %d", ge.StatusCode) // no code: the answer was not Graph's error JSON
	if ge.Code != "" {
		head = fmt.Sprintf("✕ %s (%d)", model.Sanitize(ge.Code), ge.StatusCode)
	}
	if ge.Message != "" {
		head += ": " + model.Sanitize(ge.Message)
	}
	if ge.RequestID != "" {
		details = append(details, "request-id "+model.Sanitize(ge.RequestID))
	}
	if !ge.Date.IsZero() {
		details = append(details, ge.Date.UTC().Format("2006-01-02 15:04:05 UTC"))
	}
	if ge.RetryAfter > 0 {
		details = append(details, "retry after "+model.ShortDuration(ge.RetryAfter))
	}
	return head, details
}
