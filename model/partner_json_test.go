package model

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sameJSON compares two documents by meaning (member order and spacing aside).
func sameJSON(t *testing.T, want, got []byte) {
	t.Helper()
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("want is not JSON: %v", err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("got is not JSON: %v\n%s", err, got)
	}
	if !reflect.DeepEqual(w, g) {
		t.Fatalf("round trip changed the document\nwant %s\ngot  %s", compact(want), got)
	}
}

// decodeTestdata decodes the testdata file name into a T, failing the test if it cannot.
func decodeTestdata[T any](t *testing.T, name string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(readTestdata(t, name), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// roundTrip decodes the testdata file name into a T, encodes it again and fails unless the
// document's meaning is unchanged; it returns what was decoded.
func roundTrip[T any](t *testing.T, name string) T {
	t.Helper()
	v := decodeTestdata[T](t, name)
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, readTestdata(t, name), out)
	return v
}

func compact(b []byte) string {
	var v any
	_ = json.Unmarshal(b, &v)
	out, _ := json.Marshal(v)
	return string(out)
}

func TestDocExamplesRoundTrip(t *testing.T) {
	for _, name := range []string{"docs-v1-list.json", "docs-beta-list.json"} {
		t.Run(name, func(t *testing.T) {
			if l := roundTrip[PartnerList](t, name); len(l.Value) != 1 {
				t.Fatalf("want 1 partner, got %d", len(l.Value))
			}
		})
	}
	for _, name := range []string{"docs-v1-get.json", "docs-beta-create-legacy.json", "all-targets.json"} {
		t.Run(name, func(t *testing.T) { roundTrip[Partner](t, name) })
	}
}

func TestDecodeDocExampleFields(t *testing.T) {
	l := decodeTestdata[PartnerList](t, "docs-beta-list.json")
	p := l.Value[0]
	if p.ID != "d21e377a-377a-d21e-7a37-1ed27a371ed2" || p.DisplayName != "Display Name value" {
		t.Errorf("id/name: %q %q", p.ID, p.DisplayName)
	}
	if p.PartnerState != StateUnavailable || p.PartnerAppType != AppTypeSingleTenant || !p.IsConfigured {
		t.Errorf("state/app type/configured: %q %q %v", p.PartnerState, p.PartnerAppType, p.IsConfigured)
	}
	wantHB := time.Date(2017, 1, 1, 7, 59, 37, 917497500, time.UTC)
	if !p.LastHeartbeat.IsSet() || !p.LastHeartbeat.Time().Equal(wantHB) {
		t.Errorf("heartbeat: got %v want %v", p.LastHeartbeat.Time(), wantHB)
	}
	if len(p.Groups) != 1 {
		t.Fatalf("groups: %d", len(p.Groups))
	}
	st, ok := p.Groups[0].Target.(ScopeTagGroupTarget)
	if !ok {
		t.Fatalf("target is %T, want ScopeTagGroupTarget", p.Groups[0].Target)
	}
	if st.TargetType != ScopeTagTargetUser || st.EntraObjectID != "Entra Object Id value" {
		t.Errorf("scope tag target: %+v", st)
	}
	if f := st.Filter(); f.Type != FilterInclude || f.ID != "Device And App Management Assignment Filter Id value" {
		t.Errorf("filter: %+v", f)
	}
}

func TestAllTargetKindsAndNotSetDates(t *testing.T) {
	p := decodeTestdata[Partner](t, "all-targets.json")
	want := []string{
		"Include group c0ffee00-0000-4000-8000-000000000001",
		"Exclude group c0ffee00-0000-4000-8000-000000000002",
		"All licensed users",
		"All devices",
		"ConfigMgr collection SMS00001",
		"Scope-tag group device c0ffee00-0000-4000-8000-000000000003",
		"Unknown target #microsoft.graph.someFutureAssignmentTarget",
	}
	if len(p.Groups) != len(want) {
		t.Fatalf("got %d groups", len(p.Groups))
	}
	for i, w := range want {
		if got := p.Groups[i].Target.Describe(); got != w {
			t.Errorf("group %d: %q, want %q", i, got, w)
		}
	}
	if f := p.Groups[3].Target.Filter(); f.Type != FilterExclude {
		t.Errorf("all-devices filter: %+v", f)
	}
	if p.NonCompliantAt.IsSet() || p.RemovedAt.IsSet() {
		t.Errorf("year-1 and null dates must read as not set: %v %v", p.NonCompliantAt, p.RemovedAt)
	}
	if p.NonCompliantAt.String() != "—" {
		t.Errorf("not-set date shows %q", p.NonCompliantAt.String())
	}
	if string(p.Extra["someFutureProperty"]) != `"kept as is"` {
		t.Errorf("unknown member not kept: %v", p.Extra)
	}
	// The unknown target is written back byte for byte.
	raw := p.Groups[6].Target.(UnknownTarget).Raw
	enc, err := EncodeTarget(p.Groups[6].Target)
	if err != nil || string(enc) != string(raw) {
		t.Errorf("unknown target re-encoded as %s, want %s (%v)", enc, raw, err)
	}
}

func TestUnknownEnumValuesRoundTrip(t *testing.T) {
	in := `{"id":"x","displayName":"n","partnerState":"quarantined","partnerAppType":"federatedApp","isConfigured":true}`
	var p Partner
	if err := json.Unmarshal([]byte(in), &p); err != nil {
		t.Fatal(err)
	}
	if p.PartnerState.Known() || p.PartnerState.Label() != "quarantined" {
		t.Errorf("future state: known=%v label=%q", p.PartnerState.Known(), p.PartnerState.Label())
	}
	if p.PartnerAppType.Label() != "federatedApp" {
		t.Errorf("future app type label %q", p.PartnerAppType.Label())
	}
	out, _ := json.Marshal(p)
	sameJSON(t, []byte(in), out)
}

func TestDateTimeParsing(t *testing.T) {
	cases := []struct {
		in   string
		want time.Time
	}{
		{`"2026-11-30T03:47:00Z"`, time.Date(2026, 11, 30, 3, 47, 0, 0, time.UTC)},
		{`"2026-11-30T03:47:00.1234567Z"`, time.Date(2026, 11, 30, 3, 47, 0, 123456700, time.UTC)},
		{`"2026-11-30T03:47:00.5+05:30"`, time.Date(2026, 11, 29, 22, 17, 0, 500000000, time.UTC)},
		{`"2026-11-30T03:47:00"`, time.Date(2026, 11, 30, 3, 47, 0, 0, time.UTC)},
	}
	for _, c := range cases {
		var d DateTime
		if err := json.Unmarshal([]byte(c.in), &d); err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if !d.IsSet() || !d.Time().Equal(c.want) {
			t.Errorf("%s: got %v want %v", c.in, d.Time(), c.want)
		}
		out, _ := json.Marshal(d)
		if string(out) != c.in {
			t.Errorf("%s written back as %s", c.in, out)
		}
	}
	for _, notSet := range []string{`null`, `"0001-01-01T00:00:00Z"`, `"0001-01-01T00:00:00.0000000+00:00"`, `""`} {
		var d DateTime
		if err := json.Unmarshal([]byte(notSet), &d); err != nil {
			t.Errorf("%s: %v", notSet, err)
		}
		if d.IsSet() {
			t.Errorf("%s reads as set: %v", notSet, d.Time())
		}
	}
	for _, bad := range []string{`"yesterday"`, `42`, `"2026-13-01T00:00:00Z"`} {
		var d DateTime
		if err := json.Unmarshal([]byte(bad), &d); err == nil {
			t.Errorf("%s: want an error", bad)
		}
	}
	// Built in code: UTC with seven fractional digits, as Graph writes them.
	b, _ := json.Marshal(At(time.Date(2026, 1, 2, 3, 4, 5, 600000000, time.FixedZone("x", 3600))))
	if string(b) != `"2026-01-02T02:04:05.6000000Z"` {
		t.Errorf("At marshals as %s", b)
	}
	b, _ = json.Marshal(NotSet())
	if string(b) != "null" {
		t.Errorf("NotSet marshals as %s", b)
	}
}

func TestAbsentDatesStayAbsent(t *testing.T) {
	b, err := json.Marshal(Partner{DisplayName: "n"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "DateTime") || strings.Contains(string(b), "groupsRequiringPartnerEnrollment") {
		t.Errorf("absent members written: %s", b)
	}
	b, _ = json.Marshal(Partner{DisplayName: "n", Groups: []Assignment{}})
	if !strings.Contains(string(b), `"groupsRequiringPartnerEnrollment":[]`) {
		t.Errorf("an empty group list must be written as []: %s", b)
	}
}

func TestBuiltTargetsEncode(t *testing.T) {
	p := Partner{DisplayName: "n", Groups: []Assignment{
		{Target: GroupTarget{GroupID: "g1"}},
		{Target: AllDevicesTarget{}},
		{Target: ExclusionGroupTarget{AssignmentFilter: AssignmentFilter{ID: "f", Type: FilterInclude}, GroupID: "g2"}},
	}}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"displayName":"n","isConfigured":false,"groupsRequiringPartnerEnrollment":[` +
		`{"@odata.type":"#microsoft.graph.deviceManagementPartnerAssignment","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g1"}},` +
		`{"@odata.type":"#microsoft.graph.deviceManagementPartnerAssignment","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}},` +
		`{"@odata.type":"#microsoft.graph.deviceManagementPartnerAssignment","target":{"@odata.type":"#microsoft.graph.exclusionGroupAssignmentTarget","deviceAndAppManagementAssignmentFilterId":"f","deviceAndAppManagementAssignmentFilterType":"include","groupId":"g2"}}]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	var back Partner
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !SameAssignments(p.Groups, back.Groups) {
		t.Errorf("targets changed in a round trip: %+v", back.Groups)
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, in := range []string{
		`{"displayName": 5}`,
		`{"isConfigured": "yes"}`,
		`{"groupsRequiringPartnerEnrollment": [{"target": null}]}`,
		`{"groupsRequiringPartnerEnrollment": [{"target": {"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": 7}}]}`,
		`{"lastHeartbeatDateTime": "soon"}`,
		`[1,2]`,
	} {
		var p Partner
		if err := json.Unmarshal([]byte(in), &p); err == nil {
			t.Errorf("%s: want an error", in)
		}
	}
}

func TestPartnerCloneSharesNothingMutable(t *testing.T) {
	p := Partner{
		DisplayName: "Jamf",
		Groups:      []Assignment{Assignment{Target: GroupTarget{GroupID: "11111111-2222-3333-4444-555555555555"}}},
		Extra:       map[string]json.RawMessage{"legacy": json.RawMessage(`"a"`)},
	}
	c := p.Clone()
	c.Groups[0] = Assignment{Target: GroupTarget{GroupID: "66666666-7777-8888-9999-000000000000"}}
	c.Extra["legacy"][1] = 'b'
	c.Extra["added"] = json.RawMessage(`1`)
	if g := p.Groups[0].Target.(GroupTarget).GroupID; g != "11111111-2222-3333-4444-555555555555" {
		t.Errorf("changing the clone's groups changed the original: %s", g)
	}
	if string(p.Extra["legacy"]) != `"a"` || len(p.Extra) != 1 {
		t.Errorf("changing the clone's extra members changed the original: %v", p.Extra)
	}
	if empty := (Partner{Groups: []Assignment{}}).Clone(); empty.Groups == nil || empty.Extra != nil {
		t.Errorf("an empty group list must stay empty (not absent) and absent extras absent: %#v", empty)
	}
	if absent := (Partner{}).Clone(); absent.Groups != nil {
		t.Error("an absent group list must stay absent")
	}
}
