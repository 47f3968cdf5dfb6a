package fleetview

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"

	"github.com/partnerdash/partnerdash/client/fleet"
	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/ui"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

// BenchmarkFirstRows1000Tenants is the fleet screen's scale goal: with 1,000 simulated tenants
// answering after 300 ms each (as 'partnerdash sim --tenants 1000 --latency 300ms' serves them,
// over loopback HTTP), the screen shows its first rows in under a second. It reports, from the
// moment the fleet is opened: first-frame-ms (the first frame with tenant rows, all loading),
// first-loaded-ms (the first frame counting a loaded tenant, "N/1000 loaded") and all-loaded-s
// (every tenant has an outcome). Run with
//
//	go test ./ui/fleetview -run X -bench FirstRows1000 -benchtime 1x
func BenchmarkFirstRows1000Tenants(b *testing.B) {
	gen := graphsim.GenerateFleet(1000, time.Now(), 1)
	r := graphsim.NewTenantsFrom(gen, graphsim.WithLatency(300*time.Millisecond))
	srv := httptest.NewServer(r)
	defer srv.Close()
	f := fleet.SimulatedFile("bench", srv.URL, gen)
	loaded := regexp.MustCompile(`[1-9][0-9]*/1000 loaded`)
	var first, firstLoaded, all time.Duration
	for range b.N {
		start := time.Now()
		fl, err := fleet.Open(f, fleet.Options{})
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		go fl.Run(ctx, time.Hour)
		tm := teatest.NewTestModel(b, New(Options{Fleet: fl, Source: "bench", Dashboard: ui.Options{Renderer: uitest.AsciiRenderer()}}),
			teatest.WithInitialTermSize(120, 40))
		out := tm.Output()
		seen := 0
		teatest.WaitFor(b, out, func(bs []byte) bool {
			if seen == 0 && bytes.Contains(bs, []byte("TENANT")) && bytes.Contains(bs, []byte("/1000 loaded")) {
				first += time.Since(start)
				seen = 1
			}
			if seen == 1 && loaded.Match(bs) {
				firstLoaded += time.Since(start)
				return true
			}
			return false
		}, teatest.WithDuration(30*time.Second), teatest.WithCheckInterval(time.Millisecond))
		for {
			if done, total := fl.Progress(); done == total {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		all += time.Since(start)
		_ = tm.Quit()
		cancel()
	}
	b.ReportMetric(float64(first.Milliseconds())/float64(b.N), "first-frame-ms")
	b.ReportMetric(float64(firstLoaded.Milliseconds())/float64(b.N), "first-loaded-ms")
	b.ReportMetric(all.Seconds()/float64(b.N), "all-loaded-s")
}

// BenchmarkBuild1000Tenants is the cost of the screen's first rows for 1,000 tenants still
// loading: the report, the sort, the rows and a frame.
func BenchmarkBuild1000Tenants(b *testing.B) {
	var sb strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&sb, "[[tenant]]\nid = \"t%d\"\nname = \"Tenant %d\"\ngraph_url = \"http://127.0.0.1:9/t%d/v1.0\"\n", i, i, i)
	}
	f, err := fleet.Parse("bench", []byte(sb.String()))
	if err != nil {
		b.Fatal(err)
	}
	fl, err := fleet.Open(f, fleet.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		m := newModel(Options{Fleet: fl, Dashboard: ui.Options{Renderer: uitest.AsciiRenderer()}})
		m.width, m.height = 120, 40
		_ = m.View()
	}
}
