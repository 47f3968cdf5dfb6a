package graphsim

import (
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

// DemoBaseURL is the Graph base URL to give a client that uses Server.Client: the in-process
// transport answers any host, and this one makes it obvious in logs that no network is involved.
const DemoBaseURL = "http://graphsim.local/v1.0"

// DefaultPageSize is the largest page the simulator returns, Intune's default page size.
const DefaultPageSize = 1000

// Default deadlines that terminate sets; see WithTerminateDeadlines for why.
const (
	DefaultNonCompliantAfter = 7 * 24 * time.Hour
	DefaultRemovedAfter      = 90 * 24 * time.Hour
)

// Server is the simulated Graph service. It is safe for concurrent use: one mutex guards the
// partners, the fault settings and the counters, and is never held while sleeping or writing a
// response.
type Server struct {
	mu sync.Mutex

	partners partnerStore     // below
	rnd      *rand.Rand       // throttle rate decisions
	ids      *rand.Rand       // entity ids and made-up client-request-ids (seeded)
	reqIDs   *rand.Rand       // request-ids: never seeded, so no two runs repeat one
	newID    func() string    // overrides ids for entity ids when set
	now      func() time.Time // the clock for dates, deadlines and the Date header

	pageSize          int
	patchReturnsBody  bool
	nonCompliantAfter time.Duration
	removedAfter      time.Duration
	faults            faults
	compliance        complianceStore // compliance.go
	groups            groupStore      // groups.go

	requests int
}

// entry is one stored partner with its encoded JSON, cached because listing is by far the most
// frequent request and the encoding does not change until the partner does.
type entry struct {
	p   model.Partner
	enc [2][]byte // as v1.0 and beta serve it (versionSlot)
}

// versionSlot is where an entry caches the encoding for a version.
func versionSlot(version string) int {
	if version == model.VersionBeta {
		return 1
	}
	return 0
}

// New returns a simulator with no partners (add WithPartners(DemoTenant(now)) for the demo
// tenant) and the given options applied.
func New(opts ...Option) *Server {
	s := &Server{
		partners: partnerStore{keyedList: keyedList[entry]{index: map[string]int{}}},
		rnd:      rand.New(rand.NewPCG(1, 2)),
		ids:      rand.New(rand.NewPCG(3, 4)),
		// Graph's request-ids are unique: support looks requests up by them. math/rand/v2's
		// top-level source is seeded at random when the process starts.
		reqIDs:            rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())),
		now:               time.Now,
		pageSize:          DefaultPageSize,
		nonCompliantAfter: DefaultNonCompliantAfter,
		removedAfter:      DefaultRemovedAfter,
		faults:            faults{retryAfter: time.Second},
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Configure applies options to a running server, e.g. to start throttling halfway through a test.
// WithPartners replaces the data and what Reset restores.
func (s *Server) Configure(opts ...Option) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, o := range opts {
		o(s)
	}
}

// Partners returns a copy of the partners in the order they are listed.
func (s *Server) Partners() []model.Partner {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]model.Partner, len(s.partners.items))
	for i, e := range s.partners.items {
		out[i] = e.p.Clone()
	}
	return out
}

// Put stores p as if the service had changed it behind a client's back: a partner with the same
// id is replaced in place, otherwise p is added at the end. An empty id gets a new one.
func (s *Server) Put(p model.Partner) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.put(p)
}

// Remove deletes the partner with the given id behind a client's back and reports whether it
// existed.
func (s *Server) Remove(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.partners.remove(id)
}

// Reset restores the partners given by the last WithPartners (and the compliance partners by
// WithCompliancePartners) and zeroes the request count. Fault
// settings stay as they are.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setPartners(s.partners.initial)
	s.resetCompliance()
	s.requests = 0
	s.faults.throttleCount = 0
}

// Requests is the number of requests served so far, faults included.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// setPartners replaces the stored partners with copies of ps. Callers hold mu.
func (s *Server) setPartners(ps []model.Partner) {
	s.partners.clear()
	for _, p := range ps {
		s.put(p)
	}
}

// put stores a copy of p, normalised as the service writes it. Callers hold mu.
func (s *Server) put(p model.Partner) {
	p = p.Clone()
	if p.ID == "" {
		p.ID = s.freshID()
	}
	p.ODataType = model.ODataPartner
	for i := range p.Groups {
		p.Groups[i].ODataType = model.ODataPartnerAssignment
	}
	s.partners.put(p.ID, entry{p: p})
}

// partnerStore holds the tenant's device management partners. Server.mu guards it.
type partnerStore struct {
	keyedList[entry]
	initial []model.Partner // what Reset restores
}

// count, idAt, encoded and remove (and keyedList's find) make the store the collection's
// entities (collection.go).
func (st *partnerStore) count() int { return len(st.items) }

func (st *partnerStore) idAt(i int) string { return st.items[i].p.ID }

func (st *partnerStore) remove(id string) bool {
	return st.keyedList.remove(id, func(e entry) string { return e.p.ID })
}

// encoded returns the cached JSON of partner i as the version serves it, encoding it on first
// use. A change stores a new entry, never changes a cached encoding.
func (st *partnerStore) encoded(i int, version string) ([]byte, error) {
	e := &st.items[i]
	slot := versionSlot(version)
	if e.enc[slot] == nil {
		b, err := wirePartner(e.p, version)
		if err != nil {
			return nil, err
		}
		e.enc[slot] = b
	}
	return e.enc[slot], nil
}

// freshID returns a new entity id that no stored partner has. Callers hold mu.
func (s *Server) freshID() string {
	for {
		var id string
		if s.newID != nil {
			id = s.newID()
		} else {
			id = guid(s.ids)
		}
		if _, taken := s.partners.find(id); !taken && id != "" {
			return id
		}
	}
}

// ServeHTTP answers one Graph request: it applies the configured faults, then routes it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := s.begin(w, r)
	if !s.injectFaults(c) {
		return
	}
	s.route(c)
}
