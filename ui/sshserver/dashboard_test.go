package sshserver

import (
	"encoding/base64"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/partnerdash/partnerdash/model"
)

// These tests run the real dashboard (ui.New) over SSH against the demo tenant.

func TestAllowedKeySeesTheDashboard(t *testing.T) {
	op, viewer := newTestKey(t, "alice@laptop"), newTestKey(t, "bob@desk")
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", op.operator(), viewer.line)})

	a := openTerm(t, ts.addr, op, "alice", 120, 40)
	a.waitFor("partnerdash", "DEMO", "alice · operator", "Jamf Pro (Contoso)", "Jamf Pro (Adatum)", "Jamf Cloud (Alpine)")

	b := openTerm(t, ts.addr, viewer, "bob", 120, 40)
	b.waitFor("bob · viewer", "READ-ONLY", "Jamf Pro (Contoso)")

	a.send("q")
	if err := a.waitExit(); err != nil {
		t.Errorf("q: %v", err)
	}
	b.send("\x03") // ctrl+c
	if err := b.waitExit(); err != nil {
		t.Errorf("ctrl+c: %v", err)
	}
}

func TestResizeReLaysOutTheDashboard(t *testing.T) {
	k := newTestKey(t, "alice")
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", k.line)})
	tm := openTerm(t, ts.addr, k, "alice", 120, 40)
	tm.waitFor("Jamf Pro (Contoso)")
	tm.reset()
	tm.resize(50, 12)
	tm.waitFor("Terminal too small")
	tm.reset()
	tm.resize(120, 40)
	tm.waitFor("Jamf Pro (Contoso)", "Jamf Pro (Adatum)")
}

// terminateByKeys does what a user does to terminate the named partner: filter to it, t, type
// its name, enter, move to the Terminate button, enter. A pause between keys keeps an arrow
// key's escape sequence apart from what follows.
func terminateByKeys(tm *term, name string) {
	for _, k := range []string{"/", name, "\r", "t", name, "\r", "\x1b[C", "\r"} {
		tm.send(k)
		time.Sleep(60 * time.Millisecond)
	}
}

func TestViewerCannotTerminateWithKeys(t *testing.T) {
	k := newTestKey(t, "bob")
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", k.line)})
	before := ts.graph.sim.Partners()
	tm := openTerm(t, ts.addr, k, "bob", 120, 40)
	tm.waitFor("Jamf Pro (Adatum)")
	terminateByKeys(tm, "Jamf Pro (Contoso)")
	tm.settle(300 * time.Millisecond)
	if strings.Contains(ansi.Strip(tm.output()), "Terminate Jamf Pro (Contoso)?") {
		t.Error("a viewer got the terminate dialog")
	}
	if after := ts.graph.sim.Partners(); !reflect.DeepEqual(before, after) {
		t.Error("a viewer's keys changed the tenant")
	}
	if ts.audit.String() != "" {
		t.Errorf("audit log has entries:\n%s", ts.audit.String())
	}
}

func TestOperatorTerminatesWithKeysAndIsAudited(t *testing.T) {
	k := newTestKey(t, "alice@laptop")
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", k.operator())})
	tm := openTerm(t, ts.addr, k, "alice-login", 120, 40)
	tm.waitFor("Jamf Pro (Adatum)")
	terminateByKeys(tm, "Jamf Pro (Contoso)")
	tm.waitFor("Terminate Jamf Pro (Contoso)?", "Devices removed from Intune on")
	if got := ts.graph.partner(t, contosoHQ).PartnerState; got != model.StateTerminated {
		t.Fatalf("state %q, want terminated", got)
	}
	lines := auditLines(t, ts.audit.String())
	if len(lines) != 1 {
		t.Fatalf("audit log:\n%s", ts.audit.String())
	}
	e := lines[0]
	if e.User != "alice-login" || e.Name != "alice" || e.Role != Operator || e.Action != "terminate" ||
		e.PartnerID != contosoHQ || e.PartnerName != "Jamf Pro (Contoso)" || e.Result != "ok" ||
		e.RequestID == "" || e.Fingerprint != gossh.FingerprintSHA256(k.signer.PublicKey()) {
		t.Errorf("audit entry %+v", e)
	}
	if !strings.Contains(ts.logs.String(), "msg=audit") {
		t.Errorf("the change is not in the server log:\n%s", ts.logs.String())
	}
}

func TestCopyAndSuspendKeysInTheDashboard(t *testing.T) {
	k := newTestKey(t, "alice")
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", k.line)})
	tm := openTerm(t, ts.addr, k, "alice", 120, 40)
	tm.waitFor("Jamf Pro (Adatum)")
	for _, key := range []string{"/", "Jamf Pro (Contoso)", "\r", "y"} {
		tm.send(key)
		time.Sleep(60 * time.Millisecond)
	}
	// y copies the id to the user's clipboard: OSC 52 on this session, not the server's stdout.
	tm.waitForRaw("\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(contosoHQ)) + "\x07")
	tm.send("\x1a") // ctrl+z: refused, the session goes on
	time.Sleep(60 * time.Millisecond)
	tm.send("q")
	if err := tm.waitExit(); err != nil {
		t.Errorf("quit after ctrl+z: %v", err)
	}
}
