package model

import (
	"fmt"
	"strings"
	"time"
)

// Words a person reads, the same on every screen and in the CLI.

// Dash is s, or "—" when s is empty: a blank that reads as "nothing here", not as a gap.
func Dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// YesNo is a bool in words.
func YesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// ShortDuration writes an interval the way people say it: "30s", "1m", "1m30s", "2h".
func ShortDuration(d time.Duration) string {
	d = d.Round(time.Second)
	h, mins, secs := d/time.Hour, d%time.Hour/time.Minute, d%time.Minute/time.Second
	var b strings.Builder
	if h > 0 {
		fmt.Fprintf(&b, "%dh", h)
	}
	if mins > 0 {
		fmt.Fprintf(&b, "%dm", mins)
	}
	if secs > 0 || b.Len() == 0 {
		fmt.Fprintf(&b, "%ds", secs)
	}
	return b.String()
}
