package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
)

// syntheticPartners makes n realistic partners: every state and app type, three dates with
// Graph's seven fractional digits, and two group assignments each.
func syntheticPartners(n int) []model.Partner {
	base := time.Date(2026, 1, 15, 9, 30, 0, 123456700, time.UTC)
	ps := make([]model.Partner, n)
	for i := range ps {
		ps[i] = model.Partner{
			ODataType:         model.ODataPartner,
			ID:                fmt.Sprintf("%08x-1e2d-4c3b-8a79-%012x", i, i*7919),
			DisplayName:       fmt.Sprintf("Partner %05d (Jamf Pro)", i),
			PartnerState:      model.PartnerStates[i%len(model.PartnerStates)],
			PartnerAppType:    []model.AppType{"singleTenantApp", "multiTenantApp", "unknown"}[i%3],
			SingleTenantAppID: fmt.Sprintf("%08x-aaaa-4bbb-8ccc-%012x", i*31, i),
			IsConfigured:      i%9 != 0,
			LastHeartbeat:     model.At(base.Add(-time.Duration(i) * time.Minute)),
			NonCompliantAt:    model.At(base.Add(time.Duration(i%90) * 24 * time.Hour)),
			RemovedAt:         model.At(base.Add(time.Duration(i%90+30) * 24 * time.Hour)),
			Groups: []model.Assignment{
				{Target: model.GroupTarget{GroupID: fmt.Sprintf("%08x-0000-4000-8000-000000000001", i)}},
				{Target: model.ExclusionGroupTarget{GroupID: fmt.Sprintf("%08x-0000-4000-8000-000000000002", i)}},
			},
		}
	}
	return ps
}

// BenchmarkDecodeList10k decodes one 10,000-partner collection response through the client's
// page decoder (content-type check and stream decode, no network).
func BenchmarkDecodeList10k(b *testing.B) {
	body, err := json.Marshal(model.PartnerList{
		Context: "https://graph.microsoft.com/v1.0/$metadata#deviceManagement/deviceManagementPartners",
		Value:   syntheticPartners(10_000),
	})
	if err != nil {
		b.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, "https://graph.microsoft.com/v1.0"+partnersPath, nil)
	header := http.Header{"Content-Type": {"application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"}}
	c, err := New("https://graph.microsoft.com/v1.0")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		resp := &http.Response{StatusCode: 200, Header: header, Request: req, ContentLength: int64(len(body)), Body: io.NopCloser(bytes.NewReader(body))}
		var page model.PartnerList
		if err := c.decodeList(resp, &page, func() bool { return page.Value != nil }); err != nil {
			b.Fatal(err)
		}
		if len(page.Value) != 10_000 {
			b.Fatalf("decoded %d partners", len(page.Value))
		}
	}
}

// BenchmarkList10kLoopback lists 10,000 partners from the simulator over real loopback HTTP in
// pages of 1000 (10 requests). The figures include the simulator's own work (encoding the pages),
// since it runs in the same process.
func BenchmarkList10kLoopback(b *testing.B) {
	c := loopback10k(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		ps, err := c.List(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if len(ps) != 10_000 {
			b.Fatalf("listed %d partners", len(ps))
		}
	}
}

// BenchmarkListEachJSON10kLoopback is BenchmarkList10kLoopback as 'list -o json' lists: each
// partner handed over re-encoded (model.AppendPartnerJSON), none built.
func BenchmarkListEachJSON10kLoopback(b *testing.B) {
	c := loopback10k(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if err := c.ListEachJSON(ctx, "", "", func([]byte) error { n++; return nil }, nil); err != nil {
			b.Fatal(err)
		}
		if n != 10_000 {
			b.Fatalf("listed %d partners", n)
		}
	}
}

// loopback10k serves 10,000 synthetic partners in pages of 1000 from the simulator on loopback
// until the benchmark ends, and returns a client of it.
func loopback10k(b *testing.B) *Client {
	sim := graphsim.New(graphsim.WithPartners(syntheticPartners(10_000)), graphsim.WithPageSize(1000))
	srv := httptest.NewServer(sim)
	b.Cleanup(srv.Close)
	c, err := New(srv.URL + "/v1.0")
	if err != nil {
		b.Fatal(err)
	}
	return c
}
