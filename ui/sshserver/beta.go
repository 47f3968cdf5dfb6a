package sshserver

import (
	"context"
	"errors"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui"
)

// The session's wrappers pass the dashboard's beta checks (ui.BetaGuard, ui.ComplianceBetaGuard)
// through to the Graph client, so an operator editing assignments over SSH is warned like a local
// user; a write through beta is audited and tracked like any other update.

var errNoBeta = errors.New("this service cannot write through beta")

// betaOnlyLoss asks s when it can tell; otherwise nothing is known to be lost.
func betaOnlyLoss(ctx context.Context, s ui.PartnerService, id string, u model.PartnerUpdate) (model.BetaLoss, error) {
	if g, ok := s.(ui.BetaGuard); ok {
		return g.BetaOnlyLoss(ctx, id, u)
	}
	return model.BetaLoss{}, nil
}

func updateThroughBeta(ctx context.Context, s ui.PartnerService, id string, u model.PartnerUpdate) error {
	if g, ok := s.(ui.BetaGuard); ok {
		return g.UpdateThroughBeta(ctx, id, u)
	}
	return errNoBeta
}

// BetaOnlyLoss implements ui.BetaGuard.
func (a *audited) BetaOnlyLoss(ctx context.Context, id string, u model.PartnerUpdate) (model.BetaLoss, error) {
	return betaOnlyLoss(ctx, a.s, id, u)
}

// UpdateThroughBeta implements ui.BetaGuard; it is audited as an update.
func (a *audited) UpdateThroughBeta(ctx context.Context, id string, u model.PartnerUpdate) error {
	return a.device.update(ctx, id, u, func(ctx context.Context, id string, u model.PartnerUpdate) error {
		return updateThroughBeta(ctx, a.s, id, u)
	})
}

// BetaOnlyLoss implements ui.BetaGuard; it is a read, cancelled with the session.
func (t tracked) BetaOnlyLoss(ctx context.Context, id string, u model.PartnerUpdate) (model.BetaLoss, error) {
	return trackRead(t, ctx, func(ctx context.Context) (model.BetaLoss, error) { return betaOnlyLoss(ctx, t.s, id, u) })
}

// UpdateThroughBeta implements ui.BetaGuard; like Update, it is not cut off when the session ends.
func (t tracked) UpdateThroughBeta(ctx context.Context, id string, u model.PartnerUpdate) error {
	return trackWrite(t, ctx, func(ctx context.Context) error { return updateThroughBeta(ctx, t.s, id, u) })
}

// graphVersion is the Graph version s talks to, when it can say ("" otherwise).
func graphVersion(s ui.PartnerService) string {
	if g, ok := s.(ui.GraphVersion); ok {
		return g.Version()
	}
	return ""
}

// Version implements ui.GraphVersion, so the compliance form over SSH offers the platforms of the
// client's Graph version (Linux through beta) as it does locally.
func (a *audited) Version() string { return graphVersion(a.s) }

// Version implements ui.GraphVersion.
func (t tracked) Version() string { return graphVersion(t.s) }

// complianceBetaOnlyLoss asks s when it can tell; otherwise nothing is known to be lost.
func complianceBetaOnlyLoss(ctx context.Context, s ui.PartnerService, id string, u model.ComplianceUpdate) (model.ComplianceBetaLoss, error) {
	if g, ok := s.(ui.ComplianceBetaGuard); ok {
		return g.ComplianceBetaOnlyLoss(ctx, id, u)
	}
	return model.ComplianceBetaLoss{}, nil
}

func updateComplianceThroughBeta(ctx context.Context, s ui.PartnerService, id string, u model.ComplianceUpdate) error {
	if g, ok := s.(ui.ComplianceBetaGuard); ok {
		return g.UpdateComplianceThroughBeta(ctx, id, u)
	}
	return errNoBeta
}

// ComplianceBetaOnlyLoss implements ui.ComplianceBetaGuard.
func (a *audited) ComplianceBetaOnlyLoss(ctx context.Context, id string, u model.ComplianceUpdate) (model.ComplianceBetaLoss, error) {
	return complianceBetaOnlyLoss(ctx, a.s, id, u)
}

// UpdateComplianceThroughBeta implements ui.ComplianceBetaGuard; it is audited as a compliance
// update.
func (a *audited) UpdateComplianceThroughBeta(ctx context.Context, id string, u model.ComplianceUpdate) error {
	return a.compliance.update(ctx, id, u, func(ctx context.Context, id string, u model.ComplianceUpdate) error {
		return updateComplianceThroughBeta(ctx, a.s, id, u)
	})
}

// ComplianceBetaOnlyLoss implements ui.ComplianceBetaGuard; it is a read, cancelled with the
// session.
func (t tracked) ComplianceBetaOnlyLoss(ctx context.Context, id string, u model.ComplianceUpdate) (model.ComplianceBetaLoss, error) {
	return trackRead(t, ctx, func(ctx context.Context) (model.ComplianceBetaLoss, error) {
		return complianceBetaOnlyLoss(ctx, t.s, id, u)
	})
}

// UpdateComplianceThroughBeta implements ui.ComplianceBetaGuard; like UpdateCompliance, it is not
// cut off when the session ends.
func (t tracked) UpdateComplianceThroughBeta(ctx context.Context, id string, u model.ComplianceUpdate) error {
	return trackWrite(t, ctx, func(ctx context.Context) error { return updateComplianceThroughBeta(ctx, t.s, id, u) })
}
