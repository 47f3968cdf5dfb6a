package model

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sameAsMarshal fails unless p.AppendJSON appends exactly what json.Marshal(p) returns, or both
// fail.
func sameAsMarshal(t *testing.T, p Partner) {
	t.Helper()
	want, wantErr := json.Marshal(p)
	prefix := []byte("prefix:")
	got, err := p.AppendJSON(append([]byte(nil), prefix...))
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("AppendJSON error %v, json.Marshal error %v", err, wantErr)
	}
	if wantErr != nil {
		return
	}
	if string(got[:len(prefix)]) != string(prefix) {
		t.Fatalf("AppendJSON changed what dst held: %q", got[:len(prefix)])
	}
	if got := string(got[len(prefix):]); got != string(want) {
		t.Fatalf("AppendJSON differs from json.Marshal\n got %s\nwant %s", got, want)
	}
}

// Every partner in the docs' examples (and the all-targets file) encodes as json.Marshal does.
func TestAppendJSONIsMarshalOnDocExamples(t *testing.T) {
	raws := testdataPartners(t)
	for _, raw := range raws {
		var p Partner
		if err := json.Unmarshal(raw, &p); err != nil {
			t.Fatal(err)
		}
		sameAsMarshal(t, p)
	}
	if len(raws) < 5 {
		t.Fatalf("only %d partners in testdata", len(raws))
	}
}

// testdataPartners returns each device management partner of the testdata files (the docs'
// examples and the all-targets file) as its JSON: each element of a list, or the file itself.
func testdataPartners(t testing.TB) []json.RawMessage {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	var out []json.RawMessage
	for _, name := range files {
		if strings.Contains(name, "compliance") {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var page PartnerPage
		if err := json.Unmarshal(b, &page); err != nil || len(page.Value) == 0 {
			page.Value = []json.RawMessage{b}
		}
		out = append(out, page.Value...)
	}
	return out
}

// hostileStrings holds every ASCII byte, invalid UTF-8, U+2028/9, C1 and bidi controls, HTML
// characters and the replacement character itself.
func hostileStrings() []string {
	var all strings.Builder
	for c := 0; c < 0x80; c++ {
		all.WriteByte(byte(c))
	}
	return []string{
		"", all.String(), "\xff\xfe", "a\xc3", "\xe2\x80", "x\u2028y\u2029z", "\u0085\u009b[31m",
		"\u202eevil\u202c\u2066\u200f", "<script>&amp;</script>", "\ufffd", "\x00\x1f\x7f",
		`"quoted" \back\slash/`, "emoji 🦊 and é", strings.Repeat("\\\"", 40),
	}
}

// Hostile strings in every string member, dates built in code, and each target variant with
// filters encode as json.Marshal does.
func TestAppendJSONIsMarshalOnHostilePartners(t *testing.T) {
	filter := AssignmentFilter{ID: "f<1>", Type: "include"}
	for i, s := range hostileStrings() {
		p := Partner{
			ODataType: s, ID: s, DisplayName: s, PartnerState: PartnerState(s), PartnerAppType: AppType(s),
			SingleTenantAppID: s, IsConfigured: i%2 == 0,
			LastHeartbeat:  At(time.Date(2026, 11, 30, 12, 0, 0, 123456789, time.FixedZone("x", 3600))),
			NonCompliantAt: NotSet(),
			Groups: []Assignment{
				{ODataType: s, Target: GroupTarget{AssignmentFilter: filter, GroupID: s}},
				{Target: ExclusionGroupTarget{GroupID: s}},
				{Target: AllLicensedUsersTarget{AssignmentFilter: filter}},
				{Target: AllDevicesTarget{}},
				{Target: ConfigMgrCollectionTarget{CollectionID: s}},
				{Target: ScopeTagGroupTarget{AssignmentFilter: filter, TargetType: ScopeTagTargetType(s), EntraObjectID: s}},
				{Target: ScopeTagGroupTarget{}},
				{Target: UnknownTarget{Type: "x", Raw: json.RawMessage(` { "@odata.type" : "x", "a" : [ "<` + "\u2028" + `>" ] } `)}},
				{Target: &GroupTarget{GroupID: s}},
			},
			Extra: map[string]json.RawMessage{
				s + "k": json.RawMessage(` { "n" : [ 1 , 2.50 , true , null ] , "s" : "&\u2029" } `),
				"b":     json.RawMessage(`"plain"`),
			},
		}
		t.Run("", func(t *testing.T) {
			sameAsMarshal(t, p)
			p.Groups = []Assignment{} // written as []
			p.Extra = nil
			sameAsMarshal(t, p)
			p.Groups = nil
			p.LastHeartbeat, p.NonCompliantAt = DateTime{}, DateTime{}
			sameAsMarshal(t, p)
		})
	}
	// Errors where json.Marshal errs: a missing target, an invalid raw member.
	sameAsMarshal(t, Partner{Groups: []Assignment{{}}})
	sameAsMarshal(t, Partner{Extra: map[string]json.RawMessage{"x": json.RawMessage(`{`)}})
	sameAsMarshal(t, Partner{Extra: map[string]json.RawMessage{"x": nil}})
}

// Members read from JSON (raw dates with odd spacing, kept unknown members of the partner, the
// assignment and the target, and target types spelled without '#') encode as json.Marshal does.
func TestAppendJSONIsMarshalOnDecodedOddities(t *testing.T) {
	for _, doc := range []string{
		`{"displayName":"a","lastHeartbeatDateTime":"2026-01-02T03:04:05Z","whenPartnerDevicesWillBeRemovedDateTime":null,"whenPartnerDevicesWillBeMarkedAsNonCompliantDateTime":"0001-01-01T00:00:00Z"}`,
		`{"lastHeartbeatDateTime":"2026-01-02T03:04:05.1234567+02:00","legacy":{"a" : "<b>"},"zz":[ ]}`,
		`{"groupsRequiringPartnerEnrollment":[{"@odata.type":"microsoft.graph.deviceManagementPartnerAssignment","target":{"@odata.type":"microsoft.graph.groupAssignmentTarget","groupId":"g","newThing": { "x" : 1 }},"assignmentExtra":"&"}]}`,
		`{"groupsRequiringPartnerEnrollment":[{"target":{"@odata.type":"#microsoft.graph.futureTarget","q" : "\u2028"}}]}`,
		`{"groupsRequiringPartnerEnrollment":null}`,
		`{"groupsRequiringPartnerEnrollment":[{"target":{"@odata.type":"microsoft.graph.allDevicesAssignmentTarget","deviceAndAppManagementAssignmentFilterType":"exclude"}}]}`,
	} {
		var p Partner
		if err := json.Unmarshal([]byte(doc), &p); err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		sameAsMarshal(t, p)
	}
}

// FuzzAppendJSON: whatever the decoder accepts, AppendJSON encodes as json.Marshal does.
func FuzzAppendJSON(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	for _, s := range hostileStrings() {
		b, _ := json.Marshal(map[string]any{"displayName": s, s: s, "id": s})
		f.Add(b)
	}
	f.Add([]byte(`{"groupsRequiringPartnerEnrollment":[{"target":{"@odata.type":"x"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var p Partner
		if json.Unmarshal(data, &p) != nil {
			return
		}
		sameAsMarshal(t, p)
	})
}

func BenchmarkPartnerMarshalJSON(b *testing.B) {
	ps := benchPartners(b)
	b.ReportAllocs()
	for b.Loop() {
		for i := range ps {
			if _, err := json.Marshal(ps[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ps)), "ns/partner")
}

func BenchmarkPartnerAppendJSON(b *testing.B) {
	ps := benchPartners(b)
	b.ReportAllocs()
	var buf []byte
	var err error
	for b.Loop() {
		for i := range ps {
			if buf, err = ps[i].AppendJSON(buf[:0]); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ps)), "ns/partner")
}

// benchPartners reads the docs' list examples and the all-targets file: partners as Graph sends them.
func benchPartners(b *testing.B) []Partner {
	var ps []Partner
	for _, name := range []string{"docs-v1-list.json", "docs-beta-list.json", "all-targets.json"} {
		raw, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			b.Fatal(err)
		}
		var l PartnerList
		if err := json.Unmarshal(raw, &l); err != nil || len(l.Value) == 0 {
			var p Partner
			if err := json.Unmarshal(raw, &p); err != nil {
				b.Fatal(err)
			}
			l.Value = []Partner{p}
		}
		ps = append(ps, l.Value...)
	}
	return ps
}
