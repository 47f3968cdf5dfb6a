package ui

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/partnerdash/partnerdash/client"
	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/dialog"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

// The compliance partners' edit and create forms, end to end: keys into the real dashboard, the
// real client, the simulator, and the bodies that went over the wire.

// patchLog records the body of every PATCH the client sends.
type patchLog struct {
	next   http.RoundTripper
	mu     sync.Mutex
	bodies []map[string]json.RawMessage
}

func (l *patchLog) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPatch && r.Body != nil {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, err
		}
		l.mu.Lock()
		l.bodies = append(l.bodies, m)
		l.mu.Unlock()
		r = r.Clone(r.Context())
		r.Body = io.NopCloser(strings.NewReader(string(b)))
	}
	return l.next.RoundTrip(r)
}

// sent lists the members of each PATCH body, sorted.
func (l *patchLog) sent() [][]string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out [][]string
	for _, b := range l.bodies {
		var ks []string
		for k := range b {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		out = append(out, ks)
	}
	return out
}

// loggedClient is the rig's client with its PATCH bodies recorded in log.
func loggedClient(log *patchLog) func(PartnerService, *graphsim.Server) PartnerService {
	return func(_ PartnerService, sim *graphsim.Server) PartnerService {
		hc := sim.Client()
		log.next = fixedClientRequestID{hc.Transport}
		hc.Transport = log
		c, err := client.New(graphsim.DemoBaseURL, client.WithHTTPClient(hc))
		if err != nil {
			panic(err)
		}
		return c
	}
}

func (r *actRig) compliance(t *testing.T, id string) model.CompliancePartner {
	t.Helper()
	for _, p := range r.sim.CompliancePartners() {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("the simulator has no compliance partner %s", id)
	return model.CompliancePartner{}
}

const executives = "c0ffee00-0000-4000-8000-000000000012"

// Mosyle Fuse (v1.0: macOS, Android, iOS) has one macOS and one iOS group. Its form's stops: name,
// then per platform its onboarded flag, its rows, the add row's kind and id; then the save button.
func TestE2EEditComplianceSendsOnlyTheChanges(t *testing.T) {
	log := &patchLog{}
	r := newActRig(t, 100, 30, loggedClient(log))
	r.keys("2", "/", "mosyle", "enter", "e")
	r.waitFor(t, "Edit Mosyle Fuse", "macOS onboarded", "Android onboarded")
	r.keys("ctrl+u", "Mosyle Business",
		"tab", "tab", "tab", "tab", // macOS: flag, its group, add kind, add id
		"tab", "right", // Android onboarded: no → yes
		"tab", "tab", executives, "enter", // Android: a group by its pasted id
		"ctrl+s")
	r.waitFor(t, "Send these changes to Graph?", `"Mosyle Fuse" → "Mosyle Business"`, "Android onboarded", "no → yes",
		"add     Include group "+executives)
	r.keys("enter")
	r.waitFor(t, "Saved 3 changes to Mosyle Business")
	r.final(t)
	want := [][]string{{"androidEnrollmentAssignments", "androidOnboarded", "displayName"}}
	if got := log.sent(); !reflect.DeepEqual(got, want) {
		t.Fatalf("PATCH bodies sent %v, want %v (only what changed)", got, want)
	}
	p := r.compliance(t, mosyle)
	before := graphsim.DemoCompliance(uitest.Clock)[2]
	if p.DisplayName != "Mosyle Business" || !p.Platform(model.PlatformAndroid).IsOnboarded() ||
		!reflect.DeepEqual(p.Platform(model.PlatformAndroid).Assignments, []model.Assignment{model.NewComplianceAssignment(model.GroupTarget{GroupID: executives})}) {
		t.Fatalf("the simulator holds %+v", p)
	}
	for _, pl := range []model.Platform{model.PlatformMacOS, model.PlatformIOS} {
		if !model.SameAssignments(p.Platform(pl).Assignments, before.Platform(pl).Assignments) || p.Platform(pl).IsOnboarded() != before.Platform(pl).IsOnboarded() {
			t.Fatalf("%s changed though the user left it: %+v", pl, p.Platform(pl))
		}
	}
}

func TestE2ECreateCompliancePartner(t *testing.T) {
	log := &patchLog{}
	r := newActRig(t, 100, 30, loggedClient(log))
	r.keys("2", "n")
	r.waitFor(t, "New compliance partner", "macOS onboarded")
	r.keys("Acme Compliance", "tab", "right", // macOS onboarded: yes
		"tab", "right", "right", "right", "enter", // macOS: add All devices (no id)
		"tab", "tab", "tab", "Exec", "enter") // Android: a group chosen by part of its name (SearchGroups)
	r.waitFor(t, "Include group Executives (c0ffee00-…)  new") // keys are not taken while the search runs
	r.keys("ctrl+s")
	r.waitFor(t, "Create this compliance partner in Graph?", "+ All devices", "+ Include group Executives (c0ffee00-…)")
	r.keys("enter")
	r.waitFor(t, "Created Acme Compliance", "Compliance partners 9")
	r.final(t)
	var got *model.CompliancePartner
	for _, p := range r.sim.CompliancePartners() {
		if p.DisplayName == "Acme Compliance" {
			got = &p
		}
	}
	if got == nil {
		t.Fatal("the simulator has no new compliance partner")
	}
	if got.ID == "" || !got.Platform(model.PlatformMacOS).IsOnboarded() || got.Platform(model.PlatformIOS).IsOnboarded() ||
		!model.SameAssignments(got.Platform(model.PlatformMacOS).Assignments, []model.Assignment{model.NewComplianceAssignment(model.AllDevicesTarget{})}) ||
		!model.SameAssignments(got.Platform(model.PlatformAndroid).Assignments, []model.Assignment{model.NewComplianceAssignment(model.GroupTarget{GroupID: executives})}) {
		t.Fatalf("created %+v", *got)
	}
	if len(log.sent()) != 0 {
		t.Fatalf("a create sent a PATCH: %v", log.sent())
	}
}

func TestE2EEditComplianceGuardsAgainstAChangeBySomeoneElse(t *testing.T) {
	log := &patchLog{}
	r := newActRig(t, 100, 40, loggedClient(log))
	r.keys("2", "/", "mosyle", "enter", "e")
	r.waitFor(t, "Edit Mosyle Fuse", "macOS onboarded")
	theirs := r.compliance(t, mosyle)
	theirs.DisplayName = "Mosyle Business" // a colleague renames it while the form is open
	r.sim.PutCompliance(theirs)
	r.keys("tab", "tab", "x", "ctrl+s") // remove the macOS group
	r.waitFor(t, "Send these changes", "remove  Include group Contoso US Macs")
	r.keys("enter")
	r.waitFor(t, "Someone else changed this compliance partner", `"Mosyle Fuse" → "Mosyle Business"`)
	if len(log.sent()) != 0 {
		t.Fatal("the PATCH went out before the user answered")
	}
	r.keys("right", "enter")
	r.waitFor(t, "Saved 1 change to Mosyle Business")
	r.final(t)
	if want := [][]string{{"macOsEnrollmentAssignments"}}; !reflect.DeepEqual(log.sent(), want) {
		t.Fatalf("PATCH bodies %v, want %v: the colleague's name must not be sent back", log.sent(), want)
	}
	p := r.compliance(t, mosyle)
	if p.DisplayName != "Mosyle Business" || len(p.Platform(model.PlatformMacOS).Assignments) != 0 || len(p.Platform(model.PlatformIOS).Assignments) != 1 {
		t.Fatalf("after Save anyway the simulator holds %+v", p)
	}
}

func TestE2EComplianceFormKeepsTheInputOnErrors(t *testing.T) {
	r := newActRig(t, 100, 30, func(s PartnerService, sim *graphsim.Server) PartnerService { return failPatch{s, sim} })
	r.keys("2", "/", "mosyle", "enter", "e")
	r.waitFor(t, "Edit Mosyle Fuse", "macOS onboarded")
	// A field the user got wrong: the error names it, nothing is sent, and what was typed stays.
	r.keys("tab", "tab", "tab", "tab", "c0ffee00-0000", "ctrl+s")
	r.waitFor(t, "New assignment Group ID", "Fix the fields marked ✕ before saving.")
	r.keys("ctrl+u", "shift+tab", "shift+tab", "shift+tab", "shift+tab", "ctrl+u", "ctrl+s")
	r.waitFor(t, "Display name: required")
	// Graph refuses the change: its code, message and request-id show, and the form keeps the input.
	r.keys("Mosyle Renamed", "ctrl+s")
	r.waitFor(t, "Send these changes")
	r.keys("enter")
	r.waitFor(t, "Graph refused: 400")
	formKeptAfter400(t, r.final(t), "Mosyle Renamed", "Edit Mosyle Fuse")
	if p := r.compliance(t, mosyle); p.DisplayName != "Mosyle Fuse" {
		t.Fatalf("the simulator changed the name to %q despite the 400", p.DisplayName)
	}
}

func TestE2EReadOnlyRefusesComplianceForms(t *testing.T) {
	r := newActRig(t, 100, 30, func(s PartnerService, _ *graphsim.Server) PartnerService { return ReadOnly(s) })
	r.keys("2", "e", "n", "?")
	r.waitFor(t, "Compliance partners 8", "more keys")
	v := r.final(t)
	for _, banned := range []string{"Edit ", "New compliance partner", "e edit", "n new"} {
		if strings.Contains(v, banned) {
			t.Errorf("read-only compliance tab shows %q:\n%s", banned, v)
		}
	}
	// The action layer refuses too, even if a form were reached some other way.
	env := dialog.Env{Ctx: context.Background(), Service: ReadOnly(mustClient(t, r.sim)), Theme: uitest.AsciiTheme(), Now: uitest.Now}
	p := r.compliance(t, mosyle)
	for _, c := range []struct {
		d    dialog.Dialog
		keys []string
	}{
		{dialog.EditCompliance(env, p), []string{" II", "ctrl+s", "enter"}},
		{dialog.CreateCompliance(env), []string{"Nope", "ctrl+s", "enter"}},
	} {
		d := driveDialog(t, c.d, c.keys...)
		if d == nil || !strings.Contains(d.View(100, 30), "This session is read-only") {
			t.Fatalf("compliance form on a read-only service after %q:\n%v", c.keys, d)
		}
	}
	if len(r.sim.CompliancePartners()) != 8 || r.compliance(t, mosyle).DisplayName != "Mosyle Fuse" {
		t.Fatal("a read-only session changed compliance partners")
	}
}
