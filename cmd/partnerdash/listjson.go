package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"

	"github.com/partnerdash/partnerdash/model"
)

// writePartnerListJSON writes exactly what writeJSON writes for model.PartnerList{Value: ps},
// streamed one partner at a time through a buffer instead of built whole. For 10,000 partners
// writeJSON spent most of list -o json's time: json.Marshal re-validates and compacts the output
// of every MarshalJSON (Partner, then each nested value), builds an 8 MB document, and
// MarshalIndent copies it once more to indent it. Here each partner's own encoding is
// HTML-escaped as Marshal would (only when it has something to escape) and indented on its own,
// by a byte loop rather than json.Indent's validating state machine (MarshalJSON's output is valid).
func writePartnerListJSON(w io.Writer, ps []model.Partner) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if len(ps) == 0 {
		bw.WriteString("{\n  \"value\": []\n}\n")
		return bw.Flush()
	}
	bw.WriteString("{\n  \"value\": [\n")
	var escaped bytes.Buffer
	var item []byte
	for i, p := range ps {
		b, err := p.MarshalJSON()
		if err != nil {
			return err
		}
		if needsHTMLEscape(b) {
			escaped.Reset()
			json.HTMLEscape(&escaped, b)
			b = escaped.Bytes()
		}
		b = escapeTerminalControls(b) // as writeJSON does: printing the JSON cannot drive a terminal
		item = append(item[:0], "    "...)
		item = appendIndented(item, b, "    ", "  ")
		if i < len(ps)-1 {
			item = append(item, ',', '\n')
		} else {
			item = append(item, '\n')
		}
		if _, err := bw.Write(item); err != nil {
			return err
		}
	}
	bw.WriteString("  ]\n}\n")
	return bw.Flush()
}

// needsHTMLEscape reports whether b has a byte json.Marshal would escape in a Marshaler's output:
// <, > and &, and U+2028/U+2029 (whose UTF-8 starts with 0xE2).
func needsHTMLEscape(b []byte) bool {
	return bytes.ContainsAny(b, "<>&") || bytes.IndexByte(b, 0xE2) >= 0
}

// appendIndented appends src, which must be valid JSON, to dst laid out as json.Indent lays it
// out: one element per line, prefix then one indent per level, "key": value, and {} and [] kept
// on one line when empty. Whitespace between tokens in src is dropped.
func appendIndented(dst, src []byte, prefix, indent string) []byte {
	depth := 0
	newline := func() {
		dst = append(dst, '\n')
		dst = append(dst, prefix...)
		for range depth {
			dst = append(dst, indent...)
		}
	}
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case ' ', '\t', '\n', '\r':
		case '"':
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			end := min(j+1, len(src))
			dst = append(dst, src[i:end]...)
			i = end - 1
		case '{', '[':
			k := i + 1
			for k < len(src) && (src[k] == ' ' || src[k] == '\t' || src[k] == '\n' || src[k] == '\r') {
				k++
			}
			if k < len(src) && (src[k] == '}' || src[k] == ']') {
				dst = append(dst, c, src[k])
				i = k
				continue
			}
			dst = append(dst, c)
			depth++
			newline()
		case '}', ']':
			depth--
			newline()
			dst = append(dst, c)
		case ',':
			dst = append(dst, ',')
			newline()
		case ':':
			dst = append(dst, ':', ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
