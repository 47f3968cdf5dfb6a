package sshserver

import (
	"context"

	"github.com/partnerdash/partnerdash/model"
)

// Compliance partners go through the same audit as device management partners: every change is
// recorded once Graph has answered, with AuditEntry.Kind "compliance". Group names only read and
// pass through.

const kindCompliance = "compliance"

func (a *audited) ListCompliance(ctx context.Context) ([]model.CompliancePartner, error) {
	ps, err := a.s.ListCompliance(ctx)
	if err == nil {
		a.mu.Lock()
		clear(a.knownCompliance)
		for _, p := range ps {
			a.knownCompliance[p.ID] = p
		}
		a.mu.Unlock()
	}
	return ps, err
}

func (a *audited) GetCompliance(ctx context.Context, id string) (model.CompliancePartner, error) {
	p, err := a.s.GetCompliance(ctx, id)
	if err == nil {
		a.rememberCompliance(p)
	}
	return p, err
}

func (a *audited) CreateCompliance(ctx context.Context, p model.CompliancePartner) (model.CompliancePartner, error) {
	ctx, ids := withRequestIDs(ctx)
	start := a.now()
	created, err := a.s.CreateCompliance(ctx, p)
	e := a.entry("create", start, ids, err)
	e.Kind, e.PartnerID, e.PartnerName = kindCompliance, created.ID, p.DisplayName
	if err == nil {
		a.rememberCompliance(created)
	}
	a.log.Record(e)
	return created, err
}

func (a *audited) UpdateCompliance(ctx context.Context, id string, u model.ComplianceUpdate) error {
	return a.updateCompliance(ctx, id, u, a.s.UpdateCompliance)
}

// updateCompliance sends u with send (through v1.0 or beta) and records it as an update.
func (a *audited) updateCompliance(ctx context.Context, id string, u model.ComplianceUpdate, send func(context.Context, string, model.ComplianceUpdate) error) error {
	old, known := a.beforeCompliance(ctx, id)
	ctx, ids := withRequestIDs(ctx)
	start := a.now()
	err := send(ctx, id, u)
	e := a.entry("update", start, ids, err)
	e.Kind, e.PartnerID, e.PartnerName = kindCompliance, id, old.DisplayName
	for _, c := range u.Changes(old) {
		ch := AuditChange{Field: c.Field, Old: c.Old, New: c.New}
		if !known {
			ch.Old = ""
		}
		e.Changes = append(e.Changes, ch)
	}
	if err == nil && known {
		a.rememberCompliance(u.Apply(old))
	}
	a.log.Record(e)
	return err
}

func (a *audited) DeleteCompliance(ctx context.Context, id string) error {
	old, _ := a.beforeCompliance(ctx, id)
	return a.removal(ctx, "delete", kindCompliance, id, old.DisplayName, a.s.DeleteCompliance)
}

func (a *audited) ResolveGroups(ctx context.Context, ids []string) (model.GroupNames, error) {
	return a.s.ResolveGroups(ctx, ids)
}

func (a *audited) SearchGroups(ctx context.Context, text string) ([]model.Group, error) {
	return a.s.SearchGroups(ctx, text)
}

// beforeCompliance is before for compliance partners.
func (a *audited) beforeCompliance(ctx context.Context, id string) (model.CompliancePartner, bool) {
	a.mu.Lock()
	p, ok := a.knownCompliance[id]
	a.mu.Unlock()
	if ok {
		return p, true
	}
	p, err := a.s.GetCompliance(ctx, id)
	if err != nil {
		return model.CompliancePartner{ID: id}, false
	}
	a.rememberCompliance(p)
	return p, true
}

func (a *audited) rememberCompliance(p model.CompliancePartner) {
	a.mu.Lock()
	a.knownCompliance[p.ID] = p
	a.mu.Unlock()
}

// The session's call counting covers compliance partners and groups as it covers the first kind:
// reads end with the session, changes already sent are waited for.

func (t tracked) ListCompliance(ctx context.Context) ([]model.CompliancePartner, error) {
	return trackRead(t, ctx, t.s.ListCompliance)
}

func (t tracked) GetCompliance(ctx context.Context, id string) (model.CompliancePartner, error) {
	return trackRead(t, ctx, func(ctx context.Context) (model.CompliancePartner, error) { return t.s.GetCompliance(ctx, id) })
}

func (t tracked) ResolveGroups(ctx context.Context, ids []string) (model.GroupNames, error) {
	return trackRead(t, ctx, func(ctx context.Context) (model.GroupNames, error) { return t.s.ResolveGroups(ctx, ids) })
}

func (t tracked) SearchGroups(ctx context.Context, text string) ([]model.Group, error) {
	return trackRead(t, ctx, func(ctx context.Context) ([]model.Group, error) { return t.s.SearchGroups(ctx, text) })
}

func (t tracked) CreateCompliance(ctx context.Context, p model.CompliancePartner) (model.CompliancePartner, error) {
	ctx, end, err := t.c.begin(context.WithoutCancel(ctx))
	if err != nil {
		return model.CompliancePartner{}, err
	}
	defer end()
	return t.s.CreateCompliance(ctx, p)
}

func (t tracked) UpdateCompliance(ctx context.Context, id string, u model.ComplianceUpdate) error {
	ctx, end, err := t.c.begin(context.WithoutCancel(ctx))
	if err != nil {
		return err
	}
	defer end()
	return t.s.UpdateCompliance(ctx, id, u)
}

func (t tracked) DeleteCompliance(ctx context.Context, id string) error {
	ctx, end, err := t.c.begin(context.WithoutCancel(ctx))
	if err != nil {
		return err
	}
	defer end()
	return t.s.DeleteCompliance(ctx, id)
}

// trackRead counts a read that ends with the session.
func trackRead[T any](t tracked, ctx context.Context, read func(context.Context) (T, error)) (T, error) {
	ctx, end, err := t.c.begin(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	defer end()
	return read(ctx)
}
