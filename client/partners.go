package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/partnerdash/partnerdash/model"
)

// List returns every partner, following @odata.nextLink until the last page. It fails, returning
// nothing, if any page fails or a nextLink leaves the configured Graph host (ErrForeignNextLink).
// Pages are retried as GETs are (429, 503, 504, network errors).
func (c *Client) List(ctx context.Context) ([]model.Partner, error) {
	return listAll(ctx, c, c.collection, "partners", c.decodePartnerPage)
}

// ListEachJSON calls partner with each partner, in order, as JSON: exactly what model's
// Partner.AppendJSON writes after decoding what Graph sent, laid out as json.Indent lays it out
// with prefix and indent (compact when both are ""), made by model.AppendPartnerJSONIndent
// without building the partners, as soon as its page is read (the next page is fetched
// meanwhile); pageDone, if not nil, after each page's last partner. So a caller can write 10,000
// partners out without holding them or decoding them. The bytes are only valid until partner
// returns. It stops at the first error: a page that fails (wrapped as List wraps it, naming the
// page; a partner that does not decode fails its page, after the partners before it) or an error
// of partner or pageDone, returned unchanged. Partners already given stay given: a caller that
// must not act on part of a list should use List.
func (c *Client) ListEachJSON(ctx context.Context, prefix, indent string, partner func([]byte) error, pageDone func() error) error {
	encode := func(dst, raw []byte) ([]byte, error) {
		return model.AppendPartnerJSONIndent(dst, raw, prefix, indent)
	}
	if prefix == "" && indent == "" {
		encode = model.AppendPartnerJSON
	}
	var page model.PartnerPage // its Value's array is reused for every page
	decode := func(resp *http.Response, buf *bytes.Buffer) (pageOf[json.RawMessage], error) {
		if err := c.parseList(resp, buf, &page, func() bool { return page.Value != nil }); err != nil {
			return pageOf[json.RawMessage]{}, err
		}
		return pageOf[json.RawMessage]{count: page.Count, next: page.NextLink, value: page.Value}, nil
	}
	var encoded []byte // one partner; reused
	return eachPage(ctx, c, c.collection, "partners", decode, func(p pageOf[json.RawMessage]) error {
		for _, raw := range p.value {
			var err error
			if encoded, err = encode(encoded[:0], raw); err != nil {
				return pageError("partners", p.number, notGraphPayload(p.resp, err))
			}
			if err := partner(encoded); err != nil {
				return err
			}
		}
		if pageDone != nil {
			return pageDone()
		}
		return nil
	})
}

func (c *Client) decodePartnerPage(resp *http.Response, buf *bytes.Buffer) (pageOf[model.Partner], error) {
	var page model.PartnerList
	if err := c.parseList(resp, buf, &page, func() bool { return page.Value != nil }); err != nil {
		return pageOf[model.Partner]{}, err
	}
	return pageOf[model.Partner]{count: page.Count, next: page.NextLink, value: page.Value}, nil
}

// nextLink resolves a page's @odata.nextLink (absolute in Graph; a relative one is resolved
// against the page it came from) and refuses one that leaves the configured origin.
func (c *Client) nextLink(current, link string) (string, error) {
	cur, err := url.Parse(current)
	if err != nil {
		return "", err
	}
	u, err := cur.Parse(link)
	if err != nil {
		return "", fmt.Errorf("@odata.nextLink %s is not a URL: %w", quoteTrunc(link), err)
	}
	if !c.sameOrigin(u) {
		return "", fmt.Errorf("%w: %s is not %s://%s; not following it", ErrForeignNextLink,
			quoteTrunc(link), c.base.Scheme, c.base.Host)
	}
	return u.String(), nil
}

// Count returns the number of partners: one small page of the list with $count=true, read from
// its @odata.count. Intune has no /$count route on its collections (it answers 400 "No OData route
// exists ... ~/singleton/navigation/$count"; msgraph-beta-sdk-dotnet issue 697 points to $count=true).
func (c *Client) Count(ctx context.Context) (int, error) {
	var page model.PartnerList
	u := c.collection + "?$count=true&$top=1&$select=id"
	err := c.do(ctx, &call{method: http.MethodGet, url: u, resend: idempotent}, func(resp *http.Response) error {
		if err := c.decodeList(resp, &page, func() bool { return page.Value != nil }); err != nil {
			return err
		}
		if page.Count == nil || *page.Count < 0 {
			return notGraph(resp, "a list without @odata.count")
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("count partners: %w", err)
	}
	return *page.Count, nil
}

// Get returns one partner.
func (c *Client) Get(ctx context.Context, id string) (model.Partner, error) {
	u, err := c.itemURL(id)
	if err != nil {
		return model.Partner{}, fmt.Errorf("get partner: %w", err)
	}
	var p model.Partner
	err = c.do(ctx, &call{method: http.MethodGet, url: u, resend: idempotent}, func(resp *http.Response) error {
		return decodeEntity(resp, &p)
	})
	if err != nil {
		return model.Partner{}, fmt.Errorf("get partner %s: %w", safeID(id), err)
	}
	return p, nil
}

// Create adds a partner and returns it as Graph stored it (with its new id). p must not have an
// id. Create is retried only on 429 and 503, which Graph sends before doing anything; after a 504
// or a network failure it is not re-sent, and the error wraps ErrOutcomeUnknown.
func (c *Client) Create(ctx context.Context, p model.Partner) (model.Partner, error) {
	if p.ID != "" {
		return model.Partner{}, fmt.Errorf("create partner: it already has id %s; Graph assigns the id", safeID(p.ID))
	}
	body, err := json.Marshal(createBody(p))
	if err != nil {
		return model.Partner{}, fmt.Errorf("create partner: encode: %w", err)
	}
	var created model.Partner
	err = c.do(ctx, &call{method: http.MethodPost, url: c.collection, body: body, resend: rejectedOnly}, func(resp *http.Response) error {
		return decodeEntity(resp, &created)
	})
	if err != nil {
		if outcomeUnknown(err) {
			err = fmt.Errorf("%w; list the partners before creating it again: %w", ErrOutcomeUnknown, err)
		}
		return model.Partner{}, fmt.Errorf("create partner %q: %w", model.Sanitize(p.DisplayName), err)
	}
	return created, nil
}

// createBody is what Create sends: only what the user set. The service-managed properties
// (state, isConfigured, heartbeat, deadlines) are never sent, an unknown app type is the service's
// default and is left out, and an empty assignment list is left out.
func createBody(p model.Partner) map[string]any {
	m := map[string]any{"@odata.type": model.ODataPartner}
	if p.DisplayName != "" {
		m["displayName"] = p.DisplayName
	}
	if p.PartnerAppType != "" && p.PartnerAppType != model.AppTypeUnknown {
		m["partnerAppType"] = p.PartnerAppType
	}
	if p.SingleTenantAppID != "" {
		m["singleTenantAppId"] = p.SingleTenantAppID
	}
	if len(p.Groups) > 0 {
		m["groupsRequiringPartnerEnrollment"] = p.Groups
	}
	return m
}

// Update sends only the properties u sets (a PATCH; a set group list replaces the whole
// collection). It accepts both answers Graph gives: 200 with the entity and 204 without one.
// An empty update sends nothing.
func (c *Client) Update(ctx context.Context, id string, u model.PartnerUpdate) error {
	target, err := c.itemURL(id)
	if err != nil {
		return fmt.Errorf("update partner: %w", err)
	}
	if u.IsEmpty() {
		return nil
	}
	body, err := json.Marshal(u)
	if err != nil {
		return fmt.Errorf("update partner %s: encode: %w", safeID(id), err)
	}
	err = c.do(ctx, &call{method: http.MethodPatch, url: target, body: body, resend: idempotent}, checkNoBodyOrJSON)
	if err != nil {
		return fmt.Errorf("update partner %s: %w", safeID(id), err)
	}
	return nil
}

// Delete removes a partner. A 404 on a retry counts as done (an earlier attempt deleted it and its
// answer was lost); a 404 on the first attempt is returned (IsNotFound).
func (c *Client) Delete(ctx context.Context, id string) error {
	u, err := c.itemURL(id)
	if err != nil {
		return fmt.Errorf("delete partner: %w", err)
	}
	err = c.do(ctx, &call{method: http.MethodDelete, url: u, resend: idempotent, goneIsDone: true}, checkNoBodyOrJSON)
	if err != nil {
		return fmt.Errorf("delete partner %s: %w", safeID(id), err)
	}
	return nil
}

// Terminate ends a partner connection (POST .../{id}/terminate): Intune marks it terminated and
// later removes its devices. It is retried on 429 and 503 only. After a 504 or a network failure
// it is not re-sent blindly: the partner is read back, and if it is terminated that counts as
// success; otherwise the original error is returned.
func (c *Client) Terminate(ctx context.Context, id string) error {
	u, err := c.itemURL(id)
	if err != nil {
		return fmt.Errorf("terminate partner: %w", err)
	}
	err = c.do(ctx, &call{method: http.MethodPost, url: u + "/terminate", resend: rejectedOnly}, checkNoBodyOrJSON)
	if err == nil {
		return nil
	}
	if outcomeUnknown(err) && ctx.Err() == nil {
		p, gerr := c.Get(ctx, id)
		if gerr == nil && p.PartnerState == model.StateTerminated {
			return nil
		}
		if gerr != nil {
			err = fmt.Errorf("%w (reading the partner back to check also failed: %v)", err, gerr)
		} else {
			err = fmt.Errorf("%w (the partner is still %s)", err, p.PartnerState.Label())
		}
	}
	return fmt.Errorf("terminate %s: %w", safeID(id), err)
}

// outcomeUnknown reports whether a request that is not safe to repeat may have been carried out:
// Graph answered 504, the connection failed after it was made, or a success body was cut off.
func outcomeUnknown(err error) bool {
	if ge, ok := AsGraphError(err); ok {
		return ge.StatusCode == http.StatusGatewayTimeout
	}
	var se *sendError
	if errors.As(err, &se) {
		return !se.notSent
	}
	var be *bodyReadError
	return errors.As(err, &be)
}

// itemURL is the URL of one partner, its id escaped as one path segment.
func (c *Client) itemURL(id string) (string, error) { return itemIn(c.collection, id) }

// itemIn is the URL of one entity of collection, its id escaped as one path segment.
func itemIn(collection, id string) (string, error) {
	switch strings.TrimSpace(id) {
	case "":
		return "", errors.New("empty partner id")
	case ".", "..":
		return "", fmt.Errorf("%q is not a partner id", id)
	}
	return collection + "/" + url.PathEscape(id), nil
}

// safeID makes an id fit for an error message shown on a terminal.
func safeID(id string) string {
	if len(id) > 80 {
		id = id[:80] + "…"
	}
	return model.Sanitize(id)
}

func quoteTrunc(s string) string {
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return strconv.Quote(model.Sanitize(s))
}
