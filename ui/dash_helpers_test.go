package ui

import (
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

// dashZone is the user's zone in tests: not UTC, so local times show.
var dashZone = time.FixedZone("CET", 3600)

func ago(d time.Duration) model.DateTime { return model.At(uitest.Clock.Add(-d)) }
func in(d time.Duration) model.DateTime  { return model.At(uitest.Clock.Add(d)) }

const day = 24 * time.Hour

// dashFixture is a small tenant with every state, every target kind and every deadline shape.
func dashFixture() []model.Partner {
	g := func(n string) string { return "c0ffee00-0000-4000-8000-0000000000" + n }
	return []model.Partner{
		{ID: "00000005-aaaa-4bbb-8ccc-000000000005", DisplayName: "Contoso Jamf Cloud", PartnerState: model.StateEnabled,
			PartnerAppType: model.AppTypeMultiTenant, IsConfigured: true, LastHeartbeat: ago(4 * time.Minute),
			Groups: []model.Assignment{{Target: model.AllLicensedUsersTarget{}}, {Target: model.AllDevicesTarget{}}}},
		{ID: "00000001-aaaa-4bbb-8ccc-000000000001", DisplayName: "Brambleworth MDM", PartnerState: model.StateUnresponsive,
			PartnerAppType: model.AppTypeMultiTenant, IsConfigured: true, LastHeartbeat: ago(9 * day),
			NonCompliantAt: in(2 * day), RemovedAt: in(40 * day),
			Groups: []model.Assignment{
				{Target: model.GroupTarget{GroupID: g("01")}},
				{Target: model.ExclusionGroupTarget{GroupID: g("02"),
					AssignmentFilter: model.AssignmentFilter{ID: "f11e7000-0000-4000-8000-000000000001", Type: model.FilterInclude}}},
			}},
		{ID: "00000002-aaaa-4bbb-8ccc-000000000002", DisplayName: "Tidewater Devices", PartnerState: model.StateTerminated,
			PartnerAppType: model.AppTypeSingleTenant, SingleTenantAppID: "5ca1ab1e-0000-4000-8000-000000000002",
			IsConfigured: true, LastHeartbeat: ago(89 * day), NonCompliantAt: ago(82 * day), RemovedAt: in(1 * day)},
		{ID: "00000003-aaaa-4bbb-8ccc-000000000003", DisplayName: "Marrowgate Jamf", PartnerState: model.StateRejected,
			PartnerAppType: model.AppTypeSingleTenant, SingleTenantAppID: "5ca1ab1e-0000-4000-8000-000000000003",
			IsConfigured: true, LastHeartbeat: ago(2 * day)},
		{ID: "00000004-aaaa-4bbb-8ccc-000000000004", DisplayName: "Northwind Jamf Pro", PartnerState: model.StateUnavailable,
			PartnerAppType: model.AppTypeMultiTenant, IsConfigured: true, LastHeartbeat: ago(1 * day)},
		{ID: "00000006-aaaa-4bbb-8ccc-000000000006", DisplayName: "Fabrikam Kandji", PartnerState: model.StateEnabled,
			PartnerAppType: model.AppTypeSingleTenant, SingleTenantAppID: "5ca1ab1e-0000-4000-8000-000000000006",
			IsConfigured: true, LastHeartbeat: ago(31 * time.Minute),
			Groups: []model.Assignment{
				{Target: model.ConfigMgrCollectionTarget{CollectionID: "SMS00001"}},
				{Target: model.ScopeTagGroupTarget{TargetType: model.ScopeTagTargetDevice, EntraObjectID: g("03")}},
				{Target: model.UnknownTarget{Type: "#microsoft.graph.futureAssignmentTarget", Raw: []byte(`{}`)}},
			}},
		{ID: "00000007-aaaa-4bbb-8ccc-000000000007", DisplayName: "Lindenfield Mosyle", PartnerState: model.StateEnabled,
			PartnerAppType: model.AppTypeMultiTenant, IsConfigured: true, LastHeartbeat: ago(3 * day),
			Groups: []model.Assignment{{Target: model.GroupTarget{GroupID: g("04")}}}},
		{ID: "00000008-aaaa-4bbb-8ccc-000000000008", DisplayName: "Quarry Hill Addigy", PartnerState: model.StateEnabled,
			PartnerAppType: model.AppTypeMultiTenant, IsConfigured: true, LastHeartbeat: ago(10 * day),
			NonCompliantAt: in(20 * day)},
		{ID: "00000009-aaaa-4bbb-8ccc-000000000009", DisplayName: "Harbourlight Devices", PartnerState: "suspendedForReview",
			PartnerAppType: model.AppTypeUnknown, IsConfigured: true, LastHeartbeat: ago(5 * time.Hour)},
		{ID: "00000010-aaaa-4bbb-8ccc-000000000010", PartnerState: model.StateUnknown, PartnerAppType: model.AppTypeUnknown},
		{ID: "00000011-aaaa-4bbb-8ccc-000000000011", DisplayName: "Wexford Jamf School", PartnerState: model.StateEnabled,
			PartnerAppType: model.AppTypeSingleTenant, SingleTenantAppID: "5ca1ab1e-0000-4000-8000-000000000011",
			IsConfigured: true, LastHeartbeat: ago(2 * time.Hour)},
	}
}

// dashManyPartners is a big tenant for benchmarks and scrolling.
func dashManyPartners(n int) []model.Partner {
	base := dashFixture()
	out := make([]model.Partner, n)
	for i := range out {
		p := base[i%len(base)]
		p.ID = strings.Repeat("0", 8) + "-bbbb-4ccc-8ddd-" + pad12(i)
		p.DisplayName = p.DisplayName + " " + pad12(i)[6:]
		out[i] = p
	}
	return out
}

func pad12(i int) string {
	s := "000000000000" + itoa(i)
	return s[len(s)-12:]
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

// tenant is an in-memory tenant holding ps whose next List calls answer listErrs in order.
func tenant(ps []model.Partner, listErrs ...error) *uitest.Tenant {
	t := uitest.NewTenant(ps...)
	t.FailLists(listErrs...)
	return t
}

// dashOptions are the options of a test dashboard: fixed clock and zone, Ascii renderer.
func dashOptions(svc PartnerService) Options {
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	r.SetHasDarkBackground(true)
	return Options{
		Service:  svc,
		Renderer: r,
		Now:      uitest.Now,
		Location: dashZone,
		Source:   "built-in simulator · demo tenant",
		Demo:     true,
	}
}

// dashModel is a loaded dashboard of w x h over svc.
func dashModel(t testing.TB, svc PartnerService, w, h int, edit ...func(*Options)) *root {
	t.Helper()
	o := dashOptions(svc)
	for _, e := range edit {
		e(&o)
	}
	m := newRoot(o)
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	dashDeliver(m, uitest.Run(m.Init()))
	return m
}

// dashDeliver feeds msgs to m, dropping the commands they return (timers).
func dashDeliver(m *root, msgs []tea.Msg) {
	for _, msg := range msgs {
		m.Update(msg)
	}
}

// dashPress sends keys to m and runs (and delivers the replies of) the commands they start that
// do not sleep: loads and copies. It returns the messages the keys produced.
func dashPress(m *root, keys ...string) []tea.Msg {
	var all []tea.Msg
	for _, k := range keys {
		_, cmd := m.Update(uitest.Key(k))
		msgs := dashCmdMsgs(cmd)
		dashDeliver(m, msgs)
		all = append(all, msgs...)
	}
	return all
}

// dashCmdMsgs runs cmd unless it is the quit command (which is compared by result).
func dashCmdMsgs(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	return uitest.Run(cmd)
}
