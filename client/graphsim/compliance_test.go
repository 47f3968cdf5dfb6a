package graphsim

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/partnerdash/partnerdash/model"
)

func TestComplianceListPagesAndVersions(t *testing.T) {
	_, base := serveCompliance(t)
	var all []model.CompliancePartner
	next := base + "/beta" + complianceURL + "?$top=3&$count=true"
	for pages := 0; next != ""; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		l := send(t, http.DefaultClient, "GET", next, "").wantStatus(t, http.StatusOK).compliancePage(t)
		if l.Count == nil || *l.Count != len(DemoCompliance(testNow)) {
			t.Fatalf("@odata.count %v", l.Count)
		}
		all = append(all, l.Value...)
		next = l.NextLink
	}
	if len(all) != len(DemoCompliance(testNow)) {
		t.Fatalf("%d partners over all pages, want %d", len(all), len(DemoCompliance(testNow)))
	}
	// Beta shows Linux; v1.0 does not have the member at all.
	wsone := all[4]
	if wsone.DisplayName != "Omnissa Workspace ONE UEM" || !wsone.Platform(model.PlatformLinux).IsOnboarded() {
		t.Fatalf("beta: %+v", wsone)
	}
	r := send(t, http.DefaultClient, "GET", base+"/v1.0"+complianceURL+"/"+wsone.ID, "").wantStatus(t, http.StatusOK)
	if strings.Contains(string(r.body), "linux") {
		t.Errorf("v1.0 answer has beta-only members: %s", r.body)
	}
	if !strings.Contains(string(r.body), `"@odata.context":"`+base+`/v1.0/$metadata#deviceManagement/complianceManagementPartners/$entity"`) {
		t.Errorf("context: %s", r.body)
	}
	// $select works on the compliance properties.
	r = send(t, http.DefaultClient, "GET", base+"/beta"+complianceURL+"?$select=displayName,linuxOnboarded", "").wantStatus(t, http.StatusOK)
	l := r.compliancePage(t)
	if l.Value[0].Platform(model.PlatformMacOS).Onboarded != nil || l.Value[4].Platform(model.PlatformLinux).Onboarded == nil {
		t.Errorf("$select: %s", r.body)
	}
	send(t, http.DefaultClient, "GET", base+"/beta"+complianceURL+"?$select=partnerAppType", "").
		wantStatus(t, http.StatusBadRequest).graphError(t, codeBadRequest)
}

func TestComplianceLifecycle(t *testing.T) {
	s, base := serveCompliance(t)
	url := base + "/beta" + complianceURL
	body := `{"@odata.type":"#microsoft.graph.complianceManagementPartner","displayName":"Kandji (lab)",
	"partnerState":"enabled","lastHeartbeatDateTime":"2026-01-01T00:00:00Z","macOsOnboarded":true,
	"macOsEnrollmentAssignments":[{"@odata.type":"#microsoft.graph.complianceManagementPartnerAssignment",
	"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"c0ffee00-0000-4000-8000-000000000004"}}]}`
	r := send(t, http.DefaultClient, "POST", url, body).wantStatus(t, http.StatusCreated)
	created := r.compliancePartner(t)
	if created.ID == "" || created.PartnerState != model.StateUnknown || created.LastHeartbeat.IsSet() ||
		created.OnboardedWords() != "macOS" || len(created.Platform(model.PlatformMacOS).Assignments) != 1 {
		t.Fatalf("created %s", r.body)
	}
	if loc := r.header.Get("Location"); loc != url+"('"+created.ID+"')" {
		t.Errorf("Location %q", loc)
	}
	send(t, http.DefaultClient, "PATCH", url+"/"+created.ID, `{"iosOnboarded":true,"macOsEnrollmentAssignments":[]}`).
		wantStatus(t, http.StatusNoContent)
	r = send(t, http.DefaultClient, "GET", url+"/"+created.ID, "").wantStatus(t, http.StatusOK)
	got := r.compliancePartner(t)
	if got.OnboardedWords() != "macOS, iOS" || len(got.Platform(model.PlatformMacOS).Assignments) != 0 || got.DisplayName != "Kandji (lab)" {
		t.Errorf("after PATCH: %s", r.body)
	}
	send(t, http.DefaultClient, "DELETE", url+"/"+created.ID, "").wantStatus(t, http.StatusNoContent)
	send(t, http.DefaultClient, "GET", url+"/"+created.ID, "").wantStatus(t, http.StatusNotFound).graphError(t, codeNotFound)
	send(t, http.DefaultClient, "DELETE", url+"/"+created.ID, "").wantStatus(t, http.StatusNotFound)
	if n := len(s.CompliancePartners()); n != len(DemoCompliance(testNow)) {
		t.Errorf("%d partners after create and delete", n)
	}
	s.Reset()
	if n := len(s.CompliancePartners()); n != len(DemoCompliance(testNow)) {
		t.Errorf("%d partners after Reset", n)
	}
}

func TestComplianceBadInputIsGraphShaped400(t *testing.T) {
	_, base := serveCompliance(t)
	id := DemoCompliance(testNow)[0].ID
	for _, c := range []struct {
		version, method, path, body, want string
	}{
		{"v1.0", "POST", "", `{"displayName":"x","linuxOnboarded":true}`, "'linuxOnboarded' does not exist on type 'microsoft.management.services.api.complianceManagementPartner'"},
		{"beta", "POST", "", `{"macOsOnboarded":true}`, "'displayName': required"},
		{"beta", "POST", "", `{"displayName":"x","id":"y"}`, "'id' is the key"},
		{"beta", "PATCH", "/" + id, `{"iosOnboarded":"yes"}`, "'iosOnboarded': want a boolean"},
		{"beta", "PATCH", "/" + id, `{"partnerState":"sleeping"}`, "Invalid value 'sleeping' for property 'partnerState'"},
		{"beta", "PATCH", "/" + id, `{"androidEnrollmentAssignments":[{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":" "}}]}`,
			"androidEnrollmentAssignments[0].target.groupId': it is required"},
		{"beta", "PATCH", "/" + id, `{"iosEnrollmentAssignments":[{"@odata.type":"#microsoft.graph.deviceManagementPartnerAssignment","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}]}`,
			"microsoft.graph.deviceManagementPartnerAssignment' could not be resolved"},
		{"beta", "PATCH", "/" + id, `{"displayName":""}`, "'displayName': required"},
		{"beta", "PATCH", "/" + id, `{"displayName":`, "Unable to read JSON request payload"},
		{"beta", "POST", "/" + id + "/terminate", "", "Resource not found for the segment 'terminate'"},
		{"beta", "GET", "/$count", "", "No OData route exists that match template ~/singleton/navigation/$count"},
	} {
		r := send(t, http.DefaultClient, c.method, base+"/"+c.version+complianceURL+c.path, c.body).wantStatus(t, http.StatusBadRequest)
		var b model.ErrorBody
		if err := json.Unmarshal(r.body, &b); err != nil || b.Error.InnerError == nil {
			t.Fatalf("%s %s: not Graph's error shape: %s", c.method, c.path, r.body)
		}
		if !strings.Contains(b.Error.Message, c.want) {
			t.Errorf("%s %s %s: message %q does not say %q", c.method, c.path, c.body, b.Error.Message, c.want)
		}
	}
	// A verb with no route on the entity: Intune's 400, as for the first kind.
	send(t, http.DefaultClient, "PUT", base+"/beta"+complianceURL+"/"+id, `{}`).wantStatus(t, http.StatusBadRequest).graphError(t, codeNoRoute)
}

func TestGroupsGetByIdsAndSearch(t *testing.T) {
	_, base := serveCompliance(t)
	r := send(t, http.DefaultClient, "POST", base+"/v1.0/directoryObjects/getByIds",
		`{"ids":["c0ffee00-0000-4000-8000-000000000001","C0FFEE00-0000-4000-8000-000000000007","c0ffee00-0000-4000-8000-000000000013"],"types":["group"]}`).
		wantStatus(t, http.StatusOK)
	var page struct {
		Value []map[string]string `json:"value"`
	}
	_ = json.Unmarshal(r.body, &page)
	if len(page.Value) != 2 || page.Value[0]["displayName"] != "Mac users" || page.Value[1]["displayName"] != "BYOD iOS" ||
		page.Value[0]["@odata.type"] != model.ODataGroup {
		t.Errorf("getByIds: %s", r.body)
	}
	// Only users asked for: no groups.
	r = send(t, http.DefaultClient, "POST", base+"/v1.0/directoryObjects/getByIds", `{"ids":["c0ffee00-0000-4000-8000-000000000001"],"types":["user"]}`).wantStatus(t, http.StatusOK)
	if !strings.Contains(string(r.body), `"value":[]`) {
		t.Errorf("types user: %s", r.body)
	}
	send(t, http.DefaultClient, "POST", base+"/v1.0/directoryObjects/getByIds", `{"ids":["Mac users"]}`).
		wantStatus(t, http.StatusBadRequest).graphError(t, "Request_BadRequest")

	search := base + `/v1.0/groups?$search=%22displayName:mac%22&$select=id,displayName`
	r = send(t, http.DefaultClient, "GET", search, "").wantStatus(t, http.StatusBadRequest)
	if e := r.graphError(t, "Request_UnsupportedQuery"); !strings.Contains(e.Message, "ConsistencyLevel: eventual") {
		t.Errorf("message %q", e.Message)
	}
	r = send(t, http.DefaultClient, "GET", search, "", "ConsistencyLevel", "eventual").wantStatus(t, http.StatusOK)
	_ = json.Unmarshal(r.body, &page)
	var names []string
	for _, g := range page.Value {
		names = append(names, g["displayName"])
	}
	// "mac" starts a word in these names; "Omnissa" or "Macs" elsewhere inside a word would not count.
	if strings.Join(names, "|") != "Mac users|Mac kiosks (excluded)|Contoso US Macs|Northwind legacy Macs" {
		t.Errorf("search: %q", names)
	}
}

func TestGroupsForbidden(t *testing.T) {
	_, base := serveCompliance(t, WithGroupsForbidden(true))
	r := send(t, http.DefaultClient, "POST", base+"/v1.0/directoryObjects/getByIds", `{"ids":["c0ffee00-0000-4000-8000-000000000001"]}`).
		wantStatus(t, http.StatusForbidden)
	r.graphError(t, "Authorization_RequestDenied")
	send(t, http.DefaultClient, "GET", base+"/v1.0"+complianceURL, "").wantStatus(t, http.StatusOK)
}

func TestTenantFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	both := write("both.json", `{"deviceManagementPartners":{"value":[{"id":"p1","displayName":"Jamf"}]},
	"complianceManagementPartners":{"value":[{"id":"c1","displayName":"Kandji","macOsOnboarded":true,"futureMember":1}]},
	"groups":[{"id":"c0ffee00-0000-4000-8000-000000000001","displayName":"Mac users"}]}`)
	tn, err := LoadTenantFile(both)
	if err != nil {
		t.Fatal(err)
	}
	if len(tn.Partners) != 1 || len(tn.Compliance) != 1 || len(tn.Groups) != 1 || tn.Compliance[0].Extra["futureMember"] == nil {
		t.Fatalf("tenant %+v", tn)
	}
	plain := write("plain.json", `{"value":[{"id":"p1","displayName":"Jamf"}]}`)
	if tn, err = LoadTenantFile(plain); err != nil || len(tn.Partners) != 1 || tn.Compliance != nil {
		t.Fatalf("plain list: %+v %v", tn, err)
	}
	for body, want := range map[string]string{
		`{"complianceManagementPartners":{"value":[{"displayName":"x","iosOnboarded":"yes"}]}}`: `complianceManagementPartners: value[0] ("x"): compliance partner: iosOnboarded`,
		`{"complianceManagementPartners":[{"id":"a"},{"id":"A"}]}`:                              "ids must be unique",
		`{"groups":{"value":[{"id":"g","displayName":"x"}]}}`:                                   `groups: value[0]: id "g" is not a GUID`,
		`{"deviceManagementPartners":{"value":[]},"complianceManagementPartner":{"value":[]}}`:  `unknown member "complianceManagementPartner"`,
		`{"deviceManagementPartners":{"value":[{"displayName":"x","isConfigured":"yes"}]}}`:     "deviceManagementPartners: partner value[0]",
	} {
		_, err := LoadTenantFile(write("bad.json", body))
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "bad.json") {
			t.Errorf("%s: error %v, want it to name the file and say %q", body, err, want)
		}
	}
}

func TestDemoComplianceCoversTheCases(t *testing.T) {
	ps := DemoCompliance(testNow)
	names := map[string]bool{}
	health := map[model.Health]int{}
	notOnboarded := 0
	for _, p := range ps {
		names[p.DisplayName] = true
		a := model.TriageCompliance(p, testNow)
		health[a.Health]++
		if !a.Configured {
			notOnboarded++
		}
	}
	for _, want := range []string{"Jamf Pro device compliance", "Kandji", "Mosyle Fuse", "Addigy", "Omnissa Workspace ONE UEM"} {
		if !names[want] {
			t.Errorf("demo lacks %s", want)
		}
	}
	if health[model.HealthOK] < 2 || health[model.HealthWarning] < 2 || health[model.HealthCritical] < 2 || notOnboarded != 1 {
		t.Errorf("health spread %v, not onboarded %d", health, notOnboarded)
	}
	// Exactly one assigned group no longer exists.
	known := map[string]bool{}
	for _, g := range DemoGroups() {
		known[strings.ToLower(g.ID)] = true
	}
	var missing []string
	for _, p := range ps {
		for _, id := range p.GroupIDs() {
			if !known[strings.ToLower(id)] {
				missing = append(missing, p.DisplayName+" "+id)
			}
		}
	}
	if len(missing) != 1 || !strings.HasPrefix(missing[0], "Mosyle Fuse ") {
		t.Errorf("missing groups %v", missing)
	}
}
