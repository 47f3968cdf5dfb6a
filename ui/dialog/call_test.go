package dialog

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/cells"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

func TestActionCallTicksOnlyWhileItsCallRuns(t *testing.T) {
	c := newCall(testEnv(uitest.NewTenant()))
	if cmd := c.tick(callTickMsg{id: &callTicket{}}); cmd != nil {
		t.Fatal("an idle call re-armed its spinner")
	}
	c.start(stepGuard, "Checking…", true, func(context.Context) (model.Partner, error) { return model.Partner{}, nil })
	first := c.id
	if cmd := c.tick(callTickMsg{id: first}); cmd == nil || c.frame != 1 {
		t.Fatalf("a tick of the running call did not advance (frame %d) or re-arm", c.frame)
	}
	if cmd := c.tick(callTickMsg{id: &callTicket{}}); cmd != nil {
		t.Fatal("a tick of another call re-armed")
	}
	if !c.finish(callDoneMsg{id: first}) {
		t.Fatal("the reply to the running call was not taken")
	}
	if cmd := c.tick(callTickMsg{id: first}); cmd != nil {
		t.Fatal("the tick chain of a finished call goes on")
	}
	if c.finish(callDoneMsg{id: first}) {
		t.Fatal("a second reply to the same call was taken")
	}
}

func TestActionCallAbandonOnlyReads(t *testing.T) {
	c := newCall(testEnv(uitest.NewTenant()))
	var seen context.Context
	cmd := c.start(stepMutate, "Saving…", false, func(ctx context.Context) (model.Partner, error) { seen = ctx; return model.Partner{}, nil })
	if c.abandon() || !c.busy() || !strings.Contains(c.view(), "already sent") {
		t.Fatalf("a mutation was abandoned: busy %v view %q", c.busy(), c.view())
	}
	for _, m := range uitest.Run(cmd) {
		if d, ok := m.(callDoneMsg); ok && !c.finish(d) {
			t.Fatal("reply not taken")
		}
	}
	if seen == nil || seen.Err() == nil {
		t.Fatal("the call's context was not released after the call")
	}
	c.start(stepGuard, "Checking…", true, func(ctx context.Context) (model.Partner, error) { return model.Partner{}, ctx.Err() })
	id := c.id
	if !c.abandon() || c.busy() {
		t.Fatal("a read could not be abandoned")
	}
	if c.finish(callDoneMsg{id: id}) {
		t.Fatal("the abandoned call's reply was taken")
	}
}

func TestActionCallContextIsTheSessions(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	env := newEnv(Env{Ctx: ctx, Service: uitest.NewTenant(), Theme: uitest.AsciiTheme(), Now: uitest.Now})
	c := newCall(env)
	started := make(chan struct{})
	cmd := c.start(stepGuard, "Checking…", true, func(ctx context.Context) (model.Partner, error) {
		close(started)
		<-ctx.Done()
		return model.Partner{}, ctx.Err()
	})
	done := make(chan []tea.Msg)
	go func() { done <- uitest.Run(cmd) }()
	<-started
	cancel() // the session ends
	select {
	case msgs := <-done:
		var got error
		for _, m := range msgs {
			if d, ok := m.(callDoneMsg); ok {
				got = d.err
			}
		}
		if !errors.Is(got, context.Canceled) {
			t.Fatalf("call ended with %v, want the session's cancellation", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ending the session did not end the call")
	}
}

func TestDescribeActionFailure(t *testing.T) {
	ge := &model.GraphError{StatusCode: 403, Code: "Forbidden", Message: "Missing \x1b[31mscope", RequestID: "r-1"}
	cases := []struct {
		name     string
		err      error
		mutation bool
		want     []string
		unknown  bool
	}{
		{"graph error, wrapped", fmt.Errorf("update x: %w", ge), true,
			[]string{"Graph refused: 403 Forbidden", "Missing scope", "request-id r-1"}, false},
		{"5xx on a change", &model.GraphError{StatusCode: 503, Code: "ServiceUnavailable"}, true,
			[]string{"Graph refused: 503 ServiceUnavailable", outcomeUnknown}, true},
		{"5xx on a read", &model.GraphError{StatusCode: 503, Code: "ServiceUnavailable"}, false,
			[]string{"Graph refused: 503 ServiceUnavailable"}, false},
		{"read-only", fmt.Errorf("x: %w", ErrReadOnly), true,
			[]string{"This session is read-only: changes are not allowed."}, false},
		{"timeout on a change", context.DeadlineExceeded, true,
			[]string{"Graph did not answer in time.", outcomeUnknown}, true},
		{"network on a read", errors.New("dial tcp: refused\n\x07"), false, []string{"dial tcp: refused"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := describeFailure(c.err, c.mutation)
			if strings.Join(f.lines, "|") != strings.Join(c.want, "|") || f.unknown != c.unknown {
				t.Fatalf("got %q unknown=%v, want %q unknown=%v", f.lines, f.unknown, c.want, c.unknown)
			}
		})
	}
}

func TestChangedSinceIgnoresOnlyTheHeartbeat(t *testing.T) {
	p := uitest.SamplePartner()
	q := p
	q.LastHeartbeat = model.At(uitest.Clock)
	if cs := model.Changes(p, q, uitest.Clock); len(cs) != 0 {
		t.Fatalf("a heartbeat counted as a change: %+v", cs)
	}
	q.DisplayName = "New\x1b[2J"
	q.IsConfigured = false
	q.RemovedAt = model.NotSet()
	q.Groups = q.Groups[:1]
	cs := model.Changes(p, q, uitest.Clock)
	var fields []string
	for _, c := range cs {
		fields = append(fields, c.Field)
		if strings.ContainsRune(c.Old+c.New, 0x1b) {
			t.Fatalf("unsanitized change %+v", c)
		}
	}
	want := "displayName,isConfigured,whenPartnerDevicesWillBeRemovedDateTime,groupsRequiringPartnerEnrollment"
	if strings.Join(fields, ",") != want {
		t.Fatalf("changed fields %v, want %s", fields, want)
	}
}

func TestGroupDeltaAndRebase(t *testing.T) {
	a := model.Assignment{Target: model.GroupTarget{GroupID: "a"}}
	b := model.Assignment{Target: model.ExclusionGroupTarget{GroupID: "b"}}
	c := model.Assignment{Target: model.AllDevicesTarget{}}
	added, removed := groupDelta([]model.Assignment{a, b}, []model.Assignment{b, c})
	if len(added) != 1 || len(removed) != 1 || targetKey(added[0]) != targetKey(c) || targetKey(removed[0]) != targetKey(a) {
		t.Fatalf("delta: added %v removed %v", added, removed)
	}
	rows := []groupRow{{a: a, removed: true}, {a: b}, {a: c, added: true}}
	// Someone else added c too and a new d; ours: remove a, add c.
	d := model.Assignment{Target: model.AllLicensedUsersTarget{}}
	out := rebaseRows(rows, []model.Assignment{d, a, b, c})
	if len(out) != 4 || !out[1].removed || out[0].removed || out[3].added {
		t.Fatalf("rebased rows: %+v", out)
	}
}

func TestDialogsNeverOverflowTheScreen(t *testing.T) {
	p := uitest.SamplePartner()
	for i := range 30 {
		p.Groups = append(p.Groups, model.Assignment{Target: model.GroupTarget{GroupID: fmt.Sprintf("c0ffee00-0000-4000-8000-%012d", i)}})
	}
	p.DisplayName = strings.Repeat("Very Long Partner Name ", 8)
	svc := uitest.NewTenant(p)
	views := map[string]Dialog{
		"edit":      newEditForm(testEnv(svc), p),
		"create":    newCreateForm(testEnv(svc)),
		"delete":    newConfirmation(testEnv(svc), confirmDelete, p),
		"terminate": newConfirmation(testEnv(svc), confirmTerminate, p),
	}
	for name, o := range views {
		for _, size := range [][2]int{{60, 15}, {80, 24}, {120, 40}, {200, 60}} {
			v := o.View(size[0], size[1])
			lines := strings.Split(v, "\n")
			if len(lines) > size[1]-2 {
				t.Errorf("%s at %v: %d lines, more than the screen minus header and help", name, size, len(lines))
			}
			for _, l := range lines {
				if ansi.StringWidth(l) > size[0] {
					t.Errorf("%s at %v: line wider than the screen: %q", name, size, l)
				}
			}
		}
	}
	// The focused row stays in view when the form scrolls.
	f := newEditForm(testEnv(svc), p)
	for range 20 {
		f.setFocus(f.focus + 1)
	}
	if v := f.View(80, 24); !strings.Contains(v, "❯") || !strings.Contains(v, "more line") {
		t.Fatalf("focus scrolled out of view or no scroll marker:\n%s", v)
	}
}

func TestDialogWrapKeepsWordsWhole(t *testing.T) {
	got := cells.Lines("marked non-compliant and about ninety days later", 20)
	want := []string{"marked non-compliant", "and about ninety", "days later"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("wrap = %q, want %q", got, want)
	}
	if got := cells.Lines("0123456789abcdef", 6); strings.Join(got, "|") != "012345|6789ab|cdef" {
		t.Fatalf("long word = %q", got)
	}
	if got := cells.Lines("  a  b", 10); got[0] != "  a  b" {
		t.Fatalf("a line that fits lost its spacing: %q", got)
	}
}
