package main

import (
	"bufio"
	"io"
)

// partnerListWriter writes Graph's list shape exactly as writeJSON lays out
// model.PartnerList{Value: ...}, partner by partner as pages arrive, through a 64 KB buffer;
// 'list -o json' writes each page while the next one is fetched and never holds the whole list.
// For 10,000 partners writeJSON spent most of the listing's time: json.Marshal re-validates and
// compacts the output of every MarshalJSON (Partner, then each nested value), builds an 8 MB
// document, and MarshalIndent copies it once more to indent it. Here each partner comes encoded
// as model's Partner.AppendJSON writes it (json.Marshal's bytes, HTML-escaped as Marshal escapes
// them inside the list), already indented for its place in the list (client.ListEachJSON with
// itemPrefix and itemIndent), and C1 and bidi controls are escaped as writeJSON escapes them.
type partnerListWriter struct {
	w *bufio.Writer
	n int // partners written
}

func newPartnerListWriter(w io.Writer) *partnerListWriter {
	return &partnerListWriter{w: bufio.NewWriterSize(w, 64<<10)}
}

// The layout of a partner in the list, as writeJSON's json.MarshalIndent(v, "", "  ") places it:
// two levels deep ({"value": [ ... ]}).
const itemPrefix, itemIndent = "    ", "  "

// add writes one partner, as Partner.AppendJSON encodes it and json.Indent lays it out with
// itemPrefix and itemIndent, after those written before.
func (lw *partnerListWriter) add(b []byte) error {
	b = escapeTerminalControls(b) // as writeJSON does: printing the JSON cannot drive a terminal
	var err error
	if lw.n == 0 {
		_, err = lw.w.WriteString("{\n  \"value\": [\n" + itemPrefix)
	} else {
		_, err = lw.w.WriteString(",\n" + itemPrefix)
	}
	if err != nil {
		return err
	}
	if _, err := lw.w.Write(b); err != nil {
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
