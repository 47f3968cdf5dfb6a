package graphsim

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

// SimTenant is one generated tenant of a simulated fleet.
type SimTenant struct {
	ID         string // a GUID, fixed for a given seed and position
	Name       string
	Partners   []model.Partner
	Compliance []model.CompliancePartner
	// Faults: ConsentMissing answers 403 Authorization_RequestDenied to everything; Throttled
	// answers its first request 503 with a Retry-After and then every third 429; Down answers
	// 500 to everything.
	ConsentMissing, Throttled, Down bool
}

// fleetNames are Microsoft's fictitious company names; tenants past the list get a number.
var fleetNames = []string{
	"Contoso", "Fabrikam", "Northwind Traders", "Adventure Works", "Tailspin Toys",
	"Wide World Importers", "Woodgrove Bank", "Litware", "Proseware", "Alpine Ski House",
	"Coho Winery", "Fourth Coffee", "Lamna Healthcare", "Margie's Travel", "Relecloud",
	"Trey Research", "VanArsdel", "Wingtip Toys", "Humongous Insurance", "Blue Yonder Airlines",
	"Graphic Design Institute", "School of Fine Art", "Southridge Video", "Lucerne Publishing",
	"First Up Consultants",
}

// GenerateFleet makes n tenants dated from now, the same for the same seed: most healthy, some
// with stale heartbeats, unresponsive or terminated partners and near deadlines; about one in
// twenty with consent missing, one throttled and (from 12 tenants) one down. The generated
// mix is the simulator's own choice, not observed data.
func GenerateFleet(n int, now time.Time, seed uint64) []SimTenant {
	rnd := rand.New(rand.NewPCG(seed, 0xf1ee7))
	ago := func(d time.Duration) model.DateTime { return model.At(now.Add(-d)) }
	in := func(d time.Duration) model.DateTime { return model.At(now.Add(d)) }
	const hour, day = time.Hour, 24 * time.Hour
	// deviceManagementPartners in 2026 are Jamf's legacy macOS connectors (graph-fidelity.md);
	// Kandji, Mosyle, Addigy and Workspace ONE are compliance partners, below.
	vendors := []string{"Jamf Pro", "Jamf Cloud Connector"}
	out := make([]SimTenant, n)
	for i := range out {
		name := fleetNames[i%len(fleetNames)]
		if i >= len(fleetNames) {
			name = fmt.Sprintf("%s %d", name, i/len(fleetNames)+1)
		}
		t := SimTenant{ID: guid(rnd), Name: name}
		switch {
		case i%20 == 7:
			t.ConsentMissing = true
		case i == 3:
			t.Throttled = true
		case i == 11:
			t.Down = true
		}
		k := 1 + rnd.IntN(3)
		for j := 0; j < k; j++ {
			p := model.Partner{
				ID:             guid(rnd),
				DisplayName:    vendors[rnd.IntN(len(vendors))],
				PartnerState:   model.StateEnabled,
				PartnerAppType: model.AppTypeMultiTenant,
				IsConfigured:   true,
				LastHeartbeat:  ago(time.Duration(rnd.IntN(120)) * time.Minute),
				NonCompliantAt: never(),
				RemovedAt:      never(),
				Groups:         []model.Assignment{},
			}
			switch r := rnd.IntN(10); {
			case r == 0: // silent for days
				p.LastHeartbeat = ago(time.Duration(2+rnd.IntN(10)) * day)
			case r == 1: // a day late
				p.LastHeartbeat = ago(time.Duration(25+rnd.IntN(20)) * hour)
			case r == 2 && j == 0: // unresponsive, devices non-compliant soon
				p.PartnerState = model.StateUnresponsive
				p.LastHeartbeat = ago(time.Duration(4+rnd.IntN(10)) * day)
				p.NonCompliantAt = in(time.Duration(1+rnd.IntN(20)) * day)
				p.RemovedAt = in(time.Duration(30+rnd.IntN(60)) * day)
			case r == 3 && j > 0: // terminated
				p.PartnerState = model.StateTerminated
				p.LastHeartbeat = ago(40 * day)
				p.NonCompliantAt = ago(33 * day)
				p.RemovedAt = in(time.Duration(10+rnd.IntN(50)) * day)
			}
			t.Partners = append(t.Partners, p)
		}
		// A compliance partner in about half the tenants: most healthy, some silent or unresponsive.
		if rnd.IntN(2) == 0 {
			yes := true
			c := model.CompliancePartner{
				ID:            guid(rnd),
				DisplayName:   []string{"Jamf Pro", "Kandji", "Mosyle Fuse", "Addigy", "Omnissa Workspace ONE UEM"}[rnd.IntN(5)],
				PartnerState:  model.StateEnabled,
				LastHeartbeat: ago(time.Duration(rnd.IntN(90)) * time.Minute),
			}
			c.Platforms[model.PlatformMacOS].Onboarded = &yes
			c.Platforms[model.PlatformIOS].Onboarded = &yes
			switch rnd.IntN(8) {
			case 0:
				c.LastHeartbeat = ago(time.Duration(2+rnd.IntN(6)) * day)
			case 1:
				c.PartnerState = model.StateUnresponsive
				c.LastHeartbeat = ago(time.Duration(3+rnd.IntN(6)) * day)
			}
			t.Compliance = append(t.Compliance, c)
		}
		out[i] = t
	}
	return out
}

// NewTenantsFrom serves generated tenants, each a Server with the given options (latency, clock)
// and its faults applied.
func NewTenantsFrom(tenants []SimTenant, opts ...Option) *Tenants {
	r := NewTenants()
	for i, t := range tenants {
		o := append([]Option{WithPartners(t.Partners), WithCompliancePartners(t.Compliance), WithSeed(uint64(i) + 1)}, opts...)
		switch {
		case t.Throttled:
			o = append(o, WithFailNext(1, 503), WithThrottleEvery(3))
		case t.Down:
			o = append(o, WithFailNext(1<<30, 500))
		}
		r.Add(t.ID, New(o...))
		if t.ConsentMissing {
			r.Deny(t.ID, true)
		}
	}
	return r
}
