package model

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestComplianceDocExamplesRoundTrip(t *testing.T) {
	if l := roundTrip[CompliancePartnerList](t, "docs-compliance-v1-list.json"); len(l.Value) != 1 {
		t.Fatalf("want 1 partner, got %d", len(l.Value))
	}

	for _, name := range []string{"docs-compliance-v1-create-request.json", "docs-compliance-v1-create-response.json",
		"docs-compliance-beta-resource.json", "docs-compliance-beta-get-legacy.json"} {
		t.Run(name, func(t *testing.T) { roundTrip[CompliancePartner](t, name) })
	}
}

func TestComplianceDecodeFields(t *testing.T) {
	p := decodeTestdata[CompliancePartner](t, "docs-compliance-beta-resource.json")
	if p.PartnerState != "String" || p.PartnerState.Label() != "String" {
		t.Errorf("an unknown state must be kept as it came, got %q / %q", p.PartnerState, p.PartnerState.Label())
	}
	for _, pl := range Platforms {
		e := p.Platform(pl)
		if !e.IsOnboarded() || len(e.Assignments) != 1 {
			t.Fatalf("%s: onboarded %v, %d assignments", pl, e.IsOnboarded(), len(e.Assignments))
		}
		st, ok := e.Assignments[0].Target.(ScopeTagGroupTarget)
		if !ok || st.TargetType != "String" || st.Filter().Type != "String" {
			t.Errorf("%s: target %#v", pl, e.Assignments[0].Target)
		}
	}
	if got := p.OnboardedWords(); got != "macOS, Android, iOS, Linux" {
		t.Errorf("OnboardedWords = %q", got)
	}

	// Older beta's windows members are kept and named as they came.
	legacy := decodeTestdata[CompliancePartner](t, "docs-compliance-beta-get-legacy.json")
	if _, ok := legacy.Extra["windowsEnrollmentAssignments"]; !ok {
		t.Error("windowsEnrollmentAssignments was not kept")
	}
	if got := legacy.OnboardedWords(); got != "macOS, Android, iOS, windows" {
		t.Errorf("OnboardedWords = %q", got)
	}
	if legacy.Platform(PlatformLinux).Onboarded != nil {
		t.Error("an absent linuxOnboarded must stay absent")
	}
}

func TestComplianceUnknownTargetKept(t *testing.T) {
	in := `{"id":"x","displayName":"Kandji","partnerState":"someFutureState","macOsOnboarded":true,
	"macOsEnrollmentAssignments":[{"@odata.type":"#microsoft.graph.complianceManagementPartnerAssignment",
	"target":{"@odata.type":"#microsoft.graph.futureTarget","odd":[1,2]}}]}`
	var p CompliancePartner
	if err := json.Unmarshal([]byte(in), &p); err != nil {
		t.Fatal(err)
	}
	u, ok := p.Platform(PlatformMacOS).Assignments[0].Target.(UnknownTarget)
	if !ok || u.Describe() != "Unknown target #microsoft.graph.futureTarget" {
		t.Fatalf("target %#v", p.Platform(PlatformMacOS).Assignments[0].Target)
	}
	out, _ := json.Marshal(p)
	sameJSON(t, []byte(in), out)
	a := TriageCompliance(p, time.Now())
	if a.Health != HealthWarning || !strings.Contains(a.Reason(), `undocumented state "someFutureState"`) {
		t.Errorf("triage %v %q", a.Health, a.Reason())
	}
}

func TestComplianceDecodeErrorsNameTheMember(t *testing.T) {
	for in, want := range map[string]string{
		`{"iosOnboarded":"yes"}`:                 "iosOnboarded",
		`{"androidEnrollmentAssignments":[{}]}`:  "androidEnrollmentAssignments",
		`{"lastHeartbeatDateTime":"yesterday"}`:  "lastHeartbeatDateTime",
		`{"displayName":12}`:                     "displayName",
		`{"linuxEnrollmentAssignments":{"a":1}}`: "linuxEnrollmentAssignments",
	} {
		var p CompliancePartner
		err := json.Unmarshal([]byte(in), &p)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v does not name %s", in, err, want)
		}
	}
}

func TestComplianceMarshalBuiltInCode(t *testing.T) {
	p := CompliancePartner{DisplayName: "Mosyle"}
	p.SetOnboarded(PlatformIOS, true)
	p.Platforms[PlatformIOS].Assignments = []Assignment{{Target: GroupTarget{GroupID: "c0ffee00-0000-4000-8000-000000000001"}}}
	p.Platforms[PlatformMacOS].Assignments = []Assignment{}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"displayName":"Mosyle","iosOnboarded":true,"macOsEnrollmentAssignments":[],` +
		`"iosEnrollmentAssignments":[{"@odata.type":"#microsoft.graph.complianceManagementPartnerAssignment",` +
		`"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"c0ffee00-0000-4000-8000-000000000001"}}]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	if p.OnboardedWords() != "iOS" || (CompliancePartner{}).OnboardedWords() != "no platform" {
		t.Errorf("words %q", p.OnboardedWords())
	}
}

func TestComplianceUpdateSendsOnlyChanges(t *testing.T) {
	old := decodeTestdata[CompliancePartner](t, "docs-compliance-v1-create-response.json")
	edited := old.Clone()
	if u := DiffCompliance(old, edited); !u.IsEmpty() {
		t.Fatalf("no edit, yet update %+v", u)
	}
	edited.DisplayName = "Kandji"
	edited.SetOnboarded(PlatformAndroid, false)
	edited.Platforms[PlatformIOS].Assignments = []Assignment{}
	u := DiffCompliance(old, edited)
	b, _ := json.Marshal(u)
	sameJSON(t, []byte(`{"displayName":"Kandji","androidOnboarded":false,"iosEnrollmentAssignments":[]}`), b)
	if old.Platform(PlatformIOS).Assignments == nil || len(old.Platform(PlatformIOS).Assignments) != 1 {
		t.Fatal("Diff changed the old partner")
	}
	applied := u.Apply(old)
	if applied.DisplayName != "Kandji" || applied.Platform(PlatformAndroid).IsOnboarded() || len(applied.Platform(PlatformIOS).Assignments) != 0 {
		t.Errorf("Apply: %+v", applied)
	}
	cs := u.Changes(old)
	var got []string
	for _, c := range cs {
		got = append(got, c.Label+": "+c.Old+" → "+c.New)
	}
	want := `Display name: "Display Name value" → "Kandji"|Android onboarded: yes → no|iOS assignments: ConfigMgr collection Collection Id value → none`
	if strings.Join(got, "|") != want {
		t.Errorf("changes\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
}

func TestComplianceValidationNamesFields(t *testing.T) {
	p := CompliancePartner{DisplayName: " "}
	p.Platforms[PlatformMacOS].Assignments = []Assignment{NewComplianceAssignment(GroupTarget{GroupID: "Mac users"})}
	p.Platforms[PlatformLinux].Assignments = []Assignment{
		NewComplianceAssignment(AllDevicesTarget{}),
		NewComplianceAssignment(ExclusionGroupTarget{GroupID: ""}),
	}
	fes, ok := AsFieldErrors(ValidateCompliance(p))
	if !ok || len(fes) != 3 {
		t.Fatalf("errors %v", fes)
	}
	if fes.For("displayName") == nil || fes.For("macOsEnrollmentAssignments") == nil || fes.For("linuxEnrollmentAssignments") == nil {
		t.Errorf("fields %v", fes)
	}
	if got := fes.For("linuxEnrollmentAssignments").Error(); got != "Linux assignment 2 group ID: required" {
		t.Errorf("label %q", got)
	}
	if !strings.Contains(fes.For("macOsEnrollmentAssignments").Error(), `"Mac users" is not a GUID`) {
		t.Errorf("macOS: %v", fes.For("macOsEnrollmentAssignments"))
	}
	name := "ok"
	ios := []Assignment{NewComplianceAssignment(nil)}
	u := ComplianceUpdate{DisplayName: &name}
	u.Assignments[PlatformIOS] = &ios
	fes, _ = AsFieldErrors(ValidateComplianceUpdate(u))
	if len(fes) != 1 || fes[0].Field != "iosEnrollmentAssignments" || fes[0].Message != "target is missing" {
		t.Errorf("update errors %v", fes)
	}
}

func TestTriageCompliance(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	mk := func(state PartnerState, hb time.Duration, onboarded bool) CompliancePartner {
		p := CompliancePartner{ID: string(state), DisplayName: string(state), PartnerState: state}
		if hb >= 0 {
			p.LastHeartbeat = At(now.Add(-hb))
		}
		p.SetOnboarded(PlatformMacOS, onboarded)
		return p
	}
	for _, c := range []struct {
		p      CompliancePartner
		health Health
		reason string
	}{
		{mk(StateEnabled, time.Hour, true), HealthOK, "healthy"},
		{mk(StateEnabled, 30*time.Hour, true), HealthWarning, "no heartbeat for 30h"},
		{mk(StateEnabled, 8*24*time.Hour, true), HealthCritical, "no heartbeat for 8d"},
		{mk(StateEnabled, -1, true), HealthWarning, "no heartbeat yet"},
		{mk(StateUnresponsive, 3*24*time.Hour, true), HealthCritical, "partner is unresponsive"},
		{mk(StateTerminated, 3*24*time.Hour, true), HealthWarning, "connection terminated"},
		{mk(StateUnknown, -1, false), HealthOK, "not onboarded for any platform"},
		{mk(StateRejected, -1, false), HealthWarning, "Intune rejects this partner's messages; not onboarded for any platform"},
	} {
		a := TriageCompliance(c.p, now)
		if a.Health != c.health || a.Reason() != c.reason {
			t.Errorf("%s: got %v %q, want %v %q", c.p.DisplayName, a.Health, a.Reason(), c.health, c.reason)
		}
		if _, ok := a.Next(); ok {
			t.Errorf("%s: a compliance partner has no deadlines", c.p.DisplayName)
		}
	}
	ps := []CompliancePartner{mk(StateUnknown, -1, false), mk(StateEnabled, time.Hour, true), mk(StateUnresponsive, time.Hour, true)}
	SortComplianceByUrgency(ps, now)
	if ps[0].PartnerState != StateUnresponsive || ps[2].PartnerState != StateUnknown {
		t.Errorf("order %s %s %s", ps[0].PartnerState, ps[1].PartnerState, ps[2].PartnerState)
	}
	s := SummarizeCompliance(ps, now)
	if s.Critical != 1 || s.OK != 1 || s.NotConfigured != 1 {
		t.Errorf("summary %+v", s)
	}
}

func TestComplianceHostileTextSanitized(t *testing.T) {
	hostile := "Kan\x1b]52;c;ZWNobyBwd25lZA==\x07dji\x1b[2J\u202e"
	b, _ := json.Marshal(map[string]any{
		"displayName": hostile, "partnerState": hostile, "id": hostile,
		"macOsEnrollmentAssignments": []any{map[string]any{"target": map[string]any{
			"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": hostile}}},
		"evil\x1b[31mOnboarded": true,
	})
	var p CompliancePartner
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]string{
		"name":   Sanitize(p.Name()),
		"state":  Sanitize(p.PartnerState.Label()),
		"target": Sanitize(p.Platform(PlatformMacOS).Assignments[0].Target.Describe()),
		"words":  p.OnboardedWords(),
		"reason": TriageCompliance(p, time.Now()).Reason(),
		"group":  GroupLabel(hostile, hostile),
	} {
		if strings.ContainsAny(s, "\x1b\x07\u202e") {
			t.Errorf("%s: %q still holds control characters", name, s)
		}
	}
	if got := Sanitize(p.Name()); got != "Kandji" {
		t.Errorf("name %q", got)
	}
}

func TestGroupLabelAndIDs(t *testing.T) {
	if got := GroupLabel("c0ffee00-0000-4000-8000-000000000001", "Mac users"); got != "Mac users (c0ffee00-…)" {
		t.Errorf("%q", got)
	}
	if got := GroupLabel("c0ffee00-0000-4000-8000-000000000001", ""); got != "c0ffee00-0000-4000-8000-000000000001" {
		t.Errorf("%q", got)
	}
	p := Partner{Groups: []Assignment{
		{Target: GroupTarget{GroupID: "A"}}, {Target: ExclusionGroupTarget{GroupID: "b"}},
		{Target: GroupTarget{GroupID: "a"}}, {Target: AllDevicesTarget{}},
		{Target: ScopeTagGroupTarget{EntraObjectID: "c"}},
	}}
	if got := strings.Join(p.GroupIDs(), ","); got != "A,b,c" {
		t.Errorf("GroupIDs %q", got)
	}
}
