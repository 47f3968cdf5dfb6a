package graphsim

import (
	"net/http"
	"strings"
	"testing"

	"github.com/partnerdash/partnerdash/model"
)

func TestEveryResponseCarriesGraphHeaders(t *testing.T) {
	_, ts := serve(t)
	c := ts.Client()
	cases := []struct {
		name   string
		method string
		path   string
		status int
	}{
		{"list", "GET", partnersPath, 200},
		{"entity", "GET", partnersPath + "/00000001-aaaa-4bbb-8ccc-000000000001", 200},
		{"not found", "GET", partnersPath + "/00000000-0000-0000-0000-000000000000", 404},
		{"no content", "DELETE", partnersPath + "/00000002-aaaa-4bbb-8ccc-000000000002", 204},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := send(t, c, tc.method, ts.URL+tc.path, "", "client-request-id", "my-id-"+tc.name).wantStatus(t, tc.status)
			if got := r.header.Get("client-request-id"); got != "my-id-"+tc.name {
				t.Errorf("client-request-id = %q, want it echoed", got)
			}
			if !model.IsGUID(r.header.Get("request-id")) {
				t.Errorf("request-id = %q, want a GUID", r.header.Get("request-id"))
			}
			if got := r.header.Get("Date"); got != testNow.Format(http.TimeFormat) {
				t.Errorf("Date = %q, want the injected clock's", got)
			}
			if r.header.Get("OData-Version") != "4.0" {
				t.Errorf("OData-Version = %q", r.header.Get("OData-Version"))
			}
			if tc.status != 204 && !strings.HasPrefix(r.header.Get("Content-Type"), "application/json;odata.metadata=minimal") {
				t.Errorf("Content-Type = %q", r.header.Get("Content-Type"))
			}
		})
	}
}

func TestClientRequestIDIsMadeUpWhenAbsent(t *testing.T) {
	_, ts := serve(t)
	a := send(t, ts.Client(), "GET", ts.URL+partnersPath, "")
	b := send(t, ts.Client(), "GET", ts.URL+partnersPath, "")
	for _, r := range []reply{a, b} {
		if !model.IsGUID(r.header.Get("client-request-id")) {
			t.Errorf("client-request-id = %q, want a generated GUID", r.header.Get("client-request-id"))
		}
	}
	if a.header.Get("request-id") == b.header.Get("request-id") {
		t.Error("two requests got the same request-id")
	}
}

func TestRoutingErrors(t *testing.T) {
	const noRoute = "No method match route template"
	_, ts := serve(t)
	id := "/00000001-aaaa-4bbb-8ccc-000000000001"
	cases := []struct {
		method, path string
		status       int
		code         string
		inMessage    string
		allow        string
	}{
		{"GET", "/deviceManagement/deviceManagementPartners", 404, "ResourceNotFound", "Invalid version: deviceManagement", ""},
		{"GET", "/v2.0/deviceManagement/deviceManagementPartners", 404, "ResourceNotFound", "Invalid version: v2.0", ""},
		{"GET", "/v1.0/users", 400, "BadRequest", "Resource not found for the segment 'users'.", ""},
		{"GET", "/v1.0/deviceManagement/mobileThreatDefenseConnectors", 400, "BadRequest", "segment 'mobileThreatDefenseConnectors'", ""},
		{"GET", partnersPath + id + "/assignments", 400, "BadRequest", "segment 'assignments'", ""},
		{"POST", partnersPath + id + "/terminate/now", 400, "BadRequest", "segment 'now'", ""},
		{"GET", partnersPath + "/$count/more", 400, "BadRequest", "segment 'more'", ""},
		{"GET", "/v1.0/deviceManagement", 501, "NotImplemented", "deviceManagementPartners", ""},
		// A verb with no route is Intune's 400, not 405 (observed: docs issue 6501).
		{"PUT", partnersPath, 400, noRoute, "No OData route exists that match template ~/singleton/navigation with http verb PUT for request /DeviceFE/StatelessDeviceFEService/deviceManagement/deviceManagementPartners.", ""},
		{"DELETE", partnersPath, 400, noRoute, "~/singleton/navigation ", ""},
		{"PUT", partnersPath + id, 400, noRoute, "~/singleton/navigation/key with http verb PUT", ""},
		{"POST", partnersPath + id, 400, noRoute, "http verb POST", ""},
		{"PATCH", "/v1.0/deviceManagement/deviceManagementPartners('00000001-aaaa-4bbb-8ccc-000000000001')/terminate", 400, noRoute, "key/action with http verb PATCH", ""},
		{"GET", partnersPath + id + "/terminate", 400, noRoute, "key/action", ""},
		{"POST", partnersPath + "/$count", 400, noRoute, "$count", ""},
		{"GET", partnersPath + "/$count", 400, noRoute, "~/singleton/navigation/$count with http verb GET", ""},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			r := send(t, ts.Client(), tc.method, ts.URL+tc.path, "").wantStatus(t, tc.status)
			e := r.graphError(t, tc.code)
			if !strings.Contains(e.Message, tc.inMessage) {
				t.Errorf("message %q does not contain %q", e.Message, tc.inMessage)
			}
			if got := r.header.Get("Allow"); got != tc.allow {
				t.Errorf("Allow = %q, want %q", got, tc.allow)
			}
		})
	}
}

func TestPathsMatchLikeGraphs(t *testing.T) {
	_, ts := serve(t)
	for _, path := range []string{
		"/beta/deviceManagement/deviceManagementPartners",
		"/v1.0/devicemanagement/devicemanagementpartners",
		"/V1.0/DeviceManagement/DeviceManagementPartners/",
		"/v1.0/deviceManagement/deviceManagementPartners/00000001-AAAA-4BBB-8CCC-000000000001",
		"/v1.0/deviceManagement/deviceManagementPartners('00000001-aaaa-4bbb-8ccc-000000000001')",
		"/beta/deviceManagement/DeviceManagementPartners('00000001-AAAA-4bbb-8ccc-000000000001')",
		"/v1.0/deviceManagement/deviceManagementPartners(%2700000001-aaaa-4bbb-8ccc-000000000001%27)",
	} {
		send(t, ts.Client(), "GET", ts.URL+path, "").wantStatus(t, http.StatusOK)
	}
}
