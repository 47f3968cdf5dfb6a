package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

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
		got, ok := topLevelString([]byte(tc.body), "@odata.nextLink")
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: got %q, %v; want %q, %v", tc.body, got, ok, tc.want, tc.ok)
		}
	}
}

// recordingTransport passes requests on and reports each one's context when it is sent.
type recordingTransport struct {
	next http.RoundTripper
	sent chan *http.Request
}

func (r recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r.sent <- req
	return r.next.RoundTrip(req)
}

// The next page is requested as soon as this one's body is read, before it is decoded; when
// this one then turns out not to be Graph's, the list fails with its error and the request
// already made for the next page is cancelled.
func TestListPrefetchesTheNextPageAndCancelsItWhenThisOneFails(t *testing.T) {
	var base string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("$skiptoken") == "" {
			// A nextLink, then a value array that is not JSON.
			w.Write([]byte(`{"@odata.nextLink":"` + base + `/v1.0/deviceManagement/deviceManagementPartners?$skiptoken=2","value":[{"id":"a"},}`))
			return
		}
		<-r.Context().Done()
	}))
	defer srv.Close()
	base = srv.URL
	rt := recordingTransport{next: http.DefaultTransport, sent: make(chan *http.Request, 10)}
	c, _ := newTest(t, srv.URL+"/v1.0", WithHTTPClient(&http.Client{Transport: rt}))
	_, err := c.List(context.Background())
	if err == nil || !strings.Contains(err.Error(), "list partners (page 1)") || !strings.Contains(err.Error(), "not a Graph payload") {
		t.Fatalf("err = %v, want page 1's decoding error", err)
	}
	var second *http.Request
	for second == nil {
		select {
		case req := <-rt.sent:
			if req.URL.Query().Get("$skiptoken") == "2" {
				second = req
			}
		case <-time.After(10 * time.Second):
			t.Fatal("page 2 was never requested")
		}
	}
	select {
	case <-second.Context().Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the request for page 2 was not cancelled")
	}
}
