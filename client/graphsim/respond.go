package graphsim

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// jsonContentType is what Graph sends for JSON payloads (OData minimal metadata).
const jsonContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"

// diagnostic imitates Graph's x-ms-ags-diagnostic header, which support cases ask for; the data
// center name says plainly that no Microsoft service answered.
const diagnostic = `{"ServerInfo":{"DataCenter":"graphsim","Slice":"E","Ring":"0","ScaleUnit":"000","RoleInstance":"graphsim"}}`

// call is one request in flight: what every response needs to echo back.
type call struct {
	w               http.ResponseWriter
	r               *http.Request
	requestID       string
	clientRequestID string
	now             time.Time
	version         string // "v1.0" or "beta", once routed
	body            []byte // the request body, read up front (at most maxBody+1 bytes)
	bodyErr         error
	// kind is the collection the request is for (collection.go); nil means
	// deviceManagementPartners.
	kind *collectionKind
}

// begin counts the request, gives it a request-id and sets the headers every Graph response has.
func (s *Server) begin(w http.ResponseWriter, r *http.Request) *call {
	s.mu.Lock()
	s.requests++
	c := &call{w: w, r: r, requestID: guid(s.reqIDs), now: s.now()}
	c.clientRequestID = r.Header.Get("client-request-id")
	if c.clientRequestID == "" || len(c.clientRequestID) > 128 {
		c.clientRequestID = c.requestID // Graph echoes its request-id when the client sent none
	}
	s.mu.Unlock()
	// Read the body before any injected latency: net/http notices a client that hangs up only
	// once the body has been read, and a waiting handler must see that to stop waiting.
	if r.Body != nil {
		c.body, c.bodyErr = io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	}
	h := w.Header()
	h.Set("request-id", c.requestID)
	h.Set("client-request-id", c.clientRequestID)
	h.Set("Date", c.now.UTC().Format(http.TimeFormat))
	h.Set("OData-Version", "4.0")
	h.Set("x-ms-ags-diagnostic", diagnostic)
	return c
}

// writeJSON sends a JSON payload.
func (c *call) writeJSON(status int, body []byte) {
	h := c.w.Header()
	h.Set("Content-Type", jsonContentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	c.w.WriteHeader(status)
	_, _ = c.w.Write(body) // the client went away; nothing left to tell it
}

// writeJSONParts sends a JSON payload given in parts, without joining them first.
func (c *call) writeJSONParts(status int, parts [][]byte) {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	h := c.w.Header()
	h.Set("Content-Type", jsonContentType)
	h.Set("Content-Length", strconv.Itoa(n))
	c.w.WriteHeader(status)
	for _, p := range parts {
		if _, err := c.w.Write(p); err != nil {
			return // the client went away; nothing left to tell it
		}
	}
}

// noContent sends 204, as delete, terminate and (by default) update do.
func (c *call) noContent() { c.w.WriteHeader(http.StatusNoContent) }

// The error codes the simulator sends, as Graph and Intune spell them.
const (
	codeBadRequest       = "BadRequest"
	codeNotFound         = "ResourceNotFound"
	codeNoRoute          = "No method match route template"
	codeModelValidation  = "ModelValidationFailure"
	codeUnauthorized     = "InvalidAuthenticationToken"
	codeThrottled        = "TooManyRequests"
	codeUnavailable      = "ServiceNotAvailable"
	codeTooLarge         = "RequestEntityTooLarge"
	codeUnsupportedMedia = "UnsupportedMediaType"
	codeNotImplemented   = "NotImplemented"
)

// errorBody is Graph's error body; innerError is a map so that throttling can add its own members.
type errorBody struct {
	Error struct {
		Code       string         `json:"code"`
		Message    string         `json:"message"`
		InnerError map[string]any `json:"innerError"`
	} `json:"error"`
}

// fail sends a Graph error: the code and message, and innerError with the date (UTC, no zone, as
// Graph writes it), request-id and the echoed client-request-id. extra adds innerError members.
func (c *call) fail(status int, code, message string, extra ...any) {
	var b errorBody
	b.Error.Code = code
	b.Error.Message = message
	b.Error.InnerError = map[string]any{
		"date":              c.now.UTC().Format("2006-01-02T15:04:05"),
		"request-id":        c.requestID,
		"client-request-id": c.clientRequestID,
	}
	for i := 0; i+1 < len(extra); i += 2 {
		b.Error.InnerError[fmt.Sprint(extra[i])] = extra[i+1]
	}
	out, err := json.Marshal(b)
	if err != nil { // cannot happen: strings and a map of strings
		out = []byte(`{"error":{"code":"InternalError","message":"graphsim could not encode an error"}}`)
	}
	c.writeJSON(status, out)
}

// failf is fail with a formatted message.
func (c *call) failf(status int, code, format string, args ...any) {
	c.fail(status, code, fmt.Sprintf(format, args...))
}

// intuneMessage packs text the way Intune does: a JSON document inside error.message, whose
// Message names an operation id, the activity id (Graph's request-id) and the URL.
func (c *call) intuneMessage(text string) string {
	doc := struct {
		Version              int     `json:"_version"`
		Message              string  `json:"Message"`
		CustomAPIErrorPhrase string  `json:"CustomApiErrorPhrase"`
		RetryAfter           *string `json:"RetryAfter"`
		ErrorSourceService   string  `json:"ErrorSourceService"`
		HTTPHeaders          string  `json:"HttpHeaders"`
	}{
		Version: 3,
		Message: fmt.Sprintf("%s - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: %s - Url: %s",
			text, c.requestID, c.origin()+c.r.URL.EscapedPath()),
		HTTPHeaders: "{}",
	}
	b, _ := json.MarshalIndent(doc, "", "  ")
	return strings.ReplaceAll(string(b), "\n", "\r\n")
}

// base is the service root the client used, e.g. http://127.0.0.1:8080/v1.0, for
// @odata.context and @odata.nextLink, which Graph writes as absolute URLs.
func (c *call) base() string { return c.origin() + "/" + c.version }

// origin is the scheme and host the client used.
func (c *call) origin() string {
	if c.r.TLS != nil {
		return "https://" + c.r.Host
	}
	return "http://" + c.r.Host
}

// guid returns a random version-4 GUID drawn from r, lower case as Graph writes them.
func guid(r *rand.Rand) string {
	var b [16]byte
	hi, lo := r.Uint64(), r.Uint64()
	for i := range 8 {
		b[i] = byte(hi >> (8 * i))
		b[8+i] = byte(lo >> (8 * i))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// lower folds an id for lookups.
func lower(s string) string { return strings.ToLower(s) }
