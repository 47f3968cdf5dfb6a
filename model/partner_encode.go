package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// A hand-written encoder for the partner list's hot path ('list -o json' over 10,000 partners).
// Partner.MarshalJSON is json.Marshal of the struct, and encoding/json then validates and
// compacts the output of every nested Marshaler again (DateTime, Assignment, the target); that
// was about 28% of the listing's CPU. AppendJSON writes the same bytes in one pass into the
// caller's buffer. The contract is exact: AppendJSON appends what json.Marshal(p) returns, byte
// for byte (member order, omitempty/omitzero, HTML-safe string escapes, raw members compacted);
// partner_encode_test.go checks it against encoding/json on the docs' examples, fuzzed partners
// and hostile strings.

// AppendJSON appends the partner's JSON, exactly as json.Marshal(p) writes it, to dst.
func (p *Partner) AppendJSON(dst []byte) ([]byte, error) {
	dst = append(dst, '{')
	if p.ODataType != "" {
		dst = append(dst, `"@odata.type":`...)
		dst = appendJSONString(dst, p.ODataType)
		dst = append(dst, ',')
	}
	if p.ID != "" {
		dst = append(dst, `"id":`...)
		dst = appendJSONString(dst, p.ID)
		dst = append(dst, ',')
	}
	dst = append(dst, `"displayName":`...)
	dst = appendJSONString(dst, p.DisplayName)
	if p.PartnerState != "" {
		dst = append(dst, `,"partnerState":`...)
		dst = appendJSONString(dst, string(p.PartnerState))
	}
	if p.PartnerAppType != "" {
		dst = append(dst, `,"partnerAppType":`...)
		dst = appendJSONString(dst, string(p.PartnerAppType))
	}
	if p.SingleTenantAppID != "" {
		dst = append(dst, `,"singleTenantAppId":`...)
		dst = appendJSONString(dst, p.SingleTenantAppID)
	}
	if p.IsConfigured {
		dst = append(dst, `,"isConfigured":true`...)
	} else {
		dst = append(dst, `,"isConfigured":false`...)
	}
	var err error
	for _, m := range [...]struct {
		name string
		d    *DateTime
	}{
		{`,"lastHeartbeatDateTime":`, &p.LastHeartbeat},
		{`,"whenPartnerDevicesWillBeMarkedAsNonCompliantDateTime":`, &p.NonCompliantAt},
		{`,"whenPartnerDevicesWillBeRemovedDateTime":`, &p.RemovedAt},
	} {
		if m.d.IsZero() {
			continue
		}
		dst = append(dst, m.name...)
		if dst, err = m.d.appendJSON(dst); err != nil {
			return nil, err
		}
	}
	if p.Groups != nil {
		dst = append(dst, `,"groupsRequiringPartnerEnrollment":[`...)
		for i := range p.Groups {
			if i > 0 {
				dst = append(dst, ',')
			}
			if dst, err = p.Groups[i].appendJSON(dst); err != nil {
				return nil, err
			}
		}
		dst = append(dst, ']')
	}
	if dst, err = appendExtraMembers(dst, p.Extra); err != nil {
		return nil, err
	}
	return append(dst, '}'), nil
}

// appendJSON appends the value as DateTime.MarshalJSON writes it, compacted and HTML-escaped as
// encoding/json does with a Marshaler's output.
func (d *DateTime) appendJSON(dst []byte) ([]byte, error) {
	switch {
	case d.raw != "":
		if isPlainJSONString(d.raw) { // the usual case: no copy to a []byte
			return append(dst, d.raw...), nil
		}
		return appendCompactRaw(dst, []byte(d.raw))
	case !d.set:
		return append(dst, "null"...), nil
	}
	dst = append(dst, '"')
	dst = d.t.UTC().AppendFormat(dst, "2006-01-02T15:04:05.0000000Z07:00")
	return append(dst, '"'), nil
}

// appendJSON appends the assignment as Assignment.MarshalJSON writes it, as encoding/json emits
// it inside an array (compacted, HTML-escaped).
func (a *Assignment) appendJSON(dst []byte) ([]byte, error) {
	switch a.Target.(type) {
	case GroupTarget, ExclusionGroupTarget, AllLicensedUsersTarget, AllDevicesTarget,
		ConfigMgrCollectionTarget, ScopeTagGroupTarget:
	default: // unknown, missing, a pointer: the general path, compacted as encoding/json does
		b, err := a.MarshalJSON()
		if err != nil {
			return nil, err
		}
		return appendCompactRaw(dst, b)
	}
	dst = append(dst, `{"@odata.type":`...)
	if a.ODataType == "" {
		dst = append(dst, `"`+ODataPartnerAssignment+`"`...)
	} else {
		dst = appendJSONString(dst, a.ODataType)
	}
	dst = append(dst, `,"target":`...)
	var err error
	if dst, err = a.appendTarget(dst); err != nil {
		return nil, err
	}
	if dst, err = appendExtraMembers(dst, a.extra); err != nil {
		return nil, err
	}
	return append(dst, '}'), nil
}

// appendTarget appends the assignment's target, one of the known value variants, as EncodeTarget
// and Assignment.MarshalJSON write it: @odata.type first (in the spelling it was read in), then the variant's members, then the
// members kept from reading it.
func (a *Assignment) appendTarget(dst []byte) ([]byte, error) {
	f := a.Target.Filter()
	typ := a.Target.ODataType()
	sp := a.targetSpelling
	// normalizeODataType(sp) == typ, without building the string
	known := sp != "" && (sp[0] == '#' && sp == typ || sp[0] != '#' && len(typ) == len(sp)+1 && typ[0] == '#' && typ[1:] == sp)
	if known {
		typ = sp
	}
	dst = append(dst, `{"@odata.type":`...)
	dst = appendJSONString(dst, typ)
	if f.ID != "" {
		dst = appendMember(dst, "deviceAndAppManagementAssignmentFilterId", f.ID)
	}
	if f.Type != "" {
		dst = appendMember(dst, "deviceAndAppManagementAssignmentFilterType", string(f.Type))
	}
	switch t := a.Target.(type) { // the variant's own members, after the filter's
	case GroupTarget:
		dst = appendMember(dst, "groupId", t.GroupID)
	case ExclusionGroupTarget:
		dst = appendMember(dst, "groupId", t.GroupID)
	case ConfigMgrCollectionTarget:
		dst = appendMember(dst, "collectionId", t.CollectionID)
	case ScopeTagGroupTarget:
		if t.TargetType != "" {
			dst = appendMember(dst, "targetType", string(t.TargetType))
		}
		if t.EntraObjectID != "" {
			dst = appendMember(dst, "entraObjectId", t.EntraObjectID)
		}
	}
	if known {
		var err error
		if dst, err = appendExtraMembers(dst, a.targetExtra); err != nil {
			return nil, err
		}
	}
	return append(dst, '}'), nil
}

// appendMember appends ,"name":"value"; name needs no escaping.
func appendMember(dst []byte, name, value string) []byte {
	dst = append(dst, ',', '"')
	dst = append(dst, name...)
	dst = append(dst, '"', ':')
	return appendJSONString(dst, value)
}

// appendExtraMembers appends the members kept in extra, sorted by name, as mergeExtra does, each
// value compacted and HTML-escaped as encoding/json does with a Marshaler's output. It assumes at
// least one member was written before (every caller writes one).
func appendExtraMembers(dst []byte, extra map[string]json.RawMessage) ([]byte, error) {
	if len(extra) == 0 {
		return dst, nil
	}
	var err error
	for _, k := range sortedKeys(extra) {
		dst = append(dst, ',')
		dst = appendJSONString(dst, k)
		dst = append(dst, ':')
		if dst, err = appendCompactRaw(dst, extra[k]); err != nil {
			return nil, err
		}
	}
	return dst, nil
}

// appendCompactRaw appends raw JSON as encoding/json writes a Marshaler's output: validated,
// whitespace between tokens dropped, and <, >, &, U+2028 and U+2029 escaped. Most raw values
// (dates as read) need none of that and are copied after one look.
func appendCompactRaw(dst, raw []byte) ([]byte, error) {
	if isPlainJSONString(raw) {
		return append(dst, raw...), nil
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		return nil, fmt.Errorf("json: error calling MarshalJSON: %w", err)
	}
	if bytes.ContainsAny(compact.Bytes(), "<>&") || bytes.IndexByte(compact.Bytes(), 0xE2) >= 0 {
		var escaped bytes.Buffer
		json.HTMLEscape(&escaped, compact.Bytes())
		return append(dst, escaped.Bytes()...), nil
	}
	return append(dst, compact.Bytes()...), nil
}

// isPlainJSONString reports whether raw is a string of printable ASCII without escapes or HTML
// characters: already what json.Marshal would write for it.
func isPlainJSONString[B []byte | string](raw B) bool {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return false
	}
	for i := 1; i < len(raw)-1; i++ {
		if !jsonSafe[raw[i]&0x7f] || raw[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

const hexDigits = "0123456789abcdef"

// jsonSafe marks the ASCII bytes encoding/json writes as they are in a string with HTML
// escaping on (json.Marshal's default): printable, and not ", \, <, > or &.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = true
	}
	t['"'], t['\\'], t['<'], t['>'], t['&'] = false, false, false, false, false
	return t
}()

// appendJSONString appends s as a JSON string exactly as json.Marshal writes it: \", \\, \b, \f,
// \n, \r, \t, \u00XX for the other C0 controls and for <, > and &, \u2028 and \u2029, and
// \ufffd for each byte of invalid UTF-8.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '\\', '"':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
