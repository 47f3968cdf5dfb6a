package model

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"
)

// Listing 10,000 partners as JSON ('list -o json') re-encodes what Graph sent: each partner is
// decoded (Partner.UnmarshalJSON) and written again (Partner.AppendJSON). For a partner in the
// shape Graph sends it — members in the order Partner declares them, strings of printable ASCII,
// dates in RFC 3339 — what that writes is what was read, less whitespace and the members that
// decode to an omitted value. AppendPartnerJSON copies such a partner through in one pass,
// checking every token as it goes, without building a Partner; anything else it meets (another
// order, an unknown member, an escape, a number, a target kind it does not know...) sends that
// partner through the decoder and AppendJSON. Either way the bytes are the same:
// partner_reencode_test.go holds the two paths to that on the docs' examples, hostile strings
// and fuzzed input.
//
// The member names, their order and which ones are omitted when empty are read from the struct
// tags of Partner and of the target variants, the declarations encoding/json reads, so there is
// no second list of them here.

// AppendPartnerJSON appends to dst the partner raw holds, exactly as Partner.AppendJSON writes it
// after Partner.UnmarshalJSON reads raw, and fails where they would.
func AppendPartnerJSON(dst, raw []byte) ([]byte, error) {
	return appendPartnerJSON(dst, raw, layout{})
}

// AppendPartnerJSONIndent appends to dst what AppendPartnerJSON appends, laid out as json.Indent
// lays it out with prefix and indent: one member or element per line, each line after the first
// starting with prefix and one indent per level of nesting. A partner the copying path takes is
// laid out as it is copied, without a second pass over it.
func AppendPartnerJSONIndent(dst, raw []byte, prefix, indent string) ([]byte, error) {
	return appendPartnerJSON(dst, raw, newLayout(prefix, indent))
}

// appendPartnerJSON copies raw in layout l, or decodes it and writes it with AppendJSON (then
// json.Indent, with a layout) where the copying path does not take it.
func appendPartnerJSON(dst, raw []byte, l layout) ([]byte, error) {
	if out, ok := reencodePartner(dst, raw, l); ok {
		return out, nil
	}
	var p Partner
	if err := p.UnmarshalJSON(raw); err != nil {
		return nil, err
	}
	if !l.indented {
		return p.AppendJSON(dst)
	}
	compact, err := p.AppendJSON(nil)
	if err != nil {
		return nil, err
	}
	out := bytes.NewBuffer(dst)
	if err := json.Indent(out, compact, l.prefix, l.indent); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// layout is json.Indent's prefix and indent, for the copying path; its zero value is compact.
type layout struct {
	indented       bool
	prefix, indent string
	blank          bool // prefix and indent are spaces only: a line is a slice of newlineSpaces
}

func newLayout(prefix, indent string) layout {
	return layout{indented: true, prefix: prefix, indent: indent,
		blank: strings.Trim(prefix+indent, " ") == ""}
}

// newlineSpaces is a line break and the spaces that start a line, for a layout of spaces.
const newlineSpaces = "\n                                                                "

// reencodePartner is the copying path; ok is false, and dst's extension is to be dropped, when raw
// is not in the shape it copies. With a layout it writes what json.Indent makes of the compact
// form.
func reencodePartner(dst, raw []byte, l layout) ([]byte, bool) {
	r := reencoder{src: raw, dst: dst, layout: l}
	tables := wireTablesOnce()
	r.skipSpace()
	if !r.object(tables.partner) {
		return nil, false
	}
	r.skipSpace()
	return r.dst, r.i == len(r.src)
}

// wireKind is how a member's value is read and written.
type wireKind uint8

const (
	wireString      wireKind = iota // a string (or a named string type); null reads as ""
	wireBool                        // true or false; null reads as false
	wireDateTime                    // a DateTime: written back as read when present
	wireAssignments                 // []Assignment: null reads as an empty list, written []
)

// wireMember is one member as encoding/json writes it for a struct field.
type wireMember struct {
	key       string // the name, quoted, as it appears in JSON
	kind      wireKind
	omitEmpty bool // omitempty or omitzero
}

// wireTables are the members of a partner and of each known target variant, by @odata.type.
type wireTables struct {
	partner []wireMember
	targets map[string][]wireMember
}

var wireTablesOnce = sync.OnceValue(func() wireTables {
	t := wireTables{partner: wireMembersOf(reflect.TypeFor[Partner]()), targets: map[string][]wireMember{}}
	for _, v := range []Target{GroupTarget{}, ExclusionGroupTarget{}, AllLicensedUsersTarget{},
		AllDevicesTarget{}, ConfigMgrCollectionTarget{}, ScopeTagGroupTarget{}} {
		t.targets[v.ODataType()] = wireMembersOf(reflect.TypeOf(v))
	}
	return t
})

// wireMembersOf lists the JSON members of struct type t in the order encoding/json writes them,
// embedded structs' members in place.
func wireMembersOf(t reflect.Type) []wireMember {
	var out []wireMember
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			out = append(out, wireMembersOf(f.Type)...)
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		m := wireMember{key: `"` + name + `"`}
		for opts != "" {
			var o string
			o, opts, _ = strings.Cut(opts, ",")
			m.omitEmpty = m.omitEmpty || o == "omitempty" || o == "omitzero"
		}
		switch {
		case f.Type == reflect.TypeFor[DateTime]():
			m.kind = wireDateTime
		case f.Type == reflect.TypeFor[[]Assignment]():
			m.kind = wireAssignments
		case f.Type.Kind() == reflect.String:
			m.kind = wireString
		case f.Type.Kind() == reflect.Bool:
			m.kind = wireBool
		default:
			panic("model: no re-encoding for " + t.String() + "." + f.Name) // a new field: add its kind
		}
		out = append(out, m)
	}
	return out
}

// reencoder reads src from i and appends to dst, compact or, with a layout, indented.
type reencoder struct {
	src    []byte
	i      int
	dst    []byte
	layout layout
	depth  int // of the object or array being written, for the layout
}

// open writes the start of an object or array, c, whose first member or element sep writes.
func (r *reencoder) open(c byte) {
	r.dst = append(r.dst, c)
	r.depth++
}

// sep starts a member or element: after a comma unless it is the first, on a line of its own.
func (r *reencoder) sep(first bool) {
	if !first {
		r.dst = append(r.dst, ',')
	}
	r.newline()
}

// end writes the end of an object or array, c; empty says nothing was written in it, which
// json.Indent then leaves as {} or [].
func (r *reencoder) end(c byte, empty bool) {
	r.depth--
	if !empty {
		r.newline()
	}
	r.dst = append(r.dst, c)
}

// newline starts a line at the current depth, with the layout; compact, it writes nothing.
func (r *reencoder) newline() {
	if !r.layout.indented {
		return
	}
	if n := len(r.layout.prefix) + r.depth*len(r.layout.indent); r.layout.blank && n < len(newlineSpaces) {
		r.dst = append(r.dst, newlineSpaces[:1+n]...)
		return
	}
	r.dst = append(r.dst, '\n')
	r.dst = append(r.dst, r.layout.prefix...)
	for range r.depth {
		r.dst = append(r.dst, r.layout.indent...)
	}
}

// name writes a member's quoted name and the colon after it.
func (r *reencoder) name(key string) {
	r.dst = append(r.dst, key...)
	if !r.layout.indented {
		r.dst = append(r.dst, ':')
	} else {
		r.dst = append(r.dst, ':', ' ')
	}
}

func (r *reencoder) skipSpace() {
	for r.i < len(r.src) && isSpace(r.src[r.i]) {
		r.i++
	}
}

// peek returns the next byte after whitespace, or 0 at the end.
func (r *reencoder) peek() byte {
	r.skipSpace()
	if r.i < len(r.src) {
		return r.src[r.i]
	}
	return 0
}

// plainString returns the string at i, quotes included, if it holds only printable ASCII other
// than ", \, <, > and &: the strings that decode to their inner bytes and that json.Marshal
// writes back unchanged.
func (r *reencoder) plainString() ([]byte, bool) {
	if r.peek() != '"' {
		return nil, false
	}
	start := r.i
	j := start + 1
	for ; j+8 <= len(r.src) && plainWord(binary.LittleEndian.Uint64(r.src[j:])); j += 8 {
	}
	for ; j < len(r.src); j++ {
		if c := r.src[j]; !plainByte[c] {
			if c == '"' {
				r.i = j + 1
				return r.src[start:r.i], true
			}
			return nil, false
		}
	}
	return nil, false
}

// plainWord reports whether the 8 bytes of x are all plainByte's: none at or above 0x80, below
// 0x20, or one of " \ < > &. (The zero-byte test it builds on can report a byte that is not
// there, next to one that is, never miss one; the byte loop then decides.)
func plainWord(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q := x ^ ('"' * ones)
	b := x ^ ('\\' * ones)
	l := (x | 0x02*ones) ^ ('>' * ones) // < or >
	a := x ^ ('&' * ones)
	zero := (q-ones)&^q | (b-ones)&^b | (l-ones)&^l | (a-ones)&^a | (x-0x20*ones)&^x
	return (zero|x)&highs == 0
}

// plainByte marks the bytes a plain string holds: jsonSafe's, ASCII only.
var plainByte = func() (t [256]bool) {
	for c := range utf8.RuneSelf {
		t[c] = jsonSafe[c]
	}
	return t
}()

// key reads a member's name, a plain string, and the colon after it.
func (r *reencoder) key() ([]byte, bool) {
	k, ok := r.plainString()
	if !ok || r.peek() != ':' {
		return nil, false
	}
	r.i++
	return k, true
}

// knownKey reads a member's name and the colon after it if the name is one of table[next:],
// and returns its index there, or -1. The names in the table are plain strings, quoted, so a
// name that starts with one of them, closing quote included, is that name.
func (r *reencoder) knownKey(table []wireMember, next int) int {
	r.skipSpace()
	rest := r.src[r.i:]
	for k := next; k < len(table); k++ {
		if key := table[k].key; len(rest) >= len(key) && string(rest[:len(key)]) == key {
			r.i += len(key)
			if r.peek() != ':' {
				return -1
			}
			r.i++
			return k
		}
	}
	return -1
}

// literal consumes word (null, true or false) if it is next.
func (r *reencoder) literal(word string) bool {
	r.skipSpace()
	if len(r.src)-r.i >= len(word) && string(r.src[r.i:r.i+len(word)]) == word {
		r.i += len(word)
		return true
	}
	return false
}

// object copies an object whose members are those of table, in table order, each at most once.
func (r *reencoder) object(table []wireMember) bool {
	if r.peek() != '{' {
		return false
	}
	r.i++
	r.open('{')
	if r.peek() == '}' {
		r.i++
		return r.close(table, 0, true)
	}
	return r.members(table, 0, true)
}

// members copies the object's members from the key at i to its '}', table[next:] being the ones
// still allowed; first says whether none has been written yet.
func (r *reencoder) members(table []wireMember, next int, first bool) bool {
	for {
		k := r.knownKey(table, next)
		if k < 0 || !r.fill(table[next:k], &first) {
			return false // unknown, out of order, repeated or not plain
		}
		next = k + 1
		if !r.value(table[k], &first) {
			return false
		}
		switch r.peek() {
		case ',':
			r.i++
			continue
		case '}':
			r.i++
			return r.close(table, next, first)
		}
		return false
	}
}

// close writes the members from table[next:] that were absent and ends the object.
func (r *reencoder) close(table []wireMember, next int, first bool) bool {
	if !r.fill(table[next:], &first) {
		return false
	}
	r.end('}', first)
	return true
}

// fill writes the absent members that are written even when empty, as their empty values.
func (r *reencoder) fill(absent []wireMember, first *bool) bool {
	for _, m := range absent {
		if m.omitEmpty {
			continue
		}
		switch m.kind {
		case wireString:
			r.put(m, first, `""`)
		case wireBool:
			r.put(m, first, "false")
		default:
			return false
		}
	}
	return true
}

// put writes the member m with the value v.
func (r *reencoder) put(m wireMember, first *bool, v string) {
	r.sep(*first)
	r.name(m.key)
	r.dst = append(r.dst, v...)
	*first = false
}

// value copies the value of member m, or leaves it out where the decoder reads it as empty and m
// is omitted when empty.
func (r *reencoder) value(m wireMember, first *bool) bool {
	switch m.kind {
	case wireString:
		if r.literal("null") {
			if !m.omitEmpty {
				r.put(m, first, `""`)
			}
			return true
		}
		s, ok := r.plainString()
		if !ok {
			return false
		}
		if len(s) > 2 || !m.omitEmpty {
			r.putBytes(m, first, s)
		}
		return true
	case wireBool:
		switch {
		case r.literal("true"):
			r.put(m, first, "true")
		case r.literal("false"), r.literal("null"):
			if !m.omitEmpty {
				r.put(m, first, "false")
			}
		default:
			return false
		}
		return true
	case wireDateTime:
		if r.literal("null") {
			r.put(m, first, "null")
			return true
		}
		s, ok := r.plainString()
		if !ok || len(s) > 2 && !isGraphDateTime(s[1:len(s)-1]) {
			return false
		}
		r.putBytes(m, first, s)
		return true
	case wireAssignments:
		r.put(m, first, "")
		if r.literal("null") {
			r.dst = append(r.dst, "[]"...)
			return true
		}
		return r.assignments()
	}
	return false
}

// putBytes is put for a value read from the source.
func (r *reencoder) putBytes(m wireMember, first *bool, v []byte) {
	r.put(m, first, "")
	r.dst = append(r.dst, v...)
}

// assignments copies a list of deviceManagementPartnerAssignments.
func (r *reencoder) assignments() bool {
	if r.peek() != '[' {
		return false
	}
	r.i++
	r.open('[')
	if r.peek() == ']' {
		r.i++
		r.end(']', true)
		return true
	}
	for first := true; ; first = false {
		r.sep(first)
		if !r.assignment() {
			return false
		}
		switch r.peek() {
		case ',':
			r.i++
			continue
		case ']':
			r.i++
			r.end(']', false)
			return true
		}
		return false
	}
}

// assignment copies {"@odata.type":...,"target":{...}}, the type optional (Assignment writes
// ODataPartnerAssignment when it was empty), the target one of the known variants.
func (r *reencoder) assignment() bool {
	if r.peek() != '{' {
		return false
	}
	r.i++
	key, ok := r.key()
	if !ok {
		return false
	}
	r.open('{')
	r.sep(true)
	r.name(`"@odata.type"`)
	typ := []byte(nil)
	if string(key) == `"@odata.type"` {
		if !r.literal("null") {
			if typ, ok = r.plainString(); !ok {
				return false
			}
		}
		if r.peek() != ',' {
			return false
		}
		r.i++
		if key, ok = r.key(); !ok {
			return false
		}
	}
	if len(typ) > 2 {
		r.dst = append(r.dst, typ...)
	} else {
		r.dst = append(r.dst, `"`+ODataPartnerAssignment+`"`...)
	}
	if string(key) != `"target"` {
		return false
	}
	r.sep(false)
	r.name(`"target"`)
	if !r.target() || r.peek() != '}' {
		return false
	}
	r.i++
	r.end('}', false)
	return true
}

// target copies a target of a known kind whose @odata.type comes first; the type is written as
// it was spelled.
func (r *reencoder) target() bool {
	if r.peek() != '{' {
		return false
	}
	r.i++
	if key, ok := r.key(); !ok || string(key) != `"@odata.type"` {
		return false
	}
	typ, ok := r.plainString()
	if !ok || len(typ) < 3 {
		return false
	}
	var table []wireMember
	if name := typ[1 : len(typ)-1]; name[0] == '#' {
		table, ok = wireTablesOnce().targets[string(name)]
	} else {
		table, ok = wireTablesOnce().targets["#"+string(name)]
	}
	if !ok {
		return false
	}
	r.open('{')
	r.sep(true)
	r.name(`"@odata.type"`)
	r.dst = append(r.dst, typ...)
	switch r.peek() {
	case '}':
		r.i++
		return r.close(table, 0, false)
	case ',':
		r.i++
		return r.members(table, 0, false)
	}
	return false
}

// isGraphDateTime reports whether s is a date and time as Graph writes them,
// YYYY-MM-DDTHH:MM:SS, then 1 to 9 fractional digits or none, then Z, with a real day of its
// month: a form ParseDateTime always reads. (It is stricter than ParseDateTime: what it refuses
// goes to the decoder, which decides.)
func isGraphDateTime(s []byte) bool {
	if len(s) < 20 || s[len(s)-1] != 'Z' || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return false
	}
	num := func(i, n int) (int, bool) {
		v := 0
		for _, c := range s[i : i+n] {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	year, ok1 := num(0, 4)
	month, ok2 := num(5, 2)
	day, ok3 := num(8, 2)
	hour, ok4 := num(11, 2)
	minute, ok5 := num(14, 2)
	second, ok6 := num(17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || month < 1 || month > 12 || day < 1 ||
		day > daysIn(month, year) || hour > 23 || minute > 59 || second > 59 {
		return false
	}
	frac := s[19 : len(s)-1]
	if len(frac) == 0 {
		return true
	}
	if frac[0] != '.' || len(frac) < 2 || len(frac) > 10 {
		return false
	}
	_, ok := num(20, len(frac)-1)
	return ok
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
