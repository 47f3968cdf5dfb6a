package model

import "testing"

func TestSanitize(t *testing.T) {
	cases := map[string]string{
		"Jamf Pro":                                "Jamf Pro",
		"Brambleworth MDM ✓":                      "Brambleworth MDM ✓",
		"\x1b]52;c;ZXZpbA==\x07Jamf":              "Jamf",
		"\x1b]52;c;ZXZpbA==\x1b\\Jamf":            "Jamf",
		"\x1b[2JJamf":                             "Jamf",
		"a\x1b[31;1mred\x1b[0m":                   "ared",
		"tab\there\nnew\rline":                    "tab here new line",
		"bell\x07nul\x00del\x7f":                  "bellnuldel",
		"\u009b31mC1 CSI":                         "C1 CSI",
		"\u009d0;title\u009cafter":                "after",
		"\x1bPdcs payload\x1b\\x":                 "x",
		"rtl\u202eoverride\u2066":                 "rtloverride",
		"bad\xffutf8":                             "bad\ufffdutf8",
		"\x1b(Bcharset":                           "charset",
		"cut\x1b[":                                "cut",
		"\x1b]8;;http://evil\x07link\x1b]8;;\x07": "link",
	}
	for in, want := range cases {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"Jamf", "\x1b]52;c;x\x07", "\x1b[2J", "\u009b1m", "a\x1b", "\x1bP\x1b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Sanitize(s)
		for _, r := range out {
			if r < 0x20 || (r >= 0x7f && r < 0xa0) || isBidiControl(r) {
				t.Fatalf("Sanitize(%q) left control %U in %q", s, r, out)
			}
		}
		if Sanitize(out) != out {
			t.Fatalf("Sanitize is not idempotent on %q", s)
		}
	})
}
