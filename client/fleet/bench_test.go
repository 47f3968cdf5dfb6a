package fleet_test

import (
	"context"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/client/fleet"
	"github.com/partnerdash/partnerdash/client/graphsim"
)

// BenchmarkRefresh1000Tenants is the scale goal: 1,000 simulated tenants with 300 ms latency
// each, read at the default concurrency (32). Goal: one refresh in at most 12 s. Run with
// go test ./client/fleet -run X -bench Refresh1000 -benchtime 1x
// It reports the heap in use after the refresh; 'partnerdash check' on 'partnerdash sim
// --tenants 1000 --latency 300ms' measures the whole process (see the README).
func BenchmarkRefresh1000Tenants(b *testing.B) {
	gen := graphsim.GenerateFleet(1000, time.Now(), 1)
	r := graphsim.NewTenantsFrom(gen, graphsim.WithLatency(300*time.Millisecond))
	srv := httptest.NewServer(r)
	defer srv.Close()
	f := fleet.SimulatedFile("bench", srv.URL, gen)
	b.ResetTimer()
	for range b.N {
		fl, err := fleet.Open(f, fleet.Options{})
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		fl.Refresh(ctx, time.Minute)
		cancel()
		if done, total := fl.Progress(); done != total {
			b.Fatalf("%d of %d tenants have an outcome", done, total)
		}
		if fl.MaxInFlight() > fleet.DefaultConcurrency {
			b.Fatalf("%d tenants at once", fl.MaxInFlight())
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MiB")
	}
}
