package client

import (
	"context"
	"sync"

	"github.com/partnerdash/partnerdash/model"
)

// ListTenantPartners reads both partner lists (every page) side by side, so a tenant takes one
// round trip rather than two. Either failing fails the read (the same permission covers both);
// the device management partners' error is the one reported.
func (c *Client) ListTenantPartners(ctx context.Context) (model.TenantPartners, error) {
	var (
		cs   []model.CompliancePartner
		cerr error
		wg   sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		cs, cerr = c.ListCompliance(ctx)
	}()
	ps, err := c.List(ctx)
	wg.Wait()
	if err == nil {
		err = cerr
	}
	if err != nil {
		return model.TenantPartners{}, err
	}
	return model.TenantPartners{Partners: ps, Compliance: cs}, nil
}
