package ui

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

// Goldens of the real root model in a real Bubble Tea program: fixed data, clock and zone, an
// Ascii renderer, fixed sizes. The final View is compared, not the output stream (which holds
// only the lines that changed). Regenerate with: go test ./ui/ -run TestGolden -update

var forbidden = &model.GraphError{
	StatusCode: 403, Code: "Forbidden",
	Message:   "Application is not authorized to perform this operation. Application must have one of the following scopes: DeviceManagementServiceConfig.Read.All",
	RequestID: "1a2b3c4d-0000-4000-8000-00000000abcd", Date: uitest.Clock,
}

var unreachable = errors.New(`list partners: Get "http://127.0.0.1:9/v1.0/deviceManagement/deviceManagementPartners": dial tcp 127.0.0.1:9: connect: connection refused`)

type goldenCase struct {
	name  string
	svc   func() *uitest.Tenant
	opts  func(*Options)
	ready string // text that shows the first reply has been drawn
	steps func(t *testing.T, tm *teatest.TestModel)
	// names, when set, is text that shows the selected partner's group names have arrived, at
	// 80x24 and at 120x40 ("" where the names are not on screen, so their arrival changes
	// nothing drawn); then is sent after it.
	names [2]string
	then  []string
}

func keys(tm *teatest.TestModel, ks ...string) {
	for _, k := range ks {
		tm.Send(uitest.Key(k))
	}
}

// fixture is the goldens' tenant: dashFixture's partners, the demo's compliance partners and
// its named groups.
func fixture() *uitest.Tenant {
	t := uitest.NewTenant(dashFixture()...)
	t.SetCompliance(graphsim.DemoCompliance(uitest.Clock)...)
	t.SetGroups(false, graphsim.DemoGroups()...)
	return t
}

func TestGolden(t *testing.T) {
	cases := []goldenCase{
		{name: "list", svc: fixture},
		{name: "detail", svc: fixture, steps: func(t *testing.T, tm *teatest.TestModel) { keys(tm, "j", "enter") },
			names: [2]string{"", "Mac kiosks"}},
		// The second kind: its tab, and the detail of a partner whose group no longer exists.
		{name: "compliance", svc: fixture, steps: func(t *testing.T, tm *teatest.TestModel) {
			keys(tm, "2")
			waitFor(t, tm, "Compliance partners 8 ·")
		}},
		{name: "compliance_detail", svc: fixture, steps: func(t *testing.T, tm *teatest.TestModel) {
			keys(tm, "2", "/")
			tm.Type("mosyle")
			keys(tm, "enter", "enter")
		}, names: [2]string{"Contoso US Macs", "Contoso US Macs"}, then: []string{"G"}},
		{name: "detail_scrolled", svc: fixture, steps: func(t *testing.T, tm *teatest.TestModel) {
			keys(tm, "j", "j", "j", "j", "j", "j", "j", "j", "j", "enter", "pgdown")
		}},
		{name: "filter", svc: fixture, steps: func(t *testing.T, tm *teatest.TestModel) { keys(tm, "/"); tm.Type("jamf") }},
		{name: "filter_applied", svc: fixture, steps: func(t *testing.T, tm *teatest.TestModel) {
			keys(tm, "/")
			tm.Type("jamf")
			keys(tm, "enter", "u")
		}},
		{name: "sorted_by_name", svc: fixture, steps: func(t *testing.T, tm *teatest.TestModel) { keys(tm, "s") }},
		{name: "sorted_by_deadline", svc: fixture, steps: func(t *testing.T, tm *teatest.TestModel) { keys(tm, "s", "s", "s", "s") }},
		{name: "full_help", svc: fixture, steps: func(t *testing.T, tm *teatest.TestModel) { keys(tm, "?") }},
		{name: "empty_tenant", svc: func() *uitest.Tenant { return uitest.NewTenant() }, ready: "No partners"},
		{name: "error_unreachable", ready: "Could not list",
			svc:  func() *uitest.Tenant { return tenant(nil, unreachable) },
			opts: func(o *Options) { o.Source, o.Demo = "http://127.0.0.1:9/v1.0", false }},
		{name: "error_graph", svc: func() *uitest.Tenant {
			return tenant(dashFixture(), nil, forbidden)
		}, steps: func(t *testing.T, tm *teatest.TestModel) {
			keys(tm, "r")
			waitFor(t, tm, "request-id")
		}},
		{name: "read_only", svc: fixture, opts: func(o *Options) {
			o.Service, o.ReadOnly = ReadOnly(o.Service), true
			o.Identity = "alice · viewer"
			o.Demo = false
			o.Source = "contoso.onmicrosoft.com · v1.0"
		}},
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, c := range cases {
			t.Run(fmt.Sprintf("%s_%dx%d", c.name, size[0], size[1]), func(t *testing.T) {
				runGolden(t, c, size[0], size[1])
			})
		}
	}
	for _, size := range [][2]int{{59, 24}, {100, 14}, {30, 8}} {
		t.Run(fmt.Sprintf("too_small_%dx%d", size[0], size[1]), func(t *testing.T) {
			runGolden(t, goldenCase{svc: fixture, ready: "too small"}, size[0], size[1])
		})
	}
}

// waitFor waits until text has been drawn (it consumes the output stream read so far).
func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

func runGolden(t *testing.T, c goldenCase, w, h int) {
	svc := c.svc()
	o := dashOptions(svc)
	o.Copy = func(string) error { return nil }
	if c.opts != nil {
		c.opts(&o)
	}
	tm := teatest.NewTestModel(t, New(o), teatest.WithInitialTermSize(w, h))
	ready := c.ready
	if ready == "" {
		ready = "⟳" // the header shows the time of the last refresh once data is in
	}
	waitFor(t, tm, ready)
	if c.steps != nil {
		c.steps(t, tm)
	}
	if names := c.names[min(w/120, 1)]; names != "" {
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(names)) },
			teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	}
	keys(tm, c.then...)
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	view := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View()
	assertFits(t, view, w, h)
	golden.RequireEqual(t, []byte(view))
}
