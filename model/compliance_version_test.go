package model

import "testing"

// A v1.0 update of iOS's assignments would erase the iOS filter and scope-tag target; the update
// through beta keeps them and leaves every other property of the update as it was. Platforms the
// update does not set are not checked, however much beta-only data they hold.
func TestComplianceBetaLossPerPlatform(t *testing.T) {
	filtered := GroupTarget{AssignmentFilter: AssignmentFilter{ID: "f1", Type: FilterExclude}, GroupID: "g13"}
	scope := ScopeTagGroupTarget{TargetType: ScopeTagTargetUser, EntraObjectID: "o1"}
	linuxFiltered := GroupTarget{AssignmentFilter: AssignmentFilter{ID: "f2", Type: FilterInclude}, GroupID: "g11"}
	var beta CompliancePartner
	beta.Platforms[PlatformIOS].Assignments = assign(filtered, scope)
	beta.Platforms[PlatformAndroid].Assignments = assign(GroupTarget{GroupID: "g10"})
	beta.Platforms[PlatformLinux].Assignments = assign(linuxFiltered)

	// The v1.0 user sees iOS as just g13, adds g5 there, renames the partner and turns macOS on.
	name, on := "Workspace ONE", true
	ios := assign(GroupTarget{GroupID: "g13"}, GroupTarget{GroupID: "g5"})
	var u ComplianceUpdate
	u.DisplayName = &name
	u.Onboarded[PlatformMacOS] = &on
	u.Assignments[PlatformIOS] = &ios

	l := CheckComplianceBetaLoss(beta, u)
	if l.Empty() {
		t.Fatal("the iOS filter and scope-tag target would go: want a loss")
	}
	if got := describe(l.Platforms[PlatformIOS].Lost); got != describe(assign(filtered, scope)) {
		t.Errorf("iOS lost:\n%s", got)
	}
	for _, pl := range []Platform{PlatformMacOS, PlatformAndroid, PlatformLinux} {
		if !l.Platforms[pl].Empty() {
			t.Errorf("%s: lost %s, but the update does not set it", pl, describe(l.Platforms[pl].Lost))
		}
	}
	k := l.Keep
	if k.DisplayName == nil || *k.DisplayName != name || k.Onboarded[PlatformMacOS] == nil || !*k.Onboarded[PlatformMacOS] {
		t.Errorf("the update through beta lost the user's other changes: %+v", k)
	}
	want := assign(filtered, GroupTarget{GroupID: "g5"}, scope)
	if k.Assignments[PlatformIOS] == nil || describe(*k.Assignments[PlatformIOS]) != describe(want) {
		t.Errorf("iOS through beta: %v, want:\n%s", k.Assignments[PlatformIOS], describe(want))
	}
	for _, pl := range []Platform{PlatformMacOS, PlatformAndroid, PlatformLinux} {
		if k.Assignments[pl] != nil {
			t.Errorf("%s: the update through beta sets assignments the user never changed", pl)
		}
	}
	if describe(*u.Assignments[PlatformIOS]) != describe(ios) {
		t.Error("the check changed the caller's update")
	}

	// Android has nothing beta-only: an update of it alone loses nothing.
	android := assign(GroupTarget{GroupID: "g10"}, GroupTarget{GroupID: "g3"})
	var ua ComplianceUpdate
	ua.Assignments[PlatformAndroid] = &android
	if l := CheckComplianceBetaLoss(beta, ua); !l.Empty() || !l.Keep.IsEmpty() {
		t.Errorf("android only: %+v, want no loss", l)
	}
	// The user removed the filtered target outright: it goes as meant.
	none := []Assignment{}
	var ur ComplianceUpdate
	ur.Assignments[PlatformIOS] = &none
	if l := CheckComplianceBetaLoss(beta, ur); describe(l.Platforms[PlatformIOS].Lost) != describe(assign(scope)) {
		t.Errorf("iOS emptied: lost %s, want only the scope-tag target v1.0 never showed", describe(l.Platforms[PlatformIOS].Lost))
	}
}
