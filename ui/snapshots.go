package ui

import (
	"context"
	"reflect"
	"time"

	"github.com/partnerdash/partnerdash/client/snapshot"
	"github.com/partnerdash/partnerdash/model"
)

// Snapshots is one tenant's shared refresher: it owns the tenant's partners (both kinds) and
// publishes them as immutable snapshots. Every dashboard of the tenant (each SSH session, the
// fleet's tenant view) reads the same one; a dashboard keeps only its own cursor, filter, sort,
// scroll, focus and dialogs beside it.
type Snapshots = snapshot.Refresher[model.TenantPartners]

// TenantReader is what a PartnerService also implements when it reads both partner kinds of the
// tenant in one go (*client.Client does). A service without it is read with List and
// ListCompliance, one after the other.
type TenantReader interface {
	ListTenantPartners(ctx context.Context) (model.TenantPartners, error)
}

// TenantFetch is how the snapshots of svc's tenant are fetched: ListTenantPartners when svc has
// it, else List and ListCompliance.
func TenantFetch(svc PartnerService) func(context.Context) (model.TenantPartners, error) {
	if tr, ok := svc.(TenantReader); ok {
		return tr.ListTenantPartners
	}
	return func(ctx context.Context) (model.TenantPartners, error) {
		if svc == nil {
			return model.TenantPartners{}, errNoService
		}
		ps, err := svc.List(ctx)
		if err != nil {
			return model.TenantPartners{}, err
		}
		cs, err := svc.ListCompliance(ctx)
		if err != nil {
			return model.TenantPartners{}, err
		}
		return model.TenantPartners{Partners: ps, Compliance: cs}, nil
	}
}

// NewSnapshots makes the shared refresher of svc's tenant: each fetch is bounded by the
// dashboard's request timeout, and a refresh that brings the same partners wakes no one. The
// caller runs it (Refresher.Run) for as long as dashboards read it. opts come after the
// defaults, so a test can set its clock.
func NewSnapshots(svc PartnerService, opts ...snapshot.Option) *Snapshots {
	all := append([]snapshot.Option{
		snapshot.WithTimeout(requestTimeout),
		snapshot.WithEqual(SameTenant),
	}, opts...)
	return snapshot.New(TenantFetch(svc), all...)
}

// SameTenant reports whether two reads of a tenant found the same partners, field for field.
func SameTenant(a, b model.TenantPartners) bool { return reflect.DeepEqual(a, b) }

// NowClock makes a clock function (Options.Now) the clock of a refresher, so that an injected
// clock dates the data too. Waits use the real time.
func NowClock(now func() time.Time) snapshot.Clock { return clockOf(now) }

type clockOf func() time.Time

func (c clockOf) Now() time.Time                         { return c() }
func (c clockOf) After(d time.Duration) <-chan time.Time { return time.After(d) }
