package graphsim

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/partnerdash/partnerdash/model"
)

// complianceKind is /deviceManagement/complianceManagementPartners.
var complianceKind = &collectionKind{
	path:       "/deviceManagement/complianceManagementPartners",
	entityType: "microsoft.graph.complianceManagementPartner",
	properties: model.CompliancePartnerProperties,
	betaOnly:   []string{model.PlatformLinux.OnboardedProperty(), model.PlatformLinux.AssignmentsProperty()},
}

// complianceStore holds the tenant's compliance partners in creation order. Server.mu guards it.
type complianceStore struct {
	items   []model.CompliancePartner
	index   map[string]int // lower-case id -> position
	initial []model.CompliancePartner
}

// WithCompliancePartners sets the tenant's compliance partners (copied). Partners without an id
// get a new one; a later partner with the same id replaces an earlier one. Reset restores this set.
func WithCompliancePartners(ps []model.CompliancePartner) Option {
	return func(s *Server) {
		s.setCompliance(ps)
		s.compliance.initial = s.complianceCopy()
	}
}

// CompliancePartners returns a copy of the compliance partners in the order they are listed.
func (s *Server) CompliancePartners() []model.CompliancePartner {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.complianceCopy()
}

// complianceCopy is CompliancePartners for a caller that holds the lock (options do).
func (s *Server) complianceCopy() []model.CompliancePartner {
	out := make([]model.CompliancePartner, len(s.compliance.items))
	for i, p := range s.compliance.items {
		out[i] = p.Clone()
	}
	return out
}

// PutCompliance stores p as if the service had changed it behind a client's back (see Put).
func (s *Server) PutCompliance(p model.CompliancePartner) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.putCompliance(p)
}

// setCompliance replaces the compliance partners with copies of ps. Callers hold mu.
func (s *Server) setCompliance(ps []model.CompliancePartner) {
	s.compliance.items = nil
	s.compliance.index = make(map[string]int, len(ps))
	for _, p := range ps {
		s.putCompliance(p)
	}
}

// putCompliance stores a copy of p as the service writes it: every platform's flag set (false
// when absent); an assignment list never set stays unset and is served as null. Callers hold mu.
func (s *Server) putCompliance(p model.CompliancePartner) {
	p = p.Clone()
	if p.ID == "" {
		p.ID = s.freshComplianceID()
	}
	p.ODataType = model.ODataCompliancePartner
	if p.LastHeartbeat.IsZero() {
		p.LastHeartbeat = never()
	}
	if p.PartnerState == "" {
		p.PartnerState = model.StateUnknown
	}
	for _, pl := range model.Platforms {
		if p.Platforms[pl].Onboarded == nil {
			p.SetOnboarded(pl, false)
		}
		for i := range p.Platforms[pl].Assignments {
			p.Platforms[pl].Assignments[i].ODataType = model.ODataComplianceAssignment
		}
	}
	if s.compliance.index == nil {
		s.compliance.index = map[string]int{}
	}
	if i, ok := s.compliance.index[lower(p.ID)]; ok {
		s.compliance.items[i] = p
		return
	}
	s.compliance.index[lower(p.ID)] = len(s.compliance.items)
	s.compliance.items = append(s.compliance.items, p)
}

// removeCompliance deletes a compliance partner by id. Callers hold mu.
func (s *Server) removeCompliance(id string) bool {
	i, ok := s.compliance.index[lower(id)]
	if !ok {
		return false
	}
	st := &s.compliance
	st.items = append(st.items[:i], st.items[i+1:]...)
	delete(st.index, lower(id))
	for j := i; j < len(st.items); j++ {
		st.index[lower(st.items[j].ID)] = j
	}
	return true
}

// freshComplianceID returns an id no stored partner of either kind has. Callers hold mu.
func (s *Server) freshComplianceID() string {
	for {
		id := s.freshID()
		if _, taken := s.compliance.index[lower(id)]; !taken {
			return id
		}
	}
}

// resetCompliance restores the compliance partners given by the last WithCompliancePartners.
func (s *Server) resetCompliance() { s.setCompliance(s.compliance.initial) }

// encodeCompliance is p's JSON as the request's version and $select show it (wire.go).
func encodeCompliance(c *call, p model.CompliancePartner, selected []string) ([]byte, error) {
	enc, err := wireCompliance(p, c.version)
	if err != nil {
		return nil, err
	}
	return project(enc, selected)
}

// listCompliance answers GET on the collection with paging as the partners list does.
func (s *Server) listCompliance(c *call) {
	q, ok := parseQuery(c, true)
	if !ok {
		return
	}
	s.mu.Lock()
	st := &s.compliance
	n := len(st.items)
	start := q.skip
	if q.skiptoken != "" {
		next, lastID, _ := decodeSkipToken(q.skiptoken)
		start = next
		if i, ok := st.index[lower(lastID)]; ok {
			start = i + 1
		}
	}
	start = min(start, n)
	pageSize := s.pageSize
	if q.top >= 0 && q.top < pageSize {
		pageSize = q.top
	}
	end := min(start+pageSize, n)
	page := make([]model.CompliancePartner, 0, end-start)
	for _, p := range st.items[start:end] {
		page = append(page, p.Clone())
	}
	var lastID string
	if end > start {
		lastID = st.items[end-1].ID
	}
	s.mu.Unlock()

	var buf bytes.Buffer
	buf.WriteString(`{"@odata.context":`)
	writeJSONString(&buf, c.base()+"/$metadata#deviceManagement/complianceManagementPartners"+selectSuffix(q.selected))
	if q.count {
		buf.WriteString(`,"@odata.count":` + strconv.Itoa(n))
	}
	if end < n && end > start {
		buf.WriteString(`,"@odata.nextLink":`)
		writeJSONString(&buf, nextLink(c, q, encodeSkipToken(end, lastID)))
	}
	buf.WriteString(`,"value":[`)
	for i, p := range page {
		enc, err := encodeCompliance(c, p, q.selected)
		if err != nil {
			encodeFailed(c, err)
			return
		}
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(enc)
	}
	buf.WriteString("]}")
	c.writeJSON(http.StatusOK, buf.Bytes())
}

// findCompliance returns a copy of the compliance partner with id. Callers hold mu.
func (s *Server) findCompliance(id string) (model.CompliancePartner, bool) {
	i, ok := s.compliance.index[lower(id)]
	if !ok {
		return model.CompliancePartner{}, false
	}
	return s.compliance.items[i].Clone(), true
}

// getCompliance answers GET on one compliance partner, at the top level with its context.
func (s *Server) getCompliance(c *call, id string) {
	q, ok := parseQuery(c, false)
	if !ok {
		return
	}
	s.mu.Lock()
	p, found := s.findCompliance(id)
	s.mu.Unlock()
	if !found {
		notFound(c)
		return
	}
	enc, err := encodeCompliance(c, p, q.selected)
	if err != nil {
		encodeFailed(c, err)
		return
	}
	c.writeJSON(http.StatusOK, withEntityContext(c, q.selected, enc))
}

// createCompliance answers POST: 201 with the new partner. displayName is required; the
// platforms' flags and assignments are taken from the body; partnerState and
// lastHeartbeatDateTime are type-checked and then left to the service (state unknown, no
// heartbeat yet), as the docs' own example sends them.
func (s *Server) createCompliance(c *call) {
	members, ok := readObject(c)
	if !ok {
		return
	}
	u, p := parseCompliance(members, c.version)
	if p != "" {
		failProblem(c, p)
		return
	}
	if u.DisplayName == nil {
		c.fail(http.StatusBadRequest, codeBadRequest, "Invalid value for property 'displayName': required.")
		return
	}
	created := u.Apply(model.CompliancePartner{PartnerState: model.StateUnknown, LastHeartbeat: never()})
	s.mu.Lock()
	created.ID = s.freshComplianceID()
	s.putCompliance(created)
	stored, _ := s.findCompliance(created.ID)
	s.mu.Unlock()
	enc, err := encodeCompliance(c, stored, nil)
	if err != nil {
		encodeFailed(c, err)
		return
	}
	c.w.Header().Set("Location", c.base()+complianceKind.path+"('"+stored.ID+"')")
	c.writeJSON(http.StatusCreated, withEntityContext(c, nil, enc))
}

// updateCompliance answers PATCH: sent properties are merged, a sent assignment list replaces
// that platform's. 204, or 200 with the entity under WithPatchReturnsBody.
func (s *Server) updateCompliance(c *call, id string) {
	members, ok := readObject(c)
	if !ok {
		return
	}
	u, p := parseCompliance(members, c.version)
	if p != "" {
		failProblem(c, p)
		return
	}
	s.mu.Lock()
	old, found := s.findCompliance(id)
	if found {
		s.putCompliance(u.Apply(old))
	}
	stored, _ := s.findCompliance(id)
	returnBody := s.patchReturnsBody
	s.mu.Unlock()
	switch {
	case !found:
		notFound(c)
	case returnBody:
		enc, err := encodeCompliance(c, stored, nil)
		if err != nil {
			encodeFailed(c, err)
			return
		}
		c.writeJSON(http.StatusOK, withEntityContext(c, nil, enc))
	default:
		c.noContent()
	}
}

// deleteCompliance answers DELETE: 204, or 404.
func (s *Server) deleteCompliance(c *call, id string) {
	s.mu.Lock()
	found := s.removeCompliance(id)
	s.mu.Unlock()
	if !found {
		notFound(c)
		return
	}
	c.noContent()
}

// parseCompliance checks a create or update body property by property against the version's
// schema and returns what may be written. id is refused; partnerState and lastHeartbeatDateTime
// are type-checked and left to the service; Linux members exist only in beta.
func parseCompliance(members map[string]json.RawMessage, version string) (model.ComplianceUpdate, problem) {
	var u model.ComplianceUpdate
	platforms := model.PlatformsIn(version)
	for _, name := range slices.Sorted(maps.Keys(members)) {
		raw := members[name]
		switch {
		case name == "@odata.type":
			if p := checkODataType(raw, model.ODataCompliancePartner, name); p != "" {
				return u, p
			}
			continue
		case strings.Contains(name, "@"):
			continue
		case name == "id":
			return u, idIsTheKey
		case name == "displayName":
			s, p := displayNameValue(raw)
			if p != "" {
				return u, p
			}
			u.DisplayName = &s
			continue
		case name == "partnerState", name == "lastHeartbeatDateTime":
			if p := checkReadOnlyType(name, raw); p != "" {
				return u, p
			}
			continue
		}
		matched := false
		for _, pl := range platforms {
			switch name {
			case pl.OnboardedProperty():
				var b bool
				if jsonKind(raw) != "a boolean" || json.Unmarshal(raw, &b) != nil {
					return u, wrongType(name, "a boolean (Edm.Boolean)", raw)
				}
				u.Onboarded[pl] = &b
				matched = true
			case pl.AssignmentsProperty():
				as, p := assignmentsOf(raw, name, model.ODataComplianceAssignment, version)
				if p != "" {
					return u, p
				}
				u.Assignments[pl] = &as
				matched = true
			}
		}
		if !matched {
			// Linux under v1.0 too: v1.0's type has no such member.
			return u, unknownProperty(name, model.ODataCompliancePartner)
		}
	}
	return u, ""
}
