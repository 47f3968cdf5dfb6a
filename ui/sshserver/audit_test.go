package sshserver

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui"
)

const contosoHQ = "00000001-aaaa-4bbb-8ccc-000000000001" // "Jamf Pro (Contoso)", enabled, in the demo tenant

var alice = Actor{User: "alice", Name: "alice", Fingerprint: "SHA256:abc", Role: Operator, Remote: "127.0.0.1:5000"}

// auditLines decodes a JSON-lines audit log.
func auditLines(t *testing.T, text string) []AuditEntry {
	t.Helper()
	var out []AuditEntry
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		var e AuditEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("audit line %q: %v", sc.Text(), err)
		}
		out = append(out, e)
	}
	return out
}

func TestAuditFileIsPrivateAndAppendOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "audit.log")
	logs := &syncBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, nil))
	a, err := OpenAuditLog(path, logger)
	if err != nil {
		t.Fatal(err)
	}
	a.Record(AuditEntry{User: "alice", Action: "delete", PartnerID: "1", Result: "ok"})
	a.Close()
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("audit log mode %04o, want 0600", st.Mode().Perm())
	}

	// A second start appends, and narrows a file someone widened.
	os.Chmod(path, 0o644)
	a, err = OpenAuditLog(path, logger)
	if err != nil {
		t.Fatal(err)
	}
	a.Record(AuditEntry{User: "bob", Action: "terminate", PartnerID: "2", Result: "error", Error: "boom"})
	a.Close()
	data, _ := os.ReadFile(path)
	lines := auditLines(t, string(data))
	if len(lines) != 2 || lines[0].User != "alice" || lines[1].User != "bob" {
		t.Fatalf("audit log has %+v, want alice's line then bob's", lines)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("widened audit log left at %04o", st.Mode().Perm())
	}
	if !strings.Contains(logs.String(), `"msg":"audit"`) || !strings.Contains(logs.String(), `"action":"terminate"`) {
		t.Errorf("entries not mirrored to the server log:\n%s", logs.String())
	}
	if err := a.Record(AuditEntry{}); err == nil {
		t.Error("recording to a closed log did not fail")
	}
}

func TestAuditedTerminateRecordsWhoWhatAndRequestID(t *testing.T) {
	g := newGraph(t)
	buf := &syncBuffer{}
	svc := Audited(g.svc, NewAuditLog(buf, nil), alice, nil)
	ctx := context.Background()
	if _, err := svc.List(ctx); err != nil {
		t.Fatal(err)
	}
	if err := svc.Terminate(ctx, contosoHQ); err != nil {
		t.Fatal(err)
	}
	if got := g.partner(t, contosoHQ).PartnerState; got != model.StateTerminated {
		t.Fatalf("state %q after terminate, want terminated", got)
	}
	lines := auditLines(t, buf.String())
	if len(lines) != 1 {
		t.Fatalf("%d audit lines, want 1 (reads are not audited):\n%s", len(lines), buf.String())
	}
	e := lines[0]
	if e.User != "alice" || e.Fingerprint != "SHA256:abc" || e.Role != Operator || e.Action != "terminate" ||
		e.PartnerID != contosoHQ || e.PartnerName != "Jamf Pro (Contoso)" || e.Result != "ok" || e.Time.IsZero() {
		t.Errorf("entry %+v", e)
	}
	if e.RequestID == "" || e.ClientReqID == "" {
		t.Errorf("a successful call's request-id was not captured: %+v", e)
	}
}

func TestAuditedFailureRecordsGraphError(t *testing.T) {
	g := newGraph(t)
	buf := &syncBuffer{}
	svc := Audited(g.svc, NewAuditLog(buf, nil), alice, nil)
	err := svc.Delete(context.Background(), "00000099-aaaa-4bbb-8ccc-000000000099")
	var ge *model.GraphError
	if !errors.As(err, &ge) {
		t.Fatalf("delete of a missing partner: %v, want a Graph error", err)
	}
	e := auditLines(t, buf.String())[0]
	if e.Result != "error" || e.Status != 404 || e.RequestID != ge.RequestID || e.RequestID == "" || !strings.Contains(e.Error, "404") {
		t.Errorf("entry %+v for %v", e, ge)
	}
}

func TestAuditedUpdateRecordsChangesAndLooksUpUnseenPartner(t *testing.T) {
	g := newGraph(t)
	buf := &syncBuffer{}
	svc := Audited(g.svc, NewAuditLog(buf, nil), alice, nil)
	name := "Jamf Pro (Contoso, renamed)"
	// No List first: the wrapper must ask Graph for the partner's name.
	if err := svc.Update(context.Background(), contosoHQ, model.PartnerUpdate{DisplayName: &name}); err != nil {
		t.Fatal(err)
	}
	e := auditLines(t, buf.String())[0]
	if e.Action != "update" || e.PartnerName != "Jamf Pro (Contoso)" || len(e.Changes) != 1 ||
		e.Changes[0].Field != "displayName" || !strings.Contains(e.Changes[0].Old, "Contoso") || !strings.Contains(e.Changes[0].New, "renamed") {
		t.Errorf("entry %+v", e)
	}
	if got := g.partner(t, contosoHQ).DisplayName; got != name {
		t.Errorf("name in Graph %q", got)
	}
}

func TestAuditedCreate(t *testing.T) {
	g := newGraph(t)
	buf := &syncBuffer{}
	svc := Audited(g.svc, NewAuditLog(buf, nil), alice, nil)
	created, err := svc.Create(context.Background(), model.Partner{
		DisplayName: "New MDM", PartnerAppType: model.AppTypeMultiTenant,
	})
	if err != nil {
		t.Fatal(err)
	}
	e := auditLines(t, buf.String())[0]
	if e.Action != "create" || e.PartnerID != created.ID || created.ID == "" || e.PartnerName != "New MDM" || e.Result != "ok" {
		t.Errorf("entry %+v, created %+v", e, created)
	}
}

func TestViewerServiceRefusesInTheActionLayer(t *testing.T) {
	ts := startServer(t, Config{AuthorizedKeys: writeFile(t, "keys", newTestKey(t, "x").line)})
	svc := ts.serviceFor(Actor{User: "bob", Role: Viewer})
	if !ui.IsReadOnly(svc) {
		t.Error("a viewer's service is not read-only to the UI")
	}
	before := ts.graph.partner(t, contosoHQ)
	if err := svc.Terminate(context.Background(), contosoHQ); !errors.Is(err, ui.ErrReadOnly) {
		t.Fatalf("viewer terminate: %v, want ErrReadOnly", err)
	}
	if err := svc.Delete(context.Background(), contosoHQ); !errors.Is(err, ui.ErrReadOnly) {
		t.Fatalf("viewer delete: %v, want ErrReadOnly", err)
	}
	if after := ts.graph.partner(t, contosoHQ); after.PartnerState != before.PartnerState {
		t.Errorf("state changed from %q to %q", before.PartnerState, after.PartnerState)
	}
	if ps, err := svc.List(context.Background()); err != nil || len(ps) == 0 {
		t.Errorf("viewer cannot read: %v", err)
	}
	if ts.audit.String() != "" {
		t.Errorf("audit log has entries:\n%s", ts.audit.String())
	}
	if ui.IsReadOnly(ts.serviceFor(Actor{User: "alice", Role: Operator})) {
		t.Error("an operator's service is read-only")
	}
}
