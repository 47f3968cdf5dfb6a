package graphsim

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/partnerdash/partnerdash/model"
)

// Issue 11's fidelity rules hold for complianceManagementPartners as for the first kind: the
// same code path answers both.

func TestComplianceCompressedBodiesAreAccepted(t *testing.T) {
	s, base := serveCompliance(t)
	for _, enc := range []string{"gzip", "deflate", "raw deflate"} {
		header := strings.Fields(enc)[len(strings.Fields(enc))-1]
		body := compress(t, enc, []byte(`{"displayName":"Kandji (`+enc+`)","macOsOnboarded":true}`))
		r := sendRaw(t, http.DefaultClient, "POST", base+"/v1.0"+complianceURL, body,
			"Content-Type", "application/json", "Content-Encoding", header).wantStatus(t, http.StatusCreated)
		var p model.CompliancePartner
		if err := json.Unmarshal(r.body, &p); err != nil || p.DisplayName != "Kandji ("+enc+")" || !p.Platform(model.PlatformMacOS).IsOnboarded() {
			t.Errorf("%s: created %s", enc, r.body)
		}
		patch := compress(t, enc, []byte(`{"displayName":"renamed `+enc+`"}`))
		sendRaw(t, http.DefaultClient, "PATCH", base+"/v1.0"+complianceURL+"/"+complianceID(2), patch,
			"Content-Type", "application/json", "Content-Encoding", header).wantStatus(t, http.StatusNoContent)
		if got := s.CompliancePartners()[1].DisplayName; got != "renamed "+enc {
			t.Errorf("%s: PATCH stored %q", enc, got)
		}
	}
	r := sendRaw(t, http.DefaultClient, "POST", base+"/v1.0"+complianceURL, []byte("xx"),
		"Content-Type", "application/json", "Content-Encoding", "br").wantStatus(t, http.StatusUnsupportedMediaType)
	r.graphError(t, codeUnsupportedMedia)
}

func TestComplianceRoutingErrorsAreIntunes(t *testing.T) {
	_, base := serveCompliance(t)
	id := complianceID(1)
	for _, c := range []struct{ method, path, template string }{
		{"PUT", "", templateCollection},
		{"DELETE", "", templateCollection},
		{"PUT", "/" + id, templateEntity},
		{"POST", "/" + id, templateEntity},
		{"POST", "('" + id + "')", templateEntity},
		{"GET", "/$count", templateCount},
	} {
		r := send(t, http.DefaultClient, c.method, base+"/beta"+complianceURL+c.path, `{}`).wantStatus(t, http.StatusBadRequest)
		e := r.graphError(t, codeNoRoute)
		want := "No OData route exists that match template " + c.template + " with http verb " + c.method +
			" for request /DeviceFE/StatelessDeviceFEService/deviceManagement/complianceManagementPartners"
		if !strings.HasPrefix(e.Message, want) {
			t.Errorf("%s %s: %q, want it to start %q", c.method, c.path, e.Message, want)
		}
		if r.header.Get("Allow") != "" {
			t.Errorf("%s %s: Allow %q; Intune sends none", c.method, c.path, r.header.Get("Allow"))
		}
	}
	// The type has no terminate action.
	send(t, http.DefaultClient, "POST", base+"/beta"+complianceURL+"('"+id+"')/terminate", "").
		wantStatus(t, http.StatusBadRequest).graphError(t, codeBadRequest)
}

func TestComplianceUnknownIDIsIntuneStyle404(t *testing.T) {
	_, base := serveCompliance(t)
	missing := "/99999999-cccc-4ddd-8eee-000000000000"
	for _, method := range []string{"GET", "PATCH", "DELETE"} {
		r := send(t, http.DefaultClient, method, base+"/v1.0"+complianceURL+missing, `{"displayName":"x"}`).
			wantStatus(t, http.StatusNotFound)
		e := r.graphError(t, codeNotFound)
		var inner struct {
			Message string `json:"Message"`
		}
		if err := json.Unmarshal([]byte(e.Message), &inner); err != nil {
			t.Fatalf("%s: message is not Intune's JSON-in-a-string: %q", method, e.Message)
		}
		want := "An error has occurred - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: " +
			r.header.Get("request-id") + " - Url: " + base + "/v1.0" + complianceURL + missing
		if inner.Message != want {
			t.Errorf("%s: %q\nwant %q", method, inner.Message, want)
		}
	}
}

func TestComplianceODataKeySyntax(t *testing.T) {
	_, base := serveCompliance(t)
	r := send(t, http.DefaultClient, "POST", base+"/v1.0"+complianceURL, `{"displayName":"Addigy (lab)"}`).wantStatus(t, http.StatusCreated)
	loc := r.header.Get("Location")
	id := string(r.members(t)["id"])
	id, _ = strconv.Unquote(id)
	if loc != base+"/v1.0"+complianceURL+"('"+id+"')" {
		t.Fatalf("Location %q", loc)
	}
	if got := send(t, http.DefaultClient, "GET", loc, "").wantStatus(t, http.StatusOK).members(t); string(got["id"]) != strconv.Quote(id) {
		t.Errorf("GET Location: %v", got)
	}
	// Any case of the collection's name, and %27 for the quotes.
	send(t, http.DefaultClient, "PATCH", base+"/beta/deviceManagement/COMPLIANCEmanagementPartners(%27"+id+"%27)",
		`{"linuxOnboarded":true}`).wantStatus(t, http.StatusNoContent)
	m := send(t, http.DefaultClient, "GET", base+"/beta"+complianceURL+"/"+id, "").wantStatus(t, http.StatusOK).members(t)
	if string(m["linuxOnboarded"]) != "true" {
		t.Errorf("PATCH by key did not land: %s", m["linuxOnboarded"])
	}
	send(t, http.DefaultClient, "DELETE", loc, "").wantStatus(t, http.StatusNoContent)
	send(t, http.DefaultClient, "GET", loc, "").wantStatus(t, http.StatusNotFound).graphError(t, codeNotFound)
}

// v1.0's type: no Linux members, five target kinds, no filter fields.
var v1ComplianceMembers = []string{"@odata.type", "id", "lastHeartbeatDateTime", "partnerState", "displayName",
	"macOsOnboarded", "androidOnboarded", "iosOnboarded",
	"macOsEnrollmentAssignments", "androidEnrollmentAssignments", "iosEnrollmentAssignments"}

func TestComplianceVersionsServeTheirOwnShapes(t *testing.T) {
	_, base := serveCompliance(t)
	path := complianceURL + "/" + complianceID(5) // Workspace ONE: a filtered iOS target and Linux
	v1 := send(t, http.DefaultClient, "GET", base+"/v1.0"+path, "").wantStatus(t, http.StatusOK)
	beta := send(t, http.DefaultClient, "GET", base+"/beta"+path, "").wantStatus(t, http.StatusOK)
	v1m, betam := v1.members(t), beta.members(t)
	delete(v1m, "@odata.context")
	delete(betam, "@odata.context")
	if got := slices.Sorted(maps.Keys(v1m)); !slices.Equal(got, slices.Sorted(slices.Values(v1ComplianceMembers))) {
		t.Errorf("v1.0 members %v", got)
	}
	if _, ok := betam["linuxEnrollmentAssignments"]; !ok || len(betam) != len(v1ComplianceMembers)+2 {
		t.Errorf("beta members: %v", slices.Sorted(maps.Keys(betam)))
	}
	if strings.Contains(string(v1.body), "deviceAndAppManagementAssignmentFilter") {
		t.Errorf("v1.0 serves beta's filter fields: %s", v1m["iosEnrollmentAssignments"])
	}
	if !strings.Contains(string(betam["iosEnrollmentAssignments"]), `"deviceAndAppManagementAssignmentFilterType":"exclude"`) {
		t.Errorf("beta lost the filter: %s", betam["iosEnrollmentAssignments"])
	}

	// What v1.0 lacks it refuses, as Intune does; beta takes it.
	filtered := `{"iosEnrollmentAssignments":[{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget",` +
		`"groupId":"c0ffee00-0000-4000-8000-000000000001","deviceAndAppManagementAssignmentFilterId":"f1","deviceAndAppManagementAssignmentFilterType":"include"}}]}`
	scopeTag := `{"macOsEnrollmentAssignments":[{"target":{"@odata.type":"#microsoft.graph.scopeTagGroupAssignmentTarget",` +
		`"targetType":"user","entraObjectId":"c0ffee00-0000-4000-8000-000000000001"}}]}`
	for _, c := range []struct{ body, want string }{
		{`{"linuxOnboarded":true}`, "The property 'linuxOnboarded' does not exist on type 'microsoft.management.services.api.complianceManagementPartner'. Make sure to only use property names that are defined by the type."},
		{`{"linuxEnrollmentAssignments":[]}`, "The property 'linuxEnrollmentAssignments' does not exist on type"},
		{filtered, "The property 'deviceAndAppManagementAssignmentFilterId' does not exist on type 'microsoft.management.services.api.groupAssignmentTarget'"},
		{scopeTag, "A type named 'microsoft.graph.scopeTagGroupAssignmentTarget' could not be resolved by the model. When a model is available, each type name must resolve to a valid type."},
		{`{"windowsOnboarded":true}`, "The property 'windowsOnboarded' does not exist on type"},
	} {
		r := send(t, http.DefaultClient, "PATCH", base+"/v1.0"+path, c.body).wantStatus(t, http.StatusBadRequest)
		e := r.graphError(t, codeModelValidation)
		if !strings.HasPrefix(e.Message, c.want) {
			t.Errorf("v1.0 %s: %q, want %q", c.body, e.Message, c.want)
		}
		if !strings.Contains(string(r.body), `"message":`+strconv.Quote(e.Message)+`,"request-id"`) {
			t.Errorf("innerError does not repeat the message: %s", r.body)
		}
		if strings.Contains(c.body, "windows") {
			continue // in neither version's type
		}
		send(t, http.DefaultClient, "PATCH", base+"/beta"+path, c.body).wantStatus(t, http.StatusNoContent)
	}
}

func TestComplianceAnswersHaveEveryProperty(t *testing.T) {
	_, base := serveCompliance(t, WithCompliancePartners([]model.CompliancePartner{{ID: "bare"}}))
	for _, version := range []string{"v1.0", "beta"} {
		m := send(t, http.DefaultClient, "GET", base+"/"+version+complianceURL+"/bare", "").wantStatus(t, http.StatusOK).members(t)
		want := map[string]string{
			"displayName": "null", "partnerState": `"unknown"`, "lastHeartbeatDateTime": minDate,
			"macOsOnboarded": "false", "androidOnboarded": "false", "iosOnboarded": "false",
			"macOsEnrollmentAssignments": "null", "androidEnrollmentAssignments": "null", "iosEnrollmentAssignments": "null",
		}
		if version == "beta" {
			want["linuxOnboarded"] = "false"
			want["linuxEnrollmentAssignments"] = "null"
		}
		for k, v := range want {
			if got, ok := m[k]; !ok || string(got) != v {
				t.Errorf("%s: %s = %s (present %v), want %s", version, k, got, ok, v)
			}
		}
	}
	// A created partner: its lists were never set, so they are null too; what was sent is served.
	r := send(t, http.DefaultClient, "POST", base+"/v1.0"+complianceURL, `{"displayName":"Mosyle","iosEnrollmentAssignments":[]}`).
		wantStatus(t, http.StatusCreated)
	m := r.members(t)
	if string(m["macOsEnrollmentAssignments"]) != "null" || string(m["iosEnrollmentAssignments"]) != "[]" || string(m["lastHeartbeatDateTime"]) != minDate {
		t.Errorf("created: %s", r.body)
	}
}

func TestComplianceSelectTrimsProperties(t *testing.T) {
	_, base := serveCompliance(t)
	l := send(t, http.DefaultClient, "GET", base+"/v1.0"+complianceURL+"?$select=displayName,MACOSONBOARDED", "").wantStatus(t, http.StatusOK)
	var page struct {
		Context string                       `json:"@odata.context"`
		Value   []map[string]json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(l.body, &page); err != nil || len(page.Value) == 0 {
		t.Fatalf("%v: %s", err, l.body)
	}
	if !strings.HasSuffix(page.Context, "#deviceManagement/complianceManagementPartners(displayName,macOsOnboarded)") {
		t.Errorf("context %q", page.Context)
	}
	for _, v := range page.Value {
		if got := slices.Sorted(maps.Keys(v)); !slices.Equal(got, []string{"@odata.type", "displayName", "macOsOnboarded"}) {
			t.Errorf("selected members %v: no forced id", got)
		}
	}
	m := send(t, http.DefaultClient, "GET", base+"/beta"+complianceURL+"/"+complianceID(5)+"?$select=id,linuxOnboarded", "").
		wantStatus(t, http.StatusOK).members(t)
	if len(m) != 4 || string(m["linuxOnboarded"]) != "true" || m["id"] == nil {
		t.Errorf("beta get with $select: %v", m)
	}
	// Linux is not a v1.0 property.
	send(t, http.DefaultClient, "GET", base+"/v1.0"+complianceURL+"?$select=linuxOnboarded", "").wantStatus(t, http.StatusBadRequest)
}
