package graphsim

import (
	"encoding/base64"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// query holds the OData query options of a GET.
type query struct {
	selected  []string // canonical property names in document order; nil means all
	top       int      // -1 when absent
	skip      int
	skiptoken string
	count     bool
	present   map[string]bool // option names given, without '$'
}

// queryOptions are the system query options Graph defines. $filter, $orderby, $search and
// $format are accepted and ignored, as Intune often ignores them; partnerdash sorts and filters on
// its own side.
var queryOptions = map[string]bool{
	"select": true, "top": true, "skip": true, "skiptoken": true, "count": true, "expand": true,
	"filter": true, "orderby": true, "search": true, "format": true,
}

// parseQuery reads the query options, answering 400 for a bad one. Option names are matched with
// their '$' (which url.Query has already unescaped from %24); beta also takes them without.
// collection says whether the target is the collection; an entity takes only $select and $expand.
func parseQuery(c *call, collection bool) (query, bool) {
	q := query{top: -1, present: map[string]bool{}}
	params := c.r.URL.Query()
	for _, key := range slices.Sorted(maps.Keys(params)) { // sorted: the same bad URL, the same error
		values := params[key]
		name, hasDollar := strings.CutPrefix(key, "$")
		name = strings.ToLower(name)
		if !hasDollar && (c.version != "beta" || !queryOptions[name]) {
			continue // a custom query parameter: Graph ignores it
		}
		if !queryOptions[name] {
			c.failf(http.StatusBadRequest, codeBadRequest, "The query parameter '%s' is not supported.", key)
			return q, false
		}
		if q.present[name] || len(values) > 1 {
			c.failf(http.StatusBadRequest, codeBadRequest,
				"Query option '%s' was specified more than once, it must be specified at most once.", name)
			return q, false
		}
		q.present[name] = true
		if !q.apply(c, name, values[0]) {
			return q, false
		}
	}
	if !collection {
		for _, name := range []string{"top", "skip", "skiptoken", "count", "filter", "orderby", "search"} {
			if q.present[name] {
				c.fail(http.StatusBadRequest, codeBadRequest, "The query specified in the URI is not valid. "+
					"The requested resource is not a collection. Query options $filter, $orderby, $count, $skip, and $top can be applied only on collections.")
				return q, false
			}
		}
	}
	return q, true
}

// apply reads one option's value.
func (q *query) apply(c *call, name, value string) bool {
	bad := func(format string, args ...any) bool {
		c.failf(http.StatusBadRequest, codeBadRequest, format, args...)
		return false
	}
	switch name {
	case "select":
		sel, badProp := parseSelect(value, c.collection().propertiesIn(c.version))
		if badProp != "" {
			return bad("Could not find a property named '%s' on type '%s'.", badProp, c.collection().entityType)
		}
		q.selected = sel
	case "top", "skip":
		n, err := strconv.Atoi(value)
		if err != nil || n < 0 {
			return bad("Invalid value '%s' for $%s query option found. The $%s query option requires a non-negative integer value.", value, name, name)
		}
		if name == "top" {
			q.top = n
		} else {
			q.skip = n
		}
	case "skiptoken":
		if _, _, ok := decodeSkipToken(value); !ok {
			return bad("The $skiptoken '%s' is not valid; use the @odata.nextLink exactly as returned.", value)
		}
		q.skiptoken = value
	case "count":
		switch strings.ToLower(value) {
		case "true":
			q.count = true
		case "false":
		default:
			return bad("'%s' is not a valid count option.", value)
		}
	case "expand":
		if value != "" {
			return bad("Could not find a navigation property named '%s' on type '%s'; it has none to expand.", value, c.collection().entityType)
		}
	}
	return true
}

// parseSelect turns "displayName, ID" into the canonical names of properties in document order:
// only those, id included only when asked for, as Intune answers (observed: Intune-PowerShell-SDK
// issue 101). It returns the first name that is not a property. "*" selects everything.
func parseSelect(value string, properties []string) ([]string, string) {
	want := map[string]bool{}
	for _, part := range strings.Split(value, ",") {
		part = strings.TrimSpace(part)
		if part == "*" {
			return nil, ""
		}
		name, ok := canonicalProperty(part, properties)
		if !ok {
			if part == "" {
				part = value
			}
			return nil, part
		}
		want[name] = true
	}
	var out []string
	for _, name := range properties {
		if want[name] {
			out = append(out, name)
		}
	}
	return out, ""
}

// canonicalProperty maps a property name in any case to the documented spelling.
func canonicalProperty(name string, properties []string) (string, bool) {
	for _, p := range properties {
		if strings.EqualFold(p, name) {
			return p, true
		}
	}
	return "", false
}

// A skiptoken is opaque to clients; inside it holds the position of the next item and the id of
// the last one served, so paging resumes after that partner even when others were deleted or
// added in between.
func encodeSkipToken(next int, lastID string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(next) + ":" + lastID))
}

func decodeSkipToken(tok string) (next int, lastID string, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, "", false
	}
	pos, id, found := strings.Cut(string(b), ":")
	n, err := strconv.Atoi(pos)
	if !found || err != nil || n < 0 {
		return 0, "", false
	}
	return n, id, true
}
