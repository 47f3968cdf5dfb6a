package graphsim

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

const createBody = `{
  "@odata.type": "#microsoft.graph.deviceManagementPartner",
  "displayName": "Jamf Pro (Tailspin)",
  "singleTenantAppId": "6a1f0c3e-2b4d-4e8f-9a7c-5d3b1e0f2a11",
  "groupsRequiringPartnerEnrollment": [
    {"@odata.type": "microsoft.graph.deviceManagementPartnerAssignment",
     "target": {"@odata.type": "microsoft.graph.groupAssignmentTarget", "groupId": "c0ffee00-0000-4000-8000-0000000000aa"}}
  ]
}`

func TestCreateReturns201WithANewEntity(t *testing.T) {
	s, ts := serve(t, WithIDSource(func() string { return "0e0e0e0e-1111-4222-8333-444444444444" }))
	r := send(t, ts.Client(), "POST", ts.URL+partnersPath, createBody).wantStatus(t, http.StatusCreated)
	p := r.partner(t)
	if p.ID != "0e0e0e0e-1111-4222-8333-444444444444" {
		t.Errorf("id %q, want the one from the id source", p.ID)
	}
	if p.ODataType != model.ODataPartner || p.DisplayName != "Jamf Pro (Tailspin)" ||
		p.PartnerAppType != model.AppTypeSingleTenant || !p.IsConfigured || p.PartnerState != model.StateUnknown {
		t.Errorf("created %+v", p)
	}
	if p.LastHeartbeat.IsSet() || p.NonCompliantAt.IsSet() || p.RemovedAt.IsSet() {
		t.Error("a new partner has dates set")
	}
	if !strings.Contains(string(r.body), `"lastHeartbeatDateTime":"0001-01-01T00:00:00Z"`) {
		t.Errorf("unset dates should be Intune's year-1 marker: %s", r.body)
	}
	if len(p.Groups) != 1 || p.Groups[0].Target != (model.GroupTarget{GroupID: "c0ffee00-0000-4000-8000-0000000000aa"}) {
		t.Errorf("groups %+v", p.Groups)
	}
	if !strings.Contains(string(r.body), `"@odata.type":"#microsoft.graph.groupAssignmentTarget"`) {
		t.Errorf("targets must be written with '#': %s", r.body)
	}
	m := r.members(t)
	if !strings.HasSuffix(string(m["@odata.context"]), `deviceManagementPartners/$entity"`) {
		t.Errorf("context %s", m["@odata.context"])
	}
	if loc := r.header.Get("Location"); loc != ts.URL+partnersPath+"('"+p.ID+"')" {
		t.Errorf("Location %q", loc)
	}
	// It is listed last and can be fetched.
	all := s.Partners()
	if all[len(all)-1].ID != p.ID {
		t.Error("the new partner is not in the tenant")
	}
	send(t, ts.Client(), "GET", ts.URL+partnersPath+"/"+p.ID, "").wantStatus(t, http.StatusOK)
}

func TestCreateGivesFreshGUIDs(t *testing.T) {
	_, ts := serve(t)
	a := send(t, ts.Client(), "POST", ts.URL+partnersPath, `{"displayName":"A"}`).wantStatus(t, 201).partner(t)
	b := send(t, ts.Client(), "POST", ts.URL+partnersPath, `{"displayName":"B"}`).wantStatus(t, 201).partner(t)
	if !model.IsGUID(a.ID) || !model.IsGUID(b.ID) || a.ID == b.ID {
		t.Errorf("ids %q, %q", a.ID, b.ID)
	}
	if a.PartnerAppType != model.AppTypeUnknown || len(a.Groups) != 0 || a.Groups == nil {
		t.Errorf("defaults: %+v", a)
	}
}

func TestCreateIgnoresServiceManagedProperties(t *testing.T) {
	// The docs' create example sends every property; the service sets the managed ones itself.
	_, ts := serve(t)
	body := `{
	  "@odata.type": "#microsoft.graph.deviceManagementPartner",
	  "lastHeartbeatDateTime": "2016-12-31T23:59:37.9174975-08:00",
	  "partnerState": "unavailable",
	  "partnerAppType": "multiTenantApp",
	  "displayName": "Display Name value",
	  "isConfigured": false,
	  "whenPartnerDevicesWillBeRemovedDateTime": "2016-12-31T23:56:38.2655023-08:00",
	  "whenPartnerDevicesWillBeMarkedAsNonCompliantDateTime": null
	}`
	p := send(t, ts.Client(), "POST", ts.URL+partnersPath, body).wantStatus(t, 201).partner(t)
	if p.PartnerState != model.StateUnknown || !p.IsConfigured || p.LastHeartbeat.IsSet() || p.RemovedAt.IsSet() {
		t.Errorf("service-managed properties were taken from the body: %+v", p)
	}
	if p.PartnerAppType != model.AppTypeMultiTenant {
		t.Errorf("app type %q", p.PartnerAppType)
	}
}

func TestBadBodiesAre400(t *testing.T) {
	group := func(target string) string {
		return `{"groupsRequiringPartnerEnrollment":[{"target":` + target + `}]}`
	}
	cases := []struct {
		name, body, inMessage string
		path                  string // empty: the v1.0 collection
	}{
		{"malformed", `{"displayName": "x",}`, "valid JSON format", ""},
		{"empty", ``, "the body is empty", ""},
		{"not an object", `["x"]`, "want a JSON object, got an array", ""},
		{"null", `null`, "got null", ""},
		{"trailing data", `{"displayName":"x"} {}`, "more after the JSON object", ""},
		{"unknown property", `{"displayName":"x","colour":"red"}`, "The property 'colour' does not exist on type 'microsoft.management.services.api.deviceManagementPartner'. Make sure to only use property names that are defined by the type.", ""},
		{"legacy beta field", `{"whenPartnerDevicesWillBeRemoved":"2026-01-01T00:00:00Z"}`, "'whenPartnerDevicesWillBeRemoved' does not exist on type 'microsoft.management.services.api.deviceManagementPartner'", ""},
		{"id", `{"id":"00000001-aaaa-4bbb-8ccc-000000000001"}`, "'id' is the key", ""},
		{"wrong type name", `{"displayName":5}`, "'displayName': want a string (Edm.String), got a number", ""},
		{"null name", `{"displayName":null}`, "'displayName': want a string", ""},
		{"blank name", `{"displayName":"  "}`, "'displayName': required", ""},
		{"wrong type bool", `{"isConfigured":"yes"}`, "'isConfigured': want a boolean", ""},
		{"unknown enum", `{"partnerAppType":"hybridApp"}`, "Invalid value 'hybridApp' for property 'partnerAppType'", ""},
		{"enum wrong type", `{"partnerAppType":1}`, "'partnerAppType': want a string member", ""},
		{"unknown state", `{"partnerState":"paused"}`, "Invalid value 'paused' for property 'partnerState'", ""},
		{"bad date", `{"lastHeartbeatDateTime":"yesterday"}`, "'lastHeartbeatDateTime'", ""},
		{"app id wrong type", `{"singleTenantAppId":7}`, "'singleTenantAppId': want a string", ""},
		{"wrong entity type", `{"@odata.type":"#microsoft.graph.user"}`, "A type named 'microsoft.graph.user' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.", ""},
		{"groups not array", `{"groupsRequiringPartnerEnrollment":{}}`, "want an array", ""},
		{"assignment not object", `{"groupsRequiringPartnerEnrollment":[1]}`, "groupsRequiringPartnerEnrollment[0]': want an object", ""},
		{"assignment unknown member", `{"groupsRequiringPartnerEnrollment":[{"id":"x","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}]}`, "'id' does not exist on type 'microsoft.management.services.api.deviceManagementPartnerAssignment'", ""},
		{"missing target", `{"groupsRequiringPartnerEnrollment":[{}]}`, "target is required", ""},
		{"target without type", group(`{"groupId":"c0ffee00-0000-4000-8000-000000000001"}`), "@odata.type is required", ""},
		{"unknown target kind", group(`{"@odata.type":"#microsoft.graph.everyoneAssignmentTarget"}`), "'microsoft.graph.everyoneAssignmentTarget' could not be resolved by the model", ""},
		{"target unknown member", group(`{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget","groupId":"c0ffee00-0000-4000-8000-000000000001"}`), "'groupId' does not exist on type 'microsoft.management.services.api.allDevicesAssignmentTarget'", ""},
		{"group id missing", group(`{"@odata.type":"#microsoft.graph.groupAssignmentTarget"}`), "target.groupId': it is required", ""},
		{"group id blank", group(`{"@odata.type":"#microsoft.graph.exclusionGroupAssignmentTarget","groupId":" "}`), "target.groupId': it is required", ""},
		// v1.0 has no filter fields and no scope-tag or FOTA targets (clean_v10_metadata).
		{"v1.0 filter field", group(`{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget","deviceAndAppManagementAssignmentFilterType":"include"}`),
			"The property 'deviceAndAppManagementAssignmentFilterType' does not exist on type 'microsoft.management.services.api.allDevicesAssignmentTarget'", ""},
		{"v1.0 scope-tag target", group(`{"@odata.type":"#microsoft.graph.scopeTagGroupAssignmentTarget","targetType":"user","entraObjectId":"x"}`),
			"A type named 'microsoft.graph.scopeTagGroupAssignmentTarget' could not be resolved by the model", ""},
		{"v1.0 FOTA target", group(`{"@odata.type":"#microsoft.graph.androidFotaDeploymentAssignmentTarget","groupId":"x"}`),
			"'microsoft.graph.androidFotaDeploymentAssignmentTarget' could not be resolved by the model", ""},
		{"beta filter type", group(`{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget","deviceAndAppManagementAssignmentFilterType":"maybe"}`), "deviceAndAppManagementAssignmentFilterType", betaPath},
		{"beta scope tag type", group(`{"@odata.type":"#microsoft.graph.scopeTagGroupAssignmentTarget","targetType":"printer","entraObjectId":"c0ffee00-0000-4000-8000-000000000001"}`), "scopeTagTargetType", betaPath},
	}
	_, ts := serve(t)
	id := "/00000001-aaaa-4bbb-8ccc-000000000001"
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code := "BadRequest"
			if strings.Contains(tc.inMessage, "does not exist on type") || strings.Contains(tc.inMessage, "could not be resolved") {
				code = "ModelValidationFailure" // Intune's code for what its model lacks
			}
			for _, method := range []string{"POST", "PATCH"} {
				path := tc.path
				if path == "" {
					path = partnersPath
				}
				if method == "PATCH" {
					path += id
				}
				r := send(t, ts.Client(), method, ts.URL+path, tc.body, "Content-Type", "application/json").wantStatus(t, http.StatusBadRequest)
				e := r.graphError(t, code)
				if !strings.Contains(e.Message, tc.inMessage) {
					t.Errorf("%s: message %q does not contain %q", method, e.Message, tc.inMessage)
				}
				if code == "ModelValidationFailure" && !strings.Contains(string(r.body), `"message":`+strconv.Quote(e.Message)+`,"request-id"`) {
					t.Errorf("%s: innerError does not repeat the message: %s", method, r.body)
				}
			}
		})
	}
}

func TestBodyTransportErrors(t *testing.T) {
	_, ts := serve(t)
	r := send(t, ts.Client(), "POST", ts.URL+partnersPath, `displayName=x`, "Content-Type", "application/x-www-form-urlencoded").
		wantStatus(t, http.StatusUnsupportedMediaType)
	r.graphError(t, "UnsupportedMediaType")
	big := `{"displayName":"` + strings.Repeat("x", maxBody) + `"}`
	send(t, ts.Client(), "POST", ts.URL+partnersPath, big).wantStatus(t, http.StatusRequestEntityTooLarge).graphError(t, "RequestEntityTooLarge")
	// A charset parameter is fine.
	send(t, ts.Client(), "POST", ts.URL+partnersPath, `{"displayName":"x"}`, "Content-Type", "application/json; charset=utf-8").wantStatus(t, 201)
}

func TestCreateNeedsADisplayName(t *testing.T) {
	_, ts := serve(t)
	r := send(t, ts.Client(), "POST", ts.URL+partnersPath, `{"partnerAppType":"multiTenantApp"}`).wantStatus(t, 400)
	if e := r.graphError(t, "BadRequest"); !strings.Contains(e.Message, "displayName") {
		t.Errorf("message %q", e.Message)
	}
}

func TestPatchMergesAndReplacesCollectionsWhole(t *testing.T) {
	s, ts := serve(t)
	id := demoID(1) // two groups: include and exclude
	send(t, ts.Client(), "PATCH", ts.URL+partnersPath+"/"+id, `{"displayName":"Jamf Pro (Contoso HQ, renamed)"}`).wantStatus(t, http.StatusNoContent)
	p := send(t, ts.Client(), "GET", ts.URL+betaPath+"/"+id, "").wantStatus(t, 200).partner(t)
	before := DemoTenant(testNow)[0]
	if p.DisplayName != "Jamf Pro (Contoso HQ, renamed)" || p.SingleTenantAppID != before.SingleTenantAppID ||
		!model.SameAssignments(p.Groups, before.Groups) || !p.LastHeartbeat.Equal(before.LastHeartbeat) {
		t.Errorf("PATCH did not merge: %+v", p)
	}

	body := `{"groupsRequiringPartnerEnrollment":[{"target":{"@odata.type":"microsoft.graph.allDevicesAssignmentTarget"}}],"singleTenantAppId":null}`
	send(t, ts.Client(), "PATCH", ts.URL+partnersPath+"/"+id, body).wantStatus(t, http.StatusNoContent)
	got := s.Partners()[0]
	if len(got.Groups) != 1 || got.Groups[0].Target != (model.AllDevicesTarget{}) {
		t.Errorf("groups %+v, want exactly the one sent", got.Groups)
	}
	if got.SingleTenantAppID != "" {
		t.Errorf("app id %q, want cleared by null", got.SingleTenantAppID)
	}
	send(t, ts.Client(), "PATCH", ts.URL+partnersPath+"/"+id, `{"groupsRequiringPartnerEnrollment":[]}`).wantStatus(t, 204)
	if g := s.Partners()[0].Groups; g == nil || len(g) != 0 {
		t.Errorf("groups %v, want an empty list", g)
	}
	// An empty PATCH changes nothing and succeeds.
	send(t, ts.Client(), "PATCH", ts.URL+partnersPath+"/"+id, `{}`).wantStatus(t, 204)
}

// The docs' own examples (graph-api.md §1.4, §1.5) send every property, the service-managed ones
// included, and the schema marks none read-only: they are accepted, and the service keeps its
// values for the ones it owns (a documented choice; Intune's handling is unknown). Ids are
// Edm.String: "Single Tenant App Id value" and "Entra Object Id value" pass.
func TestDocsExamplesAreAccepted(t *testing.T) {
	const managed = `
	  "@odata.type": "#microsoft.graph.deviceManagementPartner",
	  "lastHeartbeatDateTime": "2016-12-31T23:59:37.9174975-08:00",
	  "partnerState": "unavailable",
	  "partnerAppType": "singleTenantApp",
	  "singleTenantAppId": "Single Tenant App Id value",
	  "displayName": "Display Name value",
	  "isConfigured": true,
	  "whenPartnerDevicesWillBeRemovedDateTime": "2016-12-31T23:56:38.2655023-08:00",
	  "whenPartnerDevicesWillBeMarkedAsNonCompliantDateTime": "2016-12-31T23:58:42.2131231-08:00",`
	collection := `{` + managed + `
	  "groupsRequiringPartnerEnrollment": [{"@odata.type": "microsoft.graph.deviceManagementPartnerAssignment",
	    "target": {"@odata.type": "microsoft.graph.configurationManagerCollectionAssignmentTarget", "collectionId": "Collection Id value"}}]}`
	scopeTag := `{` + managed + `
	  "groupsRequiringPartnerEnrollment": [{"@odata.type": "microsoft.graph.deviceManagementPartnerAssignment",
	    "target": {"@odata.type": "microsoft.graph.scopeTagGroupAssignmentTarget", "targetType": "user", "entraObjectId": "Entra Object Id value"}}]}`

	s, ts := serve(t)
	created := send(t, ts.Client(), "POST", ts.URL+partnersPath, collection).wantStatus(t, http.StatusCreated).partner(t)
	if created.PartnerState != model.StateUnknown || created.LastHeartbeat.IsSet() || created.RemovedAt.IsSet() || !created.IsConfigured {
		t.Errorf("create took service-managed values from the body: %+v", created)
	}
	if created.SingleTenantAppID != "Single Tenant App Id value" || len(created.Groups) != 1 {
		t.Errorf("create lost what the body set: %+v", created)
	}

	// The v1.0 PATCH example of 066cb3cc (a ConfigMgr collection): 204, the state kept.
	target := ts.URL + partnersPath + "/" + demoID(4)
	before := s.Partners()[3]
	send(t, ts.Client(), "PATCH", target, collection).wantStatus(t, http.StatusNoContent)
	after := s.Partners()[3]
	if after.PartnerState != before.PartnerState || !after.LastHeartbeat.Equal(before.LastHeartbeat) ||
		!after.NonCompliantAt.Equal(before.NonCompliantAt) || after.IsConfigured != before.IsConfigured {
		t.Errorf("PATCH changed service-managed values: %+v", after)
	}
	if after.DisplayName != "Display Name value" || after.SingleTenantAppID != "Single Tenant App Id value" {
		t.Errorf("PATCH lost what it set: %+v", after)
	}

	// The current v1.0 PATCH example targets a scope-tag group, which the v1.0 metadata does
	// not have (metadata wins over the docs): v1.0 refuses it, beta takes it.
	send(t, ts.Client(), "PATCH", target, scopeTag).wantStatus(t, http.StatusBadRequest).graphError(t, "ModelValidationFailure")
	send(t, ts.Client(), "PATCH", ts.URL+betaPath+"/"+demoID(4), scopeTag).wantStatus(t, http.StatusNoContent)
	if g := s.Partners()[3].Groups; len(g) != 1 || g[0].Target.ODataType() != model.ODataScopeTagGroupTarget {
		t.Errorf("beta PATCH stored %+v", g)
	}

	// Service-managed values are still type-checked.
	send(t, ts.Client(), "PATCH", target, `{"partnerState":"paused"}`).wantStatus(t, http.StatusBadRequest).graphError(t, "BadRequest")
}

func TestPatchThroughModelUpdate(t *testing.T) {
	// What the client sends: model.PartnerUpdate's JSON.
	s, ts := serve(t)
	name, app := "Kandji (EU)", model.AppTypeMultiTenant
	groups := []model.Assignment{{Target: model.ScopeTagGroupTarget{TargetType: model.ScopeTagTargetDevice, EntraObjectID: "c0ffee00-0000-4000-8000-0000000000bb"}}}
	u := model.PartnerUpdate{DisplayName: &name, PartnerAppType: &app, Groups: &groups}
	b, err := u.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	send(t, ts.Client(), "PATCH", ts.URL+betaPath+"/"+demoID(4), string(b)).wantStatus(t, 204) // scope tags: beta only
	old := DemoTenant(testNow)[3]
	want := u.Apply(old)
	got := s.Partners()[3]
	if got.DisplayName != want.DisplayName || got.PartnerAppType != want.PartnerAppType || !model.SameAssignments(got.Groups, want.Groups) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestPatchCanReturnTheEntity(t *testing.T) {
	_, ts := serve(t, WithPatchReturnsBody(true))
	r := send(t, ts.Client(), "PATCH", ts.URL+partnersPath+"/"+demoID(2), `{"displayName":"Renamed"}`).wantStatus(t, http.StatusOK)
	if p := r.partner(t); p.DisplayName != "Renamed" || p.ID != demoID(2) {
		t.Errorf("got %+v", p)
	}
	if !strings.Contains(string(r.body), `"@odata.context"`) {
		t.Error("no @odata.context")
	}
}

func TestUnknownIDsAre404ForEveryOperation(t *testing.T) {
	_, ts := serve(t)
	id := "/12345678-aaaa-4bbb-8ccc-000000000000"
	for _, tc := range []struct{ method, path, body string }{
		{"GET", id, ""},
		{"PATCH", id, `{"displayName":"x"}`},
		{"DELETE", id, ""},
		{"POST", id + "/terminate", ""},
	} {
		send(t, ts.Client(), tc.method, ts.URL+partnersPath+tc.path, tc.body).wantStatus(t, http.StatusNotFound).graphError(t, "ResourceNotFound")
	}
}

func TestDeleteRemoves(t *testing.T) {
	s, ts := serve(t)
	send(t, ts.Client(), "DELETE", ts.URL+partnersPath+"/"+demoID(3), "").wantStatus(t, http.StatusNoContent)
	send(t, ts.Client(), "GET", ts.URL+partnersPath+"/"+demoID(3), "").wantStatus(t, http.StatusNotFound)
	send(t, ts.Client(), "DELETE", ts.URL+partnersPath+"/"+demoID(3), "").wantStatus(t, http.StatusNotFound)
	if len(s.Partners()) != 11 {
		t.Errorf("%d partners left", len(s.Partners()))
	}
	// the others are still reachable at their ids after the index shifted
	for _, i := range []int{1, 2, 4, 12} {
		send(t, ts.Client(), "GET", ts.URL+partnersPath+"/"+demoID(i), "").wantStatus(t, http.StatusOK)
	}
}

func TestTerminateSetsStateAndDeadlines(t *testing.T) {
	for _, action := range []string{"terminate", "microsoft.graph.terminate"} {
		t.Run(action, func(t *testing.T) {
			s, ts := serve(t)
			id := demoID(1)
			send(t, ts.Client(), "POST", ts.URL+partnersPath+"/"+id+"/"+action, "").wantStatus(t, http.StatusNoContent)
			p := s.Partners()[0]
			if p.PartnerState != model.StateTerminated {
				t.Errorf("state %q", p.PartnerState)
			}
			if !p.NonCompliantAt.Time().Equal(testNow.Add(DefaultNonCompliantAfter)) || !p.RemovedAt.Time().Equal(testNow.Add(90*24*time.Hour)) {
				t.Errorf("deadlines %v, %v", p.NonCompliantAt, p.RemovedAt)
			}
			if !p.IsConfigured || p.DisplayName != "Jamf Pro (Contoso)" {
				t.Errorf("terminate changed more than the state: %+v", p)
			}
			// Terminating again is harmless and keeps the deadlines.
			s.Configure(WithClock(func() time.Time { return testNow.Add(time.Hour) }))
			send(t, ts.Client(), "POST", ts.URL+partnersPath+"/"+id+"/"+action, "").wantStatus(t, http.StatusNoContent)
			if again := s.Partners()[0]; !again.RemovedAt.Equal(p.RemovedAt) {
				t.Errorf("a second terminate moved the removal to %v", again.RemovedAt)
			}
		})
	}
}

func TestTerminateDeadlinesAreConfigurable(t *testing.T) {
	s, ts := serve(t, WithTerminateDeadlines(time.Hour, 48*time.Hour))
	send(t, ts.Client(), "POST", ts.URL+partnersPath+"/"+demoID(6)+"/terminate", "").wantStatus(t, 204)
	p := s.Partners()[5]
	if !p.NonCompliantAt.Time().Equal(testNow.Add(time.Hour)) || !p.RemovedAt.Time().Equal(testNow.Add(48*time.Hour)) {
		t.Errorf("deadlines %v, %v", p.NonCompliantAt, p.RemovedAt)
	}
}

func TestTerminateAPlaceholderIs400(t *testing.T) {
	s, ts := serve(t)
	r := send(t, ts.Client(), "POST", ts.URL+partnersPath+"/"+demoID(11)+"/terminate", "").wantStatus(t, http.StatusBadRequest)
	r.graphError(t, "BadRequest")
	if msg := model.ParseGraphError(r.status, r.body).Message; !strings.Contains(msg, "not configured") {
		t.Errorf("message %q", msg)
	}
	if s.Partners()[10].PartnerState != model.StateUnknown {
		t.Error("the placeholder changed")
	}
}
