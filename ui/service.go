package ui

import (
	"context"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/dialog"
)

// PartnerService is everything the dashboard does to a tenant's partners of both kinds and how
// it names their groups. *client.Client implements it against Graph; the UI never sees HTTP.
type PartnerService interface {
	List(ctx context.Context) ([]model.Partner, error)
	ListCompliance(ctx context.Context) ([]model.CompliancePartner, error)
	dialog.Service // what the forms and confirmations do, and the group directory
}

// ComplianceService is what the dialogs do to compliance partners (part of PartnerService).
type ComplianceService = dialog.ComplianceService

// GroupDirectory names groups (part of PartnerService); it only reads.
type GroupDirectory = dialog.GroupDirectory

// BetaGuard is what a PartnerService also implements when it talks to v1.0 and can read and write
// the same partner through beta (*client.Client does): before a v1.0 write of the assignments the
// edit form asks it what the write would erase, and offers to write through beta instead.
type BetaGuard = dialog.BetaGuard

// ComplianceBetaGuard is BetaGuard for compliance partners (*client.Client implements it too):
// the compliance edit form asks it before a v1.0 write of a platform's assignments.
type ComplianceBetaGuard = dialog.ComplianceBetaGuard

// GraphVersion is what a PartnerService also implements when it can say which Graph version it
// talks to: the compliance form offers Linux only through beta.
type GraphVersion = dialog.GraphVersion

// ErrReadOnly is returned by a read-only service for every mutation (the dialogs say so in words).
var ErrReadOnly = dialog.ErrReadOnly

// ReadOnly wraps s so that it refuses every mutation itself, whatever the key map allows: the
// action layer's own guard. The dashboard's keys follow Options.ReadOnly, not this wrapper.
func ReadOnly(s PartnerService) PartnerService { return readOnly{s} }

// IsReadOnly reports whether s was made by ReadOnly (for the SSH server's --read-only check).
func IsReadOnly(s PartnerService) bool {
	_, ok := s.(readOnly)
	return ok
}

type readOnly struct{ s PartnerService }

func (r readOnly) List(ctx context.Context) ([]model.Partner, error) { return r.s.List(ctx) }
func (r readOnly) ListTenantPartners(ctx context.Context) (model.TenantPartners, error) {
	return TenantFetch(r.s)(ctx)
}
func (r readOnly) Get(ctx context.Context, id string) (model.Partner, error) {
	return r.s.Get(ctx, id)
}
func (readOnly) Create(context.Context, model.Partner) (model.Partner, error) {
	return model.Partner{}, ErrReadOnly
}
func (readOnly) Update(context.Context, string, model.PartnerUpdate) error { return ErrReadOnly }
func (readOnly) Delete(context.Context, string) error                      { return ErrReadOnly }
func (readOnly) Terminate(context.Context, string) error                   { return ErrReadOnly }

func (r readOnly) ListCompliance(ctx context.Context) ([]model.CompliancePartner, error) {
	return r.s.ListCompliance(ctx)
}
func (r readOnly) GetCompliance(ctx context.Context, id string) (model.CompliancePartner, error) {
	return r.s.GetCompliance(ctx, id)
}
func (readOnly) CreateCompliance(context.Context, model.CompliancePartner) (model.CompliancePartner, error) {
	return model.CompliancePartner{}, ErrReadOnly
}
func (readOnly) UpdateCompliance(context.Context, string, model.ComplianceUpdate) error {
	return ErrReadOnly
}
func (readOnly) DeleteCompliance(context.Context, string) error { return ErrReadOnly }

// Group names only read: a read-only session shows them too.
func (r readOnly) ResolveGroups(ctx context.Context, ids []string) (model.GroupNames, error) {
	return r.s.ResolveGroups(ctx, ids)
}
func (r readOnly) SearchGroups(ctx context.Context, text string) ([]model.Group, error) {
	return r.s.SearchGroups(ctx, text)
}
