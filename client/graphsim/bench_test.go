package graphsim

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/partnerdash/partnerdash/model"
)

// manyPartners returns n partners cycled from the demo tenant, with distinct ids and names.
func manyPartners(n int) []model.Partner {
	demo := DemoTenant(testNow)
	out := make([]model.Partner, n)
	for i := range out {
		p := demo[i%len(demo)].Clone()
		p.ID = fmt.Sprintf("%08x-aaaa-4bbb-8ccc-%012x", i, i)
		p.DisplayName = fmt.Sprintf("%s #%d", p.DisplayName, i)
		out[i] = p
	}
	return out
}

// discard is a ResponseWriter that keeps only the header, so the benchmark measures the server.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

// BenchmarkServeListPage1000 serves one 1000-partner page from the handler, the steady state in
// which every partner's JSON is cached.
func BenchmarkServeListPage1000(b *testing.B) {
	s := New(WithPartners(manyPartners(1000)), WithPageSize(1000), WithClock(fixedClock))
	req := httptest.NewRequest("GET", DemoBaseURL+"/deviceManagement/deviceManagementPartners", nil)
	s.ServeHTTP(&discard{h: http.Header{}}, req) // warm the cache
	b.ReportAllocs()
	for b.Loop() {
		s.ServeHTTP(&discard{h: http.Header{}}, req)
	}
}

// BenchmarkServeListPage1000Uncached serves a page right after every partner changed, so each
// one is encoded again.
func BenchmarkServeListPage1000Uncached(b *testing.B) {
	ps := manyPartners(1000)
	s := New(WithPartners(ps), WithPageSize(1000), WithClock(fixedClock))
	req := httptest.NewRequest("GET", DemoBaseURL+"/deviceManagement/deviceManagementPartners", nil)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		s.Reset() // drops the cached encodings
		b.StartTimer()
		s.ServeHTTP(&discard{h: http.Header{}}, req)
	}
}

// BenchmarkListPage1000Loopback fetches one 1000-partner page over HTTP on loopback.
func BenchmarkListPage1000Loopback(b *testing.B) {
	s := New(WithPartners(manyPartners(1000)), WithPageSize(1000), WithClock(fixedClock))
	ts := httptest.NewServer(s)
	defer ts.Close()
	c := ts.Client()
	url := ts.URL + "/v1.0/deviceManagement/deviceManagementPartners"
	b.ReportAllocs()
	for b.Loop() {
		resp, err := c.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || n < 100_000 {
			b.Fatalf("status %d, %d bytes", resp.StatusCode, n)
		}
		b.SetBytes(n)
	}
}
