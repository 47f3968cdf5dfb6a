package uitest

import (
	"context"
	"slices"
	"strings"

	"github.com/partnerdash/partnerdash/model"
)

// The tenant's compliance partners and groups: the same bookkeeping as its device management
// partners (calls are recorded as "get-compliance id", "update-compliance id", ...; FailNext
// takes those names, and "groups" for both group calls).

// SetCompliance replaces every compliance partner.
func (f *Tenant) SetCompliance(ps ...model.CompliancePartner) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.compliance = append([]model.CompliancePartner(nil), ps...)
}

// Compliance is the compliance partner with id, as the tenant holds it now.
func (f *Tenant) Compliance(id string) (model.CompliancePartner, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := slices.IndexFunc(f.compliance, func(p model.CompliancePartner) bool { return p.ID == id })
	if i < 0 {
		return model.CompliancePartner{}, false
	}
	return f.compliance[i].Clone(), true
}

// ComplianceUpdates are the compliance updates applied so far.
func (f *Tenant) ComplianceUpdates() []model.ComplianceUpdate {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]model.ComplianceUpdate(nil), f.complianceUpdates...)
}

// SetGroups gives the tenant's directory these groups; forbidden makes every group call a 403.
func (f *Tenant) SetGroups(forbidden bool, gs ...model.Group) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.groups, f.groupsForbidden = append([]model.Group(nil), gs...), forbidden
}

func (f *Tenant) putComplianceLocked(p model.CompliancePartner) {
	for i := range f.compliance {
		if f.compliance[i].ID == p.ID {
			f.compliance[i] = p
			return
		}
	}
	f.compliance = append(f.compliance, p)
}

// ListCompliance returns the compliance partners in order.
func (f *Tenant) ListCompliance(ctx context.Context) ([]model.CompliancePartner, error) {
	if err := f.record("list-compliance", ""); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]model.CompliancePartner, len(f.compliance))
	for i := range f.compliance {
		out[i] = f.compliance[i].Clone()
	}
	return out, nil
}

// GetCompliance returns one compliance partner, or Graph's 404.
func (f *Tenant) GetCompliance(ctx context.Context, id string) (model.CompliancePartner, error) {
	if f.OnGet != nil {
		f.OnGet(id)
	}
	if err := f.record("get-compliance", id); err != nil {
		return model.CompliancePartner{}, err
	}
	if p, ok := f.Compliance(id); ok {
		return p, nil
	}
	return model.CompliancePartner{}, &model.GraphError{StatusCode: 404, Code: "ResourceNotFound", Message: "not found"}
}

// CreateCompliance adds p with NextID.
func (f *Tenant) CreateCompliance(ctx context.Context, p model.CompliancePartner) (model.CompliancePartner, error) {
	if err := f.change(ctx, "create-compliance", ""); err != nil {
		return model.CompliancePartner{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	p.ID = f.NextID
	f.putComplianceLocked(p.Clone())
	return p, nil
}

// UpdateCompliance applies u to the compliance partner id.
func (f *Tenant) UpdateCompliance(ctx context.Context, id string, u model.ComplianceUpdate) error {
	if err := f.change(ctx, "update-compliance", id); err != nil {
		return err
	}
	p, _ := f.Compliance(id)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.complianceUpdates = append(f.complianceUpdates, u)
	f.putComplianceLocked(u.Apply(p))
	return nil
}

// DeleteCompliance removes the compliance partner id.
func (f *Tenant) DeleteCompliance(ctx context.Context, id string) error {
	if err := f.change(ctx, "delete-compliance", id); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.compliance = slices.DeleteFunc(f.compliance, func(p model.CompliancePartner) bool { return p.ID == id })
	return nil
}

// errGroupsForbidden is Graph's 403 for an account that may not read groups, as the client types it.
func errGroupsForbidden() error {
	return &model.GroupsForbiddenError{Permissions: model.GroupReadPermissions,
		Err: &model.GraphError{StatusCode: 403, Code: "Authorization_RequestDenied", Message: "Insufficient privileges to complete the operation."}}
}

// ResolveGroups names ids from the tenant's groups (NotFound for the others).
func (f *Tenant) ResolveGroups(ctx context.Context, ids []string) (model.GroupNames, error) {
	if err := f.record("groups", strings.Join(ids, ",")); err != nil {
		return model.GroupNames{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.groupsForbidden {
		return model.GroupNames{}, errGroupsForbidden()
	}
	names := model.GroupNames{}
	for _, id := range ids {
		k := strings.ToLower(id)
		names[k] = model.Group{ID: id, NotFound: true}
		for _, g := range f.groups {
			if strings.EqualFold(g.ID, id) {
				names[k] = g
			}
		}
	}
	return names, nil
}

// SearchGroups finds groups whose name contains text (any case), or whose id is text.
func (f *Tenant) SearchGroups(ctx context.Context, text string) ([]model.Group, error) {
	if err := f.record("groups", "search "+text); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.groupsForbidden {
		return nil, errGroupsForbidden()
	}
	var out []model.Group
	q := strings.ToLower(strings.TrimSpace(text))
	for _, g := range f.groups {
		if strings.EqualFold(g.ID, q) || strings.Contains(strings.ToLower(g.DisplayName), q) {
			out = append(out, g)
		}
	}
	return out, nil
}
