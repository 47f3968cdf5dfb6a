package fleetview

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/partnerdash/partnerdash/client"
	"github.com/partnerdash/partnerdash/client/fleet"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

// hostileName is a tenant name from a fleet file that tries to clear the screen, set the
// clipboard and reverse the text.
const hostileName = "Evil\x1b[2J\x1b]52;c;cm0gLXJmIC8=\x07 \u202eCorp"

// The fixed fleet of the tests: each tenant's data or error, read at uitest.Clock.
func fixtureData() map[string]func() (model.TenantPartners, error) {
	now := uitest.Clock
	ago := func(d time.Duration) model.DateTime { return model.At(now.Add(-d)) }
	in := func(d time.Duration) model.DateTime { return model.At(now.Add(d)) }
	active := func(name string, hb time.Duration) model.Partner {
		return model.Partner{ID: "p-" + name, DisplayName: name, PartnerState: model.StateEnabled,
			PartnerAppType: model.AppTypeMultiTenant, IsConfigured: true, LastHeartbeat: ago(hb)}
	}
	compliance := func(name string, st model.PartnerState) model.CompliancePartner {
		return model.CompliancePartner{ID: "c-" + name, DisplayName: name, PartnerState: st, LastHeartbeat: ago(time.Hour)}
	}
	ok := func(tp model.TenantPartners) func() (model.TenantPartners, error) {
		return func() (model.TenantPartners, error) { return tp, nil }
	}
	fail := func(err error) func() (model.TenantPartners, error) {
		return func() (model.TenantPartners, error) { return model.TenantPartners{}, err }
	}
	unresp := active("Jamf Pro", 9*24*time.Hour)
	unresp.PartnerState = model.StateUnresponsive
	unresp.NonCompliantAt = in(2 * 24 * time.Hour)
	term := active("Kandji", 40*24*time.Hour)
	term.PartnerState = model.StateTerminated
	return map[string]func() (model.TenantPartners, error){
		"contoso": ok(model.TenantPartners{Partners: []model.Partner{unresp, active("Mosyle", time.Hour), term},
			Compliance: []model.CompliancePartner{compliance("Addigy", model.StateEnabled)}}),
		"fabrikam": ok(model.TenantPartners{Partners: []model.Partner{active("Jamf Pro", 5*time.Minute)},
			Compliance: []model.CompliancePartner{compliance("Workspace ONE", model.StateEnabled)}}),
		"northwind": ok(model.TenantPartners{Partners: []model.Partner{active("Jamf Cloud", 30*time.Hour), active("Kandji", time.Hour)}}),
		"evil":      ok(model.TenantPartners{Partners: []model.Partner{active("Addigy", time.Hour)}}),
		"litware": fail(&model.GraphError{StatusCode: 403, Code: "Authorization_RequestDenied",
			Message: "Insufficient privileges\x1b]52;c;cm0gLXJmIC8=\x07 to complete the operation.\u202e", RequestID: "0000aaaa-0000-4000-8000-000000000403"}),
		"adatum": fail(&model.GraphError{StatusCode: 429, Code: "TooManyRequests",
			Message: "Too many requests", RetryAfter: 30 * time.Second, RequestID: "0000aaaa-0000-4000-8000-000000000429"}),
		"tailspin": fail(errors.New(`Get "http://10.0.0.9/v1.0/deviceManagement/deviceManagementPartners": dial tcp 10.0.0.9:443: connect: connection refused`)),
	}
}

var fixtureTenants = []fleet.TenantConfig{
	{ID: "contoso", Name: "Contoso"},
	{ID: "fabrikam", Name: "Fabrikam"},
	{ID: "northwind", Name: "Northwind Traders"},
	{ID: "evil", Name: hostileName},
	{ID: "litware", Name: "Litware"},
	{ID: "adatum", Name: "Adatum"},
	{ID: "tailspin", Name: "Tailspin Toys"},
}

// gate holds the tenants' reads until released, so a test can see the fleet while it loads.
type gate struct {
	mu      sync.Mutex
	open    map[string]chan struct{}
	started map[string]bool
}

func (g *gate) wait(ctx context.Context, id string) error {
	g.mu.Lock()
	ch := g.open[id]
	g.mu.Unlock()
	if ch == nil {
		return nil
	}
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// release lets tenant id's read go on.
func (g *gate) release(id string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if ch := g.open[id]; ch != nil {
		close(ch)
		delete(g.open, id)
	}
}

// newFixtureFleet is the fixed fleet, its reads answered from fixtureData (no network). With
// held, those tenants' reads wait for the gate.
func newFixtureFleet(t testing.TB, held ...string) (*fleet.Fleet, *gate) {
	t.Helper()
	data := fixtureData()
	g := &gate{open: map[string]chan struct{}{}}
	for _, id := range held {
		g.open[id] = make(chan struct{})
	}
	f := &fleet.File{Path: "fleet.toml"}
	for _, tc := range fixtureTenants {
		tc.GraphURL = "http://127.0.0.1:9/" + tc.ID + "/v1.0" // never dialled: Fetch answers
		f.Tenants = append(f.Tenants, tc)
	}
	byURL := map[string]string{}
	for _, tc := range f.Tenants {
		byURL[tc.GraphURL] = tc.ID
	}
	fl, err := fleet.Open(f, fleet.Options{Now: uitest.Now, Fetch: func(ctx context.Context, c *client.Client) (model.TenantPartners, error) {
		id := byURL[c.BaseURL()]
		if err := g.wait(ctx, id); err != nil {
			return model.TenantPartners{}, err
		}
		return data[id]()
	}})
	if err != nil {
		t.Fatal(err)
	}
	return fl, g
}

// loadAll reads every tenant once (held tenants must be released first).
func loadAll(t testing.TB, fl *fleet.Fleet) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	fl.Refresh(ctx, 0)
	if done, all := fl.Progress(); done != all {
		t.Fatalf("fleet loaded %d/%d", done, all)
	}
}

func testOptions(fl *fleet.Fleet) Options {
	return Options{
		Fleet:  fl,
		Source: "fleet.toml",
		Poll:   10 * time.Millisecond,
		Dashboard: ui.Options{
			Renderer: uitest.AsciiRenderer(),
			Now:      uitest.Now,
			Location: time.UTC,
			Context:  context.Background(),
		},
	}
}

// newTestScreen is a screen on the loaded fixture fleet, sized w×h.
func newTestScreen(t testing.TB, w, h int) *screen {
	t.Helper()
	fl, _ := newFixtureFleet(t)
	loadAll(t, fl)
	m := newModel(testOptions(fl))
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// names are the tenant names on screen, top to bottom.
func (m *screen) names() []string {
	var out []string
	for _, i := range m.visible {
		out = append(out, m.rows[i].Name)
	}
	return out
}

func press(m *screen, keys ...string) []tea.Cmd {
	var cmds []tea.Cmd
	for _, k := range keys {
		_, cmd := m.Update(uitest.Key(k))
		cmds = append(cmds, cmd)
	}
	return cmds
}

func joined(ss []string) string { return strings.Join(ss, " | ") }
