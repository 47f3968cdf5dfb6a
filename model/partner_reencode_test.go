package model

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// decodeThenAppend is what AppendPartnerJSON promises to equal: Partner.UnmarshalJSON, then
// Partner.AppendJSON.
func decodeThenAppend(raw []byte) ([]byte, error) {
	var p Partner
	if err := p.UnmarshalJSON(raw); err != nil {
		return nil, err
	}
	return p.AppendJSON(nil)
}

// sameAsDecodeThenAppend fails unless AppendPartnerJSON appends what decoding raw and AppendJSON
// give, or fails as they do, and AppendPartnerJSONIndent appends that as json.Indent lays it out.
// It reports whether the copying path took raw (with a layout and without).
func sameAsDecodeThenAppend(t *testing.T, raw []byte) (copied bool) {
	t.Helper()
	want, wantErr := decodeThenAppend(raw)
	prefix := []byte("prefix:")
	got, err := AppendPartnerJSON(append([]byte(nil), prefix...), raw)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("%s\nAppendPartnerJSON error %v, decode+AppendJSON error %v", raw, err, wantErr)
	}
	if wantErr != nil {
		if err.Error() != wantErr.Error() {
			t.Fatalf("%s\nerror %q, want %q", raw, err, wantErr)
		}
		if _, err := AppendPartnerJSONIndent(nil, raw, "    ", "  "); err == nil || err.Error() != wantErr.Error() {
			t.Fatalf("%s\nAppendPartnerJSONIndent error %v, want %q", raw, err, wantErr)
		}
		return false
	}
	if string(got[:len(prefix)]) != string(prefix) {
		t.Fatalf("AppendPartnerJSON changed what dst held: %q", got[:len(prefix)])
	}
	if string(got[len(prefix):]) != string(want) {
		t.Fatalf("%s\n got %s\nwant %s", raw, got[len(prefix):], want)
	}
	var indented bytes.Buffer
	indented.Write(prefix)
	if err := json.Indent(&indented, want, "    ", "  "); err != nil {
		t.Fatalf("%s\njson.Indent: %v", want, err)
	}
	got, err = AppendPartnerJSONIndent(append([]byte(nil), prefix...), raw, "    ", "  ")
	if err != nil {
		t.Fatalf("%s\nAppendPartnerJSONIndent: %v", raw, err)
	}
	if string(got) != indented.String() {
		t.Fatalf("%s\nindented:\n got %s\nwant %s", raw, got, indented.Bytes())
	}
	_, copied = reencodePartner(nil, raw, layout{})
	if _, copiedIndented := reencodePartner(nil, raw, newLayout("    ", "  ")); copiedIndented != copied {
		t.Fatalf("%s\ncopied compact %v, indented %v", raw, copied, copiedIndented)
	}
	return copied
}

// graphShaped is a partner as Graph's beta sends it: every member, in schema order, nulls
// included, targets with filter members.
const graphShaped = `{"@odata.type":"#microsoft.graph.deviceManagementPartner","id":"00000000-0000-0000-0000-000000000001","displayName":"Jamf Pro (Contoso) #0","partnerState":"enabled","partnerAppType":"singleTenantApp","singleTenantAppId":null,"isConfigured":true,"lastHeartbeatDateTime":"2026-11-30T12:37:23.3168935Z","whenPartnerDevicesWillBeMarkedAsNonCompliantDateTime":"0001-01-01T00:00:00Z","whenPartnerDevicesWillBeRemovedDateTime":null,"groupsRequiringPartnerEnrollment":[{"@odata.type":"#microsoft.graph.deviceManagementPartnerAssignment","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","deviceAndAppManagementAssignmentFilterId":null,"deviceAndAppManagementAssignmentFilterType":"none","groupId":"c0ffee00-0000-4000-8000-000000000001"}},{"@odata.type":"#microsoft.graph.deviceManagementPartnerAssignment","target":{"@odata.type":"#microsoft.graph.exclusionGroupAssignmentTarget","groupId":"c0ffee00-0000-4000-8000-000000000002"}},{"target":{"@odata.type":"microsoft.graph.allDevicesAssignmentTarget"}},{"@odata.type":null,"target":{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":"SMS00001"}},{"@odata.type":"","target":{"@odata.type":"#microsoft.graph.scopeTagGroupAssignmentTarget","targetType":"user","entraObjectId":"e"}},{"target":{"@odata.type":"#microsoft.graph.allLicensedUsersAssignmentTarget","deviceAndAppManagementAssignmentFilterId":"f","deviceAndAppManagementAssignmentFilterType":"include"}}]}`

// Every partner of the testdata files comes out as decoding and AppendJSON write it; those of
// the simulator's demo tenant as it sends them (sim-wire-*.json, v1.0 and beta: every state,
// app type and target kind, filters, never-seen heartbeats) and a Graph-shaped partner are
// copied rather than decoded, so that listing them is fast.
func TestAppendPartnerJSONOnGraphsShapes(t *testing.T) {
	for _, raw := range testdataPartners(t) {
		sameAsDecodeThenAppend(t, raw)
	}
	for _, name := range []string{"sim-wire-v1-list.json", "sim-wire-beta-list.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		var page PartnerPage
		if err := json.Unmarshal(b, &page); err != nil || len(page.Value) < 10 {
			t.Fatalf("%s: %v, %d partners", name, err, len(page.Value))
		}
		for i, raw := range page.Value {
			if !sameAsDecodeThenAppend(t, raw) {
				t.Errorf("%s: partner %d was decoded, not copied: %s", name, i, raw)
			}
		}
	}
	if !sameAsDecodeThenAppend(t, []byte(graphShaped)) {
		t.Fatal("a Graph-shaped partner was decoded, not copied")
	}
	var spaced bytes.Buffer
	if err := json.Indent(&spaced, []byte(graphShaped), "\r", " \t"); err != nil {
		t.Fatal(err)
	}
	if !sameAsDecodeThenAppend(t, append([]byte(" \n"), append(spaced.Bytes(), "\r\n"...)...)) {
		t.Fatal("a Graph-shaped partner with whitespace was decoded, not copied")
	}
}

// Each way a partner can leave Graph's shape — and each empty, null or absent member — gives what
// decoding and AppendJSON give, copied or not.
func TestAppendPartnerJSONOnVariations(t *testing.T) {
	var members []string
	if err := eachMemberString(graphShaped, func(m string) { members = append(members, m) }); err != nil {
		t.Fatal(err)
	}
	join := func(ms []string) string { return "{" + strings.Join(ms, ",") + "}" }
	var docs []string
	for i := range members { // each member absent, null, empty, a number, repeated, moved, unknown
		without := append(append([]string(nil), members[:i]...), members[i+1:]...)
		name := members[i][:strings.Index(members[i], ":")]
		docs = append(docs, join(without))
		for _, v := range []string{`null`, `""`, `[]`, `{}`, `0`, `true`, `false`, `"x"`, `"2026-02-29T00:00:00Z"`, `"2028-02-29T23:59:59.123456789Z"`} {
			docs = append(docs, join(append(append(append([]string(nil), members[:i]...), name+":"+v), members[i+1:]...)))
		}
		docs = append(docs, join(append(append([]string(nil), members...), members[i])))
		docs = append(docs, join(append(append([]string(nil), without...), members[i])))
		docs = append(docs, join(append(append([]string(nil), members[:i]...), `"`+strings.ToUpper(name[1:2])+name[2:]+`:"x"`)))
	}
	docs = append(docs,
		`{}`, `null`, ``, `[]`, `{"displayName":"a"} x`, `{"displayName":"a",}`, `{"displayName" "a"}`, `{"displayName":"a"`,
		`{"\u0069d":"x"}`, `{"displayName":"caf\u00e9"}`, `{"displayName":"café"}`, `{"displayName":"<b>&"}`,
		`{"displayName":"\u202eevil"}`, `{"id":"a\"b"}`, `{"legacy":1,"displayName":"a"}`,
		`{"lastHeartbeatDateTime":"2026-01-02T03:04:05+02:00"}`, `{"lastHeartbeatDateTime":"2026-13-01T00:00:00Z"}`,
		`{"lastHeartbeatDateTime":"2026-02-30T00:00:00Z"}`, `{"lastHeartbeatDateTime":"2026-01-01T24:00:00Z"}`,
		`{"lastHeartbeatDateTime":"2026-01-01T00:00:00.Z"}`, `{"lastHeartbeatDateTime":"2026-01-01T00:00:00.1234567890Z"}`,
		`{"lastHeartbeatDateTime":"2026-01-01 00:00:00Z"}`, `{"lastHeartbeatDateTime":"2100-02-29T00:00:00Z"}`,
		`{"lastHeartbeatDateTime":"2000-02-29T00:00:00Z"}`, `{"lastHeartbeatDateTime":"0001-01-01T00:00:00Z"}`,
		`{"lastHeartbeatDateTime":"0000-01-01T00:00:00Z"}`, `{"lastHeartbeatDateTime":"not a date"}`,
		`{"groupsRequiringPartnerEnrollment":[{}]}`, `{"groupsRequiringPartnerEnrollment":[null]}`,
		`{"groupsRequiringPartnerEnrollment":[{"target":null}]}`, `{"groupsRequiringPartnerEnrollment":[{"@odata.type":"x"}]}`,
		`{"groupsRequiringPartnerEnrollment":[{"target":{}}]}`, `{"groupsRequiringPartnerEnrollment":[{"target":{"groupId":"g"}}]}`,
		`{"groupsRequiringPartnerEnrollment":[{"target":{"@odata.type":"#microsoft.graph.futureTarget"}}]}`,
		`{"groupsRequiringPartnerEnrollment":[{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget"}}]}`,
		`{"groupsRequiringPartnerEnrollment":[{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":null}}]}`,
		`{"groupsRequiringPartnerEnrollment":[{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g","groupId":"h"}}]}`,
		`{"groupsRequiringPartnerEnrollment":[{"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget","groupId":"g"}}]}`,
		`{"groupsRequiringPartnerEnrollment":[{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g","other":1}}]}`,
		`{"groupsRequiringPartnerEnrollment":[{"target":{"groupId":"g","@odata.type":"#microsoft.graph.groupAssignmentTarget"}}]}`,
		`{"groupsRequiringPartnerEnrollment":[{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"},"@odata.type":"x"}]}`,
		`{"groupsRequiringPartnerEnrollment":[{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"},"x":1}]}`,
		`{"groupsRequiringPartnerEnrollment":[{"target":{"@odata.type":"#microsoft.graph.scopeTagGroupAssignmentTarget","entraObjectId":"e","targetType":"device"}}]}`,
		`{"groupsRequiringPartnerEnrollment":[{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","deviceAndAppManagementAssignmentFilterType":null,"groupId":""}}]}`,
		`{"groupsRequiringPartnerEnrollment":[{"target":{"@odata.type":"","groupId":"g"}}]}`,
		`{"groupsRequiringPartnerEnrollment":[{"target":{"@odata.type":null}}]}`,
		`{"groupsRequiringPartnerEnrollment":{}}`, `{"groupsRequiringPartnerEnrollment":[],"groupsRequiringPartnerEnrollment":null}`,
	)
	copied := 0
	for _, d := range docs {
		if sameAsDecodeThenAppend(t, []byte(d)) {
			copied++
		}
	}
	if copied < len(docs)/4 {
		t.Fatalf("only %d of %d variations were copied: the copying path refuses too much", copied, len(docs))
	}
}

// Partners with hostile text in every string member come out as decoding and AppendJSON write
// them (they are decoded: none of it is plain ASCII).
func TestAppendPartnerJSONOnHostileText(t *testing.T) {
	for _, s := range hostileStrings() {
		p := Partner{ODataType: s, ID: s, DisplayName: s, PartnerState: PartnerState(s), PartnerAppType: AppType(s),
			SingleTenantAppID: s, LastHeartbeat: At(time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)),
			Groups: []Assignment{{ODataType: s, Target: GroupTarget{AssignmentFilter: AssignmentFilter{ID: s, Type: FilterType(s)}, GroupID: s}},
				{Target: ScopeTagGroupTarget{TargetType: ScopeTagTargetType(s), EntraObjectID: s}}}}
		raw, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		sameAsDecodeThenAppend(t, raw)
	}
}

// AppendPartnerJSONIndent lays a partner out as json.Indent does with any prefix and indent,
// spaces or not, short or longer than a line of spaces the copying path keeps.
func TestAppendPartnerJSONIndentIsJSONIndent(t *testing.T) {
	long := strings.Repeat(" ", 70)
	for _, raw := range append(testdataPartners(t), []byte(graphShaped)) {
		compact, err := AppendPartnerJSON(nil, raw)
		if err != nil {
			continue // sameAsDecodeThenAppend covers failures
		}
		for _, l := range [][2]string{{"", ""}, {"", "  "}, {"    ", "  "}, {"\t", "\t"}, {"// ", "-"}, {long, " "}, {"", long}} {
			var want bytes.Buffer
			if err := json.Indent(&want, compact, l[0], l[1]); err != nil {
				t.Fatal(err)
			}
			got, err := AppendPartnerJSONIndent(nil, raw, l[0], l[1])
			if err != nil || string(got) != want.String() {
				t.Fatalf("%s, prefix %q indent %q:\n got %s (%v)\nwant %s", raw, l[0], l[1], got, err, want.Bytes())
			}
		}
	}
}

// FuzzAppendPartnerJSON: for any input, AppendPartnerJSON gives what decoding and AppendJSON
// give, or fails with their error.
func FuzzAppendPartnerJSON(f *testing.F) {
	addTestdataSeeds(f, "*.json")
	f.Add([]byte(graphShaped))
	f.Add([]byte(`{"displayName":"a","isConfigured":null,"lastHeartbeatDateTime":"2026-02-28T23:59:59.1Z"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAsDecodeThenAppend(t, data)
	})
}

// FuzzAppendPartnerJSONMember: a Graph-shaped partner with one member's value replaced by fuzzed
// bytes, as they are or quoted as a string, gives what decoding and AppendJSON give. (Fuzzing
// whole documents seldom reaches the copying path; this keeps the rest of the partner in shape.)
func FuzzAppendPartnerJSONMember(f *testing.F) {
	f.Add(uint8(0), []byte(`"#microsoft.graph.deviceManagementPartner"`), false)
	f.Add(uint8(7), []byte(`2028-02-29T23:59:59.1234567Z`), true)
	f.Add(uint8(10), []byte(`[{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"}}]`), false)
	f.Add(uint8(2), []byte(`caf\u00e9 <b>`), true)
	f.Add(uint8(8), []byte(`2026-01-01T23:59:60Z`), true)
	f.Add(uint8(9), []byte(`2100-02-29T00:00:00.Z`), true)
	var members []string
	if err := eachMemberString(graphShaped, func(m string) { members = append(members, m) }); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, idx uint8, value []byte, quote bool) {
		i := int(idx) % len(members)
		name := members[i][:strings.Index(members[i], ":")]
		v := string(value)
		if quote {
			v = `"` + v + `"`
		}
		ms := append([]string(nil), members...)
		ms[i] = name + ":" + v
		sameAsDecodeThenAppend(t, []byte("{"+strings.Join(ms, ",")+"}"))
	})
}

// eachMemberString calls fn with each member of the object doc, "name":value as written.
func eachMemberString(doc string, fn func(string)) error {
	_, err := eachMember([]byte(doc), func(key, v []byte) error {
		fn(string(key) + ":" + string(v))
		return nil
	})
	return err
}

// BenchmarkAppendPartnerJSONPage re-encodes a page of 1,000 Graph-shaped partners, against
// decoding them and writing them with AppendJSON (BenchmarkDecodeAppendPartnerPage).
func BenchmarkAppendPartnerJSONPage(b *testing.B) {
	benchReencode(b, AppendPartnerJSON)
}

func BenchmarkDecodeAppendPartnerPage(b *testing.B) {
	benchReencode(b, func(dst, raw []byte) ([]byte, error) {
		var p Partner
		if err := p.UnmarshalJSON(raw); err != nil {
			return nil, err
		}
		return p.AppendJSON(dst)
	})
}

func benchReencode(b *testing.B, reencode func(dst, raw []byte) ([]byte, error)) {
	var page PartnerPage
	body := benchList(1000)
	if err := json.Unmarshal(body, &page); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	var out []byte
	var err error
	for b.Loop() {
		out = out[:0]
		for _, raw := range page.Value {
			if out, err = reencode(out, raw); err != nil {
				b.Fatal(err)
			}
		}
	}
}
