package model

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var validJSONCases = []string{
	``, ` `, `{}`, `[]`, ` { } `, `[ ]`, `{`, `}`, `[`, `]`, `{]`, `[}`, `{"a":1}`, `{"a" : [1, 2.5, -3e+7, 0, -0.0E-1]}`,
	`{"a":1,}`, `[1,]`, `[,1]`, `{,}`, `{"a"}`, `{"a":}`, `{1:2}`, `{"a":1 "b":2}`, `[1 2]`, `"x"`, `"x" "y"`,
	`true`, `false`, `null`, `tru`, `truex`, `nul`, `[true,false,null]`, `01`, `-`, `-01`, `1.`, `.5`, `1e`,
	`1e+`, `1E5`, `+1`, `0x10`, `1.5e-3`, `-0`, `"\u00e9\n\t\"\\\/\b\f\r"`, `"\x"`, `"\u12"`, `"\u12G4"`,
	`"\uABCD"`, "\"\x01\"", "\"\x7f\"", "\"\xff\xfe\"", "\"a\u2028\"", `"unterminated`, `"\`, `{"a":"b"}x`,
	"\t\n\r{ \"a\" :\n[ ] }\r\n", "\v{}", `[[[[]]]]`, `[[[[]]]`, `{"a":{"b":{"c":[{"d":null}]}}}`,
	strings.Repeat("[", 10000) + strings.Repeat("]", 10000), strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
	strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000), strings.Repeat(`{"a":`, 10001) + "1" + strings.Repeat("}", 10001),
}

// ValidJSON accepts exactly what json.Valid accepts.
func TestValidJSONIsJSONValid(t *testing.T) {
	cases := validJSONCases
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, string(b))
		for _, cut := range []int{1, len(b) / 2, len(b) - 1} { // truncated documents
			cases = append(cases, string(b[:cut]))
		}
	}
	for _, c := range cases {
		if got, want := ValidJSON([]byte(c)), json.Valid([]byte(c)); got != want {
			t.Errorf("ValidJSON(%.60q) = %v, json.Valid says %v", c, got, want)
		}
	}
}

func FuzzValidJSON(f *testing.F) {
	for _, c := range validJSONCases {
		if len(c) < 1000 {
			f.Add([]byte(c))
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := ValidJSON(b), json.Valid(b); got != want {
			t.Fatalf("ValidJSON(%q) = %v, json.Valid says %v", b, got, want)
		}
	})
}

func BenchmarkValidJSONPage1000(b *testing.B) {
	page := benchList(1000)
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if !ValidJSON(page) {
			b.Fatal("invalid")
		}
	}
}

func BenchmarkJSONValidPage1000(b *testing.B) {
	page := benchList(1000)
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if !json.Valid(page) {
			b.Fatal("invalid")
		}
	}
}
