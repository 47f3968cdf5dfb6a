package model

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestValidateEditable(t *testing.T) {
	good := Partner{DisplayName: "Jamf Pro", PartnerAppType: AppTypeSingleTenant, SingleTenantAppID: "3f0c9c0e-1b2a-4c5d-8e9f-0a1b2c3d4e5f",
		Groups: []Assignment{{Target: GroupTarget{GroupID: "c0ffee00-0000-4000-8000-000000000001"}}, {Target: AllDevicesTarget{}}}}
	if err := ValidateEditable(good); err != nil {
		t.Fatalf("valid partner rejected: %v", err)
	}
	bad := Partner{DisplayName: "  ", PartnerAppType: "webApp", SingleTenantAppID: "not-a-guid",
		Groups: []Assignment{{Target: ExclusionGroupTarget{GroupID: "123"}}, {Target: ConfigMgrCollectionTarget{}}}}
	err := ValidateEditable(bad)
	fes, ok := AsFieldErrors(err)
	if !ok {
		t.Fatalf("want FieldErrors, got %v", err)
	}
	for field, want := range map[string]string{
		"displayName":                      "Display name: required",
		"partnerAppType":                   `App type: "webApp" is not one of`,
		"singleTenantAppId":                `App ID: "not-a-guid" is not a GUID`,
		"groupsRequiringPartnerEnrollment": `Group assignment 1 group ID: "123" is not a GUID`,
	} {
		fe := fes.For(field)
		if fe == nil || !strings.HasPrefix(fe.Error(), want) {
			t.Errorf("%s: got %v, want prefix %q", field, fe, want)
		}
	}
	if !strings.Contains(err.Error(), "Group assignment 2 collection ID: required") {
		t.Errorf("collection id error missing: %v", err)
	}
	if e := CheckDisplayName("evil\x1b[2J"); e == nil {
		t.Error("a display name with escape sequences must be refused")
	}
	if e := CheckGUID("f", "F", "", true); e != nil {
		t.Errorf("optional empty GUID: %v", e)
	}
}

func TestValidateUpdate(t *testing.T) {
	name := ""
	id := "nope"
	if err := ValidateUpdate(PartnerUpdate{DisplayName: &name, SingleTenantAppID: &id}); err == nil || !strings.Contains(err.Error(), "Display name") || !strings.Contains(err.Error(), "App ID") {
		t.Errorf("got %v", err)
	}
	if err := ValidateUpdate(PartnerUpdate{}); err != nil {
		t.Errorf("empty update: %v", err)
	}
}

func TestDiffAndChanges(t *testing.T) {
	old := Partner{ID: "1", DisplayName: "Jamf", PartnerAppType: AppTypeSingleTenant, SingleTenantAppID: "a",
		Groups: []Assignment{{Target: GroupTarget{GroupID: "g1"}}}}
	same := old
	if u := Diff(old, same); !u.IsEmpty() {
		t.Errorf("no change must give an empty update: %+v", u)
	}
	edited := old
	edited.DisplayName = "Jamf Pro"
	edited.Groups = []Assignment{{Target: GroupTarget{GroupID: "g1"}}, {Target: ExclusionGroupTarget{GroupID: "g2"}}}
	u := Diff(old, edited)
	b, _ := json.Marshal(u)
	if string(b) != `{"displayName":"Jamf Pro","groupsRequiringPartnerEnrollment":[{"@odata.type":"#microsoft.graph.deviceManagementPartnerAssignment","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g1"}},{"@odata.type":"#microsoft.graph.deviceManagementPartnerAssignment","target":{"@odata.type":"#microsoft.graph.exclusionGroupAssignmentTarget","groupId":"g2"}}]}` {
		t.Errorf("PATCH body %s", b)
	}
	cs := u.Changes(old)
	if len(cs) != 2 || cs[0].Old != `"Jamf"` || cs[0].New != `"Jamf Pro"` || cs[1].New != "Include group g1; Exclude group g2" {
		t.Errorf("changes %+v", cs)
	}
	if got := u.Apply(old); got.DisplayName != "Jamf Pro" || len(got.Groups) != 2 || got.SingleTenantAppID != "a" {
		t.Errorf("apply %+v", got)
	}
	// Removing every group is sent as an empty list, not left out.
	none := old
	none.Groups = nil
	b, _ = json.Marshal(Diff(old, none))
	if string(b) != `{"groupsRequiringPartnerEnrollment":[]}` {
		t.Errorf("remove all groups: %s", b)
	}
}

func TestConfirmText(t *testing.T) {
	if (Partner{ID: "x", DisplayName: "Jamf"}).ConfirmText() != "Jamf" || (Partner{ID: "x"}).ConfirmText() != "x" {
		t.Error("confirm text must be the name, or the id when the name is empty")
	}
}
