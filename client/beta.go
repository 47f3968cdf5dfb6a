package client

import (
	"context"
	"fmt"
	"strings"

	"github.com/partnerdash/partnerdash/model"
)

// PATCH replaces groupsRequiringPartnerEnrollment whole, and v1.0 cannot see or send what only
// beta has (assignment filters, scope-tag and Android FOTA targets; graph-fidelity.md). A v1.0
// edit of the assignments could therefore erase data its user never saw. BetaOnlyLoss reads the
// partner through beta on the same host first, so any caller can say so and offer
// UpdateThroughBeta instead.

// Version returns the Graph version the client talks to: "v1.0" or "beta".
func (c *Client) Version() string { return c.base.Path[strings.LastIndexByte(c.base.Path, '/')+1:] }

// ForVersion returns a client for the same host, token source, transport and policies that
// talks to the given version ("v1.0" or "beta"); c itself when it already does.
func (c *Client) ForVersion(version string) (*Client, error) {
	if version != model.VersionV1 && version != model.VersionBeta {
		return nil, fmt.Errorf("graph version %q is not v1.0 or beta", version)
	}
	if version == c.Version() {
		return c, nil
	}
	base := *c.base
	base.Path = base.Path[:strings.LastIndexByte(base.Path, '/')+1] + version
	o := &Client{
		base:        &base,
		baseStr:     base.String(),
		hc:          c.hc, // its redirect rule compares with c's origin, which is the same
		tokens:      c.tokens,
		userAgent:   c.userAgent,
		retry:       c.retry,
		attemptTTL:  c.attemptTTL,
		handoffWait: c.handoffWait,
		pageSize:    c.pageSize,
		sleep:       c.sleep,
		now:         c.now,
		jitter:      c.jitter,
	}
	o.collection = o.baseStr + partnersPath
	return o, nil
}

// BetaOnlyLoss reports what a v1.0 PATCH of u would erase from partner id as beta holds it. It is
// empty, and nothing is read, when the client talks to beta already or u does not set the
// assignments; otherwise the partner is read through beta on the same host.
func (c *Client) BetaOnlyLoss(ctx context.Context, id string, u model.PartnerUpdate) (model.BetaLoss, error) {
	if u.Groups == nil || c.Version() == model.VersionBeta {
		return model.BetaLoss{}, nil
	}
	beta, err := c.ForVersion(model.VersionBeta)
	if err != nil {
		return model.BetaLoss{}, err
	}
	p, err := beta.Get(ctx, id)
	if err != nil {
		return model.BetaLoss{}, fmt.Errorf("read the partner through beta to check what a v1.0 write would drop: %w", err)
	}
	return model.CheckBetaLoss(p, *u.Groups), nil
}

// UpdateThroughBeta sends u through beta on the same host (see Update). Give it the assignments
// from BetaLoss.Keep to write the user's change without erasing what only beta holds.
func (c *Client) UpdateThroughBeta(ctx context.Context, id string, u model.PartnerUpdate) error {
	beta, err := c.ForVersion(model.VersionBeta)
	if err != nil {
		return err
	}
	return beta.Update(ctx, id, u)
}

// ComplianceBetaOnlyLoss reports what a v1.0 PATCH of u would erase from compliance partner id as
// beta holds it: a platform's assignments are replaced whole, like the first kind's groups. It is
// empty, and nothing is read, when the client talks to beta already or u sets no platform's
// assignments; otherwise the partner is read through beta on the same host.
func (c *Client) ComplianceBetaOnlyLoss(ctx context.Context, id string, u model.ComplianceUpdate) (model.ComplianceBetaLoss, error) {
	if c.Version() == model.VersionBeta || !u.SetsAssignments() {
		return model.ComplianceBetaLoss{}, nil
	}
	beta, err := c.ForVersion(model.VersionBeta)
	if err != nil {
		return model.ComplianceBetaLoss{}, err
	}
	p, err := beta.GetCompliance(ctx, id)
	if err != nil {
		return model.ComplianceBetaLoss{}, fmt.Errorf("read the compliance partner through beta to check what a v1.0 write would drop: %w", err)
	}
	return model.CheckComplianceBetaLoss(p, u), nil
}

// UpdateComplianceThroughBeta sends u through beta on the same host (see UpdateCompliance). Give
// it ComplianceBetaLoss.Keep to write the user's change without erasing what only beta holds.
func (c *Client) UpdateComplianceThroughBeta(ctx context.Context, id string, u model.ComplianceUpdate) error {
	beta, err := c.ForVersion(model.VersionBeta)
	if err != nil {
		return err
	}
	return beta.UpdateCompliance(ctx, id, u)
}
