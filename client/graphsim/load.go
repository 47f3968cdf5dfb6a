package graphsim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/partnerdash/partnerdash/model"
)

// maxDataFile bounds what LoadFile reads: ten thousand partners take about 6 MB.
const maxDataFile = 64 << 20

// LoadFile reads partners from a JSON file shaped like a Graph list response,
// {"value":[...]} — which is also what `partnerdash list -o json` writes — or a bare array of
// partners. A bad file is refused with an error naming the file and, where it can, the partner
// and property at fault; it never panics.
func LoadFile(path string) ([]model.Partner, error) {
	data, err := readDataFile(path)
	if err != nil {
		return nil, err
	}
	ps, err := Decode(data)
	if err != nil {
		return nil, fmt.Errorf("load partners from %s: %w", path, err)
	}
	return ps, nil
}

// Decode reads partners from a Graph list response ({"value":[...]}) or a bare JSON array. It
// checks each partner property by property so that the error says which one is wrong. Values
// the service may add later (an unknown state, an unknown target kind, extra members) are kept,
// not refused: the simulator serves them back as they came. Duplicate ids are refused.
func Decode(data []byte) ([]model.Partner, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, fmt.Errorf(`the file is empty (want a Graph list response: {"value":[...]})`)
	}
	if !json.Valid(trimmed) {
		var v any
		err := json.Unmarshal(data, &v)
		return nil, fmt.Errorf("not valid JSON: %s", syntaxProblem(data, err))
	}
	var items []json.RawMessage
	switch trimmed[0] {
	case '[':
		if err := json.Unmarshal(trimmed, &items); err != nil {
			return nil, fmt.Errorf("not a list of partners: %v", err)
		}
	case '{':
		var doc map[string]json.RawMessage
		if err := json.Unmarshal(trimmed, &doc); err != nil {
			return nil, fmt.Errorf("not a Graph list response: %v", err)
		}
		value, ok := doc["value"]
		if !ok {
			return nil, fmt.Errorf(`no "value" member: want a Graph list response like {"value":[...]} (a single partner must be wrapped in one)`)
		}
		if jsonKind(value) != "an array" {
			return nil, fmt.Errorf(`"value" must be an array of partners, got %s`, jsonKind(value))
		}
		_ = json.Unmarshal(value, &items) // valid JSON array, checked above
	default:
		return nil, fmt.Errorf(`want a Graph list response {"value":[...]}, got %s`, jsonKind(trimmed))
	}

	return decodeEach(items, "partner ", decodeItem, func(p model.Partner) string { return p.ID })
}

// decodeEach decodes the items of a list from a file, either kind of partner. An error names the
// item (what, then value[i] and its display name); an id that an earlier item has too (without
// regard to case) is refused.
func decodeEach[T any](items []json.RawMessage, what string, decode func(json.RawMessage) (T, error), id func(T) string) ([]T, error) {
	out := make([]T, 0, len(items))
	seen := map[string]int{}
	for i, item := range items {
		v, err := decode(item)
		if err != nil {
			return nil, fmt.Errorf("%svalue[%d]%s: %w", what, i, itemLabel(item), err)
		}
		if id := id(v); id != "" {
			if j, dup := seen[lower(id)]; dup {
				return nil, fmt.Errorf("%svalue[%d]%s: id %q is also the id of value[%d]; ids must be unique", what, i, itemLabel(item), id, j)
			}
			seen[lower(id)] = i
		}
		out = append(out, v)
	}
	return out, nil
}

// decodeItem checks one partner's properties, then decodes it with the model.
func decodeItem(item json.RawMessage) (model.Partner, error) {
	var members map[string]json.RawMessage
	if jsonKind(item) != "an object" || json.Unmarshal(item, &members) != nil {
		return model.Partner{}, fmt.Errorf("want an object, got %s", jsonKind(item))
	}
	for _, name := range slices.Sorted(maps.Keys(members)) { // sorted: the same file, the same error
		if err := checkStored(name, members[name]); err != nil {
			return model.Partner{}, fmt.Errorf("%s: %w", name, err)
		}
	}
	var p model.Partner
	if err := json.Unmarshal(item, &p); err != nil {
		return model.Partner{}, err
	}
	return p, nil
}

// checkStored type-checks one member of a partner from a file. Enum values are not limited to the
// documented ones, so that data can show how the dashboard treats a future value.
func checkStored(name string, raw json.RawMessage) error {
	kind := jsonKind(raw)
	want := func(what string, nullable bool) error {
		if kind == what || (nullable && kind == "null") {
			return nil
		}
		return fmt.Errorf("want %s, got %s", what, kind)
	}
	switch name {
	case "@odata.type", "id":
		return want("a string", false)
	case "displayName", "partnerState", "partnerAppType", "singleTenantAppId":
		return want("a string", true)
	case "isConfigured":
		return want("a boolean", true)
	case "lastHeartbeatDateTime", "whenPartnerDevicesWillBeMarkedAsNonCompliantDateTime", "whenPartnerDevicesWillBeRemovedDateTime":
		if err := want("a string", true); err != nil {
			return fmt.Errorf("%w (want a date and time like 2026-01-02T15:04:05Z)", err)
		}
		var d model.DateTime
		return d.UnmarshalJSON(raw)
	case "groupsRequiringPartnerEnrollment":
		if err := want("an array", true); err != nil {
			return err
		}
		var items []json.RawMessage
		_ = json.Unmarshal(raw, &items) // an array or null, checked above
		for i, it := range items {
			if jsonKind(it) != "an object" {
				return fmt.Errorf("[%d]: want an object, got %s", i, jsonKind(it))
			}
			var a model.Assignment
			if err := a.UnmarshalJSON(it); err != nil {
				return fmt.Errorf("[%d]: %w", i, err)
			}
		}
	}
	return nil
}

// itemLabel names a partner in an error by its display name, when it has a readable one.
func itemLabel(item json.RawMessage) string {
	var head struct {
		DisplayName any `json:"displayName"`
	}
	_ = json.Unmarshal(item, &head) // best effort: the label is only a help
	name, _ := head.DisplayName.(string)
	name = strings.TrimSpace(model.Sanitize(name))
	if name == "" {
		return ""
	}
	if r := []rune(name); len(r) > 40 {
		name = string(r[:40]) + "…"
	}
	return fmt.Sprintf(" (%q)", name)
}

// readDataFile reads a data file of at most maxDataFile bytes.
func readDataFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load partners: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxDataFile+1))
	if err != nil {
		return nil, fmt.Errorf("load partners from %s: %w", path, err)
	}
	if len(data) > maxDataFile {
		return nil, fmt.Errorf("load partners from %s: the file is larger than %d MB", path, maxDataFile>>20)
	}
	return data, nil
}
