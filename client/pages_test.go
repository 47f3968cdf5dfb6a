package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/client/graphsim"
)

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

// A consumer that keeps up hands each page's buffer to the prefetch of the next: one buffer serves
// the whole listing (a fresh one costs page faults). One that does not keep up within
// handoffWait does not hold the next page back: it is read into a buffer of its own.
func TestOnePageBufferServesAListingThatKeepsUp(t *testing.T) {
	srv := httptest.NewServer(graphsim.New(graphsim.WithPartners(syntheticPartners(1000)), graphsim.WithPageSize(100)))
	defer srv.Close()
	list := func(wait time.Duration, pageDone func() error) (*Client, int) {
		c, err := New(srv.URL + "/v1.0")
		if err != nil {
			t.Fatal(err)
		}
		c.handoffWait = wait
		n := 0
		if err := c.ListEachJSON(t.Context(), "", "", func([]byte) error { n++; return nil }, pageDone); err != nil {
			t.Fatal(err)
		}
		return c, n
	}
	c, n := list(2*time.Second, nil) // a wait no scheduler hiccup reaches
	if made, over := c.pages.made.Load(), c.pages.handedOver.Load(); n != 1000 || made != 1 || over != 9 {
		t.Errorf("a listing that keeps up: %d partners, %d page buffers made, %d handed over; want 1000, 1 and 9", n, made, over)
	}
	if _, err := c.List(t.Context()); err != nil || c.pages.made.Load() != 1 {
		t.Errorf("List on the same client: %v, %d page buffers made; want the one kept", err, c.pages.made.Load())
	}

	pages := 0
	slow := func() error { // the first page takes far longer than the wait
		if pages++; pages == 1 {
			time.Sleep(200 * time.Millisecond)
		}
		return nil
	}
	c, n = list(10*time.Millisecond, slow)
	if made := c.pages.made.Load(); n != 1000 || made != 2 {
		t.Errorf("a consumer slower than the wait: %d partners, %d page buffers made; want 1000 and 2", n, made)
	}
}

// A page is checked as it is decoded (model's DecodeJSON), but a body that is not JSON still
// fails with json.Unmarshal's syntax error, which says where, even when a member before the
// break is wrong as well; a valid page with a wrong member fails with that member's error.
// Both for List, which decodes the partners, and ListEachJSON, which copies them.
func TestAPageThatIsNotJSONFailsWithTheSyntaxError(t *testing.T) {
	broken := `{"@odata.count":"two","value":[{"id":"a"},}`
	var v any
	syntax := json.Unmarshal([]byte(broken), &v)
	if syntax == nil {
		t.Fatal("the broken page decodes")
	}
	for _, tc := range []struct{ body, want, not string }{
		{broken, syntax.Error(), "@odata.count"},
		{`{"@odata.count":"two","value":[{"id":"a"}]}`, "@odata.count", "invalid character"},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(tc.body))
		}))
		c, _ := newTest(t, srv.URL+"/v1.0")
		_, listErr := c.List(t.Context())
		eachErr := c.ListEachJSON(t.Context(), "", "", func([]byte) error {
			t.Errorf("%s: a partner was handed over", tc.body)
			return nil
		}, nil)
		srv.Close()
		for _, err := range []error{listErr, eachErr} {
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), tc.not) {
				t.Errorf("%s: err = %v, want %q and not %q", tc.body, err, tc.want, tc.not)
			}
		}
	}
}
