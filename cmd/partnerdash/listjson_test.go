package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
)

// The streamed list is byte for byte what writeJSON writes, including for strings json.Marshal
// escapes and for unknown members kept raw from Graph (with their own whitespace).
func TestStreamedListJSONIsWriteJSONsOutput(t *testing.T) {
	demo := graphsim.DemoTenant(time.Date(2025, 6, 2, 9, 30, 0, 0, time.UTC))
	odd := demo[0]
	odd.DisplayName = "R&D <lab> \u2028 \u2029 \u00e9 \"q\" \\ \t"
	odd.Extra = map[string]json.RawMessage{
		"zeta":  json.RawMessage(`{ "a" : [ 1 , 2 ], "b":"<&>" , "c" : {} , "d":[] }`),
		"alpha": json.RawMessage(`"x\u2028y"`),
	}
	empty := model.Partner{ID: "e"}
	for i, ps := range [][]model.Partner{nil, {}, demo, {odd}, append([]model.Partner{odd, empty}, demo...)} {
		var want, got bytes.Buffer
		list := ps
		if list == nil {
			list = []model.Partner{}
		}
		if err := writeJSON(&want, model.PartnerList{Value: list}); err != nil {
			t.Fatal(err)
		}
		if err := writePartnerListJSON(&got, ps); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("case %d: streamed output differs\n got: %s\nwant: %s", i, clip(got.String()), clip(want.String()))
		}
	}
}

// writePartnerListJSON writes ps through a partnerListWriter, each as ListEachJSON hands it
// over: as Graph would send it (AppendJSON), re-encoded and laid out for the list.
func writePartnerListJSON(w io.Writer, ps []model.Partner) error {
	lw := newPartnerListWriter(w)
	for i := range ps {
		b, err := itemJSON(ps[i])
		if err != nil {
			return err
		}
		if err := lw.add(b); err != nil {
			return err
		}
	}
	return lw.close()
}

// itemJSON is p as ListEachJSON gives it to partnerListWriter.add.
func itemJSON(p model.Partner) ([]byte, error) {
	b, err := p.AppendJSON(nil)
	if err != nil {
		return nil, err
	}
	return model.AppendPartnerJSONIndent(nil, b, itemPrefix, itemIndent)
}

func clip(s string) string {
	if len(s) > 2000 {
		return s[:2000] + fmt.Sprintf("… (%d bytes)", len(s))
	}
	return s
}

// BenchmarkPartnerListWriter writes a page of 1,000 partners (the demo tenant's, over and over),
// each as ListEachJSON hands it over: the C1/bidi escaping and writing 'list -o json' does per
// partner.
func BenchmarkPartnerListWriter(b *testing.B) {
	demo := graphsim.DemoTenant(time.Date(2025, 6, 2, 9, 30, 0, 0, time.UTC))
	ps := make([]model.Partner, 1000)
	for i := range ps {
		ps[i] = demo[i%len(demo)]
	}
	encoded := make([][]byte, len(ps))
	size := 0
	for i := range ps {
		var err error
		if encoded[i], err = itemJSON(ps[i]); err != nil {
			b.Fatal(err)
		}
		size += len(encoded[i])
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		lw := newPartnerListWriter(io.Discard)
		for _, e := range encoded {
			if err := lw.add(e); err != nil {
				b.Fatal(err)
			}
		}
		if err := lw.close(); err != nil {
			b.Fatal(err)
		}
	}
}
