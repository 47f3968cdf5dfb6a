package ui

import (
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/partnerdash/partnerdash/client/snapshot"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/dialog"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

// session is one dashboard driven as Bubble Tea drives it: every command runs in its own
// goroutine (a subscription waits for as long as it must), and the replies are handed to Update
// on the test's goroutine, in the order they come.
type session struct {
	m    *root
	msgs chan tea.Msg
}

func newSession(t *testing.T, o Options) *session {
	t.Helper()
	s := &session{m: newRoot(o), msgs: make(chan tea.Msg, 256)}
	s.m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	s.run(s.m.Init())
	t.Cleanup(func() { s.m.quit() })
	return s
}

func (s *session) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				s.run(c)
			}
			return
		}
		if msg != nil {
			s.msgs <- msg
		}
	}()
}

func (s *session) update(msg tea.Msg) {
	_, cmd := s.m.Update(msg)
	s.run(cmd)
}

// until delivers replies until ok holds (a bound on a hung test, not a timing assertion).
func (s *session) until(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for !ok() {
		select {
		case msg := <-s.msgs:
			s.update(msg)
		case <-deadline:
			t.Fatalf("%s never happened; screen:\n%s", what, s.m.View())
		}
	}
}

func (s *session) shows(text string) func() bool {
	return func() bool { return strings.Contains(s.m.View(), text) }
}

// mutableClock is one clock for the refresher and the dashboards, moved by the test.
type mutableClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *mutableClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}
func (c *mutableClock) add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// sharedSessions are n dashboards of one tenant on one refresher, as serve runs them.
func sharedSessions(t *testing.T, n int, svc PartnerService, clk *mutableClock) (*Snapshots, []*session) {
	t.Helper()
	snaps := NewSnapshots(svc, snapshot.WithClock(clockOf(clk.Now)))
	ss := make([]*session, n)
	for i := range ss {
		o := dashOptions(svc)
		o.Snapshots, o.Now = snaps, clk.Now
		ss[i] = newSession(t, o)
	}
	for _, s := range ss {
		s.until(t, "the first dashboard", s.shows("Tidewater Devices"))
	}
	return snaps, ss
}

func TestSessionsOnOneRefresherCauseOneList(t *testing.T) {
	svc := uitest.NewTenant(dashFixture()...)
	snaps, ss := sharedSessions(t, 8, svc, &mutableClock{now: uitest.Clock})
	if svc.ListCalls() != 1 || snaps.Fetches() != 1 {
		t.Fatalf("8 sessions listed %d times (%d fetches), want 1", svc.ListCalls(), snaps.Fetches())
	}
	// They share the entries too: one cleaned, triaged copy of the partners.
	if &ss[0].m.list.entries[0] != &ss[7].m.list.entries[0] {
		t.Error("each session holds its own copy of the entries")
	}
	// And the detail pane of a partner, drawn once for sessions drawing alike.
	ss[0].m.View()
	ss[7].m.View()
	if a, b := ss[0].m.detailDrawn.lines, ss[7].m.detailDrawn.lines; len(a) == 0 || &a[0] != &b[0] {
		t.Error("each session draws its own detail pane of the same partner")
	}
	// r in two sessions at once: the second joins the first's fetch.
	ss[0].m.Update(uitest.Key("r")) // commands dropped: the fetch is started by the next line's
	ss[1].update(uitest.Key("r"))
	ss[1].until(t, "the refresh", func() bool { return ss[1].m.pending == 0 })
	if svc.ListCalls() > 2 {
		t.Fatalf("%d lists", svc.ListCalls())
	}
}

func TestWriteInOneSessionIsSeenByTheOthers(t *testing.T) {
	svc := uitest.NewTenant(dashFixture()...)
	_, ss := sharedSessions(t, 3, svc, &mutableClock{now: uitest.Clock})
	calls := svc.ListCalls()
	// Session 0 renames a partner (the edit form's write, then its Refresh).
	p, _ := svc.Partner("00000002-aaaa-4bbb-8ccc-000000000002")
	p.DisplayName = "Tidewater Renamed"
	svc.Put(p)
	ss[0].update(dialog.Refresh{SelectID: p.ID})
	for _, s := range ss {
		s.until(t, "the renamed partner", s.shows("Tidewater Renamed"))
	}
	if got := svc.ListCalls() - calls; got != 1 {
		t.Fatalf("the write caused %d lists, want one refresh for every session", got)
	}
	if ss[0].m.list.selectedID() != p.ID {
		t.Error("the session that made the change does not select it")
	}
}

func TestFailingRefreshShowsEverywhereAndKeepsTheData(t *testing.T) {
	svc := uitest.NewTenant(dashFixture()...)
	clk := &mutableClock{now: uitest.Clock}
	_, ss := sharedSessions(t, 3, svc, clk)
	clk.add(3 * time.Minute)
	svc.FailLists(&model.GraphError{StatusCode: 503, Code: "serviceNotAvailable", Message: "try later", RetryAfter: 30 * time.Second})
	ss[2].update(uitest.Key("r"))
	for _, s := range ss {
		s.until(t, "the error", s.shows("data from 3m ago"))
		v := s.m.View()
		for _, want := range []string{"throttled by Graph · retry", "Tidewater Devices", "serviceNotAvailable"} {
			if !strings.Contains(v, want) {
				t.Errorf("session screen lacks %q:\n%s", want, v)
			}
		}
	}
	// The next good refresh clears it everywhere (after Retry-After).
	clk.add(time.Minute)
	ss[0].update(uitest.Key("r"))
	for _, s := range ss {
		s.until(t, "the recovery", func() bool {
			return !strings.Contains(s.m.View(), "refresh failed") && !strings.Contains(s.m.View(), "throttled")
		})
	}
}
