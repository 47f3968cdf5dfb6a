package model

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// A small scanner over JSON the standard decoder has already validated (json.Unmarshal checks the
// whole document before it calls an UnmarshalJSON method). Walking members here instead of calling
// json.Unmarshal at every level avoids re-validating the same bytes once per nesting level. It
// still fails cleanly, never panics, on malformed input given to it directly.

var errMalformed = errors.New("malformed JSON")

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// jsonStringEnd returns the index after the JSON string that starts at b[i] == '"', or -1 when
// it does not end. The closing quote is found with bytes.IndexByte, as strings are most of a
// partner; a quote is escaped when an odd number of backslashes precede it. It does not check
// what the string holds.
func jsonStringEnd(b []byte, i int) int {
	for j := i + 1; j < len(b); {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			break
		}
		q := j + k
		n := 0
		for q-1-n > i && b[q-1-n] == '\\' {
			n++
		}
		if n%2 == 0 {
			return q + 1
		}
		j = q + 1
	}
	return -1
}

// skipJSONString is jsonStringEnd with an error for a string that does not end.
func skipJSONString(b []byte, i int) (int, error) {
	if end := jsonStringEnd(b, i); end >= 0 {
		return end, nil
	}
	return 0, errMalformed
}

// skipValue returns the index after the value that starts at b[i].
func skipValue(b []byte, i int) (int, error) {
	i = skipSpace(b, i)
	if i >= len(b) {
		return 0, errMalformed
	}
	switch b[i] {
	case '"':
		return skipJSONString(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				end, err := skipJSONString(b, i)
				if err != nil {
					return 0, err
				}
				i = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1, nil
				}
			}
		}
		return 0, errMalformed
	}
	start := i
	for i < len(b) && !isSpace(b[i]) && b[i] != ',' && b[i] != '}' && b[i] != ']' {
		i++
	}
	if i == start {
		return 0, errMalformed
	}
	return i, nil
}

// eachMember calls fn with the raw key (quotes included) and raw value of each member of the
// object b. It reports whether b was null.
func eachMember(b []byte, fn func(key, value []byte) error) (null bool, err error) {
	return walkMembers(b, false, func(key []byte, vstart int) (int, error) {
		vend, err := skipValue(b, vstart)
		if err != nil {
			return 0, err
		}
		return vend, fn(key, b[vstart:vend])
	})
}

// walkMembers calls fn with the raw key of each member of the object b and where its value
// starts; fn reads the value and returns where it ends. It reports whether b was null. With
// check, it also fails with errMalformed where json.Valid would refuse b outside the values (a
// key, what is between the tokens, anything after the object); fn must check the values.
func walkMembers(b []byte, check bool, fn func(key []byte, vstart int) (vend int, err error)) (null bool, err error) {
	end := func(i int) error { // after the object or null
		if check && skipSpace(b, i) != len(b) {
			return errMalformed
		}
		return nil
	}
	i := skipSpace(b, 0)
	if i+4 <= len(b) && string(b[i:i+4]) == "null" {
		return true, end(i + 4)
	}
	if i >= len(b) || b[i] != '{' {
		return false, fmt.Errorf("want an object, got %s", truncateJSON(b))
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return false, end(i + 1)
	}
	for i < len(b) {
		if b[i] != '"' {
			return false, errMalformed
		}
		var kend int
		if check {
			kend = validString(b, i)
		} else {
			kend = jsonStringEnd(b, i)
		}
		if kend < 0 {
			return false, errMalformed
		}
		key := b[i:kend]
		i = skipSpace(b, kend)
		if i >= len(b) || b[i] != ':' {
			return false, errMalformed
		}
		vend, err := fn(key, skipSpace(b, i+1))
		if err != nil {
			return false, err
		}
		i = skipSpace(b, vend)
		if i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
			continue
		}
		if i < len(b) && b[i] == '}' {
			return false, end(i + 1)
		}
		return false, errMalformed
	}
	return false, errMalformed
}

// eachElement calls fn with the raw bytes of each element of the array b; null is an empty array.
func eachElement(b []byte, fn func(i int, value []byte) error) error {
	i := skipSpace(b, 0)
	if i+4 <= len(b) && string(b[i:i+4]) == "null" {
		return nil
	}
	if i >= len(b) || b[i] != '[' {
		return fmt.Errorf("want a list, got %s", truncateJSON(b))
	}
	_, err := walkElements(b, i, skipValue, fn)
	return err
}

// walkElements calls fn with the raw bytes of each element of the array that starts at b[i] ==
// '[' and returns where the array ends; skip finds where an element ends (skipValue, or
// checkedValue to check it too).
func walkElements(b []byte, i int, skip func([]byte, int) (int, error), fn func(i int, value []byte) error) (end int, err error) {
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return i + 1, nil
	}
	for n := 0; i < len(b); n++ {
		vend, err := skip(b, i)
		if err != nil {
			return 0, err
		}
		if err := fn(n, b[i:vend]); err != nil {
			return 0, err
		}
		i = skipSpace(b, vend)
		if i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
			continue
		}
		if i < len(b) && b[i] == ']' {
			return i + 1, nil
		}
		return 0, errMalformed
	}
	return 0, errMalformed
}

// checkedValue is skipValue for JSON not validated before: it fails with errMalformed unless
// the value at b[i] is valid JSON as json.Valid sees it, nested depth levels deep.
func checkedValue(b []byte, i, depth int) (int, error) {
	if end := validValue(b, skipSpace(b, i), depth); end >= 0 {
		return end, nil
	}
	return 0, errMalformed
}

// TopLevelString returns the value of the first member of the JSON object b whose name matches
// name (case-insensitively, as encoding/json matches struct fields), if it is a string. It is a
// quick scan that does not validate b; a decoder does that. It stops at that member: Graph
// writes @odata.nextLink before "value", so the list's prefetch (client) finds the next page's
// link without scanning the page's partners. (Where a page repeats the member, the decoder takes
// the last.)
func TopLevelString(b []byte, name string) (s string, ok bool) {
	_, _ = walkMembers(b, false, func(key []byte, vstart int) (int, error) {
		vend, err := skipValue(b, vstart)
		if err != nil {
			return 0, err
		}
		if b[vstart] != '"' {
			return vend, nil
		}
		if k, err := decodeString(key); err != nil || !strings.EqualFold(k, name) {
			return vend, nil
		}
		if v, err := decodeString(b[vstart:vend]); err == nil {
			s, ok = v, true
			return 0, errFound
		}
		return vend, nil
	})
	return s, ok
}

// errFound stops a walk that has found what it looked for.
var errFound = errors.New("found")
