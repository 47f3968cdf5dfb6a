package graphsim

import (
	"fmt"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

// DemoTenant returns the built-in demo tenant as it looks at now: a dozen partners as an Intune
// administrator finds them under "Partner device management" in 2026 (graph-fidelity.md, "Where
// the connectors live"): the legacy Jamf macOS connectors, on-premises Jamf Pro and the Jamf Cloud
// Connector ("Jamf Cloud" here, so names fit the table), a few still enabled, most unresponsive, rejected or terminated after Jamf moved
// customers to its device compliance integration, and the unconfigured placeholders Intune lists
// before a partner is set up. Kandji, Mosyle, Addigy and Workspace ONE are compliance partners and
// are not here. The data covers every partner state and app type, every assignment target kind
// (one scope-tag target and one filtered target, which only beta shows), heartbeats from minutes
// to months old, a never-seen partner with Graph's minimum date, and deadlines overdue, near and
// far. Every date is relative to now, so the demo never goes stale; ids are fixed, so goldens
// stay stable.
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
	macs := func(n int) string { return fmt.Sprintf("c0ffee00-0000-4000-8000-%012d", n) }

	// Not yet migrated: an on-premises Jamf Pro checking in every few minutes. Its scope-tag
	// target exists only in beta: a v1.0 edit of its assignments would drop it.
	add(partner(1, "Jamf Pro (Contoso)", model.StateEnabled, model.AppTypeSingleTenant, "3f2a8c41-6d0b-4e7a-9b15-7c2e4d9a1f01"), func(p *model.Partner) {
		p.LastHeartbeat = ago(4 * minute)
		p.Groups = groups(
			model.GroupTarget{GroupID: macs(1)},
			model.ExclusionGroupTarget{GroupID: macs(2)},
			model.ScopeTagGroupTarget{TargetType: model.ScopeTagTargetDevice, EntraObjectID: macs(3)},
		)
	})
	// A Jamf Cloud Connector targeted through a beta assignment filter (corporate Macs only).
	add(partner(2, "Jamf Cloud (Contoso)", model.StateEnabled, model.AppTypeMultiTenant, ""), func(p *model.Partner) {
		p.LastHeartbeat = ago(31 * minute)
		p.Groups = groups(model.GroupTarget{
			AssignmentFilter: model.AssignmentFilter{ID: "f117e500-0000-4000-8000-000000000001", Type: model.FilterInclude},
			GroupID:          macs(4),
		})
	})
	// Enabled on paper, quiet for thirty hours.
	add(partner(3, "Jamf Cloud (Wingtip)", model.StateEnabled, model.AppTypeMultiTenant, ""), func(p *model.Partner) {
		p.LastHeartbeat = ago(30 * hour)
		p.Groups = groups(model.AllLicensedUsersTarget{})
	})
	// Unresponsive since Jamf moved the tenant to device compliance: devices turn
	// non-compliant in two days.
	add(partner(4, "Jamf Cloud (Alpine)", model.StateUnresponsive, model.AppTypeMultiTenant, ""), func(p *model.Partner) {
		p.LastHeartbeat = ago(9*day + 3*hour)
		p.NonCompliantAt = in(2 * day)
		p.RemovedAt = in(40 * day)
		p.Groups = groups(model.GroupTarget{GroupID: macs(5)})
	})
	// Unresponsive for longer: the non-compliance deadline passed yesterday.
	add(partner(5, "Jamf Pro (Adatum)", model.StateUnresponsive, model.AppTypeSingleTenant, "7c3e9a15-4b2d-4f86-a0e1-2d5b8c7f9a05"), func(p *model.Partner) {
		p.LastHeartbeat = ago(12 * day)
		p.NonCompliantAt = ago(1 * day)
		p.RemovedAt = in(30 * day)
		p.Groups = groups(model.AllDevicesTarget{})
	})
	// Rejected: the deadline is weeks away, the removal months.
	add(partner(6, "Jamf Pro (Tailspin)", model.StateRejected, model.AppTypeSingleTenant, "a4c9e013-7b2d-4f58-b6a1-0e8d3c5f7b06"), func(p *model.Partner) {
		p.LastHeartbeat = ago(2 * day)
		p.NonCompliantAt = in(20 * day)
		p.RemovedAt = in(110 * day)
		p.Groups = groups(model.GroupTarget{GroupID: macs(6)})
	})
	add(partner(7, "Jamf Pro (Fabrikam)", model.StateUnavailable, model.AppTypeSingleTenant, "5e7f2a98-4c1b-4d36-a2e9-9f6c0b8d3e07"), func(p *model.Partner) {
		p.LastHeartbeat = ago(26 * hour)
		p.Groups = groups(model.GroupTarget{GroupID: macs(7)})
	})
	// Terminated a month ago after the move to device compliance: already non-compliant,
	// removal two months out. Co-managed Macs were targeted by a ConfigMgr collection.
	add(partner(8, "Jamf Pro (Northwind)", model.StateTerminated, model.AppTypeSingleTenant, "c2b8f6d4-9e3a-4b71-8d05-1a4e7c9b2f08"), func(p *model.Partner) {
		p.LastHeartbeat = ago(30 * day)
		p.NonCompliantAt = ago(23 * day)
		p.RemovedAt = in(60 * day)
		p.Groups = groups(model.ConfigMgrCollectionTarget{CollectionID: "CM100017"})
	})
	// Terminated five months ago: both deadlines long past.
	add(partner(9, "Jamf Cloud (Litware)", model.StateTerminated, model.AppTypeMultiTenant, ""), func(p *model.Partner) {
		p.LastHeartbeat = ago(150 * day)
		p.NonCompliantAt = ago(143 * day)
		p.RemovedAt = ago(60 * day)
		p.Groups = groups(model.ExclusionGroupTarget{GroupID: macs(9)})
	})
	// Configured but never heard from: Graph's minimum date for the heartbeat, which is not
	// nullable; the nullable deadlines are null.
	add(partner(10, "Jamf Pro", model.StateUnknown, model.AppTypeUnknown, ""), func(p *model.Partner) {
		p.NonCompliantAt, p.RemovedAt = model.NotSet(), model.NotSet()
	})
	// The placeholders Intune lists before a partner is set up.
	add(partner(11, "Jamf", model.StateUnknown, model.AppTypeUnknown, ""), func(p *model.Partner) {
		p.IsConfigured = false
	})
	add(partner(12, "Jamf Cloud Connector", model.StateUnavailable, model.AppTypeUnknown, ""), func(p *model.Partner) {
		p.IsConfigured = false
		p.NonCompliantAt, p.RemovedAt = model.NotSet(), model.NotSet()
		p.Groups = nil
	})
	return ps
}

// demoID is the fixed id of the n-th demo partner, e.g. 00000002-aaaa-4bbb-8ccc-000000000002.
func demoID(n int) string { return fmt.Sprintf("%08d-aaaa-4bbb-8ccc-%012d", n, n) }
