package client

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
)

// startSim serves a simulator over real loopback HTTP and returns it with a client for version.
func startSim(t *testing.T, version string, simOpts []graphsim.Option, opts ...Option) (*graphsim.Server, *Client, *sleeps) {
	t.Helper()
	sim := graphsim.New(simOpts...)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	c, sl := newTest(t, srv.URL+"/"+version, opts...)
	return sim, c, sl
}

func TestSimListFollowsEveryPage(t *testing.T) {
	for _, version := range []string{"v1.0", "beta"} {
		want := syntheticPartners(25)
		sim, c, _ := startSim(t, version, []graphsim.Option{graphsim.WithPartners(want), graphsim.WithPageSize(10)})
		got, err := c.List(context.Background())
		if err != nil {
			t.Fatalf("%s: %v", version, err)
		}
		if len(got) != 25 {
			t.Fatalf("%s: %d partners, want 25", version, len(got))
		}
		for i, p := range sim.Partners() {
			if got[i].ID != p.ID || got[i].DisplayName != p.DisplayName || !got[i].LastHeartbeat.Equal(p.LastHeartbeat) ||
				!model.SameAssignments(got[i].Groups, p.Groups) {
				t.Errorf("%s: partner %d = %+v, want %+v", version, i, got[i], p)
				break
			}
		}
	}
}

func TestSimListWithClientPageSize(t *testing.T) {
	_, c, _ := startSim(t, "v1.0", []graphsim.Option{graphsim.WithPartners(syntheticPartners(7))}, WithPageSize(3))
	got, err := c.List(context.Background())
	if err != nil || len(got) != 7 {
		t.Fatalf("List = %d partners, %v", len(got), err)
	}
}

func TestSimEmptyTenant(t *testing.T) {
	_, c, _ := startSim(t, "v1.0", []graphsim.Option{graphsim.WithPartners(nil)})
	got, err := c.List(context.Background())
	if err != nil || got == nil || len(got) != 0 {
		t.Fatalf("List = %v, %v; want an empty, non-nil list", got, err)
	}
	if n, err := c.Count(context.Background()); err != nil || n != 0 {
		t.Errorf("Count = %d, %v", n, err)
	}
}

func TestSimLifecycle(t *testing.T) {
	now := time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)
	sim, c, _ := startSim(t, "v1.0", []graphsim.Option{graphsim.WithPartners(nil), graphsim.WithClock(func() time.Time { return now })})
	ctx := context.Background()

	created, err := c.Create(ctx, model.Partner{
		DisplayName:       "Jamf Pro",
		PartnerAppType:    model.AppType("singleTenantApp"),
		SingleTenantAppID: "5e3b7a51-7d43-4a0b-9c6e-2f1d8e9a0b1c",
		Groups:            []model.Assignment{{Target: model.GroupTarget{GroupID: "0f3c1e2d-4b5a-4c6d-8e7f-9a0b1c2d3e4f"}}},
	})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if model.CheckGUID("id", "ID", created.ID, false) != nil || created.DisplayName != "Jamf Pro" {
		t.Fatalf("created %+v", created)
	}
	if n, err := c.Count(ctx); err != nil || n != 1 {
		t.Errorf("Count = %d, %v", n, err)
	}

	name := "Jamf Pro (EU)"
	if err := c.Update(ctx, created.ID, model.PartnerUpdate{DisplayName: &name}); err != nil {
		t.Fatalf("Update (204): %v", err)
	}
	sim.Configure(graphsim.WithPatchReturnsBody(true))
	groups := []model.Assignment{}
	if err := c.Update(ctx, created.ID, model.PartnerUpdate{Groups: &groups}); err != nil {
		t.Fatalf("Update (200 with body): %v", err)
	}
	got, err := c.Get(ctx, created.ID)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if got.DisplayName != name || len(got.Groups) != 0 || got.SingleTenantAppID != created.SingleTenantAppID {
		t.Errorf("after updates: %+v", got)
	}

	if err := c.Terminate(ctx, created.ID); err != nil {
		t.Fatalf("Terminate: %v", err)
	}
	got, err = c.Get(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.PartnerState != model.StateTerminated || !got.RemovedAt.IsSet() || !got.RemovedAt.Time().After(now) {
		t.Errorf("after terminate: state %q, removal %v", got.PartnerState, got.RemovedAt)
	}

	if err := c.Delete(ctx, created.ID); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := c.Get(ctx, created.ID); !IsNotFound(err) {
		t.Errorf("Get after delete: %v", err)
	}
	if err := c.Delete(ctx, created.ID); !IsNotFound(err) {
		t.Errorf("second Delete: %v", err)
	}
	if err := c.Terminate(ctx, created.ID); !IsNotFound(err) {
		t.Errorf("Terminate of a deleted partner: %v", err)
	}
}

func TestSimErrorsAreTyped(t *testing.T) {
	sim, c, _ := startSim(t, "v1.0", []graphsim.Option{graphsim.WithPartners(syntheticPartners(1))})
	ctx := context.Background()
	id := sim.Partners()[0].ID

	_, err := c.Get(ctx, "00000000-0000-0000-0000-000000000000")
	ge, ok := AsGraphError(err)
	if !ok || !ge.IsNotFound() || ge.Code == "" || ge.Message == "" || ge.RequestID == "" || ge.Date.IsZero() {
		t.Fatalf("Get unknown id: %#v (%v)", ge, err)
	}
	if !guidRe.MatchString(ge.ClientRequestID) {
		t.Errorf("client-request-id %q is not the GUID we sent", ge.ClientRequestID)
	}

	bad := model.AppType("quantumTenantApp")
	if err := c.Update(ctx, id, model.PartnerUpdate{PartnerAppType: &bad}); !IsBadRequest(err) {
		t.Errorf("Update with an unknown enum: %v", err)
	}
	if _, err := c.Create(ctx, model.Partner{DisplayName: "x", PartnerAppType: bad}); !IsBadRequest(err) {
		t.Errorf("Create with an unknown enum: %v", err)
	}
	name := "x"
	if err := c.Update(ctx, "no-such-id", model.PartnerUpdate{DisplayName: &name}); !IsNotFound(err) {
		t.Errorf("Update of an unknown id: %v", err)
	}
}

func TestSimRequiresToken(t *testing.T) {
	valid := func(tok string) bool { return tok == "new" }
	opts := []graphsim.Option{graphsim.WithPartners(syntheticPartners(2)), graphsim.WithRequireToken(valid)}

	_, c, _ := startSim(t, "v1.0", opts)
	if _, err := c.List(context.Background()); !IsUnauthorized(err) {
		t.Errorf("no token source: %v, want 401", err)
	}
	_, c, _ = startSim(t, "v1.0", opts, WithTokenSource(staticToken("new")))
	if _, err := c.List(context.Background()); err != nil {
		t.Errorf("valid token: %v", err)
	}
	ts := &refreshingToken{} // "old" is refused; after the refresh "new" is accepted
	_, c, _ = startSim(t, "v1.0", opts, WithTokenSource(ts))
	if _, err := c.List(context.Background()); err != nil || ts.refreshed != 1 {
		t.Errorf("refresh after 401: %v (refreshed %d times)", err, ts.refreshed)
	}
}

func TestSimThrottlingIsRetried(t *testing.T) {
	sim, c, sl := startSim(t, "v1.0", []graphsim.Option{
		graphsim.WithPartners(syntheticPartners(30)), graphsim.WithPageSize(10),
		graphsim.WithThrottleEvery(2), graphsim.WithRetryAfter(1500 * time.Millisecond),
	})
	got, err := c.List(context.Background())
	if err != nil || len(got) != 30 {
		t.Fatalf("List = %d, %v", len(got), err)
	}
	waits := sl.all()
	if len(waits) == 0 {
		t.Fatal("no throttling was met")
	}
	for _, d := range waits {
		if d != 1500*time.Millisecond {
			t.Errorf("waited %s, want the 1.5s Retry-After", d)
		}
	}
	if sim.Requests() != 3+len(waits) {
		t.Errorf("%d requests for 3 pages and %d retries", sim.Requests(), len(waits))
	}
}

func TestSimServiceUnavailableBurst(t *testing.T) {
	sim, c, sl := startSim(t, "v1.0", []graphsim.Option{graphsim.WithPartners(syntheticPartners(1)), graphsim.WithRetryAfter(0)},
		WithRetryPolicy(RetryPolicy{MaxRetries: 3, BaseDelay: time.Second}))
	id := sim.Partners()[0].ID
	sim.Configure(graphsim.WithFailNext(2, 503))
	if _, err := c.Get(context.Background(), id); err != nil {
		t.Fatalf("Get after a 2-request 503 burst: %v", err)
	}
	if got := sl.all(); !equalDurations(got, []time.Duration{time.Second, 2 * time.Second}) {
		t.Errorf("waits %v, want backoff 1s, 2s", got)
	}
	sim.Configure(graphsim.WithFailNext(10, 503))
	_, err := c.Get(context.Background(), id)
	if ge, ok := AsGraphError(err); !ok || ge.StatusCode != 503 {
		t.Fatalf("Get during a long burst: %v", err)
	}
}

func TestSimCreateAfter504IsNotResent(t *testing.T) {
	sim, c, _ := startSim(t, "v1.0", []graphsim.Option{graphsim.WithPartners(nil)})
	sim.Configure(graphsim.WithFailNext(1, 504))
	_, err := c.Create(context.Background(), model.Partner{DisplayName: "x"})
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v", err)
	}
	if sim.Requests() != 1 || len(sim.Partners()) != 0 {
		t.Errorf("%d requests, %d partners; want 1 and 0", sim.Requests(), len(sim.Partners()))
	}
}

func TestSimTerminateAfter504ChecksState(t *testing.T) {
	sim, c, _ := startSim(t, "v1.0", []graphsim.Option{graphsim.WithPartners(syntheticPartners(3))})
	p := sim.Partners()[2] // enabled
	if p.PartnerState != model.StateEnabled {
		t.Fatalf("fixture state %q", p.PartnerState)
	}
	sim.Configure(graphsim.WithFailNext(1, 504))
	err := c.Terminate(context.Background(), p.ID)
	if ge, ok := AsGraphError(err); !ok || ge.StatusCode != 504 {
		t.Fatalf("Terminate = %v, want the 504 (the simulator did not terminate)", err)
	}
	if sim.Requests() != 2 {
		t.Errorf("%d requests, want the POST and one GET", sim.Requests())
	}
}

func TestSimLatencyIsCancelable(t *testing.T) {
	_, c, _ := startSim(t, "v1.0", []graphsim.Option{graphsim.WithPartners(syntheticPartners(1)), graphsim.WithLatency(time.Minute)})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.List(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %s", d)
	}
}

func TestSimDemoTenantDecodes(t *testing.T) {
	now := time.Now()
	_, c, _ := startSim(t, "beta", []graphsim.Option{graphsim.WithPartners(graphsim.DemoTenant(now))})
	got, err := c.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 10 {
		t.Errorf("demo tenant has %d partners", len(got))
	}
	for _, p := range got {
		if _, err := c.Get(context.Background(), p.ID); err != nil {
			t.Errorf("Get %s: %v", p.ID, err)
		}
	}
}
