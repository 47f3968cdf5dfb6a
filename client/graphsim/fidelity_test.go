package graphsim

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/partnerdash/partnerdash/model"
)

// Microsoft's Graph SDKs gzip request bodies (kiota's CompressionHandler).
func TestCompressedBodiesAreAccepted(t *testing.T) {
	s, ts := serve(t)
	for _, enc := range []string{"gzip", "deflate", "raw deflate"} {
		header := strings.Fields(enc)[len(strings.Fields(enc))-1]
		body := compress(t, enc, []byte(`{"displayName":"Jamf Pro (`+enc+`)"}`))
		r := sendRaw(t, ts.Client(), "POST", ts.URL+partnersPath, body, "Content-Type", "application/json", "Content-Encoding", header)
		if p := r.wantStatus(t, http.StatusCreated).partner(t); p.DisplayName != "Jamf Pro ("+enc+")" {
			t.Errorf("%s: created %q", enc, p.DisplayName)
		}
		patch := compress(t, enc, []byte(`{"displayName":"renamed `+enc+`"}`))
		sendRaw(t, ts.Client(), "PATCH", ts.URL+partnersPath+"/"+demoID(2), patch, "Content-Type", "application/json", "Content-Encoding", header).
			wantStatus(t, http.StatusNoContent)
		if got := s.Partners()[1].DisplayName; got != "renamed "+enc {
			t.Errorf("%s: PATCH stored %q", enc, got)
		}
	}
}

func TestCompressedBodiesAreBounded(t *testing.T) {
	_, ts := serve(t)
	// A unknown encoding: 415 with Graph's error body, so kiota sends again uncompressed.
	r := sendRaw(t, ts.Client(), "POST", ts.URL+partnersPath, []byte("xx"), "Content-Type", "application/json", "Content-Encoding", "br")
	if e := r.wantStatus(t, http.StatusUnsupportedMediaType).graphError(t, "UnsupportedMediaType"); !strings.Contains(e.Message, "'br'") {
		t.Errorf("message %q", e.Message)
	}
	// A small gzip that inflates past the bound: 413, not an exhausted memory.
	bomb := compress(t, "gzip", bytes.Repeat([]byte(" "), 8*maxBody))
	if len(bomb) > maxBody/10 {
		t.Fatalf("the bomb is %d bytes compressed", len(bomb))
	}
	sendRaw(t, ts.Client(), "POST", ts.URL+partnersPath, bomb, "Content-Type", "application/json", "Content-Encoding", "gzip").
		wantStatus(t, http.StatusRequestEntityTooLarge).graphError(t, "RequestEntityTooLarge")
	// Not gzip at all: 400, Graph's payload message.
	sendRaw(t, ts.Client(), "POST", ts.URL+partnersPath, []byte(`{"displayName":"x"}`), "Content-Type", "application/json", "Content-Encoding", "gzip").
		wantStatus(t, http.StatusBadRequest).graphError(t, "BadRequest")
}

// deviceManagementPartners('{id}') is how Intune addresses an entity; the 201 Location uses it.
func TestODataKeySyntax(t *testing.T) {
	s, ts := serve(t)
	r := send(t, ts.Client(), "POST", ts.URL+partnersPath, `{"displayName":"Jamf Pro (jss.example.com)"}`).wantStatus(t, http.StatusCreated)
	loc := r.header.Get("Location")
	id := r.partner(t).ID
	if want := ts.URL + "/v1.0/deviceManagement/deviceManagementPartners('" + id + "')"; loc != want {
		t.Fatalf("Location %q, want %q", loc, want)
	}
	if p := send(t, ts.Client(), "GET", loc, "").wantStatus(t, http.StatusOK).partner(t); p.ID != id {
		t.Errorf("GET Location gave %+v", p)
	}
	key := ts.URL + "/v1.0/deviceManagement/deviceManagementPartners('" + demoID(7) + "')"
	send(t, ts.Client(), "PATCH", key, `{"displayName":"renamed"}`).wantStatus(t, http.StatusNoContent)
	send(t, ts.Client(), "POST", key+"/terminate", "").wantStatus(t, http.StatusNoContent)
	if p := s.Partners()[6]; p.DisplayName != "renamed" || p.PartnerState != model.StateTerminated {
		t.Errorf("PATCH and terminate by key: %+v", p)
	}
	send(t, ts.Client(), "DELETE", loc, "").wantStatus(t, http.StatusNoContent)
	send(t, ts.Client(), "GET", loc, "").wantStatus(t, http.StatusNotFound).graphError(t, "ResourceNotFound")
}

// Every answer carries all ten properties; the four non-nullable ones are never null.
func TestEveryAnswerHasTheTenProperties(t *testing.T) {
	_, ts := serve(t)
	nonNullable := []string{"lastHeartbeatDateTime", "isConfigured", "partnerState", "partnerAppType"}
	for _, base := range []string{partnersPath, betaPath} {
		var l struct {
			Value []map[string]json.RawMessage `json:"value"`
		}
		if err := json.Unmarshal(send(t, ts.Client(), "GET", ts.URL+base, "").wantStatus(t, 200).body, &l); err != nil {
			t.Fatal(err)
		}
		nulls := map[string]bool{}
		for _, m := range l.Value {
			for _, name := range model.PartnerProperties {
				v, ok := m[name]
				if !ok {
					t.Errorf("%s: %s lacks %s", base, m["id"], name)
				}
				if string(v) == "null" {
					nulls[name] = true
					if slices.Contains(nonNullable, name) {
						t.Errorf("%s: %s has a null %s, which is not nullable", base, m["id"], name)
					}
				}
			}
		}
		for _, name := range []string{"singleTenantAppId", "groupsRequiringPartnerEnrollment", "whenPartnerDevicesWillBeRemovedDateTime"} {
			if !nulls[name] {
				t.Errorf("%s: no partner answers %s as null; the demo has unset ones", base, name)
			}
		}
		if string(l.Value[9]["lastHeartbeatDateTime"]) != `"0001-01-01T00:00:00Z"` {
			t.Errorf("%s: the never-seen partner's heartbeat is %s, want Graph's minimum date", base, l.Value[9]["lastHeartbeatDateTime"])
		}
	}
}

// The same stored partner read through v1.0 lacks what only beta has.
func TestVersionsServeTheirOwnShapes(t *testing.T) {
	_, ts := serve(t)
	get := func(base, id string) string {
		return string(send(t, ts.Client(), "GET", ts.URL+base+"/"+id, "").wantStatus(t, 200).body)
	}
	for _, id := range []string{demoID(1), demoID(2)} {
		beta, v1 := get(betaPath, id), get(partnersPath, id)
		for _, betaOnly := range []string{"deviceAndAppManagementAssignmentFilter", "scopeTagGroupAssignmentTarget"} {
			if strings.Contains(v1, betaOnly) {
				t.Errorf("v1.0 serves %s for %s: %s", betaOnly, id, v1)
			}
		}
		bp, vp := reply{body: []byte(beta)}.partner(t), reply{body: []byte(v1)}.partner(t)
		if !model.SameAssignments(vp.Groups, model.V1Assignments(bp.Groups)) {
			t.Errorf("%s: v1.0 groups %v are not beta's without the beta-only parts", id, vp.Groups)
		}
		bp.Groups, vp.Groups = nil, nil
		bp.Extra, vp.Extra = nil, nil // @odata.context names the version
		bj, _ := json.Marshal(bp)
		vj, _ := json.Marshal(vp)
		if string(bj) != string(vj) {
			t.Errorf("%s: the versions differ beyond the assignments:\n%s\n%s", id, bj, vj)
		}
	}
	if b := get(betaPath, demoID(1)); !strings.Contains(b, "scopeTagGroupAssignmentTarget") {
		t.Error("beta lacks the scope-tag target")
	}
	if b := get(betaPath, demoID(2)); !strings.Contains(b, `"deviceAndAppManagementAssignmentFilterType":"include"`) {
		t.Error("beta lacks the filter")
	}
	// Round trips: what each version serves, it takes back.
	for _, base := range []string{partnersPath, betaPath} {
		p := send(t, ts.Client(), "GET", ts.URL+base+"/"+demoID(1), "").wantStatus(t, 200).partner(t)
		b, _ := json.Marshal(model.PartnerUpdate{Groups: &p.Groups})
		send(t, ts.Client(), "PATCH", ts.URL+base+"/"+demoID(1), string(b)).wantStatus(t, http.StatusNoContent)
		again := send(t, ts.Client(), "GET", ts.URL+base+"/"+demoID(1), "").wantStatus(t, 200).partner(t)
		if !model.SameAssignments(again.Groups, p.Groups) {
			t.Errorf("%s: round trip changed the groups: %v -> %v", base, p.Groups, again.Groups)
		}
	}
}

func TestIDsAreAnyString(t *testing.T) {
	// Edm.String in the schema: the simulator does not ask for GUIDs (the dashboard's form does).
	s, ts := serve(t)
	body := `{"singleTenantAppId":"jamf-app","groupsRequiringPartnerEnrollment":[{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"Mac fleet"}}]}`
	send(t, ts.Client(), "PATCH", ts.URL+partnersPath+"/"+demoID(6), body).wantStatus(t, http.StatusNoContent)
	if p := s.Partners()[5]; p.SingleTenantAppID != "jamf-app" || p.Groups[0].Target.(model.GroupTarget).GroupID != "Mac fleet" {
		t.Errorf("stored %+v", p)
	}
}
