package graphsim

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestDemoTenantCoversEveryCase(t *testing.T) {
	ps := DemoTenant(testNow)
	if len(ps) < 10 || len(ps) > 14 {
		t.Fatalf("%d partners, want about a dozen", len(ps))
	}
	states := map[model.PartnerState]bool{}
	apps := map[model.AppType]bool{}
	targets := map[string]bool{}
	health := map[model.Health]bool{}
	ids := map[string]bool{}
	var yearOne, nullDates, filtered, overdue, near, far bool
	var newest, oldest time.Duration = time.Duration(1<<62 - 1), 0
	for i, p := range ps {
		if p.ID != demoID(i+1) || !model.IsGUID(p.ID) || ids[p.ID] {
			t.Errorf("partner %d id %q: want the fixed, unique GUID %s", i, p.ID, demoID(i+1))
		}
		ids[p.ID] = true
		if err := model.ValidateEditable(p); err != nil {
			t.Errorf("%s does not pass the editor's validation: %v", p.DisplayName, err)
		}
		states[p.PartnerState] = true
		apps[p.PartnerAppType] = true
		a := model.Triage(p, testNow)
		health[a.Health] = true
		b, _ := wirePartner(p, model.VersionBeta)
		if bytes.Contains(b, []byte(`"lastHeartbeatDateTime":null`)) {
			t.Errorf("%s: a null heartbeat; it is not nullable, a never-seen partner has Graph's minimum date", p.DisplayName)
		}
		if !p.IsConfigured {
			yearOne = yearOne || bytes.Contains(b, []byte(`"lastHeartbeatDateTime":"0001-01-01T00:00:00Z"`))
		}
		nullDates = nullDates || bytes.Contains(b, []byte(`"whenPartnerDevicesWillBeRemovedDateTime":null`))
		if a.HasHeartbeat {
			newest, oldest = min(newest, a.HeartbeatAge), max(oldest, a.HeartbeatAge)
		}
		for _, d := range []model.Deadline{a.NonCompliant, a.Removed} {
			overdue = overdue || d.Overdue()
			near = near || (d.Set && d.In > 0 && d.In <= model.DeadlineNear)
			far = far || (d.Set && d.In > model.DeadlineSoon)
		}
		for _, g := range p.Groups {
			targets[g.Target.ODataType()] = true
			filtered = filtered || g.Target.Filter().IsSet()
		}
	}
	for _, s := range model.PartnerStates {
		if !states[s] {
			t.Errorf("no partner in state %s", s)
		}
	}
	for _, a := range model.AppTypes {
		if !apps[a] {
			t.Errorf("no partner with app type %s", a)
		}
	}
	for _, k := range []string{model.ODataGroupTarget, model.ODataExclusionGroupTarget, model.ODataAllLicensedUsersTarget,
		model.ODataAllDevicesTarget, model.ODataConfigMgrCollectionTarget, model.ODataScopeTagGroupTarget} {
		if !targets[k] {
			t.Errorf("no %s target", k)
		}
	}
	for _, h := range []model.Health{model.HealthOK, model.HealthWarning, model.HealthCritical} {
		if !health[h] {
			t.Errorf("no partner with health %s", h)
		}
	}
	checks := map[string]bool{
		"placeholder with year-1 dates": yearOne, "partner with null deadlines": nullDates,
		"target with a beta filter": filtered, "overdue deadline": overdue, "near deadline": near, "far deadline": far,
		"heartbeat minutes old": newest < time.Hour, "heartbeat months old": oldest > 90*24*time.Hour,
	}
	for what, ok := range checks {
		if !ok {
			t.Errorf("no %s", what)
		}
	}
}

func TestDemoTenantIsRelativeToNow(t *testing.T) {
	a, b := DemoTenant(testNow), DemoTenant(testNow.Add(36*time.Hour))
	for i := range a {
		if a[i].LastHeartbeat.IsSet() && b[i].LastHeartbeat.Time().Sub(a[i].LastHeartbeat.Time()) != 36*time.Hour {
			t.Errorf("%s: heartbeat does not move with now", a[i].DisplayName)
		}
		if a[i].RemovedAt.IsSet() && b[i].RemovedAt.Time().Sub(a[i].RemovedAt.Time()) != 36*time.Hour {
			t.Errorf("%s: removal does not move with now", a[i].DisplayName)
		}
	}
}

func TestDemoTenantGolden(t *testing.T) {
	b, err := json.MarshalIndent(model.PartnerList{Value: DemoTenant(testNow)}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "demo_tenant.golden.json")
	if *update {
		if err := os.WriteFile(golden, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(append(b, '\n'), want) {
		t.Errorf("DemoTenant(testNow) differs from %s; run go test -update if the change is meant", golden)
	}
	// The golden file is also valid --data input that loads back to the same tenant.
	ps, err := LoadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := json.MarshalIndent(model.PartnerList{Value: ps}, "", "  ")
	if !bytes.Equal(again, b) {
		t.Error("loading the golden file and writing it again changes it")
	}
}

func TestDemoGroupsCanBeSentBackUnchanged(t *testing.T) {
	// What the simulator serves, a client may PATCH back: the strict body check accepts every
	// target the demo holds, through beta.
	s, ts := serve(t)
	for _, p := range s.Partners() {
		u := model.PartnerUpdate{DisplayName: &p.DisplayName, SingleTenantAppID: &p.SingleTenantAppID}
		if p.Groups != nil { // nil: the member is absent; sending [] would add it
			u.Groups = &p.Groups
		}
		if p.PartnerAppType != "" {
			u.PartnerAppType = &p.PartnerAppType
		}
		b, _ := json.Marshal(u)
		send(t, ts.Client(), "PATCH", ts.URL+betaPath+"/"+p.ID, string(b)).wantStatus(t, 204)
	}
	before, _ := json.Marshal(DemoTenant(testNow))
	after, _ := json.Marshal(s.Partners())
	if !bytes.Equal(before, after) {
		t.Error("PATCHing every partner with its own values changed the tenant")
	}
}

func TestDemoV1ViewCanBeSentBackThroughV1(t *testing.T) {
	// What v1.0 serves, a v1.0 client may PATCH back: v1.0's shapes pass v1.0's check. Doing so
	// drops what only beta holds (the filter and the scope-tag target), which is exactly what
	// the dashboard's beta check (client.BetaOnlyLoss) warns about.
	s, ts := serve(t)
	list := send(t, ts.Client(), "GET", ts.URL+partnersPath, "").wantStatus(t, 200).page(t)
	for _, p := range list.Value {
		if p.Groups == nil {
			continue
		}
		b, _ := json.Marshal(model.PartnerUpdate{Groups: &p.Groups})
		send(t, ts.Client(), "PATCH", ts.URL+partnersPath+"/"+p.ID, string(b)).wantStatus(t, 204)
	}
	after := s.Partners()
	if got := after[0].Groups; len(got) != 2 {
		t.Errorf("partner 1 keeps %d assignments after a v1.0 round trip, want 2 (the scope-tag target dropped)", len(got))
	}
	if after[1].Groups[0].Target.Filter().IsSet() {
		t.Error("partner 2's filter survived a v1.0 write that could not carry it")
	}
}
