package model

import (
	"strings"
	"testing"
)

func assign(ts ...Target) []Assignment {
	out := make([]Assignment, len(ts))
	for i, t := range ts {
		out[i] = Assignment{Target: t}
	}
	return out
}

func describe(as []Assignment) string {
	parts := make([]string, len(as))
	for i, a := range as {
		b, _ := EncodeTarget(a.Target)
		parts[i] = string(b)
	}
	return strings.Join(parts, "\n")
}

func TestV1AssignmentsDropBetaOnly(t *testing.T) {
	filtered := GroupTarget{AssignmentFilter: AssignmentFilter{ID: "f1", Type: FilterInclude}, GroupID: "g1"}
	scope := ScopeTagGroupTarget{TargetType: ScopeTagTargetUser, EntraObjectID: "o1"}
	fota := UnknownTarget{Type: ODataAndroidFotaTarget, Raw: []byte(`{"@odata.type":"#microsoft.graph.androidFotaDeploymentAssignmentTarget","groupId":"g9"}`)}
	got := V1Assignments(assign(filtered, scope, AllDevicesTarget{AssignmentFilter: AssignmentFilter{Type: FilterExclude}}, fota))
	want := assign(GroupTarget{GroupID: "g1"}, AllDevicesTarget{})
	if describe(got) != describe(want) {
		t.Errorf("v1.0 view:\n%s\nwant:\n%s", describe(got), describe(want))
	}
	if V1Assignments(nil) != nil {
		t.Error("nil groups must stay nil (absent), not become []")
	}
}

func TestBetaOnlyLossAndKeep(t *testing.T) {
	filtered := GroupTarget{AssignmentFilter: AssignmentFilter{ID: "f1", Type: FilterInclude}, GroupID: "g1"}
	removedFiltered := ExclusionGroupTarget{AssignmentFilter: AssignmentFilter{ID: "f2", Type: FilterExclude}, GroupID: "g2"}
	scope := ScopeTagGroupTarget{TargetType: ScopeTagTargetDevice, EntraObjectID: "o1"}
	plain := AllLicensedUsersTarget{}
	beta := assign(filtered, removedFiltered, scope, plain)

	// The v1.0 user keeps g1 (its filter invisible), removes the exclusion of g2 and adds g3.
	sent := assign(GroupTarget{GroupID: "g1"}, plain, GroupTarget{GroupID: "g3"})
	lost := BetaOnlyLoss(beta, sent)
	if describe(lost) != describe(assign(filtered, scope)) {
		t.Errorf("lost:\n%s\nwant the filtered g1 and the scope-tag target", describe(lost))
	}
	kept := KeepBetaOnly(beta, sent)
	want := assign(filtered, plain, GroupTarget{GroupID: "g3"}, scope)
	if describe(kept) != describe(want) {
		t.Errorf("kept:\n%s\nwant:\n%s", describe(kept), describe(want))
	}
	if BetaOnlyLoss(assign(plain, GroupTarget{GroupID: "g1"}), sent) != nil {
		t.Error("nothing beta-only: nothing lost")
	}
}
