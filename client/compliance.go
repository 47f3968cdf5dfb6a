package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/partnerdash/partnerdash/model"
)

// compliancePath is the compliance partners collection, relative to the versioned base URL (the
// same in v1.0 and beta).
const compliancePath = "/deviceManagement/complianceManagementPartners"

// complianceURL is the compliance partners collection.
func (c *Client) complianceURL() string { return c.baseStr + compliancePath }

func decodeComplianceEntity(resp *http.Response, p *model.CompliancePartner) error {
	return decodeEntityOf(resp, p, "complianceManagementPartner",
		func(p *model.CompliancePartner) (string, map[string]json.RawMessage) { return p.ID, p.Extra })
}

// ListCompliance returns every compliance partner, following @odata.nextLink as List does (same
// retries, same refusal of a nextLink to another host).
func (c *Client) ListCompliance(ctx context.Context) ([]model.CompliancePartner, error) {
	return listAll(ctx, c, c.complianceURL(), "compliance partners", func(resp *http.Response) (pageOf[model.CompliancePartner], error) {
		var page model.CompliancePartnerList
		if err := c.decodeList(resp, &page, func() bool { return page.Value != nil }); err != nil {
			return pageOf[model.CompliancePartner]{}, err
		}
		return pageOf[model.CompliancePartner]{count: page.Count, next: page.NextLink, value: page.Value}, nil
	})
}

// GetCompliance returns one compliance partner.
func (c *Client) GetCompliance(ctx context.Context, id string) (model.CompliancePartner, error) {
	u, err := itemIn(c.complianceURL(), id)
	if err != nil {
		return model.CompliancePartner{}, fmt.Errorf("get compliance partner: %w", err)
	}
	var p model.CompliancePartner
	err = c.do(ctx, &call{method: http.MethodGet, url: u, resend: idempotent}, func(resp *http.Response) error {
		return decodeComplianceEntity(resp, &p)
	})
	if err != nil {
		return model.CompliancePartner{}, fmt.Errorf("get compliance partner %s: %w", safeID(id), err)
	}
	return p, nil
}

// CreateCompliance adds a compliance partner and returns it as Graph stored it. p must not have
// an id. Like Create, it is retried only on 429 and 503; after a 504 or a network failure the
// error wraps ErrOutcomeUnknown.
func (c *Client) CreateCompliance(ctx context.Context, p model.CompliancePartner) (model.CompliancePartner, error) {
	if p.ID != "" {
		return model.CompliancePartner{}, fmt.Errorf("create compliance partner: it already has id %s; Graph assigns the id", safeID(p.ID))
	}
	body, err := json.Marshal(p)
	if err != nil {
		return model.CompliancePartner{}, fmt.Errorf("create compliance partner: encode: %w", err)
	}
	var created model.CompliancePartner
	err = c.do(ctx, &call{method: http.MethodPost, url: c.complianceURL(), body: body, resend: rejectedOnly}, func(resp *http.Response) error {
		return decodeComplianceEntity(resp, &created)
	})
	if err != nil {
		if outcomeUnknown(err) {
			err = fmt.Errorf("%w; list the compliance partners before creating it again: %w", ErrOutcomeUnknown, err)
		}
		return model.CompliancePartner{}, fmt.Errorf("create compliance partner %q: %w", model.Sanitize(p.DisplayName), err)
	}
	return created, nil
}

// UpdateCompliance sends only what u changes (a PATCH; a set assignment list replaces that
// platform's whole list), accepting 204 and 200. An empty update sends nothing.
func (c *Client) UpdateCompliance(ctx context.Context, id string, u model.ComplianceUpdate) error {
	target, err := itemIn(c.complianceURL(), id)
	if err != nil {
		return fmt.Errorf("update compliance partner: %w", err)
	}
	if u.IsEmpty() {
		return nil
	}
	body, err := json.Marshal(u)
	if err != nil {
		return fmt.Errorf("update compliance partner %s: encode: %w", safeID(id), err)
	}
	err = c.do(ctx, &call{method: http.MethodPatch, url: target, body: body, resend: idempotent}, checkNoBodyOrJSON)
	if err != nil {
		return fmt.Errorf("update compliance partner %s: %w", safeID(id), err)
	}
	return nil
}

// DeleteCompliance removes a compliance partner; a 404 on a retry counts as done, as in Delete.
func (c *Client) DeleteCompliance(ctx context.Context, id string) error {
	u, err := itemIn(c.complianceURL(), id)
	if err != nil {
		return fmt.Errorf("delete compliance partner: %w", err)
	}
	err = c.do(ctx, &call{method: http.MethodDelete, url: u, resend: idempotent, goneIsDone: true}, checkNoBodyOrJSON)
	if err != nil {
		return fmt.Errorf("delete compliance partner %s: %w", safeID(id), err)
	}
	return nil
}
