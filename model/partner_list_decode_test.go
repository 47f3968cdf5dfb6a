package model

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// PartnerList's own decoder gives what the standard decoder gives for the same struct.
func TestPartnerListDecodesAsTheStandardDecoder(t *testing.T) {
	type plain struct { // PartnerList's fields without its UnmarshalJSON
		Context  string    `json:"@odata.context,omitempty"`
		Count    *int      `json:"@odata.count,omitempty"`
		NextLink string    `json:"@odata.nextLink,omitempty"`
		Value    []Partner `json:"value"`
	}
	p1 := `{"id":"a","displayName":"Jamf \u00e9","partnerState":"enabled","isConfigured":true,"x-extra":[1,{"y":null}]}`
	p2 := `{"id":"b","groupsRequiringPartnerEnrollment":[]}`
	for _, body := range []string{
		`{"value":[]}`,
		`{"value":null}`,
		`{}`,
		`{"@odata.context":"ctx","@odata.count":2,"@odata.nextLink":"https://graph/next","value":[` + p1 + `,` + p2 + `]}`,
		` { "VALUE" : [ ` + p1 + ` ] , "@ODATA.NEXTLINK" : "n" , "unknown" : {"value":[]} } `,
		`{"value":[` + p1 + `],"value":[` + p2 + `]}`,
		`{"@odata.count":null,"@odata.nextLink":null,"value":[null,` + p2 + `]}`,
		`{"@odata.next\u004cink":"escaped key","value":[]}`,
	} {
		var want plain
		if err := json.Unmarshal([]byte(body), &want); err != nil {
			t.Fatalf("%s: the standard decoder says %v", body, err)
		}
		var got PartnerList
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if !reflect.DeepEqual(PartnerList(want), got) {
			t.Errorf("%s:\n got %+v\nwant %+v", body, got, PartnerList(want))
		}
	}
	for _, body := range []string{
		`{"value":"not a list"}`,
		`{"value":[1]}`,
		`{"@odata.count":"2","value":[]}`,
		`{"@odata.count":1.5,"value":[]}`,
		`{"@odata.nextLink":3,"value":[]}`,
		`{"value":[{"id":3}]}`,
	} {
		var std plain
		if json.Unmarshal([]byte(body), &std) == nil {
			t.Fatalf("%s: the standard decoder accepts it", body)
		}
		var got PartnerList
		if err := json.Unmarshal([]byte(body), &got); err == nil {
			t.Errorf("%s: accepted as %+v", body, got)
		}
	}
}

// decodeJSONCases are pages, valid JSON or not, for DecodeJSON's test and fuzzer.
var decodeJSONCases = []string{
	`{"value":[]}`, `{"value":null}`, `{}`, `null`, ` null `, `null x`, `nul`, `{"value":[]} x`,
	`{"value":[]}}`, `{"value":[],}`, `{"value":[,]}`, `{"value":[{"id":"a"},]}`, `{"value":[{"id":"a"} {"id":"b"}]}`,
	`{"@odata.count":01,"value":[]}`, `{"@odata.count":"2","value":[{"id":"a"`, `{"@odata.count":"2","value":[}`,
	`{"value":[{"id":"\x"}]}`, "{\"value\":[{\"id\":\"\x01\"}]}", `{"valu\e":[]}`, "{\"k\x01\":1,\"value\":[]}",
	`{"value":[{"id":"a","x":[1,2,{"y":tru}]}]}`, `{"value":[{"id":"a","x":-}]}`, `{"unknown":{"a":[1,2]],"value":[]}`,
	`{"value":"not a list"}`, `{"value":[1]}`, `{"@odata.count":1.5,"value":[]}`, `{"value":[{"id":3}]}`,
	`{"@odata.context":"ctx","@odata.count":2,"@odata.nextLink":"https://graph/next","value":[{"id":"a"},{"id":"b","groupsRequiringPartnerEnrollment":[]}]}`,
	` { "VALUE" : [ {"id":"a"} ] , "@ODATA.NEXTLINK" : "n" , "unknown" : {"value":[]} } `,
	`[]`, `"s"`, `{"value":[` + strings.Repeat("[", 9998) + strings.Repeat("]", 9998) + `]}`,
	`{"value":[` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `]}`,
	`{"x":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `,"value":[]}`,
	`{"x":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `,"value":[]}`,
}

// DecodeJSON accepts what json.Valid accepts and UnmarshalJSON then decodes, gives the same
// page and list, and fails with UnmarshalJSON's error on valid JSON; on anything else it fails.
func sameAsValidThenUnmarshal(t *testing.T, b []byte) {
	t.Helper()
	valid := json.Valid(b)
	for _, pair := range [][2]interface {
		json.Unmarshaler
		DecodeJSON([]byte) error
	}{{&PartnerPage{}, &PartnerPage{}}, {&PartnerList{}, &PartnerList{}}} {
		want, got := pair[0], pair[1]
		err := got.DecodeJSON(b)
		if !valid {
			if err == nil {
				t.Fatalf("%.200q: DecodeJSON of invalid JSON gave %T %+v", b, got, got)
			}
			continue
		}
		wantErr := want.UnmarshalJSON(b)
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Fatalf("%.200q: %T.DecodeJSON error %v, UnmarshalJSON error %v", b, got, err, wantErr)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("%.200q:\n got %+v\nwant %+v", b, got, want)
		}
	}
}

func TestDecodeJSONIsValidThenUnmarshal(t *testing.T) {
	cases := append([]string(nil), decodeJSONCases...)
	for _, raw := range testdataPartners(t) {
		page := `{"@odata.nextLink":"n","value":[` + string(raw) + `,` + string(raw) + `]}`
		cases = append(cases, page, page[:len(page)/2], page[:len(page)-1])
	}
	for _, c := range cases {
		sameAsValidThenUnmarshal(t, []byte(c))
	}
}

func FuzzDecodeJSON(f *testing.F) {
	for _, c := range decodeJSONCases {
		if len(c) < 1000 {
			f.Add([]byte(c))
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		sameAsValidThenUnmarshal(t, b)
	})
}

// TopLevelString finds the first top-level member of that name, a string, without scanning the
// partners when it comes before them.
func TestTopLevelStringFindsOnlyTheTopLevelMember(t *testing.T) {
	for _, tc := range []struct {
		body, want string
		ok         bool
	}{
		{`{"@odata.nextLink":"n1","value":[{"id":"a"}]}`, "n1", true},
		{` { "value" : [ {"@odata.nextLink":"inner"} ] , "@odata.nextLink" : "n2" } `, "n2", true},
		{`{"value":[{"id":"a","x":"]}\"}"}],"@odata.nextLink":"n3"}`, "n3", true},
		{`{"@odata.next\u004cink":"n4","value":[]}`, "n4", true},
		{`{"@ODATA.NEXTLINK":"n5","value":[]}`, "n5", true}, // encoding/json matches fields case-insensitively
		{`{"@odata.nextLink":"a\/b\u0026c","value":[]}`, "a/b&c", true},
		{`{"@odata.nextLink":"first","@odata.nextLink":"last","value":[]}`, "first", true}, // the decoder's "last" wins
		{`{"@odata.nextLink":"first","value":[{"id":"a"},}`, "first", true},                // the partners are not scanned
		{`{"value":[{"@odata.nextLink":"inner"}]}`, "", false},
		{`{"@odata.nextLink":null,"value":[]}`, "", false},
		{`{"@odata.count":12,"value":[1,2,true,null]}`, "", false},
		{`[{"@odata.nextLink":"n"}]`, "", false},
		{`{"@odata.nextLink":"unterminated`, "", false},
		{``, "", false},
	} {
		got, ok := TopLevelString([]byte(tc.body), "@odata.nextLink")
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: got %q, %v; want %q, %v", tc.body, got, ok, tc.want, tc.ok)
		}
	}
}
