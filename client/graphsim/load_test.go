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

// writeFile puts content in a temporary file and returns its path.
func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "partners.json")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadFileTakesAGraphListResponse(t *testing.T) {
	// The shape `partnerdash list -o json` writes: a Graph list response, context included, with
	// values the service may send one day (an unknown state and target kind, an extra member).
	ps, err := LoadFile(filepath.Join("testdata", "list_output.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 3 {
		t.Fatalf("%d partners", len(ps))
	}
	if ps[1].PartnerState != "paused" {
		t.Errorf("unknown state %q not kept", ps[1].PartnerState)
	}
	if u, ok := ps[1].Groups[0].Target.(model.UnknownTarget); !ok || u.Type != "#microsoft.graph.futureAssignmentTarget" {
		t.Errorf("unknown target %#v", ps[1].Groups[0].Target)
	}
	if ps[2].ID != "" {
		t.Errorf("id %q, want empty (the server assigns one)", ps[2].ID)
	}

	// Served back by beta as read, unknown parts included, and the partner without an id gets
	// one. v1.0 has neither the unknown target kind nor the legacy member in its model.
	s := New(WithPartners(ps), WithClock(fixedClock))
	const betaBase = "http://graphsim.local/beta"
	p1 := send(t, s.Client(), "GET", betaBase+"/deviceManagement/deviceManagementPartners/"+ps[1].ID, "").wantStatus(t, http.StatusOK)
	p1v1 := send(t, s.Client(), "GET", DemoBaseURL+"/deviceManagement/deviceManagementPartners/"+ps[1].ID, "").wantStatus(t, http.StatusOK)
	for _, want := range []string{`"partnerState":"paused"`, `{"@odata.type":"#microsoft.graph.futureAssignmentTarget","wave":3}`, `"whenPartnerDevicesWillBeRemoved":"2026-03-01T00:00:00Z"`} {
		if !strings.Contains(string(p1.body), want) {
			t.Errorf("served entity lacks %s: %s", want, p1.body)
		}
		if want != `"partnerState":"paused"` && strings.Contains(string(p1v1.body), want) {
			t.Errorf("v1.0 serves %s, which its model does not have", want)
		}
	}
	if id := s.Partners()[2].ID; !model.IsGUID(id) {
		t.Errorf("assigned id %q", id)
	}
}

func TestLoadFileTakesABareArray(t *testing.T) {
	ps, err := LoadFile(writeFile(t, `[{"id":"00000001-aaaa-4bbb-8ccc-000000000001","displayName":"One"}]`))
	if err != nil || len(ps) != 1 || ps[0].DisplayName != "One" {
		t.Fatalf("%v, %+v", err, ps)
	}
	ps, err = LoadFile(writeFile(t, `{"value":[]}`))
	if err != nil || len(ps) != 0 {
		t.Fatalf("empty list: %v, %v", err, ps)
	}
}

func TestLoadFileRefusesBadFilesClearly(t *testing.T) {
	cases := []struct {
		name, content string
		want          []string
	}{
		{"empty", "  \n", []string{"partners.json", "empty"}},
		{"syntax", "{\"value\": [\n  {\"displayName\": \"x\",}\n]}", []string{"partners.json", "not valid JSON", "line 2, column"}},
		{"truncated", `{"value":[{"displayName":"x"}`, []string{"not valid JSON"}},
		{"no value", `{"displayName":"Jamf"}`, []string{`no "value" member`}},
		{"value not array", `{"value":{"displayName":"Jamf"}}`, []string{`"value" must be an array`, "got an object"}},
		{"scalar", `42`, []string{"got a number"}},
		{"item not object", `{"value":[{"displayName":"a"}, "b"]}`, []string{"value[1]", "want an object, got a string"}},
		{"wrong type", `{"value":[{"displayName":"Kandji","partnerState":5}]}`, []string{`value[0] ("Kandji")`, "partnerState: want a string, got a number"}},
		{"name not string", `{"value":[{"displayName":["x"]}]}`, []string{"displayName: want a string, got an array"}},
		{"bad date", `{"value":[{"displayName":"A"},{"displayName":"B","lastHeartbeatDateTime":"yesterday"}]}`, []string{`value[1] ("B")`, "lastHeartbeatDateTime", `"yesterday" is not a date`}},
		{"date number", `{"value":[{"lastHeartbeatDateTime":17}]}`, []string{"lastHeartbeatDateTime: want a string, got a number"}},
		{"bool", `{"value":[{"isConfigured":"yes"}]}`, []string{"isConfigured: want a boolean"}},
		{"id number", `{"value":[{"id":7}]}`, []string{"id: want a string"}},
		{"groups object", `{"value":[{"groupsRequiringPartnerEnrollment":{}}]}`, []string{"groupsRequiringPartnerEnrollment: want an array"}},
		{"group no target", `{"value":[{"groupsRequiringPartnerEnrollment":[{}]}]}`, []string{"groupsRequiringPartnerEnrollment: [0]", "target is missing"}},
		{"group bad field", `{"value":[{"groupsRequiringPartnerEnrollment":[{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":1}}]}]}`, []string{"[0]", "groupId"}},
		{"duplicate id", `{"value":[{"id":"00000001-AAAA-4bbb-8ccc-000000000001"},{"id":"00000001-aaaa-4bbb-8ccc-000000000001"}]}`, []string{"value[1]", "also the id of value[0]"}},
		{"control chars in name", `{"value":[{"displayName":"Evil\u001b[2J","partnerState":1}]}`, []string{`("Evil")`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, tc.content)
			ps, err := LoadFile(path)
			if err == nil {
				t.Fatalf("accepted: %+v", ps)
			}
			msg := err.Error()
			if !strings.Contains(msg, path) {
				t.Errorf("error %q does not name the file", msg)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
			if strings.ContainsAny(msg, "\x1b\n") {
				t.Errorf("error %q holds control characters or line breaks", msg)
			}
		})
	}
}

func TestLoadFileMissing(t *testing.T) {
	_, err := LoadFile(filepath.Join(t.TempDir(), "nope.json"))
	if err == nil || !strings.Contains(err.Error(), "nope.json") {
		t.Errorf("err = %v", err)
	}
}

// FuzzDecode: no input panics, and whatever is accepted is served by the simulator and reads
// back as the same number of partners.
func FuzzDecode(f *testing.F) {
	seeds := []string{
		`{"value":[]}`, `[]`, `{"value":[{"displayName":"x","partnerState":"enabled"}]}`,
		`{"value":[{"groupsRequiringPartnerEnrollment":[{"target":{"@odata.type":"x"}}]}]}`,
		`{"value":[{"lastHeartbeatDateTime":"0001-01-01T00:00:00Z","id":"a"},{"id":"A"}]}`,
		`{"value":[{"whenPartnerDevicesWillBeRemovedDateTime":"2016-12-31T23:56:38.2655023-08:00"}]}`,
		`{"value":[1]}`, `nul`, `{"value":null}`,
	}
	if b, err := os.ReadFile(filepath.Join("testdata", "list_output.json")); err == nil {
		seeds = append(seeds, string(b))
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := Decode(data)
		if err != nil {
			if strings.ContainsAny(err.Error(), "\n\x1b") {
				t.Errorf("error with control characters: %q", err)
			}
			return
		}
		s := New(WithPartners(ps), WithPageSize(1000))
		r := send(t, s.Client(), "GET", DemoBaseURL+"/deviceManagement/deviceManagementPartners", "")
		if r.status != http.StatusOK {
			t.Fatalf("serving accepted data: %d %s", r.status, r.body)
		}
		var l struct {
			Value []json.RawMessage `json:"value"`
		}
		if err := json.Unmarshal(r.body, &l); err != nil || len(l.Value) != len(ps) {
			t.Fatalf("served %d of %d partners (%v): %s", len(l.Value), len(ps), err, r.body)
		}
	})
}
