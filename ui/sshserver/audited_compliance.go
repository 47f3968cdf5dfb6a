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
	return a.compliance.list(a.s.ListCompliance(ctx))
}

func (a *audited) GetCompliance(ctx context.Context, id string) (model.CompliancePartner, error) {
	return a.compliance.read(a.s.GetCompliance(ctx, id))
}

func (a *audited) CreateCompliance(ctx context.Context, p model.CompliancePartner) (model.CompliancePartner, error) {
	return a.compliance.create(ctx, p, a.s.CreateCompliance)
}

func (a *audited) UpdateCompliance(ctx context.Context, id string, u model.ComplianceUpdate) error {
	return a.compliance.update(ctx, id, u, a.s.UpdateCompliance)
}

func (a *audited) DeleteCompliance(ctx context.Context, id string) error {
	return a.compliance.removal(ctx, "delete", id, a.s.DeleteCompliance)
}

func (a *audited) ResolveGroups(ctx context.Context, ids []string) (model.GroupNames, error) {
	return a.s.ResolveGroups(ctx, ids)
}

func (a *audited) SearchGroups(ctx context.Context, text string) ([]model.Group, error) {
	return a.s.SearchGroups(ctx, text)
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
	var created model.CompliancePartner
	err := trackWrite(t, ctx, func(ctx context.Context) (err error) {
		created, err = t.s.CreateCompliance(ctx, p)
		return err
	})
	return created, err
}

func (t tracked) UpdateCompliance(ctx context.Context, id string, u model.ComplianceUpdate) error {
	return trackWrite(t, ctx, func(ctx context.Context) error { return t.s.UpdateCompliance(ctx, id, u) })
}

func (t tracked) DeleteCompliance(ctx context.Context, id string) error {
	return trackWrite(t, ctx, func(ctx context.Context) error { return t.s.DeleteCompliance(ctx, id) })
}
