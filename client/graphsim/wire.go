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
	var b bytes.Buffer
	b.Grow(512)
	b.WriteByte('{')
	member := func(name string, first bool) {
		if !first {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(name)
		b.WriteString(`":`)
	}
	str := func(s string) {
		if s == "" {
			b.WriteString("null")
			return
		}
		writeJSONString(&b, s)
	}
	enumOr := func(s, unset string) {
		if s == "" {
			s = unset
		}
		writeJSONString(&b, s)
	}
	date := func(d model.DateTime, nullable bool) error {
		if !d.IsSet() && !nullable {
			b.WriteString(minDate)
			return nil
		}
		v, err := d.MarshalJSON()
		b.Write(v)
		return err
	}

	member("@odata.type", true)
	writeJSONString(&b, model.ODataPartner)
	member("id", false)
	writeJSONString(&b, p.ID)
	member("displayName", false)
	str(p.DisplayName)
	member("partnerState", false)
	enumOr(string(p.PartnerState), string(model.StateUnknown))
	member("partnerAppType", false)
	enumOr(string(p.PartnerAppType), string(model.AppTypeUnknown))
	member("singleTenantAppId", false)
	str(p.SingleTenantAppID)
	member("isConfigured", false)
	if p.IsConfigured {
		b.WriteString("true")
	} else {
		b.WriteString("false")
	}
	member("lastHeartbeatDateTime", false)
	if err := date(p.LastHeartbeat, false); err != nil {
		return nil, err
	}
	member("whenPartnerDevicesWillBeMarkedAsNonCompliantDateTime", false)
	if err := date(p.NonCompliantAt, true); err != nil {
		return nil, err
	}
	member("whenPartnerDevicesWillBeRemovedDateTime", false)
	if err := date(p.RemovedAt, true); err != nil {
		return nil, err
	}
	member("groupsRequiringPartnerEnrollment", false)
	groups := p.Groups
	if version != model.VersionBeta {
		groups = model.V1Assignments(groups)
	}
	if groups == nil {
		b.WriteString("null")
	} else {
		enc, err := json.Marshal(groups)
		if err != nil {
			return nil, err
		}
		b.Write(enc)
	}
	if version == model.VersionBeta {
		// Members partnerdash does not know, kept from loaded data (e.g. beta's legacy deadline
		// fields in an export): beta serves them back as they came; v1.0's model has none.
		for _, k := range slices.Sorted(maps.Keys(p.Extra)) {
			if model.IsPartnerProperty(k) || k == "@odata.type" {
				continue
			}
			b.WriteByte(',')
			writeJSONString(&b, k)
			b.WriteByte(':')
			b.Write(p.Extra[k])
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
