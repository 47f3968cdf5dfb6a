package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// DateTime is an Edm.DateTimeOffset as Graph sends it. Graph marks "never" in three ways: the
// member is absent, it is null, or it is .NET's DateTimeOffset.MinValue (0001-01-01T00:00:00Z).
// All three read as not set (IsSet false), so "never" is never shown as year 1. The original text
// is kept so that what is read is written back unchanged.
type DateTime struct {
	t       time.Time
	set     bool
	present bool   // the member was in the JSON (null included)
	raw     string // the JSON text as read; empty when built in code
}

// At returns a set DateTime for t.
func At(t time.Time) DateTime { return DateTime{t: t, set: true, present: true} }

// NotSet returns a DateTime that is written as JSON null.
func NotSet() DateTime { return DateTime{present: true} }

// IsSet reports whether the value is a real point in time.
func (d DateTime) IsSet() bool { return d.set }

// Time returns the instant, or the zero time when not set.
func (d DateTime) Time() time.Time { return d.t }

// IsZero reports whether the member was absent; with the omitzero tag an absent member stays absent.
func (d DateTime) IsZero() bool { return !d.present }

// Equal reports whether both are unset or both are set to the same instant.
func (d DateTime) Equal(o DateTime) bool {
	if d.set != o.set {
		return false
	}
	return !d.set || d.t.Equal(o.t)
}

// String formats the value as RFC 3339 in UTC, or "—" when not set.
func (d DateTime) String() string {
	if !d.set {
		return "—"
	}
	return d.t.UTC().Format(time.RFC3339)
}

// ParseDateTime parses Graph's DateTimeOffset: RFC 3339 with 0 to 9 fractional digits and "Z" or
// an offset. A value without a zone (as innerError.date is written) is read as UTC.
func ParseDateTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date and time (want RFC 3339, e.g. 2026-01-02T15:04:05Z)", s)
}

// UnmarshalJSON reads a string, null, or the year-1 "never" marker.
func (d *DateTime) UnmarshalJSON(b []byte) error {
	*d = DateTime{present: true, raw: string(b)}
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return nil
	}
	s, err := decodeString(b)
	if err != nil {
		return fmt.Errorf("date and time: %w", err)
	}
	if s == "" {
		return nil
	}
	t, err := ParseDateTime(s)
	if err != nil {
		return err
	}
	if t.Year() <= 1 {
		return nil // DateTimeOffset.MinValue: Graph's "never"
	}
	d.t, d.set = t, true
	return nil
}

// MarshalJSON writes back what was read; a value built in code is written in UTC with Graph's
// seven fractional digits, and an unset one as null.
func (d DateTime) MarshalJSON() ([]byte, error) {
	if d.raw != "" {
		return []byte(d.raw), nil
	}
	if !d.set {
		return []byte("null"), nil
	}
	return json.Marshal(d.t.UTC().Format("2006-01-02T15:04:05.0000000Z07:00"))
}

func truncateJSON(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return s
}
