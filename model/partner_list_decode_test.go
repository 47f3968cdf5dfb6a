package model

import (
	"encoding/json"
	"reflect"
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
