package graphsim

import (
	"encoding/json"

	"github.com/partnerdash/partnerdash/model"
)

// complianceKind is /deviceManagement/complianceManagementPartners.
var complianceKind = &collectionKind{
	path:       "/deviceManagement/complianceManagementPartners",
	entityType: "microsoft.graph.complianceManagementPartner",
	properties: model.CompliancePartnerProperties,
	betaOnly:   []string{model.PlatformLinux.OnboardedProperty(), model.PlatformLinux.AssignmentsProperty()},
	entities:   func(s *Server) entities { return &s.compliance },
	parse: func(members map[string]json.RawMessage, version string) (edit, problem) {
		u, p := parseCompliance(members, version)
		return complianceEdit{u}, p
	},
	// No terminate: the type has no bound action.
}

// complianceStore holds the tenant's compliance partners in creation order. Server.mu guards it.
type complianceStore struct {
	keyedList[model.CompliancePartner]
	initial []model.CompliancePartner // what Reset restores
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
	s.compliance.clear()
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
	s.compliance.put(p.ID, p)
}

// freshComplianceID returns an id no stored partner of either kind has. Callers hold mu.
func (s *Server) freshComplianceID() string {
	for {
		id := s.freshID()
		if _, taken := s.compliance.find(id); !taken {
			return id
		}
	}
}

// resetCompliance restores the compliance partners given by the last WithCompliancePartners.
func (s *Server) resetCompliance() { s.setCompliance(s.compliance.initial) }

// count, idAt, encoded and remove (and keyedList's find) make the store the collection's
// entities (collection.go).
func (st *complianceStore) count() int { return len(st.items) }

func (st *complianceStore) idAt(i int) string { return st.items[i].ID }

// encoded encodes afresh each time (wire.go): the compliance collection is small.
func (st *complianceStore) encoded(i int, version string) ([]byte, error) {
	return wireCompliance(st.items[i], version)
}

func (st *complianceStore) remove(id string) bool {
	return st.keyedList.remove(id, func(p model.CompliancePartner) string { return p.ID })
}

// complianceEdit is a checked complianceManagementPartners body (parseCompliance): displayName
// and the platforms' flags and assignments are taken from it; partnerState and
// lastHeartbeatDateTime are type-checked and then left to the service (state unknown, no
// heartbeat yet), as the docs' own example sends them.
type complianceEdit struct{ u model.ComplianceUpdate }

func (e complianceEdit) named() bool { return e.u.DisplayName != nil }

func (e complianceEdit) insert(s *Server) string {
	created := e.u.Apply(model.CompliancePartner{PartnerState: model.StateUnknown, LastHeartbeat: never()})
	created.ID = s.freshComplianceID()
	s.putCompliance(created)
	return created.ID
}

// merge merges the sent properties; a sent assignment list replaces that platform's.
func (e complianceEdit) merge(s *Server, id string) bool {
	i, found := s.compliance.find(id)
	if found {
		s.putCompliance(e.u.Apply(s.compliance.items[i].Clone()))
	}
	return found
}

// parseCompliance checks a create or update body property by property against the version's
// schema and returns what may be written. id is refused; partnerState and lastHeartbeatDateTime
// are type-checked and left to the service; Linux members exist only in beta.
func parseCompliance(members map[string]json.RawMessage, version string) (model.ComplianceUpdate, problem) {
	var u model.ComplianceUpdate
	var p problem
	platforms := model.PlatformsIn(version)
	u.DisplayName, p = parseMembers(members, model.ODataCompliancePartner, func(name string, raw json.RawMessage) problem {
		if name == "partnerState" || name == "lastHeartbeatDateTime" {
			return checkReadOnlyType(name, raw)
		}
		for _, pl := range platforms {
			switch name {
			case pl.OnboardedProperty():
				var b bool
				if jsonKind(raw) != "a boolean" || json.Unmarshal(raw, &b) != nil {
					return wrongType(name, "a boolean (Edm.Boolean)", raw)
				}
				u.Onboarded[pl] = &b
				return ""
			case pl.AssignmentsProperty():
				as, p := assignmentsOf(raw, name, model.ODataComplianceAssignment, version)
				if p != "" {
					return p
				}
				u.Assignments[pl] = &as
				return ""
			}
		}
		// Linux under v1.0 too: v1.0's type has no such member.
		return unknownProperty(name, model.ODataCompliancePartner)
	})
	return u, p
}
