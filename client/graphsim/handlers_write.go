package graphsim

import (
	"encoding/json"
	"net/http"

	"github.com/partnerdash/partnerdash/model"
)

// never is Intune's "not set" date: .NET's DateTimeOffset.MinValue, which the service writes
// rather than null.
func never() model.DateTime {
	var d model.DateTime
	_ = json.Unmarshal([]byte(`"0001-01-01T00:00:00Z"`), &d) // a constant that parses
	return d
}

// create answers POST on the collection: 201 with the new entity, its new GUID id, Location (in
// OData key syntax, which GET takes) and @odata.context. displayName is required; what else a body
// may set, and what a new entity starts as, is the kind's (partnerEdit, complianceEdit).
func (s *Server) create(c *call) {
	k := c.collection()
	e, ok := readEdit(c)
	if !ok {
		return
	}
	if !e.named() {
		c.fail(http.StatusBadRequest, codeBadRequest, "Invalid value for property 'displayName': required.")
		return
	}
	s.mu.Lock()
	st := k.entities(s)
	id := e.insert(s)
	i, _ := st.find(id)
	enc, err := st.encoded(i, c.version)
	s.mu.Unlock()
	if err != nil {
		encodeFailed(c, err)
		return
	}
	c.w.Header().Set("Location", c.base()+k.path+"('"+id+"')")
	c.writeJSON(http.StatusCreated, withEntityContext(c, nil, enc))
}

// update answers PATCH: the sent properties are merged into the entity, a sent assignment list
// replaces the stored one whole. 204 like real Intune, or 200 with the entity under
// WithPatchReturnsBody. Service-managed properties are checked and ignored (the service keeps its
// values); id is refused with 400.
func (s *Server) update(c *call, id string) {
	e, ok := readEdit(c)
	if !ok {
		return
	}
	s.mu.Lock()
	st := c.collection().entities(s)
	found := e.merge(s, id)
	var enc []byte
	var err error
	returnBody := s.patchReturnsBody
	if found && returnBody {
		i, _ := st.find(id)
		enc, err = st.encoded(i, c.version)
	}
	s.mu.Unlock()
	if found && !returnBody {
		c.noContent()
		return
	}
	answerEntity(c, found, enc, err, nil)
}

// readEdit reads a create or update body and checks it against the call's collection and
// version, answering 400, 413 or 415 itself when it will not do.
func readEdit(c *call) (edit, bool) {
	members, ok := readObject(c)
	if !ok {
		return nil, false
	}
	e, p := c.collection().parse(members, c.version)
	if p != "" {
		failProblem(c, p)
		return nil, false
	}
	return e, true
}

// delete answers DELETE: 204, or 404 for an id the tenant does not have.
func (s *Server) delete(c *call, id string) {
	s.mu.Lock()
	found := c.collection().entities(s).remove(id)
	s.mu.Unlock()
	if !found {
		notFound(c)
		return
	}
	c.noContent()
}

// partnerEdit is a checked deviceManagementPartners body (parsePartner): only displayName,
// partnerAppType, singleTenantAppId and groupsRequiringPartnerEnrollment are taken; the
// service-managed properties the docs' example sends are checked and ignored.
type partnerEdit struct{ u model.PartnerUpdate }

func (e partnerEdit) named() bool { return e.u.DisplayName != nil }

// insert stores a new partner: configured, its state unknown until the partner checks in, its
// dates Graph's minimum.
func (e partnerEdit) insert(s *Server) string {
	u := e.u
	partner := model.Partner{
		PartnerState:   model.StateUnknown,
		PartnerAppType: model.AppTypeUnknown,
		IsConfigured:   true,
		LastHeartbeat:  never(),
		NonCompliantAt: never(),
		RemovedAt:      never(),
		Groups:         []model.Assignment{},
	}
	if u.PartnerAppType == nil && u.SingleTenantAppID != nil && *u.SingleTenantAppID != "" {
		t := model.AppTypeSingleTenant // an app id only makes sense for a single-tenant app
		u.PartnerAppType = &t
	}
	partner = u.Apply(partner)
	partner.ID = s.freshID()
	s.put(partner)
	return partner.ID
}

func (e partnerEdit) merge(s *Server, id string) bool {
	i, found := s.partners.find(id)
	if found {
		s.partners.items[i] = entry{p: e.u.Apply(s.partners.items[i].p)}
	}
	return found
}

// terminate answers POST .../terminate: the partner stays listed, its state becomes terminated,
// and its devices are scheduled to be marked non-compliant and then removed (see
// WithTerminateDeadlines). Terminating a terminated partner changes nothing and still answers
// 204, so a retried call is harmless; an unconfigured placeholder has no connection to end: 400.
func (s *Server) terminate(c *call, id string) {
	s.mu.Lock()
	i, found := s.partners.find(id)
	configured := found && s.partners.items[i].p.IsConfigured
	if configured && s.partners.items[i].p.PartnerState != model.StateTerminated {
		p := s.partners.items[i].p
		p.PartnerState = model.StateTerminated
		p.NonCompliantAt = model.At(c.now.Add(s.nonCompliantAfter))
		p.RemovedAt = model.At(c.now.Add(s.removedAfter))
		s.partners.items[i] = entry{p: p}
	}
	s.mu.Unlock()
	switch {
	case !found:
		notFound(c)
	case !configured:
		c.fail(http.StatusBadRequest, codeBadRequest, c.intuneMessage(
			"This partner is not configured, so there is no connection to terminate"))
	default:
		c.noContent()
	}
}
