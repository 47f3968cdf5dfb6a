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
// HTML-escaped as Marshal would (only when it has something to escape) and indented on its own.
func writePartnerListJSON(w io.Writer, ps []model.Partner) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if len(ps) == 0 {
		bw.WriteString("{\n  \"value\": []\n}\n")
		return bw.Flush()
	}
	bw.WriteString("{\n  \"value\": [\n")
	var item, escaped bytes.Buffer
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
		item.Reset()
		item.WriteString("    ")
		if err := json.Indent(&item, b, "    ", "  "); err != nil {
			return err
		}
		if i < len(ps)-1 {
			item.WriteString(",\n")
		} else {
			item.WriteString("\n")
		}
		if _, err := bw.Write(item.Bytes()); err != nil {
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
