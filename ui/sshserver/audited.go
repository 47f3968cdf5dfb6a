package sshserver

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui"
)

// Actor is who is behind a session, as the audit log names them.
type Actor struct {
	User        string // SSH login name
	Name        string // from the key comment
	Fingerprint string
	Role        Role
	Remote      string
}

// Audited wraps s so that every change (create, update, delete, terminate) is recorded in log
// with who made it, once Graph has answered. Reads pass through; they also teach the wrapper
// partner names, so that an entry can name the partner a delete removed.
func Audited(s ui.PartnerService, log *AuditLog, who Actor, now func() time.Time) ui.PartnerService {
	if now == nil {
		now = time.Now
	}
	return &audited{s: s, log: log, who: who, now: now, known: map[string]model.Partner{},
		knownCompliance: map[string]model.CompliancePartner{}}
}

// AuditedTenant is Audited for one tenant of a fleet: every entry also names the tenant (its id
// and name), since the same operator may change partners in many tenants in one session.
func AuditedTenant(s ui.PartnerService, log *AuditLog, who Actor, tenantID, tenantName string, now func() time.Time) ui.PartnerService {
	a := Audited(s, log, who, now).(*audited)
	a.tenantID, a.tenantName = tenantID, tenantName
	return a
}

type audited struct {
	s   ui.PartnerService
	log *AuditLog
	who Actor
	now func() time.Time

	tenantID, tenantName string // the fleet tenant, "" for the one tenant of a plain serve

	mu              sync.Mutex
	known           map[string]model.Partner           // the last version of each partner this session saw
	knownCompliance map[string]model.CompliancePartner // the same for compliance partners
}

func (a *audited) List(ctx context.Context) ([]model.Partner, error) {
	ps, err := a.s.List(ctx)
	if err == nil {
		a.mu.Lock()
		clear(a.known) // forget deleted partners; the list is the whole tenant
		for _, p := range ps {
			a.known[p.ID] = p
		}
		a.mu.Unlock()
	}
	return ps, err
}

func (a *audited) Get(ctx context.Context, id string) (model.Partner, error) {
	p, err := a.s.Get(ctx, id)
	if err == nil {
		a.remember(p)
	}
	return p, err
}

func (a *audited) Create(ctx context.Context, p model.Partner) (model.Partner, error) {
	ctx, ids := withRequestIDs(ctx)
	start := a.now()
	created, err := a.s.Create(ctx, p)
	e := a.entry("create", start, ids, err)
	e.PartnerID, e.PartnerName = created.ID, p.DisplayName
	if err == nil {
		a.remember(created)
	}
	a.log.Record(e)
	return created, err
}

func (a *audited) Update(ctx context.Context, id string, u model.PartnerUpdate) error {
	return a.update(ctx, id, u, a.s.Update)
}

// update records one PATCH, sent by send (through the session's version, or through beta).
func (a *audited) update(ctx context.Context, id string, u model.PartnerUpdate, send func(context.Context, string, model.PartnerUpdate) error) error {
	old, known := a.before(ctx, id)
	ctx, ids := withRequestIDs(ctx)
	start := a.now()
	err := send(ctx, id, u)
	e := a.entry("update", start, ids, err)
	e.PartnerID, e.PartnerName = id, old.DisplayName
	for _, c := range u.Changes(old) {
		ch := AuditChange{Field: c.Field, Old: c.Old, New: c.New}
		if !known {
			ch.Old = ""
		}
		e.Changes = append(e.Changes, ch)
	}
	if err == nil && known {
		a.remember(u.Apply(old))
	}
	a.log.Record(e)
	return err
}

func (a *audited) Delete(ctx context.Context, id string) error {
	old, _ := a.before(ctx, id)
	return a.removal(ctx, "delete", "", id, old.DisplayName, a.s.Delete)
}

func (a *audited) Terminate(ctx context.Context, id string) error {
	old, _ := a.before(ctx, id)
	return a.removal(ctx, "terminate", "", id, old.DisplayName, a.s.Terminate)
}

// removal records delete and terminate, which both take only an id, of a partner of kind
// (AuditEntry.Kind) named name before the change.
func (a *audited) removal(ctx context.Context, action, kind, id, name string, call func(context.Context, string) error) error {
	ctx, ids := withRequestIDs(ctx)
	start := a.now()
	err := call(ctx, id)
	e := a.entry(action, start, ids, err)
	e.Kind, e.PartnerID, e.PartnerName = kind, id, name
	a.log.Record(e)
	return err
}

// before returns the partner as it was, from what this session has seen, or from Graph when it
// has not seen it (best effort: the change goes ahead either way).
func (a *audited) before(ctx context.Context, id string) (model.Partner, bool) {
	a.mu.Lock()
	p, ok := a.known[id]
	a.mu.Unlock()
	if ok {
		return p, true
	}
	p, err := a.s.Get(ctx, id)
	if err != nil {
		return model.Partner{ID: id}, false
	}
	a.remember(p)
	return p, true
}

func (a *audited) remember(p model.Partner) {
	a.mu.Lock()
	a.known[p.ID] = p
	a.mu.Unlock()
}

func (a *audited) entry(action string, start time.Time, ids *requestIDs, err error) AuditEntry {
	end := a.now()
	e := AuditEntry{
		Time: end.UTC(), User: a.who.User, Name: a.who.Name, Fingerprint: a.who.Fingerprint,
		Role: a.who.Role, Remote: a.who.Remote, Tenant: a.tenantID, TenantName: a.tenantName,
		Action: action, Result: "ok",
		DurationMS: end.Sub(start).Milliseconds(),
	}
	e.RequestID, e.ClientReqID = ids.get()
	if err != nil {
		e.Result, e.Error = "error", err.Error()
		var ge *model.GraphError
		if errors.As(err, &ge) {
			e.Status = ge.StatusCode
			if ge.RequestID != "" {
				e.RequestID = ge.RequestID
			}
			if ge.ClientRequestID != "" {
				e.ClientReqID = ge.ClientRequestID
			}
		}
	}
	return e
}
