package main

import (
	"bufio"
	"io"

	"github.com/partnerdash/partnerdash/model"
)

// partnerListWriter writes Graph's list shape exactly as writeJSON lays out
// model.PartnerList{Value: ...}, partner by partner as pages arrive, through a 64 KB buffer;
// 'list -o json' writes each page while the next one is fetched and never holds the whole list.
// For 10,000 partners writeJSON spent most of the listing's time: json.Marshal re-validates and
// compacts the output of every MarshalJSON (Partner, then each nested value), builds an 8 MB
// document, and MarshalIndent copies it once more to indent it. Here each partner comes encoded
// as model's Partner.AppendJSON writes it (json.Marshal's bytes, HTML-escaped as Marshal escapes
// them inside the list; client.ListEachJSON), C1 and bidi controls are escaped as writeJSON
// escapes them, and the partner is indented by a byte loop rather than json.Indent's validating
// state machine.
type partnerListWriter struct {
	w    *bufio.Writer
	n    int    // partners written
	item []byte // one partner, indented; reused (built in w's free space it was a new slice whenever it did not fit)
}

func newPartnerListWriter(w io.Writer) *partnerListWriter {
	return &partnerListWriter{w: bufio.NewWriterSize(w, 64<<10)}
}

// add writes one partner, as Partner.AppendJSON encodes it, after those written before.
func (lw *partnerListWriter) add(b []byte) error {
	b = escapeTerminalControls(b) // as writeJSON does: printing the JSON cannot drive a terminal
	item := lw.item[:0]
	if lw.n == 0 {
		item = append(item, "{\n  \"value\": [\n    "...)
	} else {
		item = append(item, ",\n    "...)
	}
	item = appendIndented(item, b, "    ", "  ")
	lw.item = item
	if _, err := lw.w.Write(item); err != nil {
		return err
	}
	lw.n++
	return nil
}

// close ends the document and flushes it.
func (lw *partnerListWriter) close() error {
	if lw.n == 0 {
		lw.w.WriteString("{\n  \"value\": []\n}\n")
	} else {
		lw.w.WriteString("\n  ]\n}\n")
	}
	return lw.w.Flush()
}

// abandon flushes what was written and leaves the document unterminated: after a failed page the
// output is the partners read before it, and no JSON parser takes it for the whole list.
func (lw *partnerListWriter) abandon() error { return lw.w.Flush() }

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
			end := model.JSONStringEnd(src, i)
			if end < 0 { // unterminated: the rest is the string
				end = len(src)
			}
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
