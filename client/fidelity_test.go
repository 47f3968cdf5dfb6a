package client

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
)

var simNow = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

func demoSim(t *testing.T, version string, opts ...Option) (*graphsim.Server, *Client, *sleeps) {
	return startSim(t, version, []graphsim.Option{graphsim.WithPartners(graphsim.DemoTenant(simNow)),
		graphsim.WithClock(func() time.Time { return simNow })}, opts...)
}

func TestCreateSendsOnlyWhatTheUserSet(t *testing.T) {
	s := newScripted(t, step{status: 201, body: partnerJSON})
	c, _ := newTest(t, s.url())
	p := model.Partner{DisplayName: "Jamf Pro (jss.example.com)", PartnerAppType: model.AppTypeUnknown, Groups: []model.Assignment{}}
	if _, err := c.Create(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	var sent map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s.requests()[0].body), &sent); err != nil {
		t.Fatal(err)
	}
	if len(sent) != 2 || string(sent["displayName"]) != `"Jamf Pro (jss.example.com)"` || sent["@odata.type"] == nil {
		t.Errorf("sent %s, want only @odata.type and displayName (no isConfigured, no default app type, no empty list)", s.requests()[0].body)
	}

	// Against the simulator: what the user set comes back, the service fills in the rest.
	_, sc, _ := demoSim(t, "v1.0")
	groups := []model.Assignment{{Target: model.GroupTarget{GroupID: "c0ffee00-0000-4000-8000-0000000000aa"}}}
	got, err := sc.Create(context.Background(), model.Partner{DisplayName: "Jamf Cloud Connector (new)",
		PartnerAppType: model.AppTypeMultiTenant, Groups: groups})
	if err != nil {
		t.Fatal(err)
	}
	if got.PartnerAppType != model.AppTypeMultiTenant || !model.SameAssignments(got.Groups, groups) || !got.IsConfigured ||
		got.PartnerState != model.StateUnknown {
		t.Errorf("created %+v", got)
	}
}

func TestUpdateWithNothingChangedSendsNothing(t *testing.T) {
	s := newScripted(t, step{status: 204})
	c, _ := newTest(t, s.url())
	old := model.Partner{ID: "p1", DisplayName: "Jamf", Groups: []model.Assignment{{Target: model.AllDevicesTarget{}}}}
	edited := old
	edited.Groups = append([]model.Assignment{}, old.Groups...)
	if err := c.Update(context.Background(), "p1", model.Diff(old, edited)); err != nil {
		t.Fatal(err)
	}
	if n := len(s.requests()); n != 0 {
		t.Errorf("%d requests for an update that changes nothing", n)
	}
}

// msgraph-sdk-powershell issue 1257: a 401 whose message is a JSON document holding another.
func TestDoublyWrapped401IsUnpacked(t *testing.T) {
	innermost := "An error has occurred - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: 7a1b-01 - Url: https://fef.msub05.manage.microsoft.com/x"
	inner := "{\r\n  \"_version\": 3,\r\n  \"Message\": \"" + innermost + "\",\r\n  \"CustomApiErrorPhrase\": \"\",\r\n  \"RetryAfter\": null\r\n}"
	outer, _ := json.Marshal(map[string]any{"ErrorCode": "Forbidden", "Message": inner, "Target": nil})
	body, _ := json.Marshal(map[string]any{"error": map[string]any{"code": "UnknownError", "message": string(outer),
		"innerError": map[string]any{"date": "2026-11-30T12:00:00", "request-id": "rid-401", "client-request-id": "crid-401"}}})
	s := newScripted(t, step{status: 401, body: string(body)})
	c, _ := newTest(t, s.url())
	_, err := c.List(context.Background())
	ge, ok := AsGraphError(err)
	if !ok || !IsUnauthorized(err) {
		t.Fatalf("err %v", err)
	}
	if ge.Message != innermost || ge.Code != "UnknownError" || ge.InnerCode != "Forbidden" || ge.RequestID != "rid-401" {
		t.Errorf("read %+v", ge)
	}
	if strings.Contains(err.Error(), "_version") || strings.Contains(err.Error(), "ErrorCode") {
		t.Errorf("error text keeps the wrapping: %v", err)
	}
}

// Intune's 429s often carry no Retry-After: the client's own backoff applies, doubling from the
// base delay, exactly as for a 503 without one.
func TestThrottleWithoutRetryAfterKeepsTheBackoff(t *testing.T) {
	sim, c, sl := demoSim(t, "v1.0", WithRetryPolicy(RetryPolicy{MaxRetries: 3, BaseDelay: 2 * time.Second}))
	sim.Configure(graphsim.WithRetryAfter(0), graphsim.WithThrottleEvery(1))
	_, err := c.Get(context.Background(), "00000001-aaaa-4bbb-8ccc-000000000001")
	if !IsThrottled(err) {
		t.Fatalf("err %v, want the 429 after the retries", err)
	}
	if ge, _ := AsGraphError(err); ge.RetryAfter != 0 {
		t.Errorf("RetryAfter %v from a 429 without the header", ge.RetryAfter)
	}
	want := []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second}
	if got := sl.all(); !equalDurations(got, want) {
		t.Errorf("waits %v, want %v", got, want)
	}
	if n := sim.Requests(); n != 4 {
		t.Errorf("%d requests, want 4", n)
	}
}

func TestCountUsesCountTrue(t *testing.T) {
	for _, version := range []string{"v1.0", "beta"} {
		_, c, _ := demoSim(t, version)
		n, err := c.Count(context.Background())
		if err != nil || n != len(graphsim.DemoTenant(simNow)) {
			t.Errorf("%s: Count = %d, %v", version, n, err)
		}
	}
	s := newScripted(t, ok(`{"value":[]}`))
	c, _ := newTest(t, s.url())
	if _, err := c.Count(context.Background()); err == nil {
		t.Error("a list without @odata.count was taken as a count")
	}
	if q := s.requests()[0].rawQuery; !strings.Contains(q, "$count=true") {
		t.Errorf("query %q", q)
	}
}

// The same tenant through both versions: each client sees its version's shapes and writes them
// back unchanged.
func TestSimRoundTripsBothVersions(t *testing.T) {
	for _, version := range []string{"v1.0", "beta"} {
		_, c, _ := demoSim(t, version)
		ctx := context.Background()
		ps, err := c.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			for _, g := range p.Groups {
				if version == "v1.0" && model.HasBetaOnlyData(g.Target) {
					t.Errorf("v1.0 listed beta-only data on %s: %s", p.DisplayName, g.Target.Describe())
				}
			}
			if p.Groups == nil {
				continue
			}
			name := p.DisplayName + " (edited)"
			if err := c.Update(ctx, p.ID, model.PartnerUpdate{DisplayName: &name, Groups: &p.Groups}); err != nil {
				t.Fatalf("%s: %s: %v", version, p.DisplayName, err)
			}
			again, err := c.Get(ctx, p.ID)
			if err != nil || again.DisplayName != name || !model.SameAssignments(again.Groups, p.Groups) {
				t.Errorf("%s: round trip of %s gave %+v, %v", version, p.DisplayName, again, err)
			}
		}
	}
}

func TestBetaOnlyLossBeforeAV1Write(t *testing.T) {
	sim, c, _ := demoSim(t, "v1.0")
	ctx := context.Background()
	id := "00000001-aaaa-4bbb-8ccc-000000000001" // include, exclude, and a scope-tag target only beta shows
	p, err := c.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Groups) != 2 {
		t.Fatalf("v1.0 shows %d assignments, want the two v1.0 has", len(p.Groups))
	}
	// The user removes the exclusion through v1.0.
	groups := p.Groups[:1]
	u := model.PartnerUpdate{Groups: &groups}
	loss, err := c.BetaOnlyLoss(ctx, id, u)
	if err != nil {
		t.Fatal(err)
	}
	if len(loss.Lost) != 1 || loss.Lost[0].Target.ODataType() != model.ODataScopeTagGroupTarget {
		t.Fatalf("lost %v, want the scope-tag target", loss.Lost)
	}
	if len(loss.Keep) != 2 || loss.Keep[1].Target.ODataType() != model.ODataScopeTagGroupTarget {
		t.Fatalf("keep %v", loss.Keep)
	}
	// Writing through beta with Keep keeps it; the user's removal still happens.
	u.Groups = &loss.Keep
	if err := c.UpdateThroughBeta(ctx, id, u); err != nil {
		t.Fatal(err)
	}
	got := sim.Partners()[0].Groups
	if len(got) != 2 || got[0].Target.ODataType() != model.ODataGroupTarget || got[1].Target.ODataType() != model.ODataScopeTagGroupTarget {
		t.Errorf("stored %v", got)
	}

	// A filter only beta shows is loss too; a name-only change reads nothing.
	id2 := "00000002-aaaa-4bbb-8ccc-000000000002"
	p2, _ := c.Get(ctx, id2)
	loss, err = c.BetaOnlyLoss(ctx, id2, model.PartnerUpdate{Groups: &p2.Groups})
	if err != nil || len(loss.Lost) != 1 || !loss.Keep[0].Target.Filter().IsSet() {
		t.Errorf("filter loss %+v, %v", loss, err)
	}
	before := sim.Requests()
	name := "x"
	if loss, err := c.BetaOnlyLoss(ctx, id2, model.PartnerUpdate{DisplayName: &name}); err != nil || !loss.Empty() || sim.Requests() != before {
		t.Errorf("a change without assignments: %+v, %v, %d requests", loss, err, sim.Requests()-before)
	}
	// Nothing beta-only: nothing lost.
	p3, _ := c.Get(ctx, "00000004-aaaa-4bbb-8ccc-000000000004")
	if loss, err := c.BetaOnlyLoss(ctx, p3.ID, model.PartnerUpdate{Groups: &[]model.Assignment{}}); err != nil || !loss.Empty() {
		t.Errorf("plain partner: %+v, %v", loss, err)
	}
	// A beta client has nothing to check.
	b, err := c.ForVersion("beta")
	if err != nil || b.Version() != "beta" || !strings.HasSuffix(b.BaseURL(), "/beta") {
		t.Fatalf("ForVersion: %v %v", b, err)
	}
	if loss, err := b.BetaOnlyLoss(ctx, id2, model.PartnerUpdate{Groups: &[]model.Assignment{}}); err != nil || !loss.Empty() {
		t.Errorf("beta client: %+v, %v", loss, err)
	}
}
