package graphsim

import (
	"fmt"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

// DemoTenant returns the built-in demo tenant as it looks at now: twelve partners covering every
// partner state and app type, two unconfigured placeholders (one with Intune's year-1 "never"
// dates, one with nulls), heartbeats from minutes to months old, device deadlines overdue, near
// and far, and every assignment target kind, one with the beta filter fields. Every date is
// relative to now, so the demo never goes stale; ids are fixed, so goldens stay stable.
func DemoTenant(now time.Time) []model.Partner {
	ago := func(d time.Duration) model.DateTime { return model.At(now.Add(-d)) }
	in := func(d time.Duration) model.DateTime { return model.At(now.Add(d)) }
	const (
		minute = time.Minute
		hour   = time.Hour
		day    = 24 * time.Hour
	)
	groups := func(ts ...model.Target) []model.Assignment {
		as := make([]model.Assignment, len(ts))
		for i, t := range ts {
			as[i] = model.Assignment{ODataType: model.ODataPartnerAssignment, Target: t}
		}
		return as
	}
	partner := func(n int, name string, state model.PartnerState, app model.AppType, appID string) model.Partner {
		return model.Partner{
			ODataType:         model.ODataPartner,
			ID:                demoID(n),
			DisplayName:       name,
			PartnerState:      state,
			PartnerAppType:    app,
			SingleTenantAppID: appID,
			IsConfigured:      true,
			LastHeartbeat:     never(),
			NonCompliantAt:    never(),
			RemovedAt:         never(),
			Groups:            []model.Assignment{},
		}
	}
	var ps []model.Partner
	add := func(p model.Partner, edit func(*model.Partner)) {
		edit(&p)
		ps = append(ps, p)
	}

	// Healthy connections: a manual Jamf Pro and a Jamf Cloud Connector, minutes since check-in.
	add(partner(1, "Jamf Pro (Contoso HQ)", model.StateEnabled, model.AppTypeSingleTenant, "3f2a8c41-6d0b-4e7a-9b15-7c2e4d9a1f01"), func(p *model.Partner) {
		p.LastHeartbeat = ago(4 * minute)
		p.Groups = groups(
			model.GroupTarget{GroupID: "c0ffee00-0000-4000-8000-000000000001"},
			model.ExclusionGroupTarget{GroupID: "c0ffee00-0000-4000-8000-000000000002"},
		)
	})
	add(partner(2, "Jamf Cloud Connector (Contoso EU)", model.StateEnabled, model.AppTypeMultiTenant, ""), func(p *model.Partner) {
		p.LastHeartbeat = ago(31 * minute)
		p.Groups = groups(model.AllLicensedUsersTarget{})
	})
	// A cloud connector that has gone quiet for a day, targeted through a beta assignment filter.
	add(partner(3, "Jamf Cloud Connector (Contoso US)", model.StateEnabled, model.AppTypeMultiTenant, ""), func(p *model.Partner) {
		p.LastHeartbeat = ago(30 * hour)
		p.Groups = groups(model.GroupTarget{
			AssignmentFilter: model.AssignmentFilter{ID: "f117e500-0000-4000-8000-000000000001", Type: model.FilterInclude},
			GroupID:          "c0ffee00-0000-4000-8000-000000000003",
		})
	})
	// Active on paper, silent for nine days.
	add(partner(4, "Kandji", model.StateEnabled, model.AppTypeSingleTenant, "8b1d5e72-2c9f-4a63-8e40-5f3b7a2c6d04"), func(p *model.Partner) {
		p.LastHeartbeat = ago(9 * day)
		p.Groups = groups(model.ScopeTagGroupTarget{TargetType: model.ScopeTagTargetUser, EntraObjectID: "c0ffee00-0000-4000-8000-000000000004"})
	})
	// Unresponsive: devices turn non-compliant in two days.
	add(partner(5, "Mosyle Manager", model.StateUnresponsive, model.AppTypeMultiTenant, ""), func(p *model.Partner) {
		p.LastHeartbeat = ago(9*day + 3*hour)
		p.NonCompliantAt = in(2 * day)
		p.RemovedAt = in(40 * day)
		p.Groups = groups(model.GroupTarget{GroupID: "c0ffee00-0000-4000-8000-000000000005"})
	})
	// Rejected: the deadline is weeks away, the removal months.
	add(partner(6, "Addigy", model.StateRejected, model.AppTypeSingleTenant, "a4c9e013-7b2d-4f58-b6a1-0e8d3c5f7b06"), func(p *model.Partner) {
		p.LastHeartbeat = ago(2 * day)
		p.NonCompliantAt = in(20 * day)
		p.RemovedAt = in(110 * day)
		p.Groups = groups(model.GroupTarget{GroupID: "c0ffee00-0000-4000-8000-000000000006"})
	})
	add(partner(7, "Jamf Pro (Fabrikam Lab)", model.StateUnavailable, model.AppTypeSingleTenant, "5e7f2a98-4c1b-4d36-a2e9-9f6c0b8d3e07"), func(p *model.Partner) {
		p.LastHeartbeat = ago(26 * hour)
		p.Groups = groups(model.AllDevicesTarget{})
	})
	// Terminated a month ago: already non-compliant, removal two months out.
	add(partner(8, "Hexnode UEM", model.StateTerminated, model.AppTypeSingleTenant, "c2b8f6d4-9e3a-4b71-8d05-1a4e7c9b2f08"), func(p *model.Partner) {
		p.LastHeartbeat = ago(30 * day)
		p.NonCompliantAt = ago(23 * day)
		p.RemovedAt = in(60 * day)
		p.Groups = groups(model.ConfigMgrCollectionTarget{CollectionID: "CM100017"})
	})
	// Terminated five months ago: both deadlines long past.
	add(partner(9, "Jamf Pro (Northwind legacy)", model.StateTerminated, model.AppTypeSingleTenant, "0d6a3b5c-1f8e-4a29-9c74-6b2e8f0a4d09"), func(p *model.Partner) {
		p.LastHeartbeat = ago(150 * day)
		p.NonCompliantAt = ago(143 * day)
		p.RemovedAt = ago(60 * day)
		p.Groups = groups(model.ExclusionGroupTarget{GroupID: "c0ffee00-0000-4000-8000-000000000009"})
	})
	// Configured but never heard from; Graph sends null dates here.
	add(partner(10, "Jamf Now", model.StateUnknown, model.AppTypeUnknown, ""), func(p *model.Partner) {
		p.LastHeartbeat, p.NonCompliantAt, p.RemovedAt = model.NotSet(), model.NotSet(), model.NotSet()
	})
	// The placeholders Intune lists before a partner is set up.
	add(partner(11, "Jamf", model.StateUnknown, model.AppTypeUnknown, ""), func(p *model.Partner) {
		p.IsConfigured = false
	})
	add(partner(12, "Workspace ONE UEM", model.StateUnavailable, model.AppTypeUnknown, ""), func(p *model.Partner) {
		p.IsConfigured = false
		p.LastHeartbeat, p.NonCompliantAt, p.RemovedAt = model.NotSet(), model.NotSet(), model.NotSet()
		p.Groups = nil
	})
	return ps
}

// demoID is the fixed id of the n-th demo partner, e.g. 00000002-aaaa-4bbb-8ccc-000000000002.
func demoID(n int) string { return fmt.Sprintf("%08d-aaaa-4bbb-8ccc-%012d", n, n) }
