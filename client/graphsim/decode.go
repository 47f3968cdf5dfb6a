package graphsim

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/partnerdash/partnerdash/model"
)

// maxBody is the largest request body taken; a partner is well under a kilobyte.
const maxBody = 1 << 20

// badPayload is Graph's message for a body that is not JSON.
const badPayload = "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format."

// readObject reads a request body that must be one JSON object, answering 400, 413 or 415 when
// it is not.
func readObject(c *call) (map[string]json.RawMessage, bool) {
	if ct := c.r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" {
			c.failf(http.StatusUnsupportedMediaType, codeUnsupportedMedia,
				"Content-Type '%s' is not supported; send application/json.", ct)
			return nil, false
		}
	}
	data := c.body
	if c.bodyErr != nil {
		c.failf(http.StatusBadRequest, codeBadRequest, "%s (reading the body failed: %v)", badPayload, c.bodyErr)
		return nil, false
	}
	if len(data) > maxBody {
		c.failf(http.StatusRequestEntityTooLarge, codeTooLarge, "The request body is larger than %d bytes.", maxBody)
		return nil, false
	}
	data, ok := decompress(c, data)
	if !ok {
		return nil, false
	}
	if len(bytes.TrimSpace(data)) == 0 {
		c.fail(http.StatusBadRequest, codeBadRequest, badPayload+" (the body is empty)")
		return nil, false
	}
	if !utf8.Valid(data) {
		// encoding/json would quietly turn the bad bytes into U+FFFD and store them.
		line, col := position(data, int64(firstInvalidUTF8(data)))
		c.failf(http.StatusBadRequest, codeBadRequest, "%s (invalid UTF-8 at line %d, column %d)", badPayload, line, col)
		return nil, false
	}
	var members map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&members); err != nil {
		c.failf(http.StatusBadRequest, codeBadRequest, "%s (%s)", badPayload, syntaxProblem(data, err))
		return nil, false
	}
	if members == nil {
		c.fail(http.StatusBadRequest, codeBadRequest, badPayload+" (want a JSON object, got null)")
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		c.fail(http.StatusBadRequest, codeBadRequest, badPayload+" (there is more after the JSON object)")
		return nil, false
	}
	return members, true
}

// decompress undoes the request's Content-Encoding. Microsoft's Graph SDKs gzip request bodies
// (kiota's CompressionHandler, which sends again uncompressed on a 415); deflate is taken too, as
// zlib (what HTTP's "deflate" means) or raw. Any other encoding is a 415 with Graph's error body.
// The decompressed body is bounded like a plain one, so a small bomb cannot fill the memory.
func decompress(c *call, data []byte) ([]byte, bool) {
	enc := strings.ToLower(strings.TrimSpace(c.r.Header.Get("Content-Encoding")))
	var rd io.Reader
	switch enc {
	case "", "identity":
		return data, true
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			c.failf(http.StatusBadRequest, codeBadRequest, "%s (the gzip body is not valid: %v)", badPayload, err)
			return nil, false
		}
		rd = zr
	case "deflate":
		if zr, err := zlib.NewReader(bytes.NewReader(data)); err == nil {
			rd = zr
		} else {
			rd = flate.NewReader(bytes.NewReader(data))
		}
	default:
		c.failf(http.StatusUnsupportedMediaType, codeUnsupportedMedia,
			"Content-Encoding '%s' is not supported; send the body uncompressed, or compressed with gzip or deflate.", enc)
		return nil, false
	}
	out, err := io.ReadAll(io.LimitReader(rd, maxBody+1))
	switch {
	case len(out) > maxBody:
		c.failf(http.StatusRequestEntityTooLarge, codeTooLarge, "The request body is larger than %d bytes once decompressed.", maxBody)
		return nil, false
	case err != nil:
		c.failf(http.StatusBadRequest, codeBadRequest, "%s (the %s body is not valid: %v)", badPayload, enc, err)
		return nil, false
	}
	return out, true
}

// firstInvalidUTF8 is the offset of the first byte that is not valid UTF-8 in data.
func firstInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(data)
}

// syntaxProblem describes a JSON decoding error with its position when known.
func syntaxProblem(data []byte, err error) string {
	var off int64 = -1
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		return "want a JSON object, got " + jsonKind(bytes.TrimSpace(data))
	}
	if off < 0 {
		return err.Error()
	}
	line, col := position(data, off)
	return fmt.Sprintf("%v at line %d, column %d", err, line, col)
}

// position converts a byte offset into a 1-based line and column.
func position(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

// jsonKind names the JSON type of a value for error messages.
func jsonKind(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return "nothing"
	}
	switch v[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// serviceManaged are the properties Intune sets itself. The schema marks none of them read-only
// and the docs' own POST and PATCH examples send them all, so they are type-checked and then
// ignored: the service keeps its values (a guess: Intune's handling is not documented).
var serviceManaged = map[string]bool{
	"partnerState":          true,
	"isConfigured":          true,
	"lastHeartbeatDateTime": true,
	"whenPartnerDevicesWillBeMarkedAsNonCompliantDateTime": true,
	"whenPartnerDevicesWillBeRemovedDateTime":              true,
}

// problem is a 400 to send: the message names the property.
type problem string

// code is the error code Intune sends with the problem: ModelValidationFailure when the body
// names a property or type the model does not have (observed: Intune-PowerShell-SDK issue 98),
// BadRequest for a value it will not take.
func (p problem) code() string {
	if strings.Contains(string(p), "does not exist on type") || strings.Contains(string(p), "could not be resolved by the model") {
		return codeModelValidation
	}
	return codeBadRequest
}

// failProblem sends a problem as Intune does; a model validation failure repeats its message in
// innerError.
func failProblem(c *call, p problem) {
	if p.code() == codeModelValidation {
		c.fail(http.StatusBadRequest, codeModelValidation, string(p), "message", string(p))
		return
	}
	c.fail(http.StatusBadRequest, codeBadRequest, string(p))
}

// intuneType is how Intune names a type in its validation messages.
func intuneType(odataType string) string {
	return "microsoft.management.services.api." + strings.TrimPrefix(strings.TrimPrefix(odataType, "#"), "microsoft.graph.")
}

// parseMembers checks a create or update body's members one by one in name order (the same body,
// the same error). It handles those every kind treats alike: @odata.type must name the kind's
// type, annotations carry nothing to store, id is refused (the service assigns the key), and
// displayName, which it returns when sent, must be a name. Every other member goes to member.
func parseMembers(members map[string]json.RawMessage, odataType string, member func(name string, raw json.RawMessage) problem) (*string, problem) {
	var displayName *string
	for _, name := range slices.Sorted(maps.Keys(members)) {
		raw := members[name]
		switch {
		case name == "@odata.type":
			if p := checkODataType(raw, odataType, name); p != "" {
				return nil, p
			}
		case strings.Contains(name, "@"):
			// an instance or property annotation: nothing to store
		case name == "id":
			return nil, idIsTheKey
		case name == "displayName":
			s, p := displayNameValue(raw)
			if p != "" {
				return nil, p
			}
			displayName = &s
		default:
			if p := member(name, raw); p != "" {
				return nil, p
			}
		}
	}
	return displayName, ""
}

// parsePartner checks a create or update body against the version's type, property by property,
// and returns the writable properties as an update. Every property is type-checked;
// service-managed ones are then ignored.
func parsePartner(members map[string]json.RawMessage, version string) (model.PartnerUpdate, problem) {
	var u model.PartnerUpdate
	var p problem
	u.DisplayName, p = parseMembers(members, model.ODataPartner, func(name string, raw json.RawMessage) problem {
		switch {
		case name == "partnerAppType":
			s, p := enumValue(raw, name, "microsoft.graph.deviceManagementPartnerAppType", appTypeNames())
			if p != "" {
				return p
			}
			t := model.AppType(s)
			u.PartnerAppType = &t
		case name == "singleTenantAppId":
			// Edm.String: any string, as the schema says (the dashboard's form asks a person for a GUID).
			s, p := stringValue(raw, name, true)
			if p != "" {
				return p
			}
			u.SingleTenantAppID = &s
		case name == "groupsRequiringPartnerEnrollment":
			gs, p := assignments(raw, version)
			if p != "" {
				return p
			}
			u.Groups = &gs
		case serviceManaged[name]:
			return checkReadOnlyType(name, raw)
		default:
			return unknownProperty(name, model.ODataPartner)
		}
		return ""
	})
	return u, p
}

// idIsTheKey refuses an id in a body: the service assigns the key (a guess; doc.go).
const idIsTheKey problem = "The property 'id' is the key of the entity and cannot be set; the service assigns it."

// displayNameValue checks displayName, which both kinds have: a string that is not blank.
func displayNameValue(raw json.RawMessage) (string, problem) {
	s, p := stringValue(raw, "displayName", false)
	if p != "" {
		return "", p
	}
	if fe := model.CheckDisplayName(s); fe != nil {
		return "", problem("Invalid value for property 'displayName': " + fe.Message + ".")
	}
	return s, ""
}

// checkReadOnlyType type-checks a service-managed property that a create may carry.
func checkReadOnlyType(name string, raw json.RawMessage) problem {
	switch name {
	case "partnerState":
		_, p := enumValue(raw, name, "microsoft.graph.deviceManagementPartnerTenantState", stateNames())
		return p
	case "isConfigured":
		var b bool
		if jsonKind(raw) != "a boolean" || json.Unmarshal(raw, &b) != nil {
			return wrongType(name, "a boolean (Edm.Boolean)", raw)
		}
		return ""
	}
	if jsonKind(raw) == "null" {
		return ""
	}
	s, p := stringValue(raw, name, false)
	if p != "" {
		return wrongType(name, "a date and time (Edm.DateTimeOffset)", raw)
	}
	if _, err := model.ParseDateTime(s); err != nil {
		return problem(fmt.Sprintf("Invalid value for property '%s': %v.", name, err))
	}
	return ""
}

// checkODataType checks an @odata.type member against the one type allowed there.
func checkODataType(raw json.RawMessage, want, where string) problem {
	s, p := stringValue(raw, where, false)
	if p != "" {
		return p
	}
	if "#"+strings.TrimPrefix(s, "#") != want {
		return unresolvedType(s)
	}
	return ""
}

// stringValue reads a string property; null reads as "" when nullable.
func stringValue(raw json.RawMessage, name string, nullable bool) (string, problem) {
	if nullable && jsonKind(raw) == "null" {
		return "", ""
	}
	var s string
	if jsonKind(raw) != "a string" || json.Unmarshal(raw, &s) != nil {
		return "", wrongType(name, "a string (Edm.String)", raw)
	}
	return s, ""
}

// enumValue reads an enum property and checks it is a member.
func enumValue(raw json.RawMessage, name, enumType string, members []string) (string, problem) {
	s, p := stringValue(raw, name, false)
	if p != "" {
		return "", wrongType(name, "a string member of "+enumType, raw)
	}
	if !slices.Contains(members, s) {
		return "", problem(fmt.Sprintf("Invalid value '%s' for property '%s': the enum type '%s' has no such member (want one of %s).",
			s, name, enumType, strings.Join(members, ", ")))
	}
	return s, ""
}

// wrongType says a property had the wrong JSON type.
func wrongType(name, want string, raw json.RawMessage) problem {
	return problem(fmt.Sprintf("Invalid value for property '%s': want %s, got %s.", name, want, jsonKind(raw)))
}

func stateNames() []string {
	out := make([]string, len(model.PartnerStates))
	for i, s := range model.PartnerStates {
		out[i] = string(s)
	}
	return out
}

func appTypeNames() []string {
	out := make([]string, len(model.AppTypes))
	for i, t := range model.AppTypes {
		out[i] = string(t)
	}
	return out
}
