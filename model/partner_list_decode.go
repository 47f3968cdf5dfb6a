package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// PartnerPage is one page of the partner collection with each partner still the JSON it was
// read as: what PartnerList decodes before it decodes the partners, and what 'list -o json'
// re-encodes without decoding them (AppendPartnerJSON). Value's elements are slices of the bytes
// decoded, not copies; Value is nil when "value" was absent or null.
type PartnerPage struct {
	Context  string
	Count    *int
	NextLink string
	Value    []json.RawMessage
}

// UnmarshalJSON reads a page as the standard decoder reads PartnerList's members: names match
// case-insensitively, unknown ones are ignored, the last of a repeated member wins, and null
// leaves the page as it was. json.Unmarshal has validated b before it calls this, so the page is
// walked once, instead of the standard decoder skipping over each partner to find its end (about
// a tenth of listing 10,000 partners). Like json.Unmarshal, it reuses Value's array.
func (l *PartnerPage) UnmarshalJSON(b []byte) error {
	_, err := l.decode(b, false)
	return err
}

// DecodeJSON is UnmarshalJSON for b that nothing has validated: it checks b as json.Valid does
// in the same pass, and where json.Valid would refuse b it fails (with an error that says only
// that b is malformed; json.Unmarshal's says where). A page is then read once, not validated and
// then walked.
func (l *PartnerPage) DecodeJSON(b []byte) error {
	_, err := l.decode(b, true)
	return err
}

// decode is UnmarshalJSON, or DecodeJSON with check, and reports whether b was null.
func (l *PartnerPage) decode(b []byte, check bool) (null bool, err error) {
	skip := skipValue
	if check {
		skip = func(b []byte, i int) (int, error) { return checkedValue(b, i, 1) }
	}
	var out PartnerPage
	null, err = walkMembers(b, check, func(key []byte, vstart int) (int, error) {
		name, err := decodeString(key)
		if err != nil {
			return 0, err
		}
		if strings.EqualFold(name, "value") && vstart < len(b) && b[vstart] == '[' {
			// The partners are walked once: their ends are the array's elements' ends.
			out.Value = l.Value[:0:cap(l.Value)] // as json.Unmarshal reuses a slice's array
			if out.Value == nil {
				out.Value = []json.RawMessage{}
			}
			elem := skipValue
			if check {
				elem = func(b []byte, i int) (int, error) { return checkedValue(b, i, 2) }
			}
			return walkElements(b, vstart, elem, func(_ int, elem []byte) error {
				out.Value = append(out.Value, elem)
				return nil
			})
		}
		vend, err := skip(b, vstart)
		if err != nil {
			return 0, err
		}
		v := b[vstart:vend]
		switch {
		case strings.EqualFold(name, "@odata.context"):
			err = decodeListString(v, "@odata.context", &out.Context)
		case strings.EqualFold(name, "@odata.nextLink"):
			err = decodeListString(v, "@odata.nextLink", &out.NextLink)
		case strings.EqualFold(name, "@odata.count"):
			if isNull(v) {
				out.Count = nil
				break
			}
			var n int
			if json.Unmarshal(v, &n) != nil {
				err = fmt.Errorf("@odata.count: want an integer, got %s", truncateJSON(v))
				break
			}
			out.Count = &n
		case strings.EqualFold(name, "value"): // not a list
			if isNull(v) {
				out.Value = nil
				break
			}
			err = fmt.Errorf("want a list, got %s", truncateJSON(v))
		}
		return vend, err
	})
	if err != nil {
		return false, err
	}
	if !null {
		*l = out
	}
	return null, nil
}

// UnmarshalJSON decodes a list page: the page (PartnerPage), then each partner.
func (l *PartnerList) UnmarshalJSON(b []byte) error { return l.decode(b, false) }

// DecodeJSON is UnmarshalJSON for b that nothing has validated, as PartnerPage.DecodeJSON.
func (l *PartnerList) DecodeJSON(b []byte) error { return l.decode(b, true) }

func (l *PartnerList) decode(b []byte, check bool) error {
	var page PartnerPage
	if null, err := page.decode(b, check); err != nil || null { // null leaves the list as it was, as json.Unmarshal does
		return err
	}
	out := PartnerList{Context: page.Context, Count: page.Count, NextLink: page.NextLink}
	if page.Value != nil {
		out.Value = make([]Partner, len(page.Value))
		for i, raw := range page.Value {
			if err := out.Value[i].UnmarshalJSON(raw); err != nil {
				return err
			}
		}
	}
	*l = out
	return nil
}

func isNull(v []byte) bool { return string(bytes.TrimSpace(v)) == "null" }

func decodeListString(v []byte, name string, dst *string) error {
	if isNull(v) {
		return nil // the standard decoder leaves a string unchanged on null
	}
	if len(v) == 0 || v[0] != '"' {
		return fmt.Errorf("%s: want a string, got %s", name, truncateJSON(v))
	}
	s, err := decodeString(v)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	*dst = s
	return nil
}
