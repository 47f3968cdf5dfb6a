package fleet

import (
	"sort"
	"strings"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

// Partner kinds, as reports and metrics label them.
const (
	KindDeviceManagement = "deviceManagementPartner"
	KindCompliance       = "complianceManagementPartner"
)

// PartnerReport is one partner of either kind, triaged.
type PartnerReport struct {
	Kind          string // KindDeviceManagement or KindCompliance
	ID            string
	DisplayName   string
	State         model.PartnerState
	LastHeartbeat model.DateTime
	Assessment    model.Assessment
	// Partner is set for a device management partner, Compliance for a compliance partner.
	Partner    *model.Partner
	Compliance *model.CompliancePartner
}

// TenantReport is one tenant as seen from its current snapshot.
type TenantReport struct {
	Config TenantConfig
	Status Status
	// Health is the worst health of the tenant's configured partners (ok when it has none).
	Health model.Health
	// Partners, most urgent first. Empty when the tenant was never read.
	Partners []PartnerReport
	// Fetched is when the data was read; Took how long the last fetch took.
	Fetched time.Time
	Took    time.Duration
	// Summary counts the partners by health and state, both kinds together.
	Summary model.Summary
}

// Report is the whole fleet at one instant.
type Report struct {
	At      time.Time
	Tenants []TenantReport
}

// Report triages every tenant's current snapshot at now with th (model's rules, the
// thresholds as given). It reads no Graph: call Refresh or Run for that.
func (f *Fleet) Report(now time.Time, th model.Thresholds) Report {
	r := Report{At: now, Tenants: make([]TenantReport, 0, len(f.tenants))}
	for _, t := range f.tenants {
		r.Tenants = append(r.Tenants, t.Report(now, th))
	}
	return r
}

// Report triages the tenant's current snapshot.
func (t *Tenant) Report(now time.Time, th model.Thresholds) TenantReport {
	s := t.snap.Current()
	tr := TenantReport{Config: t.Config, Status: t.Status(), Fetched: s.Fetched, Took: t.Took(), Summary: model.Summary{ByState: map[model.PartnerState]int{}}}
	add := func(pr PartnerReport) {
		tr.Partners = append(tr.Partners, pr)
		tr.Summary.Add(pr.State, pr.Assessment)
		if pr.Assessment.Configured && pr.Assessment.Health > tr.Health {
			tr.Health = pr.Assessment.Health
		}
	}
	for i := range s.Data.Partners {
		p := &s.Data.Partners[i]
		add(PartnerReport{Kind: KindDeviceManagement, ID: p.ID, DisplayName: p.DisplayName, State: p.PartnerState,
			LastHeartbeat: p.LastHeartbeat, Assessment: model.TriageWith(*p, now, th), Partner: p})
	}
	for i := range s.Data.Compliance {
		p := &s.Data.Compliance[i]
		add(PartnerReport{Kind: KindCompliance, ID: p.ID, DisplayName: p.DisplayName, State: p.PartnerState,
			LastHeartbeat: p.LastHeartbeat, Assessment: model.TriageComplianceWith(*p, now, th), Compliance: p})
	}
	// Both kinds in one order: CompareUrgency reads only the names and ids of the partners.
	sort.SliceStable(tr.Partners, func(i, j int) bool {
		a, b := tr.Partners[i], tr.Partners[j]
		return model.CompareUrgency(model.Partner{ID: a.ID, DisplayName: a.DisplayName}, a.Assessment,
			model.Partner{ID: b.ID, DisplayName: b.DisplayName}, b.Assessment) < 0
	})
	return tr
}

// NearestDeadline is the tenant's most urgent device deadline among configured partners.
func (tr TenantReport) NearestDeadline() (model.Deadline, bool) {
	var best model.Deadline
	found := false
	for _, p := range tr.Partners {
		if !p.Assessment.Configured {
			continue
		}
		if d, ok := p.Assessment.Next(); ok && (!found || d.In < best.In) {
			best, found = d, true
		}
	}
	return best, found
}

// SortByUrgency orders tenants most urgent first: unreadable ones (they may hide anything)
// and critical before warning before ok, then the nearest deadline, then the name.
func SortByUrgency(ts []TenantReport) {
	rank := func(tr TenantReport) int {
		switch {
		case tr.Status.Kind == Loading:
			return 0
		case tr.Health == model.HealthCritical:
			return 4
		case !tr.Status.Readable():
			return 3
		case tr.Health == model.HealthWarning:
			return 2
		}
		return 1
	}
	sort.SliceStable(ts, func(i, j int) bool {
		a, b := ts[i], ts[j]
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra > rb
		}
		da, oka := a.NearestDeadline()
		db, okb := b.NearestDeadline()
		switch {
		case oka && !okb:
			return true
		case okb && !oka:
			return false
		case oka && okb && da.In != db.In:
			return da.In < db.In
		}
		return strings.ToLower(a.Config.Label()) < strings.ToLower(b.Config.Label())
	})
}
