package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// UnmarshalJSON decodes a list page with the scanner the partner decoder uses. json.Unmarshal
// has validated the whole page before it calls this, so the members are walked once, instead
// of the standard decoder skipping over each partner to find its end before handing it to
// Partner.UnmarshalJSON (about a tenth of listing 10,000 partners). The result is what the
// standard decoder gives: members match case-insensitively, unknown ones are ignored, the last
// of a repeated member wins, and a null "value" leaves Value nil.
func (l *PartnerList) UnmarshalJSON(b []byte) error {
	var out PartnerList
	null, err := eachMember(b, func(key, v []byte) error {
		name, err := decodeString(key)
		if err != nil {
			return err
		}
		switch {
		case strings.EqualFold(name, "@odata.context"):
			return decodeListString(v, "@odata.context", &out.Context)
		case strings.EqualFold(name, "@odata.nextLink"):
			return decodeListString(v, "@odata.nextLink", &out.NextLink)
		case strings.EqualFold(name, "@odata.count"):
			if isNull(v) {
				out.Count = nil
				return nil
			}
			var n int
			if err := json.Unmarshal(v, &n); err != nil {
				return fmt.Errorf("@odata.count: want an integer, got %s", truncateJSON(v))
			}
			out.Count = &n
		case strings.EqualFold(name, "value"):
			if isNull(v) {
				out.Value = nil
				return nil
			}
			out.Value = []Partner{}
			return eachElement(v, func(_ int, elem []byte) error {
				var p Partner
				if err := p.UnmarshalJSON(elem); err != nil {
					return err
				}
				out.Value = append(out.Value, p)
				return nil
			})
		}
		return nil
	})
	if err != nil {
		return err
	}
	if !null { // null leaves the list as it was, as json.Unmarshal does
		*l = out
	}
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
