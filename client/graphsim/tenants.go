package graphsim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

// TenantsPrefix is the path under which Tenants serves each tenant: /tenants/{id}/v1.0/...
const TenantsPrefix = "/tenants/"

// Tenants serves many simulated tenants from one listener, each its own *Server, addressed by
// path: /tenants/{id}/v1.0/deviceManagement/deviceManagementPartners. It is a thin router: it
// finds the tenant, strips the prefix and hands the request to that tenant's Server.
//
// Real Graph has one URL for every tenant and tells them apart by the access token (its tid
// claim); the simulator uses the path instead so that clients need no sign-in. The tenant's
// prefix travels to the Server in the request's Host ("127.0.0.1:8080/tenants/{id}"), because the
// Server builds its absolute URLs (@odata.context, @odata.nextLink) from the Host: paging through
// the router therefore stays within the tenant.
//
// A tenant marked with Deny answers every request with 403 Authorization_RequestDenied, as Graph
// does for an app whose consent in that tenant lacks the permission. (Graph's directory-wide
// wording; Intune's own 403 names the scopes instead, see WithFailNext. Which of the two a
// consent-less app gets from deviceManagementPartners is not documented: a guess.)
type Tenants struct {
	mu      sync.RWMutex
	servers map[string]*Server // lower-case id
	denied  map[string]bool
	ids     []string
	byToken func(token string) string
}

// RouteByToken makes requests outside /tenants/ go to the tenant tenantOf names for their bearer
// token, as real Graph does (tests pair it with authtest's TenantOf). A token of no known tenant
// gets Graph's 401.
func (t *Tenants) RouteByToken(tenantOf func(token string) string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.byToken = tenantOf
}

// NewTenants returns a router with no tenants.
func NewTenants() *Tenants {
	return &Tenants{servers: map[string]*Server{}, denied: map[string]bool{}}
}

// Add serves s as tenant id (replacing a tenant with the same id, compared without case).
func (t *Tenants) Add(id string, s *Server) {
	t.mu.Lock()
	defer t.mu.Unlock()
	key := strings.ToLower(id)
	if _, ok := t.servers[key]; !ok {
		t.ids = append(t.ids, id)
	}
	t.servers[key] = s
}

// Deny makes tenant id answer 403 Authorization_RequestDenied (consent missing), or stops it.
func (t *Tenants) Deny(id string, deny bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.denied[strings.ToLower(id)] = deny
}

// Server returns tenant id's simulator.
func (t *Tenants) Server(id string) (*Server, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	s, ok := t.servers[strings.ToLower(id)]
	return s, ok
}

// IDs lists the tenants in the order they were added.
func (t *Tenants) IDs() []string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return append([]string(nil), t.ids...)
}

// Requests is the number of requests all tenants served.
func (t *Tenants) Requests() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	n := 0
	for _, s := range t.servers {
		n += s.Requests()
	}
	return n
}

// ServeHTTP routes /tenants/{id}/... to the tenant's Server.
func (t *Tenants) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, TenantsPrefix)
	id, sub, _ := strings.Cut(rest, "/")
	t.mu.RLock()
	byToken := t.byToken
	t.mu.RUnlock()
	if !ok && byToken != nil {
		scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		id = ""
		if strings.EqualFold(scheme, "Bearer") && token != "" {
			id = byToken(strings.TrimSpace(token))
		}
		if id == "" {
			w.Header().Set("WWW-Authenticate", wwwAuthenticate)
			t.fail(w, r, http.StatusUnauthorized, codeUnauthorized, "Access token validation failure. Invalid audience.")
			return
		}
		t.serve(w, r, id, strings.TrimPrefix(r.URL.Path, "/"), "")
		return
	}
	if !ok || id == "" {
		t.fail(w, r, http.StatusNotFound, "NotFound", "graphsim serves tenants under /tenants/{id}/v1.0/.")
		return
	}
	t.serve(w, r, id, sub, TenantsPrefix+id)
}

// serve hands the request to tenant id's Server with path "/"+sub; hostSuffix keeps the
// tenant's prefix in the Host the Server builds absolute URLs from.
func (t *Tenants) serve(w http.ResponseWriter, r *http.Request, id, sub, hostSuffix string) {
	t.mu.RLock()
	s := t.servers[strings.ToLower(id)]
	denied := t.denied[strings.ToLower(id)]
	t.mu.RUnlock()
	switch {
	case s == nil:
		t.fail(w, r, http.StatusNotFound, "NotFound", "graphsim has no tenant "+strconv.Quote(model.Sanitize(id))+".")
		return
	case denied:
		s.mu.Lock()
		s.requests++
		s.mu.Unlock()
		t.fail(w, r, http.StatusForbidden, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
		return
	}
	in := r.Clone(r.Context())
	in.URL.Path = "/" + sub
	in.URL.RawPath = ""
	in.Host = r.Host + hostSuffix
	s.ServeHTTP(w, in)
}

// fail writes a Graph error body with the headers every Graph answer has.
func (t *Tenants) fail(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	crid := r.Header.Get("client-request-id")
	if crid == "" || len(crid) > 128 {
		crid = "00000000-0000-4000-8000-000000000000"
	}
	rid := fmt.Sprintf("7e4a0000-0000-4000-8000-%012d", time.Now().UnixNano()%1e12)
	body, _ := json.Marshal(model.NewErrorBody(code, msg, rid, crid, time.Now()))
	h := w.Header()
	h.Set("Content-Type", jsonContentType)
	h.Set("request-id", rid)
	h.Set("client-request-id", crid)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// Client returns an HTTP client that serves every tenant in-process, without a socket (see
// Server.Client): the demo fleet's transport. Use base URLs like DemoBaseURL's host with the
// tenant's prefix, e.g. http://graphsim.local/tenants/{id}/v1.0.
func (t *Tenants) Client() *http.Client {
	return &http.Client{Transport: inProcess{h: t}}
}
