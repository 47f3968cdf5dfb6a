package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/dialog"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

// fakeProfiles opens profiles from a map; a missing name is an error.
type fakeProfiles struct {
	backends map[string]Backend
	opened   []string
}

func (f *fakeProfiles) open(_ context.Context, name string) (Backend, error) {
	f.opened = append(f.opened, name)
	b, ok := f.backends[name]
	if !ok {
		return Backend{}, errors.New(`no such profile in config.toml`)
	}
	return b, nil
}

func profilesModel(t *testing.T, f *fakeProfiles) *root {
	t.Helper()
	return dashModel(t, fixture(), 100, 30, func(o *Options) {
		o.Demo, o.Source = false, "contoso · contoso.onmicrosoft.com · v1.0"
		o.Profiles = &Profiles{Names: []string{"contoso", "fabrikam gcc high", "gone"}, Current: "contoso", Open: f.open}
	})
}

// switchTo opens the picker, moves down n rows and presses enter, then runs the switch.
func switchTo(t *testing.T, m *root, down int) {
	t.Helper()
	dashPress(m, "P")
	if m.overlay == nil || !strings.Contains(m.overlay.View(100, 30), "Switch profile") {
		t.Fatalf("P opened %T", m.overlay)
	}
	for range down {
		dashPress(m, "j")
	}
	for _, msg := range dashPress(m, "enter") {
		if sw, ok := msg.(dialog.ProfileChosen); ok {
			for _, reply := range uitest.Run(m.switchProfile(sw.Name)) {
				_, cmd := m.Update(reply)
				if _, ok := reply.(profileOpenedMsg); ok {
					dashDeliver(m, uitest.Run(cmd)) // the list of the new profile
				}
			}
		}
	}
}

func TestProfileSwitchRelists(t *testing.T) {
	other := uitest.NewTenant(model.Partner{ID: "00000099-aaaa-4bbb-8ccc-000000000099", DisplayName: "Fabrikam Intune Bridge", PartnerState: model.StateEnabled, IsConfigured: true})
	f := &fakeProfiles{backends: map[string]Backend{
		"fabrikam gcc high": {Service: ReadOnly(other), ReadOnly: true, Source: "fabrikam gcc high · fabrikam.us · usgov · v1.0"},
	}}
	m := profilesModel(t, f)
	if !strings.Contains(m.View(), "Brambleworth MDM") {
		t.Fatalf("start:\n%s", m.View())
	}
	v := m.View()
	if !strings.Contains(v, "P switch profile") && !strings.Contains(v, "P ") {
		// the short help may not have room; full help must list it
		dashPress(m, "?")
		if !strings.Contains(m.View(), "switch profile") {
			t.Errorf("help does not offer P:\n%s", m.View())
		}
		dashPress(m, "?")
	}

	dashPress(m, "P")
	pv := m.View()
	if !strings.Contains(pv, "Switch profile") || !strings.Contains(pv, "contoso  (in use)") || !strings.Contains(pv, "fabrikam gcc high") {
		t.Fatalf("picker:\n%s", pv)
	}
	dashPress(m, "esc")
	if m.overlay != nil {
		t.Fatal("esc did not close the picker")
	}

	switchTo(t, m, 1)
	if len(f.opened) != 1 || f.opened[0] != "fabrikam gcc high" {
		t.Fatalf("opened %v", f.opened)
	}
	v = m.View()
	if !strings.Contains(v, "Fabrikam Intune Bridge") || strings.Contains(v, "Brambleworth MDM") {
		t.Errorf("after the switch the list is not the new tenant's:\n%s", v)
	}
	if !strings.Contains(v, "fabrikam gcc high · fabrikam.us · usgov · v1.0") || !strings.Contains(v, "READ-ONLY") {
		t.Errorf("header does not name the new profile:\n%s", v)
	}
	if m.acct.current != "fabrikam gcc high" || other.ListCalls() != 1 {
		t.Errorf("current %q, list calls %d", m.acct.current, other.ListCalls())
	}
	// The picker now marks the new profile.
	dashPress(m, "P")
	if !strings.Contains(m.View(), "fabrikam gcc high  (in use)") {
		t.Errorf("picker after switch:\n%s", m.View())
	}
	// Choosing the profile in use just closes the picker.
	dashPress(m, "enter")
	if m.overlay != nil || len(f.opened) != 1 {
		t.Errorf("re-choosing the current profile opened it again")
	}
}

func TestProfileSwitchErrorKeepsTheTenant(t *testing.T) {
	f := &fakeProfiles{backends: map[string]Backend{}}
	m := profilesModel(t, f)
	switchTo(t, m, 2)
	v := m.View()
	if !strings.Contains(v, "profile gone: no such profile in config.toml") || !strings.Contains(v, "Brambleworth MDM") {
		t.Errorf("view:\n%s", v)
	}
	if m.acct.current != "contoso" {
		t.Errorf("current = %q", m.acct.current)
	}
}

func TestProfileSwitchStaleReplyDropped(t *testing.T) {
	f := &fakeProfiles{backends: map[string]Backend{"gone": {Service: uitest.NewTenant(), Source: "x"}}}
	m := profilesModel(t, f)
	m.acct.gen = 5
	m.Update(profileOpenedMsg{gen: 4, name: "gone", backend: f.backends["gone"]})
	if m.acct.current != "contoso" || m.opts.Source == "x" {
		t.Error("an overtaken switch was applied")
	}
}

func TestProfileSwitchToSignedOutProfileSignsInFirst(t *testing.T) {
	other := fixture()
	sign := newFakeSignIn()
	f := &fakeProfiles{backends: map[string]Backend{
		"fabrikam gcc high": {Service: other, Source: "fabrikam", SignIn: sign.run, SignInFirst: true},
	}}
	m := profilesModel(t, f)
	dashPress(m, "P", "j")
	var switched tea.Cmd
	for _, msg := range dashPress(m, "enter") {
		if sw, ok := msg.(dialog.ProfileChosen); ok {
			for _, reply := range uitest.Run(m.switchProfile(sw.Name)) {
				if _, ok := reply.(profileOpenedMsg); ok {
					_, switched = m.Update(reply)
				}
			}
		}
	}
	if !signInOpen(m) || other.ListCalls() != 0 {
		t.Fatalf("overlay %T, list calls %d: want the sign-in before listing", m.overlay, other.ListCalls())
	}
	msgs := asyncMsgs(switched)
	m.Update(next(t, msgs))
	if !strings.Contains(m.View(), "PDASH-42X") {
		t.Errorf("no code shown:\n%s", m.View())
	}
	_, _ = m.Update(uitest.Key("esc"))
}

func TestNoProfilesNoKey(t *testing.T) {
	m := dashModel(t, fixture(), 100, 30)
	dashPress(m, "P")
	if m.overlay != nil {
		t.Errorf("P opened %T without profiles", m.overlay)
	}
	dashPress(m, "?")
	if v := m.View(); strings.Contains(v, "switch profile") || strings.Contains(v, "sign in") {
		t.Errorf("help offers keys that do nothing:\n%s", v)
	}
}

func TestGoldenProfilePicker(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("picker_%dx%d", size[0], size[1]), func(t *testing.T) {
			o := dashOptions(fixture())
			o.Demo, o.Source = false, "contoso · contoso.onmicrosoft.com · v1.0"
			o.Profiles = &Profiles{Names: []string{"contoso", "fabrikam gcc high", "local sim"}, Current: "contoso",
				Open: func(context.Context, string) (Backend, error) { return Backend{}, errors.New("unused") }}
			tm := teatest.NewTestModel(t, New(o), teatest.WithInitialTermSize(size[0], size[1]))
			waitFor(t, tm, "⟳")
			keys(tm, "P", "j")
			waitFor(t, tm, "Switch profile")
			if err := tm.Quit(); err != nil {
				t.Fatal(err)
			}
			view := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View()
			assertFits(t, view, size[0], size[1])
			golden.RequireEqual(t, []byte(view))
		})
	}
}
