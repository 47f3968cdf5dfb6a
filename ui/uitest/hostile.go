package uitest

import (
	"encoding/json"
	"reflect"

	"github.com/partnerdash/partnerdash/model"
)

// Hostile is text a hostile Graph (or a hostile tenant admin) could send: a clipboard-writing
// OSC 52, a screen clear, a bell, 8-bit C1 controls (CSI, OSC), a bidi override and a tab.
const Hostile = "Evil\x1b]52;c;ZWNobyBoaQ==\x07\x1b[2J\u009b31m\u009d0;title\u009c\u202eyppa\u2066\tX"

// Unsafe reports the first thing in s that must never reach a terminal from data: ESC, BEL, a C1
// control or a bidi control, or "" when s is clean. (The screen's own styling is plain in the
// Ascii profile the tests use, so any ESC is data.)
func Unsafe(s string) string {
	for _, r := range s {
		switch {
		case r == 0x1b:
			return "ESC"
		case r == 0x07:
			return "BEL"
		case r >= 0x80 && r <= 0x9f:
			return "C1 control"
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
			return "bidi control"
		}
	}
	return ""
}

// HostilePartner is a partner whose every string — each string field of Partner, found by
// reflection, and of every kind of assignment target — is Hostile. A property added to Partner
// is covered without changing this.
func HostilePartner() model.Partner {
	var p model.Partner
	fill(reflect.ValueOf(&p).Elem())
	p.IsConfigured = true
	for _, t := range []model.Target{
		model.GroupTarget{}, model.ExclusionGroupTarget{}, model.AllLicensedUsersTarget{},
		model.AllDevicesTarget{}, model.ConfigMgrCollectionTarget{}, model.ScopeTagGroupTarget{},
		model.UnknownTarget{},
	} {
		v := reflect.New(reflect.TypeOf(t)).Elem()
		fill(v)
		p.Groups = append(p.Groups, model.Assignment{Target: v.Interface().(model.Target)})
	}
	return p
}

// fill sets every settable string reachable from v to Hostile.
func fill(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(Hostile)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.CanSet() {
				fill(f)
			}
		}
	}
}

// HostileCompliance is a compliance partner whose every string is Hostile: every string field,
// every platform onboarded with every kind of target (HostilePartner's), and an unknown member.
func HostileCompliance() model.CompliancePartner {
	var p model.CompliancePartner
	fill(reflect.ValueOf(&p).Elem())
	groups := HostilePartner().Groups
	for _, pl := range model.Platforms {
		yes := true
		p.Platforms[pl] = model.PlatformEnrollment{Onboarded: &yes, Assignments: groups}
	}
	p.Extra = map[string]json.RawMessage{Hostile + "Onboarded": json.RawMessage("true")}
	return p
}

// HostileGroups names the group ids of the hostile partners with Hostile, the way a hostile
// directory could.
func HostileGroups() []model.Group { return []model.Group{{ID: Hostile, DisplayName: Hostile}} }
