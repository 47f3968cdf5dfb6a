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
	a := &audited{s: s, log: log, who: who, now: now}
	a.device = seen[model.Partner, model.PartnerUpdate]{a: a, kind: "",
		known: map[string]model.Partner{},
		id:    func(p model.Partner) string { return p.ID },
		name:  func(p model.Partner) string { return p.DisplayName },
		blank: func(id string) model.Partner { return model.Partner{ID: id} },
		get:   s.Get,
	}
	a.compliance = seen[model.CompliancePartner, model.ComplianceUpdate]{a: a, kind: kindCompliance,
		known: map[string]model.CompliancePartner{},
		id:    func(p model.CompliancePartner) string { return p.ID },
		name:  func(p model.CompliancePartner) string { return p.DisplayName },
		blank: func(id string) model.CompliancePartner { return model.CompliancePartner{ID: id} },
		get:   s.GetCompliance,
	}
	return a
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

	device     seen[model.Partner, model.PartnerUpdate]
	compliance seen[model.CompliancePartner, model.ComplianceUpdate]
}

// update is how a change to a partner of type P is said: what it changes and the partner after it.
type update[P any] interface {
	Changes(old P) []model.Change
	Apply(p P) P
}

// seen is the audit's record path for one kind of partner: the last version of each partner of
// that kind this session saw, and how its reads and changes are recorded.
type seen[P any, U update[P]] struct {
	a    *audited
	kind string // AuditEntry.Kind: "" for device management partners

	id, name func(P) string                           // the partner's id and display name
	blank    func(id string) P                        // a partner known only by its id
	get      func(context.Context, string) (P, error) // reads one partner from Graph

	mu    sync.Mutex
	known map[string]P
}

// list passes a list through and remembers it as the whole tenant of this kind, forgetting
// deleted partners.
func (k *seen[P, U]) list(ps []P, err error) ([]P, error) {
	if err == nil {
		k.mu.Lock()
		clear(k.known)
		for _, p := range ps {
			k.known[k.id(p)] = p
		}
		k.mu.Unlock()
	}
	return ps, err
}

// read passes one read partner through and remembers it.
func (k *seen[P, U]) read(p P, err error) (P, error) {
	if err == nil {
		k.remember(p)
	}
	return p, err
}

// create records one POST of p, sent by send.
func (k *seen[P, U]) create(ctx context.Context, p P, send func(context.Context, P) (P, error)) (P, error) {
	a := k.a
	ctx, ids := withRequestIDs(ctx)
	start := a.now()
	created, err := send(ctx, p)
	e := a.entry("create", start, ids, err)
	e.Kind, e.PartnerID, e.PartnerName = k.kind, k.id(created), k.name(p)
	if err == nil {
		k.remember(created)
	}
	a.log.Record(e)
	return created, err
}

// update records one PATCH, sent by send (through the session's version, or through beta).
func (k *seen[P, U]) update(ctx context.Context, id string, u U, send func(context.Context, string, U) error) error {
	a := k.a
	old, known := k.before(ctx, id)
	ctx, ids := withRequestIDs(ctx)
	start := a.now()
	err := send(ctx, id, u)
	e := a.entry("update", start, ids, err)
	e.Kind, e.PartnerID, e.PartnerName = k.kind, id, k.name(old)
	for _, c := range u.Changes(old) {
		ch := AuditChange{Field: c.Field, Old: c.Old, New: c.New}
		if !known {
			ch.Old = ""
		}
		e.Changes = append(e.Changes, ch)
	}
	if err == nil && known {
		k.remember(u.Apply(old))
	}
	a.log.Record(e)
	return err
}

// removal records delete and terminate, which both take only an id, naming the partner as it
// was before the change.
func (k *seen[P, U]) removal(ctx context.Context, action, id string, call func(context.Context, string) error) error {
	old, _ := k.before(ctx, id)
	a := k.a
	ctx, ids := withRequestIDs(ctx)
	start := a.now()
	err := call(ctx, id)
	e := a.entry(action, start, ids, err)
	e.Kind, e.PartnerID, e.PartnerName = k.kind, id, k.name(old)
	a.log.Record(e)
	return err
}

// before returns the partner as it was, from what this session has seen, or from Graph when it
// has not seen it (best effort: the change goes ahead either way).
func (k *seen[P, U]) before(ctx context.Context, id string) (P, bool) {
	k.mu.Lock()
	p, ok := k.known[id]
	k.mu.Unlock()
	if ok {
		return p, true
	}
	p, err := k.get(ctx, id)
	if err != nil {
		return k.blank(id), false
	}
	k.remember(p)
	return p, true
}

func (k *seen[P, U]) remember(p P) {
	k.mu.Lock()
	k.known[k.id(p)] = p
	k.mu.Unlock()
}

func (a *audited) List(ctx context.Context) ([]model.Partner, error) {
	return a.device.list(a.s.List(ctx))
}

func (a *audited) Get(ctx context.Context, id string) (model.Partner, error) {
	return a.device.read(a.s.Get(ctx, id))
}

func (a *audited) Create(ctx context.Context, p model.Partner) (model.Partner, error) {
	return a.device.create(ctx, p, a.s.Create)
}

func (a *audited) Update(ctx context.Context, id string, u model.PartnerUpdate) error {
	return a.device.update(ctx, id, u, a.s.Update)
}

func (a *audited) Delete(ctx context.Context, id string) error {
	return a.device.removal(ctx, "delete", id, a.s.Delete)
}

func (a *audited) Terminate(ctx context.Context, id string) error {
	return a.device.removal(ctx, "terminate", id, a.s.Terminate)
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
