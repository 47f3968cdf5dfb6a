package ui

import (
	"context"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/dialog"
)

// PartnerService is everything the dashboard does to a tenant's partners. *client.Client
// implements it against Graph; the UI never sees HTTP.
type PartnerService interface {
	List(ctx context.Context) ([]model.Partner, error)
	dialog.Service // what the forms and confirmations do
}

// BetaGuard is what a PartnerService also implements when it talks to v1.0 and can read and write
// the same partner through beta (*client.Client does): before a v1.0 write of the assignments the
// edit form asks it what the write would erase, and offers to write through beta instead.
type BetaGuard = dialog.BetaGuard

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
