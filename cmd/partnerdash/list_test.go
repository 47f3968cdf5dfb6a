package main

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/partnerdash/partnerdash/client/auth/authtest"
	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/columns"
)

func hostilePartners() []model.Partner {
	now := time.Now().UTC().Truncate(time.Second)
	return []model.Partner{
		{ID: "00000001-aaaa-4bbb-8ccc-000000000001", DisplayName: "Contoso Jamf", PartnerState: model.StateEnabled, PartnerAppType: model.AppTypeMultiTenant, IsConfigured: true, LastHeartbeat: model.At(now.Add(-4 * time.Minute))},
		{ID: "00000002-aaaa-4bbb-8ccc-000000000002", DisplayName: "Evil\x1b]0;pwned\x07\x1b[31m Corp\u202e\u009b31m\u2066", PartnerState: model.StateUnresponsive, IsConfigured: true,
			Groups: []model.Assignment{{Target: model.GroupTarget{GroupID: "c0ffee00-0000-4000-8000-000000000001"}}}},
	}
}

func TestJSONEscapesC1AndBidiControls(t *testing.T) {
	w := newTenantWorld(t, hostilePartners()...)
	w.exec("login").mustOK(t)
	for _, args := range [][]string{{"list", "-o", "json"}, {"get", "00000002-aaaa-4bbb-8ccc-000000000002", "-o", "json"}} {
		r := w.exec(args[0], args[1:]...).mustOK(t)
		for _, raw := range []string{"\x1b", "\x07", "\u202e", "\u009b", "\u2066"} {
			if strings.Contains(r.stdout, raw) {
				t.Errorf("%v wrote %q raw", args, raw)
			}
		}
		for _, esc := range []string{`\u001b`, `\u0007`, `\u202e`, `\u009b`, `\u2066`} {
			if !strings.Contains(r.stdout, esc) {
				t.Errorf("%v lacks the escape %s:\n%s", args, esc, r.stdout)
			}
		}
		// The same data: decoding gives the name back as Graph had it.
		if !strings.Contains(r.stdout, "00000002") {
			t.Fatalf("%v: %s", args, r.stdout)
		}
		var probe struct {
			DisplayName string `json:"displayName"`
			Value       []struct {
				DisplayName string `json:"displayName"`
			} `json:"value"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &probe); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		name := probe.DisplayName
		if len(probe.Value) > 1 {
			name = probe.Value[1].DisplayName
		}
		if name != hostilePartners()[1].DisplayName {
			t.Errorf("%v: the name decodes to %q", args, name)
		}
	}
}

func TestListTableCapsTheNameColumn(t *testing.T) {
	long := model.Partner{ID: "00000003-aaaa-4bbb-8ccc-000000000003", DisplayName: strings.Repeat("Long", 2500), PartnerState: model.StateEnabled}
	w := newTenantWorld(t, append(hostilePartners(), long)...)
	w.exec("login").mustOK(t)
	r := w.exec("list").mustOK(t)
	for _, line := range strings.Split(strings.TrimRight(r.stdout, "\n"), "\n") {
		if n := utf8.RuneCountInString(line); n > 200 {
			t.Errorf("a line %d characters wide: %.80q…", n, line)
		}
	}
	if !strings.Contains(r.stdout, strings.Repeat("Long", 14)+"Lon…") {
		t.Errorf("the long name is not cut at %d columns with an ellipsis:\n%s", columns.TableFlexMax, r.stdout)
	}
}

func TestListSignsInOnceThenReuses(t *testing.T) {
	w := newTenantWorld(t, hostilePartners()...)
	r := w.exec("list").mustOK(t)
	if !strings.Contains(r.stderr, authtest.UserCode) {
		t.Errorf("list did not prompt for a sign-in on stderr:\n%s", r.stderr)
	}
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "ID ") || squash(lines[0]) != "ID PARTNER STATE APP CONF HEARTBEAT DEADLINE GROUPS" {
		t.Fatalf("table:\n%s", r.stdout)
	}
	if !strings.Contains(squash(lines[1]), "00000001-aaaa-4bbb-8ccc-000000000001 Contoso Jamf ✓ Active multi yes 4m ago — 0") {
		t.Errorf("row 1 = %q", lines[1])
	}
	// Escape sequences and bidi overrides from Graph never reach the terminal.
	if strings.ContainsAny(r.stdout, "\x1b\x07\u202e") || !strings.Contains(lines[2], "Evil Corp") {
		t.Errorf("row 2 = %q", lines[2])
	}

	// Second run: the cached sign-in, no prompt.
	r = w.exec("list").mustOK(t)
	if r.stderr != "" || w.auth.Grants("device_code") != 1 {
		t.Errorf("second list prompted again (stderr %q, device grants %d)", r.stderr, w.auth.Grants("device_code"))
	}
}

func TestListJSONFeedsTheSimulator(t *testing.T) {
	w := newTenantWorld(t, hostilePartners()...)
	w.exec("login").mustOK(t)
	r := w.exec("list", "-o", "json").mustOK(t)
	var shape struct {
		Value []json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &shape); err != nil || len(shape.Value) != 2 {
		t.Fatalf("list -o json is not Graph's list shape: %v\n%s", err, r.stdout)
	}
	// What `partnerdash sim --data f.json` does with it.
	path := filepath.Join(t.TempDir(), "f.json")
	if err := os.WriteFile(path, []byte(r.stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	back, err := graphsim.LoadFile(path)
	if err != nil {
		t.Fatalf("the simulator cannot load list -o json: %v", err)
	}
	want := w.sim.Partners()
	if len(back) != len(want) {
		t.Fatalf("round trip: %d partners, want %d", len(back), len(want))
	}
	for i := range want {
		// The simulator answers with all ten properties (null or Graph's minimum date where the
		// stored partner has none), so compare what they mean, not their spelling.
		a, b := want[i], back[i]
		same := a.ID == b.ID && a.DisplayName == b.DisplayName && a.PartnerState == b.PartnerState &&
			a.SingleTenantAppID == b.SingleTenantAppID && a.IsConfigured == b.IsConfigured &&
			a.LastHeartbeat.Equal(b.LastHeartbeat) && a.NonCompliantAt.Equal(b.NonCompliantAt) && a.RemovedAt.Equal(b.RemovedAt) &&
			model.SameAssignments(a.Groups, b.Groups) &&
			(a.PartnerAppType == b.PartnerAppType || (a.PartnerAppType == "" && b.PartnerAppType == model.AppTypeUnknown))
		if !same {
			aj, _ := json.Marshal(a)
			bj, _ := json.Marshal(b)
			t.Errorf("partner %d changed in the round trip:\n%s\n%s", i, aj, bj)
		}
	}
	// And the whole loop: `partnerdash sim --data f.json`, then list it back over HTTP.
	base := startSim(t, "--data", path)
	again := w.exec("list", "-o", "json", "--graph-url", base).mustOK(t)
	if again.stdout != r.stdout {
		t.Errorf("listing the simulator fed with list -o json gives something else:\n%s\nwant\n%s", again.stdout, r.stdout)
	}

	// An empty tenant is an empty list, not null.
	for _, p := range w.sim.Partners() {
		w.sim.Remove(p.ID)
	}
	if r := w.exec("list", "-o", "json").mustOK(t); squash(strings.ReplaceAll(r.stdout, "\n", "")) != `{ "value": []}` {
		t.Errorf("empty list = %q", r.stdout)
	}
}

func TestGet(t *testing.T) {
	w := newTenantWorld(t, hostilePartners()...)
	w.exec("login").mustOK(t)
	r := w.exec("get", "00000002-aaaa-4bbb-8ccc-000000000002").mustOK(t)
	out := squash(r.stdout)
	for _, want := range []string{"ID 00000002-aaaa-4bbb-8ccc-000000000002", `Display name "Evil Corp"`, "State Unresponsive: ", "Group assignments Include group c0ffee00-0000-4000-8000-000000000001 (group not found)", "Heartbeat never"} {
		if !strings.Contains(out, want) {
			t.Errorf("get lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.ContainsAny(r.stdout, "\x1b\x07\u202e") {
		t.Errorf("get printed control characters: %q", r.stdout)
	}
	// Flags after the ID, JSON is the entity.
	r = w.exec("get", "00000001-aaaa-4bbb-8ccc-000000000001", "-o", "json").mustOK(t)
	var p model.Partner
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil || p.DisplayName != "Contoso Jamf" || !p.IsConfigured {
		t.Fatalf("get -o json = %+v, %v\n%s", p, err, r.stdout)
	}
	w.exec("get", "00000009-aaaa-4bbb-8ccc-000000000009").mustFail(t, "get partner 00000009-aaaa-4bbb-8ccc-000000000009: ")
}

func TestList401RefreshesAndRetries(t *testing.T) {
	w := newTenantWorld(t)
	w.exec("login").mustOK(t)
	w.auth.RevokeAccessTokens() // Graph rejects the cached token from now on
	w.exec("list").mustOK(t)
	if got := w.auth.Grants("refresh_token"); got != 1 {
		t.Errorf("refresh grants = %d, want 1", got)
	}
	// The sign-in was revoked too: a one-line error that says so.
	w.auth.RevokeAccessTokens()
	w.auth.SetRejectRefresh(true)
	w.exec("list").mustFail(t, "sign-in required: invalid_grant")
}

func TestListWithGraphURLSignsInToNothing(t *testing.T) {
	w := newTenantWorld(t)
	open := httptest.NewServer(graphsim.New(graphsim.WithPartners(hostilePartners()))) // no token needed
	defer open.Close()
	r := w.exec("list", "--graph-url", open.URL+"/v1.0").mustOK(t)
	if r.stderr != "" || w.auth.Grants("device_code") != 0 || strings.Count(r.stdout, "\n") != 3 {
		t.Errorf("stdout %q stderr %q", r.stdout, r.stderr)
	}
	// With a profile named, --graph-url keeps the profile's sign-in.
	w.exec("list", "--profile", "contoso", "--graph-url", w.graph.URL+"/v1.0").mustOK(t)
	if w.auth.Grants("device_code") != 1 {
		t.Errorf("named profile did not sign in")
	}
}

func TestListDemoWhenNothingIsConfigured(t *testing.T) {
	w := newTenantWorld(t)
	w.writeConfig("")
	r := w.exec("list", "-o", "json").mustOK(t)
	if !strings.Contains(r.stderr, "built-in demo tenant") {
		t.Errorf("stderr %q: want a note that this is the demo", r.stderr)
	}
	var l model.PartnerList
	if err := json.Unmarshal([]byte(r.stdout), &l); err != nil || len(l.Value) == 0 {
		t.Errorf("demo list: %v, %d partners", err, len(l.Value))
	}
}

func TestScriptingUsageErrors(t *testing.T) {
	w := newTenantWorld(t)
	cases := []struct {
		cmd  string
		args []string
		want string
	}{
		{"list", []string{"-o", "yaml"}, `invalid value "yaml" for flag -o: want table or json`},
		{"list", []string{"extra"}, `list takes no arguments, got "extra"`},
		{"get", nil, "get needs a partner ID"},
		{"get", []string{"abc"}, `"abc" is not a partner ID`},
		{"get", []string{"00000001-aaaa-4bbb-8ccc-000000000001", "00000002-aaaa-4bbb-8ccc-000000000002"}, "get takes one partner ID"},
		{"get", []string{"00000001-aaaa-4bbb-8ccc-000000000001", "-o", "xml"}, `invalid value "xml" for flag -o`},
		{"whoami", []string{"-o", "csv"}, `invalid value "csv"`},
		{"login", []string{"now"}, "login takes no arguments"},
	}
	for _, c := range cases {
		r := w.exec(c.cmd, c.args...)
		if _, ok := r.err.(usageError); !ok {
			t.Errorf("%s %v: err = %T %v, want a usage error", c.cmd, c.args, r.err, r.err)
			continue
		}
		r.mustFail(t, c.want)
	}
}

// TestExitStatusAndOneLineError runs the real entry point: a failure is exit status 1 (2 for
// usage) and one line on stderr.
func TestExitStatusAndOneLineError(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("XDG_CACHE_HOME", dir)
	t.Setenv("PARTNERDASH_PROFILE", "")
	for _, k := range []string{"AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH"} {
		t.Setenv(k, "")
	}
	var out, errb bytes.Buffer
	code := run([]string{"list", "--profile", "prod"}, &out, &errb)
	if code != 2 || strings.Count(errb.String(), "\n") != 1 || !strings.HasPrefix(errb.String(), `partnerdash: --profile "prod": there is no config file `) {
		t.Errorf("bad flag: exit %d, stderr %q", code, errb.String())
	}
	errb.Reset()
	t.Setenv("PARTNERDASH_PROFILE", "prod")
	code = run([]string{"whoami"}, &out, &errb)
	if code != 1 || strings.Count(errb.String(), "\n") != 1 || !strings.HasPrefix(errb.String(), `partnerdash: PARTNERDASH_PROFILE "prod": there is no config file `) {
		t.Errorf("bad environment: exit %d, stderr %q", code, errb.String())
	}
	t.Setenv("PARTNERDASH_PROFILE", "")
	errb.Reset()
	if code := run([]string{"get"}, &out, &errb); code != 2 || strings.Count(errb.String(), "\n") != 1 {
		t.Errorf("usage: exit %d, stderr %q", code, errb.String())
	}
}
