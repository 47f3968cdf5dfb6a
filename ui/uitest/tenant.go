package uitest

import (
	"context"
	"sync"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

// Tenant is an in-memory partner service (it has every method of ui.PartnerService) that keeps
// its partners in order, records its calls and fails or waits on demand. Safe for concurrent use.
type Tenant struct {
	mu       sync.Mutex
	partners []model.Partner
	calls    []string
	fail     map[string]error // op ("list", "get", "update", ...) -> error for its next call
	listErrs []error          // errors for the next List calls, in order (nil: that one succeeds)
	lists    int
	updates  []model.PartnerUpdate
	created  []model.Partner

	compliance        []model.CompliancePartner
	complianceUpdates []model.ComplianceUpdate
	groups            []model.Group
	groupsForbidden   bool

	// Gate, when set, makes every mutation wait for it (or for its context).
	Gate chan struct{}
	// OnGet runs before a Get answers (to change things behind a form's back).
	OnGet func(id string)
	// NextID is the id Create gives; "new-id" by default.
	NextID string
}

// NewTenant is a tenant holding ps, in that order.
func NewTenant(ps ...model.Partner) *Tenant {
	return &Tenant{partners: append([]model.Partner(nil), ps...), fail: map[string]error{}, NextID: "new-id"}
}

// Set replaces every partner.
func (f *Tenant) Set(ps []model.Partner) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.partners = append([]model.Partner(nil), ps...)
}

// Put adds p, or replaces the partner with its id.
func (f *Tenant) Put(p model.Partner) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.putLocked(p)
}

func (f *Tenant) putLocked(p model.Partner) {
	for i := range f.partners {
		if f.partners[i].ID == p.ID {
			f.partners[i] = p
			return
		}
	}
	f.partners = append(f.partners, p)
}

// Partner is the partner with id, as the tenant holds it now.
func (f *Tenant) Partner(id string) (model.Partner, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range f.partners {
		if p.ID == id {
			return p, true
		}
	}
	return model.Partner{}, false
}

// FailNext makes the next call of op ("list", "get", "create", "update", "delete", "terminate")
// fail with err.
func (f *Tenant) FailNext(op string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail[op] = err
}

// FailLists gives the next List calls these results in order: an error, or nil to succeed.
func (f *Tenant) FailLists(errs ...error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.listErrs = append(f.listErrs, errs...)
}

// Calls are the calls so far, as "op id".
func (f *Tenant) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

// ListCalls is how many times List was called.
func (f *Tenant) ListCalls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lists
}

// Updates are the updates applied so far.
func (f *Tenant) Updates() []model.PartnerUpdate {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]model.PartnerUpdate(nil), f.updates...)
}

// Created are the partners created so far.
func (f *Tenant) Created() []model.Partner {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]model.Partner(nil), f.created...)
}

func (f *Tenant) record(op, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, op+" "+id)
	if err := f.fail[op]; err != nil {
		delete(f.fail, op)
		return err
	}
	return nil
}

// change is how every change begins: it waits at the Gate, then records the call, which fails
// when the test said it should (FailNext).
func (f *Tenant) change(ctx context.Context, op, id string) error {
	if err := f.wait(ctx); err != nil {
		return err
	}
	return f.record(op, id)
}

func (f *Tenant) wait(ctx context.Context) error {
	if f.Gate == nil {
		return nil
	}
	select {
	case <-f.Gate:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// List returns the partners in order.
func (f *Tenant) List(ctx context.Context) ([]model.Partner, error) {
	f.mu.Lock()
	f.lists++
	var err error
	if len(f.listErrs) > 0 {
		err, f.listErrs = f.listErrs[0], f.listErrs[1:]
	}
	f.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if err := f.record("list", ""); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]model.Partner(nil), f.partners...), nil
}

// Get returns one partner, or Graph's 404.
func (f *Tenant) Get(ctx context.Context, id string) (model.Partner, error) {
	if f.OnGet != nil {
		f.OnGet(id)
	}
	if err := f.record("get", id); err != nil {
		return model.Partner{}, err
	}
	if p, ok := f.Partner(id); ok {
		return p, nil
	}
	return model.Partner{}, &model.GraphError{StatusCode: 404, Code: "ResourceNotFound", Message: "not found"}
}

// Create adds p with NextID.
func (f *Tenant) Create(ctx context.Context, p model.Partner) (model.Partner, error) {
	if err := f.change(ctx, "create", ""); err != nil {
		return model.Partner{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	p.ID = f.NextID
	f.putLocked(p)
	f.created = append(f.created, p)
	return p, nil
}

// Update applies u to the partner id.
func (f *Tenant) Update(ctx context.Context, id string, u model.PartnerUpdate) error {
	if err := f.change(ctx, "update", id); err != nil {
		return err
	}
	p, _ := f.Partner(id)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.updates = append(f.updates, u)
	f.putLocked(u.Apply(p))
	return nil
}

// Delete removes the partner id.
func (f *Tenant) Delete(ctx context.Context, id string) error {
	if err := f.change(ctx, "delete", id); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.partners {
		if f.partners[i].ID == id {
			f.partners = append(f.partners[:i:i], f.partners[i+1:]...)
			break
		}
	}
	return nil
}

// Terminate marks the partner id terminated, with Graph's deadlines counted from Clock.
func (f *Tenant) Terminate(ctx context.Context, id string) error {
	if err := f.change(ctx, "terminate", id); err != nil {
		return err
	}
	p, _ := f.Partner(id)
	p.PartnerState = model.StateTerminated
	p.NonCompliantAt = model.At(Clock.Add(7 * 24 * time.Hour))
	p.RemovedAt = model.At(Clock.Add(90 * 24 * time.Hour))
	f.Put(p)
	return nil
}
