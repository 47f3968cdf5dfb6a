package ui

import (
	"context"
	"io"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/theme"
)

// actClock is the fixed instant of the action tests.
var actClock = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

func actNow() time.Time { return actClock }

// actAsciiTheme is the theme of a terminal without colour, as goldens use.
func actAsciiTheme() theme.Theme {
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	r.SetHasDarkBackground(true)
	return theme.New(r)
}

// actTenant is an in-memory PartnerService that records calls and fails on demand.
type actTenant struct {
	mu       sync.Mutex
	partners map[string]model.Partner
	calls    []string
	fail     map[string]error // op ("get", "update", ...) -> error for its next call
	gate     chan struct{}    // when set, mutations wait for it
	onGet    func(id string)  // runs before a Get answers (to change things behind the form)
	updates  []model.PartnerUpdate
	created  []model.Partner
	nextID   string
}

func newActTenant(ps ...model.Partner) *actTenant {
	f := &actTenant{partners: map[string]model.Partner{}, fail: map[string]error{}, nextID: "new-id"}
	for _, p := range ps {
		f.partners[p.ID] = p
	}
	return f
}

func (f *actTenant) record(op, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, op+" "+id)
	if err := f.fail[op]; err != nil {
		delete(f.fail, op)
		return err
	}
	return nil
}

func (f *actTenant) wait(ctx context.Context) error {
	if f.gate == nil {
		return nil
	}
	select {
	case <-f.gate:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (f *actTenant) failNext(op string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail[op] = err
}

func (f *actTenant) callLog() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string{}, f.calls...)
}

func (f *actTenant) get(id string) (model.Partner, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p, ok := f.partners[id]
	return p, ok
}

func (f *actTenant) put(p model.Partner) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.partners[p.ID] = p
}

func (f *actTenant) List(ctx context.Context) ([]model.Partner, error) {
	if err := f.record("list", ""); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []model.Partner
	for _, p := range f.partners {
		out = append(out, p)
	}
	return out, nil
}

func (f *actTenant) Get(ctx context.Context, id string) (model.Partner, error) {
	if f.onGet != nil {
		f.onGet(id)
	}
	if err := f.record("get", id); err != nil {
		return model.Partner{}, err
	}
	if p, ok := f.get(id); ok {
		return p, nil
	}
	return model.Partner{}, &model.GraphError{StatusCode: 404, Code: "ResourceNotFound", Message: "not found"}
}

func (f *actTenant) Create(ctx context.Context, p model.Partner) (model.Partner, error) {
	if err := f.wait(ctx); err != nil {
		return model.Partner{}, err
	}
	if err := f.record("create", ""); err != nil {
		return model.Partner{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	p.ID = f.nextID
	f.partners[p.ID] = p
	f.created = append(f.created, p)
	return p, nil
}

func (f *actTenant) Update(ctx context.Context, id string, u model.PartnerUpdate) error {
	if err := f.wait(ctx); err != nil {
		return err
	}
	if err := f.record("update", id); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.updates = append(f.updates, u)
	f.partners[id] = u.Apply(f.partners[id])
	return nil
}

func (f *actTenant) Delete(ctx context.Context, id string) error {
	if err := f.wait(ctx); err != nil {
		return err
	}
	if err := f.record("delete", id); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.partners, id)
	return nil
}

func (f *actTenant) Terminate(ctx context.Context, id string) error {
	if err := f.wait(ctx); err != nil {
		return err
	}
	if err := f.record("terminate", id); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	p := f.partners[id]
	p.PartnerState = model.StateTerminated
	p.NonCompliantAt = model.At(actClock.Add(7 * 24 * time.Hour))
	p.RemovedAt = model.At(actClock.Add(90 * 24 * time.Hour))
	f.partners[id] = p
	return nil
}

// actTestEnv is an action environment on svc with the Ascii theme and the fixed clock.
func actTestEnv(svc PartnerService) *actionEnv {
	env := newActionEnv(actionContext{Ctx: context.Background(), Service: svc, Theme: actAsciiTheme(), Now: actNow})
	env.spinEvery = time.Microsecond
	return env
}

// actSamplePartner is a configured, unresponsive partner with two groups and a scope-tag target.
func actSamplePartner() model.Partner {
	return model.Partner{
		ID:                "00000002-aaaa-4bbb-8ccc-000000000002",
		DisplayName:       "Brambleworth MDM",
		PartnerState:      model.StateUnresponsive,
		PartnerAppType:    model.AppTypeMultiTenant,
		IsConfigured:      true,
		LastHeartbeat:     model.At(actClock.Add(-9 * 24 * time.Hour)),
		NonCompliantAt:    model.At(actClock.Add(2 * 24 * time.Hour)),
		RemovedAt:         model.At(actClock.Add(40 * 24 * time.Hour)),
		SingleTenantAppID: "",
		Groups: []model.Assignment{
			{Target: model.GroupTarget{GroupID: "c0ffee00-0000-4000-8000-000000000001"}},
			{Target: model.ExclusionGroupTarget{GroupID: "c0ffee00-0000-4000-8000-000000000002"}},
			{Target: model.ScopeTagGroupTarget{TargetType: model.ScopeTagTargetUser, EntraObjectID: "c0ffee00-0000-4000-8000-000000000003"}},
		},
	}
}

// actKey builds the message a terminal sends for a key, by name ("enter", "ctrl+s") or as runes.
func actKey(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "shift+tab":
		return tea.KeyMsg{Type: tea.KeyShiftTab}
	case "ctrl+s":
		return tea.KeyMsg{Type: tea.KeyCtrlS}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	case "right":
		return tea.KeyMsg{Type: tea.KeyRight}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case "delete":
		return tea.KeyMsg{Type: tea.KeyDelete}
	case "space":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	case "ctrl+u":
		return tea.KeyMsg{Type: tea.KeyCtrlU}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// actCollect runs cmd and everything it batches, returning the messages (dashRun, shared with the
// dashboard's tests). Spinner ticks are quick in tests: actTestEnv shortens them.
func actCollect(cmd tea.Cmd) []tea.Msg { return dashRun(cmd) }

// actSettle runs cmd, feeds the replies of calls back into o until no call is left, and returns the
// overlay (nil once closed) and every other message produced on the way (refresh, toast...).
func actSettle(t *testing.T, o overlay, cmd tea.Cmd) (overlay, []tea.Msg) {
	t.Helper()
	var out []tea.Msg
	queue := actCollect(cmd)
	for len(queue) > 0 {
		msg := queue[0]
		queue = queue[1:]
		switch msg.(type) {
		case callTickMsg: // the spinner's own business; running it would sleep
		case callDoneMsg:
			if o == nil {
				t.Fatalf("a call answered after the overlay closed: %#v", msg)
			}
			var next tea.Cmd
			o, next = o.Update(msg)
			queue = append(queue, actCollect(next)...)
		default:
			out = append(out, msg)
		}
	}
	return o, out
}

// actPress sends keys (by name) to o, settling the calls each one starts.
func actPress(t *testing.T, o overlay, keys ...string) (overlay, []tea.Msg) {
	t.Helper()
	var all []tea.Msg
	for _, k := range keys {
		if o == nil {
			t.Fatalf("overlay closed before key %q", k)
		}
		var cmd tea.Cmd
		o, cmd = o.Update(actKey(k))
		var msgs []tea.Msg
		o, msgs = actSettle(t, o, cmd)
		all = append(all, msgs...)
	}
	return o, all
}

// actTyped types text into o, settling any calls.
func actTyped(t *testing.T, o overlay, s string) overlay {
	t.Helper()
	for _, r := range s {
		var cmd tea.Cmd
		o, cmd = o.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		o, _ = actSettle(t, o, cmd)
	}
	return o
}

// actRefreshes and actToasts pick the root-bound messages out of what an overlay produced.
func actRefreshes(msgs []tea.Msg) []refreshMsg {
	var out []refreshMsg
	for _, m := range msgs {
		if r, ok := m.(refreshMsg); ok {
			out = append(out, r)
		}
	}
	return out
}

func actToasts(msgs []tea.Msg) []string {
	var out []string
	for _, m := range msgs {
		if s, ok := m.(statusMsg); ok {
			out = append(out, s.Text)
		}
	}
	return out
}
