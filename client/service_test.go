package client

import (
	"context"

	"github.com/partnerdash/partnerdash/model"
)

// complianceService is the interface the dashboard will need for the second kind of partner and
// for group names (ui.PartnerService covers the first kind). It is written here, where the
// compiler checks that *Client implements it, until the ui package declares it.
type complianceService interface {
	ListCompliance(ctx context.Context) ([]model.CompliancePartner, error)
	GetCompliance(ctx context.Context, id string) (model.CompliancePartner, error)
	CreateCompliance(ctx context.Context, p model.CompliancePartner) (model.CompliancePartner, error)
	UpdateCompliance(ctx context.Context, id string, u model.ComplianceUpdate) error
	DeleteCompliance(ctx context.Context, id string) error
}

// groupDirectory resolves and finds Entra groups; a 403 is a *model.GroupsForbiddenError.
type groupDirectory interface {
	ResolveGroups(ctx context.Context, ids []string) (model.GroupNames, error)
	SearchGroups(ctx context.Context, text string) ([]model.Group, error)
}

var (
	_ complianceService = (*Client)(nil)
	_ groupDirectory    = (*Client)(nil)
)
