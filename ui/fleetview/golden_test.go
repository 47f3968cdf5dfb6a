package fleetview

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/partnerdash/partnerdash/ui/uitest"
)

// Goldens of the fleet screen in a real Bubble Tea program: the fixed fixture fleet (read
// in-process, no network), the injected clock, an Ascii renderer, fixed sizes. The final View is
// compared. Regenerate with: go test ./ui/fleetview/ -run TestGolden -update

type goldenCase struct {
	name  string
	held  []string // tenants whose read never ends: the screen while loading
	ready string
	keys  []string
}

func TestGolden(t *testing.T) {
	cases := []goldenCase{
		{name: "fleet"},
		{name: "loading", held: []string{"contoso", "litware"}, ready: "5/7 loaded"},
		{name: "filter", keys: []string{"/", "t", "r"}},
		{name: "unhealthy_only", keys: []string{"u", "j"}},
		{name: "sorted_by_name", keys: []string{"s"}},
		{name: "consent_missing_selected", keys: []string{"j", "j"}},
		{name: "full_help", keys: []string{"?"}},
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, c := range cases {
			t.Run(fmt.Sprintf("%s_%dx%d", c.name, size[0], size[1]), func(t *testing.T) {
				runGolden(t, c, size[0], size[1])
			})
		}
	}
}

func runGolden(t *testing.T, c goldenCase, w, h int) {
	fl, g := newFixtureFleet(t, c.held...)
	defer func() {
		for _, id := range c.held {
			g.release(id)
		}
	}()
	ready := c.ready
	if c.held == nil {
		loadAll(t, fl)
		ready = "7 tenants"
	} else {
		go fl.Refresh(t.Context(), 0)
	}
	tm := teatest.NewTestModel(t, New(testOptions(fl)), teatest.WithInitialTermSize(w, h))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(ready)) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	for _, k := range c.keys {
		tm.Send(uitest.Key(k))
	}
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	view := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("view has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			t.Errorf("line %d is %d cells wide, want at most %d: %q", i, ansi.StringWidth(l), w, l)
		}
	}
	golden.RequireEqual(t, []byte(view))
}
