package sshserver

import (
	"reflect"
	"testing"
	"time"
)

// These tests run the real dashboard (ui.New) over SSH against the demo tenant.

func TestAllowedKeySeesTheDashboard(t *testing.T) {
	op, viewer := newTestKey(t, "alice@laptop"), newTestKey(t, "bob@desk")
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", op.operator(), viewer.line)})

	a := openTerm(t, ts.addr, op, "alice", 120, 40)
	a.waitFor("partnerdash", "DEMO", "alice · operator", "Jamf Pro (Contoso HQ)", "Kandji", "Mosyle Manager")

	b := openTerm(t, ts.addr, viewer, "bob", 120, 40)
	b.waitFor("bob · viewer", "READ-ONLY", "Jamf Pro (Contoso HQ)")

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
	tm.waitFor("Jamf Pro (Contoso HQ)")
	tm.reset()
	tm.resize(50, 12)
	tm.waitFor("Terminal too small")
	tm.reset()
	tm.resize(120, 40)
	tm.waitFor("Jamf Pro (Contoso HQ)", "Kandji")
}

func TestViewerCannotTerminateWithKeys(t *testing.T) {
	k := newTestKey(t, "bob")
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", k.line)})
	before := ts.graph.sim.Partners()
	tm := openTerm(t, ts.addr, k, "bob", 120, 40)
	tm.waitFor("Jamf Pro (Contoso HQ)")
	// t, then everything the terminate dialog could want: the name, moves and enters.
	tm.send("t")
	tm.send("Jamf Pro (Contoso HQ)")
	tm.send("\r\t\t\r\r")
	tm.send("y")
	tm.settle(300 * time.Millisecond)
	if after := ts.graph.sim.Partners(); !reflect.DeepEqual(before, after) {
		t.Error("a viewer's keys changed the tenant")
	}
	if ts.audit.String() != "" {
		t.Errorf("audit log has entries:\n%s", ts.audit.String())
	}
}
