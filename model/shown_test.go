package model_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

// strings collects every string reachable from v, by reflection.
func allStrings(v reflect.Value, out *[]string) {
	switch v.Kind() {
	case reflect.String:
		*out = append(*out, v.String())
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				allStrings(v.Field(i), out)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			allStrings(v.Index(i), out)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			allStrings(k, out)
		}
	case reflect.Interface, reflect.Pointer:
		if !v.IsNil() {
			allStrings(v.Elem(), out)
		}
	}
}

func TestShowCleansEveryStringAndLeavesTheOriginal(t *testing.T) {
	raw := uitest.HostilePartner()
	s := model.Show(raw)
	var got []string
	allStrings(reflect.ValueOf(*s.Partner()), &got)
	if len(got) < 10 {
		t.Fatalf("walked only %d strings", len(got))
	}
	for _, x := range got {
		if bad := uitest.Unsafe(x); bad != "" {
			t.Errorf("%s survived Show: %q", bad, x)
		}
	}
	if raw.DisplayName != uitest.Hostile || raw.Groups[0].Target.(model.GroupTarget).GroupID != uitest.Hostile {
		t.Error("Show changed the partner it was given (it must clean a copy: the raw one goes back to Graph)")
	}
	// Every property's words, and every change, are clean too.
	for _, p := range model.Properties {
		if bad := uitest.Unsafe(p.Say(*s.Partner(), time.Now())); bad != "" {
			t.Errorf("%s: %s in its words", p.JSON, bad)
		}
	}
	for _, c := range model.Changes(model.Partner{}, raw, time.Now()) {
		if bad := uitest.Unsafe(c.Old + c.New); bad != "" {
			t.Errorf("change of %s carries %s", c.Field, bad)
		}
	}
}

func TestShowComplianceCleansEveryStringAndLeavesTheOriginal(t *testing.T) {
	hp := uitest.HostilePartner()
	raw := model.CompliancePartner{ODataType: uitest.Hostile, ID: uitest.Hostile, DisplayName: uitest.Hostile,
		PartnerState: model.PartnerState(uitest.Hostile),
		Extra:        map[string]json.RawMessage{uitest.Hostile + "Onboarded": json.RawMessage("true")}}
	for _, pl := range model.Platforms {
		yes := true
		raw.Platforms[pl] = model.PlatformEnrollment{Onboarded: &yes, Assignments: hp.Groups}
	}
	s := model.ShowCompliance(raw)
	var got []string
	allStrings(reflect.ValueOf(*s.Partner()), &got)
	if want := 5 + len(model.Platforms)*len(hp.Groups); len(got) < want {
		t.Fatalf("walked only %d strings, want at least %d", len(got), want)
	}
	for _, x := range got {
		if bad := uitest.Unsafe(x); bad != "" {
			t.Errorf("%s survived ShowCompliance: %q", bad, x)
		}
	}
	for _, w := range []string{s.Partner().OnboardedWords(), s.Partner().PartnerState.Label(), s.Partner().Name()} {
		if bad := uitest.Unsafe(w); bad != "" {
			t.Errorf("%s in %q", bad, w)
		}
	}
	if raw.DisplayName != uitest.Hostile || raw.Platforms[model.PlatformLinux].Assignments[0].Target.(model.GroupTarget).GroupID != uitest.Hostile {
		t.Error("ShowCompliance changed the partner it was given")
	}
}

func TestPropertiesAreTheDocumentedOnes(t *testing.T) {
	var got []string
	for _, p := range model.Properties {
		if p.Label == "" || p.Say == nil {
			t.Errorf("%s: needs a label and words", p.JSON)
		}
		got = append(got, p.JSON)
	}
	// The same set; Properties are in the order people read them, PartnerProperties in the docs'.
	if want := slices.Sorted(slices.Values(model.PartnerProperties)); !reflect.DeepEqual(slices.Sorted(slices.Values(got)), want) {
		t.Errorf("Properties %v, want the documented %v", got, want)
	}
}
