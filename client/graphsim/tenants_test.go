package graphsim_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/client"
	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
)

var fleetNow = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

func TestTenantsRouteByPathAndPageWithinTheTenant(t *testing.T) {
	gen := graphsim.GenerateFleet(30, fleetNow, 1)
	r := graphsim.NewTenantsFrom(gen, graphsim.WithClock(func() time.Time { return fleetNow }), graphsim.WithPageSize(1))
	srv := httptest.NewServer(r)
	defer srv.Close()
	ctx := context.Background()

	healthy := gen[0]
	c, err := client.New(srv.URL+"/tenants/"+healthy.ID+"/v1.0", client.WithPageSize(1))
	if err != nil {
		t.Fatal(err)
	}
	ps, err := c.List(ctx) // one partner per page: every nextLink must stay under the tenant's prefix
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	if len(ps) != len(healthy.Partners) || ps[0].ID != healthy.Partners[0].ID {
		t.Fatalf("listed %d partners, want the tenant's %d", len(ps), len(healthy.Partners))
	}
	other, _ := client.New(srv.URL + "/tenants/" + gen[1].ID + "/v1.0")
	if ps2, err := other.List(ctx); err != nil || ps2[0].ID == ps[0].ID {
		t.Fatalf("tenant 2 lists tenant 1's partners (or fails: %v)", err)
	}

	// Consent missing: 403 with Graph's error body and a request-id.
	denied := gen[7]
	if !denied.ConsentMissing {
		t.Fatal("tenant 8 should be the one without consent")
	}
	dc, _ := client.New(srv.URL+"/tenants/"+denied.ID+"/v1.0", client.WithRetryPolicy(client.RetryPolicy{}))
	_, err = dc.List(ctx)
	ge, ok := client.AsGraphError(err)
	if !ok || ge.StatusCode != 403 || ge.Code != "Authorization_RequestDenied" || ge.RequestID == "" {
		t.Fatalf("denied tenant: %v", err)
	}

	// An unknown tenant is a 404 with Graph's shape.
	resp, err := http.Get(srv.URL + "/tenants/nobody/v1.0/deviceManagement/deviceManagementPartners")
	if err != nil {
		t.Fatal(err)
	}
	var body model.ErrorBody
	_ = json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if resp.StatusCode != 404 || !strings.Contains(body.Error.Message, "no tenant") {
		t.Fatalf("unknown tenant: %d %+v", resp.StatusCode, body)
	}
}

func TestGenerateFleetMix(t *testing.T) {
	gen := graphsim.GenerateFleet(100, fleetNow, 1)
	again := graphsim.GenerateFleet(100, fleetNow, 1)
	var denied, throttled, down, critical int
	ids := map[string]bool{}
	for i, g := range gen {
		if g.ID != again[i].ID || !model.IsGUID(g.ID) || ids[g.ID] {
			t.Fatalf("tenant %d id %q: not a fresh GUID, or not repeatable", i, g.ID)
		}
		ids[g.ID] = true
		if g.ConsentMissing {
			denied++
		}
		if g.Throttled {
			throttled++
		}
		if g.Down {
			down++
		}
		for _, p := range g.Partners {
			if model.Triage(p, fleetNow).Health == model.HealthCritical {
				critical++
				break
			}
		}
	}
	if denied != 5 || throttled != 1 || down != 1 || critical < 5 || critical > 60 {
		t.Errorf("mix: %d denied, %d throttled, %d down, %d with a critical partner", denied, throttled, down, critical)
	}
}
