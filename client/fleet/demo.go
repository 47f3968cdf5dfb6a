package fleet

import (
	"strings"
	"time"

	"github.com/partnerdash/partnerdash/client/graphsim"
)

// DemoTenants is how many tenants the built-in demo fleet has.
const DemoTenants = 25

// OpenDemo is the fleet the fleet screen opens when nothing is configured: DemoTenants generated
// tenants (graphsim.GenerateFleet at now, healthy and failing, one without consent, one throttled,
// one down) served in-process, no socket and no network. The router is returned too, so a caller
// (a test, the screen's own demo) can change a tenant behind the fleet's back.
func OpenDemo(now time.Time, o Options) (*Fleet, *graphsim.Tenants, error) {
	gen := graphsim.GenerateFleet(DemoTenants, now, 1)
	r := graphsim.NewTenantsFrom(gen, graphsim.WithClock(time.Now))
	base := strings.TrimSuffix(graphsim.DemoBaseURL, "/v1.0")
	o.HTTPClient = r.Client()
	fl, err := Open(SimulatedFile("built-in demo fleet", base, gen), o)
	return fl, r, err
}

// SimulatedFile is the fleet of generated simulator tenants that a graphsim.Tenants router serves
// at base (its URL, no version): each tenant is read through its own path, with no sign-in. path
// names the fleet in messages.
func SimulatedFile(path, base string, gen []graphsim.SimTenant) *File {
	f := &File{Path: path}
	for _, t := range gen {
		f.Tenants = append(f.Tenants, TenantConfig{ID: t.ID, Name: t.Name, GraphURL: base + graphsim.TenantsPrefix + t.ID + "/v1.0"})
	}
	return f
}
