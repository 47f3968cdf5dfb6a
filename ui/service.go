package ui

import (
	"context"
	"errors"

	"github.com/partnerdash/partnerdash/model"
)

// PartnerService is everything the dashboard does to a tenant's partners. *client.Client
// implements it against Graph; the UI never sees HTTP.
type PartnerService interface {
	List(ctx context.Context) ([]model.Partner, error)
	Get(ctx context.Context, id string) (model.Partner, error)
	Create(ctx context.Context, p model.Partner) (model.Partner, error)
	Update(ctx context.Context, id string, u model.PartnerUpdate) error
	Delete(ctx context.Context, id string) error
	Terminate(ctx context.Context, id string) error
}

// ErrReadOnly is returned by a read-only service for every mutation.
var ErrReadOnly = errors.New("read-only session: changes are not allowed")

// ReadOnly wraps s so that it refuses every mutation itself, whatever the key map allows.
func ReadOnly(s PartnerService) PartnerService { return readOnly{s} }

// IsReadOnly reports whether s was made by ReadOnly.
func IsReadOnly(s PartnerService) bool {
	_, ok := s.(readOnly)
	return ok
}

type readOnly struct{ s PartnerService }

func (r readOnly) List(ctx context.Context) ([]model.Partner, error) { return r.s.List(ctx) }
func (r readOnly) Get(ctx context.Context, id string) (model.Partner, error) {
	return r.s.Get(ctx, id)
}
func (readOnly) Create(context.Context, model.Partner) (model.Partner, error) {
	return model.Partner{}, ErrReadOnly
}
func (readOnly) Update(context.Context, string, model.PartnerUpdate) error { return ErrReadOnly }
func (readOnly) Delete(context.Context, string) error                      { return ErrReadOnly }
func (readOnly) Terminate(context.Context, string) error                   { return ErrReadOnly }
