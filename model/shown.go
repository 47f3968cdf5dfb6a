package model

import "reflect"

// Shown is a partner cleaned for a screen or a terminal. Only Show builds one, and Show cleans
// every string in the partner — found by reflection, so a property added to Partner (or a field
// added to a target) is cleaned without anyone remembering to — so code that draws from a Shown
// cannot draw text from Graph that was not cleaned.
type Shown struct{ p Partner }

// Show cleans a copy of p with Sanitize: every string field, named string types (states, app
// types) included, inside group assignments too. Extra (raw JSON of members this version does not
// know) is dropped: it is written back to Graph, never drawn.
func Show(p Partner) Shown {
	v := reflect.ValueOf(&p).Elem()
	cleanValue(v)
	p.Extra = nil
	return Shown{p: p}
}

// Partner is the cleaned partner. It points into s: callers read it, they do not keep raw text
// in it.
func (s *Shown) Partner() *Partner { return &s.p }

// ShownCompliance is a compliance partner cleaned for a screen or a terminal, as Shown is for a
// device management partner. Only ShowCompliance builds one.
type ShownCompliance struct{ p CompliancePartner }

// ShowCompliance cleans a copy of p with Sanitize, every string reachable from it (platform
// assignments included). Extra keeps its members, their names cleaned: OnboardedWords reads an
// older "windowsOnboarded" from it; its raw JSON values are never drawn.
func ShowCompliance(p CompliancePartner) ShownCompliance {
	cleanValue(reflect.ValueOf(&p).Elem())
	return ShownCompliance{p: p}
}

// Partner is the cleaned compliance partner. It points into s.
func (s *ShownCompliance) Partner() *CompliancePartner { return &s.p }

// cleanValue sanitizes every string reachable from v (which must be settable), copying slices and
// interface values first so that the caller's partner is never changed.
func cleanValue(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(Sanitize(v.String()))
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.CanSet() {
				cleanValue(f)
			}
		}
	case reflect.Array: // a copy already: clean it in place
		for i := 0; i < v.Len(); i++ {
			cleanValue(v.Index(i))
		}
	case reflect.Slice:
		if v.IsNil() {
			return
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(c, v)
		for i := 0; i < c.Len(); i++ {
			cleanValue(c.Index(i))
		}
		v.Set(c)
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		e := v.Elem()
		c := reflect.New(e.Type()).Elem()
		c.Set(e)
		cleanValue(c)
		v.Set(c)
	case reflect.Map:
		if v.IsNil() || v.Type().Key().Kind() != reflect.String {
			return
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			cleanValue(e)
			c.SetMapIndex(reflect.ValueOf(Sanitize(k.String())).Convert(v.Type().Key()), e)
		}
		v.Set(c)
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		c := reflect.New(v.Type().Elem())
		c.Elem().Set(v.Elem())
		cleanValue(c.Elem())
		v.Set(c)
	}
}
