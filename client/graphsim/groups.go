package graphsim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/partnerdash/partnerdash/model"
)

// groupStore holds the tenant's Entra groups (id and display name only). Server.mu guards it.
type groupStore struct {
	keyedList[model.Group]
	forbidden bool // answer 403 to every group request (WithGroupsForbidden)
}

// WithGroups sets the tenant's Entra groups, which /directoryObjects/getByIds and /groups serve.
// A later group with the same id replaces an earlier one.
func WithGroups(gs []model.Group) Option {
	return func(s *Server) {
		s.groups.clear()
		for _, g := range gs {
			g.NotFound = false
			s.groups.put(g.ID, g)
		}
	}
}

// WithGroupsForbidden makes every group request (/directoryObjects, /groups) answer 403
// Authorization_RequestDenied, as Graph does for an account without Group.Read.All or
// Directory.Read.All, while the partner collections keep working.
func WithGroupsForbidden(on bool) Option {
	return func(s *Server) { s.groups.forbidden = on }
}

// Groups returns a copy of the tenant's groups.
func (s *Server) Groups() []model.Group {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.groups.items)
}

// maxGetByIds is the most ids getByIds takes (docs: "You can specify up to 1000 ids").
const maxGetByIds = 1000

// routeDirectory serves /directoryObjects/getByIds and /groups. rest starts with that segment.
func (s *Server) routeDirectory(c *call, rest []string) {
	s.mu.Lock()
	forbidden := s.groups.forbidden
	s.mu.Unlock()
	if forbidden {
		c.fail(http.StatusForbidden, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
		return
	}
	switch {
	case strings.EqualFold(rest[0], "directoryObjects"):
		if len(rest) != 2 || !(strings.EqualFold(rest[1], "getByIds") || strings.EqualFold(rest[1], "microsoft.graph.getByIds")) {
			c.fail(http.StatusNotImplemented, codeNotImplemented, "graphsim serves only POST /directoryObjects/getByIds of the directory.")
			return
		}
		if c.r.Method != http.MethodPost {
			// The directory is not Intune: its answer to a wrong verb is unknown (a guess).
			c.w.Header().Set("Allow", http.MethodPost)
			c.failf(http.StatusMethodNotAllowed, "Request_BadRequest",
				"The HTTP method '%s' is not allowed for getByIds; use POST.", c.r.Method)
			return
		}
		s.getByIDs(c)
	case len(rest) == 1:
		if c.r.Method != http.MethodGet {
			c.fail(http.StatusNotImplemented, codeNotImplemented, "graphsim serves only GET on /groups.")
			return
		}
		s.searchGroups(c)
	default:
		c.fail(http.StatusNotImplemented, codeNotImplemented, "graphsim serves only the /groups collection, not its members or single groups.")
	}
}

// directoryError is the 400 the directory (Entra) sends, with its own codes.
func directoryError(c *call, code, format string, args ...any) {
	c.failf(http.StatusBadRequest, code, format, args...)
}

// getByIDs answers POST /directoryObjects/getByIds: the groups among ids (when types allows
// groups), as full objects in a directoryObjects collection. Ids it does not have are left out,
// as Graph leaves them out.
func (s *Server) getByIDs(c *call) {
	members, ok := readObject(c)
	if !ok {
		return
	}
	var ids, types []string
	for name, raw := range members {
		var target *[]string
		switch name {
		case "ids":
			target = &ids
		case "types":
			target = &types
		default:
			directoryError(c, "Request_BadRequest", "The parameter '%s' in the request payload is not a valid parameter for the operation 'getByIds'.", name)
			return
		}
		if jsonKind(raw) == "null" {
			continue
		}
		if jsonKind(raw) != "an array" || json.Unmarshal(raw, target) != nil {
			directoryError(c, "Request_BadRequest", "Invalid value for parameter '%s': want an array of strings.", name)
			return
		}
	}
	if len(ids) == 0 {
		directoryError(c, "Request_BadRequest", "The parameter 'ids' is required and must hold at least one id.")
		return
	}
	if len(ids) > maxGetByIds {
		directoryError(c, "Request_BadRequest", "Too many ids: getByIds takes at most %d, got %d.", maxGetByIds, len(ids))
		return
	}
	for _, id := range ids {
		if !model.IsGUID(id) {
			directoryError(c, "Request_BadRequest", "Invalid object identifier '%s'.", id)
			return
		}
	}
	wantGroups := len(types) == 0
	for _, t := range types {
		switch strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(t, "#"), "microsoft.graph.")) {
		case "group", "directoryobject":
			wantGroups = true
		case "user", "device", "serviceprincipal", "application", "orgcontact", "administrativeunit", "directoryrole":
		default:
			directoryError(c, "Request_BadRequest", "Invalid type '%s' in the 'types' parameter.", t)
			return
		}
	}
	var found []model.Group
	s.mu.Lock()
	if wantGroups {
		for _, id := range ids {
			if i, ok := s.groups.find(id); ok && !slices.ContainsFunc(found, func(g model.Group) bool { return lower(g.ID) == lower(id) }) {
				found = append(found, s.groups.items[i])
			}
		}
	}
	s.mu.Unlock()
	writeGroups(c, "directoryObjects", found, nil)
}

// writeGroups writes a collection of groups with @odata.type on each, trimmed to selected
// (nil: id, displayName and the few other members the simulator keeps).
func writeGroups(c *call, context string, gs []model.Group, selected []string) {
	var buf bytes.Buffer
	buf.WriteString(`{"@odata.context":`)
	writeJSONString(&buf, c.base()+"/$metadata#"+context+selectSuffix(selected))
	buf.WriteString(`,"value":[`)
	for i, g := range gs {
		if i > 0 {
			buf.WriteByte(',')
		}
		m := map[string]any{"@odata.type": model.ODataGroup, "id": g.ID, "displayName": g.DisplayName}
		if selected != nil {
			m = map[string]any{"id": g.ID}
			if slices.Contains(selected, "displayName") {
				m["displayName"] = g.DisplayName
			}
		}
		b, _ := json.Marshal(m) // strings only
		buf.Write(b)
	}
	buf.WriteString("]}")
	c.writeJSON(http.StatusOK, buf.Bytes())
}

// maxGroupPage is the most groups one /groups answer holds (Graph's default page for groups is
// 100; $top goes to 999).
const maxGroupPage = 100

// searchGroups answers GET /groups, with $search="displayName:text" (which needs the header
// ConsistencyLevel: eventual, as in Graph), $select (id, displayName) and $top. A search matches
// groups with a word in the display name that starts with text, without regard to case.
func (s *Server) searchGroups(c *call) {
	params := c.r.URL.Query()
	top := maxGroupPage
	var selected []string
	var term string
	for key, vs := range params {
		v := vs[0]
		switch strings.ToLower(key) {
		case "$search":
			if !strings.EqualFold(c.r.Header.Get("ConsistencyLevel"), "eventual") {
				// Graph's answer (docs: concepts/aad-advanced-queries.md).
				c.fail(http.StatusBadRequest, "Request_UnsupportedQuery",
					"Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'")
				return
			}
			t, ok := parseGroupSearch(v)
			if !ok {
				c.failf(http.StatusBadRequest, "Request_UnsupportedQuery",
					"Unsupported $search '%s': graphsim takes one clause, \"displayName:text\", in double quotes.", v)
				return
			}
			term = t
		case "$select":
			for _, p := range strings.Split(v, ",") {
				p = strings.TrimSpace(p)
				switch strings.ToLower(p) {
				case "id":
					selected = append(selected, "id")
				case "displayname":
					selected = append(selected, "displayName")
				default:
					c.failf(http.StatusBadRequest, "Request_BadRequest", "Could not find a property named '%s' on type 'microsoft.graph.group' (graphsim keeps only id and displayName).", p)
					return
				}
			}
		case "$top":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 999 {
				c.failf(http.StatusBadRequest, "Request_BadRequest", "Invalid page size specified: '%s'. Must be between 1 and 999 inclusive.", v)
				return
			}
			top = min(n, maxGroupPage)
		case "$count", "$orderby", "$filter", "$skiptoken":
			c.failf(http.StatusBadRequest, "Request_UnsupportedQuery", "graphsim does not serve %s on /groups.", key)
			return
		}
	}
	var out []model.Group
	s.mu.Lock()
	for _, g := range s.groups.items {
		if len(out) == top {
			break
		}
		if term == "" || wordPrefix(g.DisplayName, term) {
			out = append(out, g)
		}
	}
	s.mu.Unlock()
	if selected != nil && !slices.Contains(selected, "id") {
		selected = append([]string{"id"}, selected...)
	}
	writeGroups(c, "groups", out, selected)
}

// parseGroupSearch reads "displayName:text" (with its double quotes; \" and \\ escape inside).
func parseGroupSearch(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", false
	}
	inner := strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(v[1 : len(v)-1])
	prop, text, ok := strings.Cut(inner, ":")
	if !ok || !strings.EqualFold(prop, "displayName") || strings.TrimSpace(text) == "" {
		return "", false
	}
	return strings.TrimSpace(text), true
}

// wordPrefix reports whether a word of name (split at spaces and punctuation) starts with term,
// or the whole name does, without regard to case: how Entra's tokenized $search matches.
func wordPrefix(name, term string) bool {
	n, t := strings.ToLower(name), strings.ToLower(term)
	if strings.HasPrefix(n, t) {
		return true
	}
	for i := 1; i < len(n); i++ {
		if strings.IndexByte(" -_.()[]/,:;", n[i-1]) >= 0 && strings.HasPrefix(n[i:], t) {
			return true
		}
	}
	return false
}

// DemoGroups are the demo tenant's Entra groups; the demo's assignments name them, except one
// group id that was deleted (see DemoCompliance).
func DemoGroups() []model.Group {
	return []model.Group{
		{ID: demoGroupID(1), DisplayName: "Mac users"},
		{ID: demoGroupID(2), DisplayName: "Mac kiosks (excluded)"},
		{ID: demoGroupID(3), DisplayName: "Contoso US Macs"},
		{ID: demoGroupID(4), DisplayName: "Design team"},
		{ID: demoGroupID(5), DisplayName: "iPad carts"},
		{ID: demoGroupID(6), DisplayName: "Field sales iPhones"},
		{ID: demoGroupID(9), DisplayName: "Northwind legacy Macs"},
		{ID: demoGroupID(10), DisplayName: "Android Enterprise - Warehouse"},
		{ID: demoGroupID(11), DisplayName: "Linux developer workstations"},
		{ID: demoGroupID(12), DisplayName: "Executives"},
		{ID: demoGroupID(13), DisplayName: "BYOD iOS"},
	}
}

// demoGroupID is the fixed id of the n-th demo group; the device-partner demo uses the same
// c0ffee00-… ids.
func demoGroupID(n int) string { return fmt.Sprintf("c0ffee00-0000-4000-8000-%012d", n) }
