package model

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"
)

// GraphError is a Microsoft Graph error response: the OData error body plus what the HTTP
// response said about it. The client returns it for every non-success status; the simulator
// writes it; the UI shows its code, message and request-id.
type GraphError struct {
	StatusCode      int       // HTTP status
	Code            string    // error.code, e.g. "ResourceNotFound"
	Message         string    // error.message, made readable (Intune's JSON-in-a-string unpacked)
	RawMessage      string    // error.message exactly as sent
	Target          string    // error.target, if any
	InnerCode       string    // the most specific innerError code, if any
	RequestID       string    // request-id (innerError, else the response header)
	ClientRequestID string    // client-request-id (innerError, else the response header)
	Date            time.Time // innerError.date (UTC), else the Date header
	RetryAfter      time.Duration
	// RequiredScopes are the permission scopes a 403 names ("must have one of the following scopes").
	RequiredScopes []string
}

func (e *GraphError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "graph: %d", e.StatusCode)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.RequestID != "" {
		b.WriteString(" (request-id " + e.RequestID + ")")
	}
	return b.String()
}

// IsNotFound reports a 404.
func (e *GraphError) IsNotFound() bool { return e.StatusCode == 404 }

// IsForbidden reports a 403 (a missing permission scope or Intune role).
func (e *GraphError) IsForbidden() bool { return e.StatusCode == 403 }

// IsThrottled reports a 429.
func (e *GraphError) IsThrottled() bool { return e.StatusCode == 429 }

// IsBadRequest reports a 400.
func (e *GraphError) IsBadRequest() bool { return e.StatusCode == 400 }

// IsUnauthorized reports a 401 (a missing, expired or rejected token).
func (e *GraphError) IsUnauthorized() bool { return e.StatusCode == 401 }

// ErrorBody is the JSON shape Graph uses for errors.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is the "error" member of an ErrorBody.
type ErrorDetail struct {
	Code       string        `json:"code"`
	Message    string        `json:"message"`
	Target     string        `json:"target,omitempty"`
	Details    []ErrorDetail `json:"details,omitempty"`
	InnerError *InnerError   `json:"innerError,omitempty"`
}

// InnerError is innerError, which Graph writes with kebab-case ids and a zone-less date.
type InnerError struct {
	Code            string      `json:"code,omitempty"`
	Message         string      `json:"message,omitempty"`
	Date            string      `json:"date,omitempty"`
	RequestID       string      `json:"request-id,omitempty"`
	ClientRequestID string      `json:"client-request-id,omitempty"`
	InnerError      *InnerError `json:"innerError,omitempty"`
}

// ParseGraphError reads an error body. It is lenient: camelCase ids, "innererror" in any case and
// nested inner errors are all accepted; a body that is not Graph JSON yields an error with the
// status only, and the first line of the body as its message.
func ParseGraphError(status int, body []byte) *GraphError {
	e := &GraphError{StatusCode: status}
	var raw map[string]any
	if json.Unmarshal(body, &raw) != nil {
		e.Message = firstLine(Sanitize(string(body)))
		return e
	}
	errObj, _ := lookupCI(raw, "error").(map[string]any)
	if errObj == nil {
		e.Message = firstLine(Sanitize(string(body)))
		return e
	}
	e.Code, _ = lookupCI(errObj, "code").(string)
	e.RawMessage, _ = lookupCI(errObj, "message").(string)
	e.Target, _ = lookupCI(errObj, "target").(string)
	for inner, _ := lookupCI(errObj, "innerError").(map[string]any); inner != nil; inner, _ = lookupCI(inner, "innerError").(map[string]any) {
		if v, _ := lookupCI(inner, "request-id", "requestId").(string); v != "" {
			e.RequestID = v
		}
		if v, _ := lookupCI(inner, "client-request-id", "clientRequestId").(string); v != "" {
			e.ClientRequestID = v
		}
		if v, _ := lookupCI(inner, "date").(string); v != "" {
			if t, err := ParseDateTime(v); err == nil {
				e.Date = t.UTC()
			}
		}
		if v, _ := lookupCI(inner, "code").(string); v != "" {
			e.InnerCode = v
		}
	}
	if e.InnerCode == "" {
		e.InnerCode = wrappedErrorCode(e.RawMessage)
	}
	e.Message = ReadableMessage(e.RawMessage)
	e.RequiredScopes = ScopesInMessage(e.Message)
	return e
}

// ReadableMessage unpacks Intune's habit of putting a JSON document in error.message: it returns
// the innermost "Message" when there is one, else the message as it came (sanitized, on one line).
// Intune's 401s nest two documents: {"ErrorCode":"...","Message":"{ \"_version\": 3, \"Message\":
// \"An error has occurred ...\" }"} (msgraph-sdk-powershell issue 1257); both are unpacked.
func ReadableMessage(msg string) string {
	for range 4 { // a few levels are real; more would be a loop worth stopping
		inner, ok := innerMessage(msg)
		if !ok {
			break
		}
		msg = inner
	}
	return strings.Join(strings.Fields(Sanitize(msg)), " ")
}

// wrappedErrorCode returns the "ErrorCode" of a message that is a JSON document holding one, as
// Intune's doubly wrapped 401 ("UnknownError" outside, e.g. "Forbidden" inside) does.
func wrappedErrorCode(msg string) string {
	t := strings.TrimSpace(msg)
	if !strings.HasPrefix(t, "{") {
		return ""
	}
	var doc map[string]any
	if json.Unmarshal([]byte(t), &doc) != nil {
		return ""
	}
	c, _ := lookupCI(doc, "ErrorCode").(string)
	return Sanitize(c)
}

// innerMessage returns the "Message" member of msg when msg is a JSON document that has one.
func innerMessage(msg string) (string, bool) {
	t := strings.TrimSpace(msg)
	if !strings.HasPrefix(t, "{") {
		return "", false
	}
	var inner map[string]any
	if json.Unmarshal([]byte(t), &inner) != nil {
		return "", false
	}
	m, _ := lookupCI(inner, "Message").(string)
	return m, strings.TrimSpace(m) != ""
}

var scopesRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)one of the following scopes:\s*([A-Za-z0-9_., ]+)`)
}) // compiled on first use, not at every start

// ScopesInMessage returns the permission scopes a 403 message asks for.
func ScopesInMessage(msg string) []string {
	m := scopesRe().FindStringSubmatch(msg)
	if m == nil {
		return nil
	}
	var out []string
	for _, s := range strings.Split(m[1], ",") {
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "."))
		if i := strings.IndexByte(s, ' '); i >= 0 {
			s = s[:i]
		}
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// NewErrorBody builds the body a Graph service (or the simulator) sends for an error.
func NewErrorBody(code, message, requestID, clientRequestID string, date time.Time) ErrorBody {
	return ErrorBody{Error: ErrorDetail{
		Code:    code,
		Message: message,
		InnerError: &InnerError{
			Date:            date.UTC().Format("2006-01-02T15:04:05"),
			RequestID:       requestID,
			ClientRequestID: clientRequestID,
		},
	}}
}

func lookupCI(m map[string]any, names ...string) any {
	for _, n := range names {
		if v, ok := m[n]; ok {
			return v
		}
	}
	for k, v := range m {
		for _, n := range names {
			if strings.EqualFold(k, n) {
				return v
			}
		}
	}
	return nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
