package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
)

var complianceNow = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

func demoTenantOpts(extra ...graphsim.Option) []graphsim.Option {
	return append([]graphsim.Option{graphsim.WithClock(func() time.Time { return complianceNow }),
		graphsim.WithTenant(graphsim.Demo(complianceNow))}, extra...)
}

func TestSimComplianceListEveryPageBothVersions(t *testing.T) {
	for _, version := range []string{"v1.0", "beta"} {
		t.Run(version, func(t *testing.T) {
			_, c, _ := startSim(t, version, demoTenantOpts(graphsim.WithPageSize(3)))
			ps, err := c.ListCompliance(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			want := graphsim.DemoCompliance(complianceNow)
			if len(ps) != len(want) {
				t.Fatalf("%d partners, want %d", len(ps), len(want))
			}
			wsone := ps[4]
			linux := wsone.Platform(model.PlatformLinux)
			if version == "beta" && !linux.IsOnboarded() {
				t.Error("beta: Workspace ONE should be onboarded for Linux")
			}
			if version == "v1.0" && (linux.Onboarded != nil || linux.Assignments != nil) {
				t.Errorf("v1.0 has no Linux members, got %+v", linux)
			}
			if ps[7].OnboardedWords() != "no platform" || ps[0].OnboardedWords() != "macOS, iOS" {
				t.Errorf("platforms %q, %q", ps[7].OnboardedWords(), ps[0].OnboardedWords())
			}
		})
	}
}

func TestSimComplianceLifecycle(t *testing.T) {
	sim, c, _ := startSim(t, "beta", demoTenantOpts())
	ctx := context.Background()
	p := model.CompliancePartner{DisplayName: "Kandji (lab)"}
	p.SetOnboarded(model.PlatformMacOS, true)
	p.Platforms[model.PlatformMacOS].Assignments = []model.Assignment{
		model.NewComplianceAssignment(model.GroupTarget{GroupID: "c0ffee00-0000-4000-8000-000000000004"})}
	created, err := c.CreateCompliance(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if created.ID == "" || created.PartnerState != model.StateUnknown || created.OnboardedWords() != "macOS" {
		t.Fatalf("created %+v", created)
	}
	if _, err := c.CreateCompliance(ctx, created); err == nil || !strings.Contains(err.Error(), "already has id") {
		t.Errorf("create with id: %v", err)
	}

	edited := created.Clone()
	edited.DisplayName = "Kandji"
	edited.SetOnboarded(model.PlatformIOS, true)
	edited.Platforms[model.PlatformIOS].Assignments = []model.Assignment{model.NewComplianceAssignment(model.AllLicensedUsersTarget{})}
	u := model.DiffCompliance(created, edited)
	if err := c.UpdateCompliance(ctx, created.ID, u); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetCompliance(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.DisplayName != "Kandji" || got.OnboardedWords() != "macOS, iOS" || len(got.Platform(model.PlatformIOS).Assignments) != 1 ||
		len(got.Platform(model.PlatformMacOS).Assignments) != 1 {
		t.Errorf("after update %+v", got)
	}
	before := sim.Requests()
	if err := c.UpdateCompliance(ctx, created.ID, model.ComplianceUpdate{}); err != nil || sim.Requests() != before {
		t.Errorf("an empty update must send nothing (err %v, %d requests)", err, sim.Requests()-before)
	}

	// PATCH answering 200 with the entity is accepted too.
	sim.Configure(graphsim.WithPatchReturnsBody(true))
	name := "Kandji Iru"
	if err := c.UpdateCompliance(ctx, created.ID, model.ComplianceUpdate{DisplayName: &name}); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteCompliance(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetCompliance(ctx, created.ID)
	if !IsNotFound(err) {
		t.Fatalf("get after delete: %v", err)
	}
	if err := c.DeleteCompliance(ctx, created.ID); !IsNotFound(err) {
		t.Errorf("second delete: %v", err)
	}
}

func TestSimComplianceErrorsAreTyped(t *testing.T) {
	_, c, _ := startSim(t, "v1.0", demoTenantOpts())
	ctx := context.Background()
	p := model.CompliancePartner{DisplayName: "Linux under v1.0"}
	p.SetOnboarded(model.PlatformLinux, true)
	_, err := c.CreateCompliance(ctx, p)
	ge, ok := AsGraphError(err)
	if !ok || !ge.IsBadRequest() || !strings.Contains(ge.Message, "linuxOnboarded") || ge.RequestID == "" {
		t.Fatalf("create with Linux under v1.0: %v", err)
	}
	// v1.0's model has no scope-tag target kind.
	bad := []model.Assignment{model.NewComplianceAssignment(model.ScopeTagGroupTarget{
		TargetType: model.ScopeTagTargetUser, EntraObjectID: "c0ffee00-0000-4000-8000-000000000001"})}
	var u model.ComplianceUpdate
	u.Assignments[model.PlatformIOS] = &bad
	err = c.UpdateCompliance(ctx, graphsim.DemoCompliance(complianceNow)[0].ID, u)
	if !IsBadRequest(err) || !strings.Contains(err.Error(), "scopeTagGroupAssignmentTarget' could not be resolved by the model") {
		t.Errorf("beta-only target under v1.0: %v", err)
	}
	if _, err := c.GetCompliance(ctx, ""); err == nil {
		t.Error("empty id accepted")
	}
	if err := c.UpdateCompliance(ctx, "00000000-0000-4000-8000-000000000000", model.ComplianceUpdate{DisplayName: &p.DisplayName}); !IsNotFound(err) {
		t.Errorf("update of a missing partner: %v", err)
	}
}

func TestSimComplianceThrottlingIsRetried(t *testing.T) {
	sim, c, sl := startSim(t, "v1.0", demoTenantOpts(graphsim.WithPageSize(2), graphsim.WithThrottleEvery(2)))
	ps, err := c.ListCompliance(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != len(graphsim.DemoCompliance(complianceNow)) || len(sl.all()) == 0 {
		t.Errorf("%d partners after %d waits, %d requests", len(ps), len(sl.all()), sim.Requests())
	}
}

func TestSimGroupNamesResolvedOnceAndCached(t *testing.T) {
	sim, c, _ := startSim(t, "v1.0", demoTenantOpts())
	ctx := context.Background()
	var ids []string
	for _, p := range graphsim.DemoCompliance(complianceNow) {
		ids = append(ids, p.GroupIDs()...)
	}
	ids = append(ids, "not a guid", strings.ToUpper(ids[0]))
	before := sim.Requests()
	names, err := c.ResolveGroups(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if n := sim.Requests() - before; n != 1 {
		t.Errorf("%d requests, want one", n)
	}
	if got := names.Label("c0ffee00-0000-4000-8000-000000000001"); got != "Mac users (c0ffee00-…)" {
		t.Errorf("label %q", got)
	}
	if got := names.Label("C0FFEE00-0000-4000-8000-000000000007"); got != "C0FFEE00-0000-4000-8000-000000000007 (group not found)" {
		t.Errorf("deleted group %q", got)
	}
	if g, _ := names.Lookup("not a guid"); !g.NotFound {
		t.Errorf("a non-GUID is not a group: %+v", g)
	}
	// The session's cache answers the second time without a request.
	before = sim.Requests()
	again, err := c.ResolveGroups(ctx, ids[:2])
	if err != nil || sim.Requests() != before || len(again) != 2 {
		t.Errorf("cached: %v, %d requests, %d names", err, sim.Requests()-before, len(again))
	}
	c.ForgetGroups()
	if _, err := c.ResolveGroups(ctx, ids[:1]); err != nil || sim.Requests() != before+1 {
		t.Errorf("after ForgetGroups: %v, %d requests", err, sim.Requests()-before)
	}
}

func TestSimGroupsWithoutPermission(t *testing.T) {
	sim, c, _ := startSim(t, "v1.0", demoTenantOpts(graphsim.WithGroupsForbidden(true)))
	ctx := context.Background()
	ids := graphsim.DemoCompliance(complianceNow)[0].GroupIDs()
	names, err := c.ResolveGroups(ctx, ids)
	fe, ok := model.AsGroupsForbidden(err)
	if !ok {
		t.Fatalf("want a GroupsForbiddenError, got %v", err)
	}
	if strings.Join(fe.Permissions, ",") != "Group.Read.All,Directory.Read.All" || !IsForbidden(err) {
		t.Errorf("permissions %v", fe.Permissions)
	}
	if !strings.Contains(err.Error(), "Group.Read.All or Directory.Read.All") {
		t.Errorf("message %q", err.Error())
	}
	if names == nil || names.Label(ids[0]) != ids[0] {
		t.Errorf("without names the id stays: %q", names.Label(ids[0]))
	}
	// The refusal is remembered: no second request, same error.
	before := sim.Requests()
	if _, err := c.ResolveGroups(ctx, ids); !errors.Is(err, fe) || sim.Requests() != before {
		t.Errorf("second call: %v, %d requests", err, sim.Requests()-before)
	}
	_, err = c.SearchGroups(ctx, "mac")
	if _, ok := model.AsGroupsForbidden(err); !ok {
		t.Errorf("search: %v", err)
	}
	// Partners still load.
	if _, err := c.ListCompliance(ctx); err != nil {
		t.Errorf("list: %v", err)
	}
	// Granted later: ForgetGroups asks again.
	sim.Configure(graphsim.WithGroupsForbidden(false))
	c.ForgetGroups()
	if names, err := c.ResolveGroups(ctx, ids); err != nil || names.Label(ids[0]) != "Mac users (c0ffee00-…)" {
		t.Errorf("after grant: %v %q", err, names.Label(ids[0]))
	}
}

func TestSimSearchGroups(t *testing.T) {
	_, c, _ := startSim(t, "v1.0", demoTenantOpts())
	ctx := context.Background()
	gs, err := c.SearchGroups(ctx, "ipad")
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 1 || gs[0].DisplayName != "iPad carts" {
		t.Errorf("search ipad: %+v", gs)
	}
	if gs, err = c.SearchGroups(ctx, "c0ffee00-0000-4000-8000-000000000012"); err != nil || len(gs) != 1 || gs[0].DisplayName != "Executives" {
		t.Errorf("search by id: %+v %v", gs, err)
	}
	if gs, err = c.SearchGroups(ctx, "c0ffee00-0000-4000-8000-000000000007"); err != nil || len(gs) != 0 {
		t.Errorf("deleted id: %+v %v", gs, err)
	}
	if gs, err = c.SearchGroups(ctx, `no "such" group\`); err != nil || len(gs) != 0 {
		t.Errorf("quotes: %+v %v", gs, err)
	}
	if gs, err = c.SearchGroups(ctx, "  "); err != nil || gs != nil {
		t.Errorf("empty: %+v %v", gs, err)
	}
}

// TestSearchGroupsSendsConsistencyLevel checks the request itself, as Graph needs it.
func TestSearchGroupsSendsConsistencyLevel(t *testing.T) {
	s := newScripted(t, step{status: 200, body: `{"value":[{"id":"c0ffee00-0000-4000-8000-000000000001","displayName":"Mac users"}]}`})
	c, _ := newTest(t, s.url())
	if _, err := c.SearchGroups(context.Background(), `Mac "users"`); err != nil {
		t.Fatal(err)
	}
	r := s.requests()[0]
	if r.header.Get("ConsistencyLevel") != "eventual" || r.path != "/v1.0/groups" {
		t.Errorf("request %+v", r)
	}
	if want := `%24search=%22displayName%3AMac%20%5C%22users%5C%22%22`; !strings.Contains(r.rawQuery, want) {
		t.Errorf("query %s lacks %s", r.rawQuery, want)
	}
}

// TestResolveGroupsSplitsAt1000 sends one getByIds per 1000 ids.
func TestResolveGroupsSplitsAt1000(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"value":[]}`))
	}))
	t.Cleanup(srv.Close)
	c, _ := newTest(t, srv.URL+"/v1.0")
	ids := make([]string, 2500)
	for i := range ids {
		ids[i] = fmt.Sprintf("c0ffee00-0000-4000-8000-%012d", i)
	}
	names, err := c.ResolveGroups(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 3 || len(names) != 2500 {
		t.Errorf("%d requests, %d names", calls.Load(), len(names))
	}
}

// TestComplianceHostileTextInErrors: a hostile display name reaches an error message cleaned.
func TestComplianceHostileTextInErrors(t *testing.T) {
	_, c, _ := startSim(t, "beta", demoTenantOpts(graphsim.WithFailNext(1, http.StatusBadRequest)))
	_, err := c.CreateCompliance(context.Background(), model.CompliancePartner{DisplayName: "Kandji\x1b]0;pwned\x07\x1b[2J"})
	if err == nil || strings.ContainsAny(err.Error(), "\x1b\x07") {
		t.Errorf("error %q", err)
	}
}

// The demo's in-process transport hands the header map to the simulator as the client built it:
// a directory $search must still carry ConsistencyLevel where Header.Get finds it.
func TestSearchGroupsThroughTheInProcessSimulator(t *testing.T) {
	sim := graphsim.New(demoTenantOpts()...)
	c, err := New(graphsim.DemoBaseURL, WithHTTPClient(sim.Client()))
	if err != nil {
		t.Fatal(err)
	}
	gs, err := c.SearchGroups(context.Background(), "ipad")
	if err != nil || len(gs) != 1 || gs[0].DisplayName != "iPad carts" {
		t.Fatalf("search ipad in process: %+v %v", gs, err)
	}
}
