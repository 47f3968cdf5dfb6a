package graphsim

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"

	"github.com/partnerdash/partnerdash/model"
)

// minDate is Graph's "never" for a non-nullable date: .NET's DateTimeOffset.MinValue.
const minDate = `"0001-01-01T00:00:00Z"`

// wirePartner writes a partner as the version serves it: every one of the ten properties, in the
// schema's order, null where a nullable one is unset, and the four non-nullable ones
// (lastHeartbeatDateTime, isConfigured, partnerState, partnerAppType) never null
// (clean_v10_metadata/cleanMetadata.xml). Under v1.0 the assignments lack what only beta has: the
// filter fields, and the scope-tag and Android FOTA targets, which are left out because v1.0's
// model has no such type (model.V1Assignments).
func wirePartner(p model.Partner, version string) ([]byte, error) {
	w := newWire(model.ODataPartner, p.ID)
	w.member("displayName")
	w.str(p.DisplayName)
	w.member("partnerState")
	w.enumOr(string(p.PartnerState), string(model.StateUnknown))
	w.member("partnerAppType")
	w.enumOr(string(p.PartnerAppType), string(model.AppTypeUnknown))
	w.member("singleTenantAppId")
	w.str(p.SingleTenantAppID)
	w.member("isConfigured")
	w.boolean(p.IsConfigured)
	w.member("lastHeartbeatDateTime")
	w.date(p.LastHeartbeat, false)
	w.member("whenPartnerDevicesWillBeMarkedAsNonCompliantDateTime")
	w.date(p.NonCompliantAt, true)
	w.member("whenPartnerDevicesWillBeRemovedDateTime")
	w.date(p.RemovedAt, true)
	w.member("groupsRequiringPartnerEnrollment")
	w.assignments(p.Groups, version)
	// Members partnerdash does not know, kept from loaded data (e.g. beta's legacy deadline
	// fields in an export): beta serves them back as they came; v1.0's model has none.
	w.extra(p.Extra, model.IsPartnerProperty, version)
	return w.end()
}

// wireCompliance writes a compliance partner as the version serves it, with wirePartner's rules:
// every property of the version's type in the docs' order, null where a nullable one is unset
// (displayName and the assignment lists), the non-nullable ones never null (lastHeartbeatDateTime,
// partnerState, the *Onboarded flags: meta clean_v10_metadata/cleanMetadata.xml). v1.0 has no
// Linux members, and its assignments lack what only beta has (model.V1Assignments).
func wireCompliance(p model.CompliancePartner, version string) ([]byte, error) {
	w := newWire(model.ODataCompliancePartner, p.ID)
	w.member("lastHeartbeatDateTime")
	w.date(p.LastHeartbeat, false)
	w.member("partnerState")
	w.enumOr(string(p.PartnerState), string(model.StateUnknown))
	w.member("displayName")
	w.str(p.DisplayName)
	platforms := model.PlatformsIn(version)
	for _, pl := range []model.Platform{model.PlatformMacOS, model.PlatformLinux, model.PlatformAndroid, model.PlatformIOS} {
		if slices.Contains(platforms, pl) {
			w.member(pl.OnboardedProperty())
			w.boolean(p.Platforms[pl].IsOnboarded())
		}
	}
	for _, pl := range platforms {
		w.member(pl.AssignmentsProperty())
		w.assignments(p.Platforms[pl].Assignments, version)
	}
	w.extra(p.Extra, func(k string) bool { return slices.Contains(model.CompliancePartnerProperties, k) }, version)
	return w.end()
}

// wireWriter writes one entity's members; the first error sticks and end reports it.
type wireWriter struct {
	b   bytes.Buffer
	n   int
	err error
}

// newWire starts an entity with the members every kind begins with: its type and its id.
func newWire(odataType, id string) *wireWriter {
	w := &wireWriter{}
	w.b.Grow(512)
	w.b.WriteByte('{')
	w.member("@odata.type")
	writeJSONString(&w.b, odataType)
	w.member("id")
	writeJSONString(&w.b, id)
	return w
}

func (w *wireWriter) member(name string) {
	if w.n > 0 {
		w.b.WriteByte(',')
	}
	w.n++
	w.b.WriteByte('"')
	w.b.WriteString(name)
	w.b.WriteString(`":`)
}

// str writes a nullable string: null when unset.
func (w *wireWriter) str(s string) {
	if s == "" {
		w.b.WriteString("null")
		return
	}
	writeJSONString(&w.b, s)
}

// enumOr writes a non-nullable enum: unset when empty.
func (w *wireWriter) enumOr(s, unset string) {
	if s == "" {
		s = unset
	}
	writeJSONString(&w.b, s)
}

func (w *wireWriter) boolean(v bool) {
	if v {
		w.b.WriteString("true")
	} else {
		w.b.WriteString("false")
	}
}

// date writes a date; an unset non-nullable one is the minimum date, an unset nullable one null.
func (w *wireWriter) date(d model.DateTime, nullable bool) {
	if !d.IsSet() && !nullable {
		w.b.WriteString(minDate)
		return
	}
	v, err := d.MarshalJSON()
	w.b.Write(v)
	w.fail(err)
}

// assignments writes a nullable assignment list as the version has it.
func (w *wireWriter) assignments(as []model.Assignment, version string) {
	if version != model.VersionBeta {
		as = model.V1Assignments(as)
	}
	if as == nil {
		w.b.WriteString("null")
		return
	}
	enc, err := json.Marshal(as)
	w.b.Write(enc)
	w.fail(err)
}

// extra writes, under beta only, the loaded members the model does not know.
func (w *wireWriter) extra(extra map[string]json.RawMessage, known func(string) bool, version string) {
	if version != model.VersionBeta {
		return
	}
	for _, k := range slices.Sorted(maps.Keys(extra)) {
		if known(k) || k == "@odata.type" {
			continue
		}
		w.b.WriteByte(',')
		writeJSONString(&w.b, k)
		w.b.WriteByte(':')
		w.b.Write(extra[k])
	}
}

func (w *wireWriter) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

func (w *wireWriter) end() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	w.b.WriteByte('}')
	return w.b.Bytes(), nil
}
