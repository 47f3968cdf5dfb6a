package dialog

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/cells"
	"github.com/partnerdash/partnerdash/ui/theme"
)

// callTimeout bounds one Graph call made by a form or dialog. It is generous because the client
// retries throttled calls itself; it exists so that a dialog can never wait forever.
const callTimeout = 90 * time.Second

// env is what a form or dialog works with: where changes go, how they look, the clock, and the
// context that bounds its calls (the SSH session's, so a closed session cancels them).
type env struct {
	ctx     context.Context
	svc     Service
	theme   theme.Theme
	now     func() time.Time
	timeout time.Duration
	keys    keyMap
	// spinEvery is the spinner's frame interval (tests shorten it so that running a tick is quick).
	spinEvery time.Duration
	// names are the session's group names (Env.Groups): names arriving while a dialog is open
	// show in it, and the groups a form finds by name join them.
	names model.GroupNames
}

func newEnv(c Env) *env {
	e := &env{ctx: c.Ctx, svc: c.Service, theme: c.Theme, now: c.Now, timeout: callTimeout, keys: newKeys(),
		spinEvery: callSpinner.FPS, names: c.Groups}
	if e.names == nil {
		e.names = model.GroupNames{}
	}
	if e.ctx == nil {
		e.ctx = context.Background()
	}
	if e.now == nil {
		e.now = time.Now
	}
	return e
}

// callStep names what a call is for, so that its reply is handled by the right step of a flow.
type callStep int

const (
	stepGuard        callStep = iota + 1 // re-read the partner before changing it
	stepMutate                           // the PATCH, POST, DELETE or terminate itself
	stepReadBack                         // re-read after terminate to show Graph's deadlines
	stepBetaCheck                        // read through beta what a v1.0 write would erase (form_beta.go)
	stepSearchGroups                     // find groups by name for a new assignment (form_search.go)
)

// callTicket identifies one call. Replies carry it and are matched by pointer, so a reply to a call
// that was abandoned, or that belonged to an overlay since closed, can never be taken for another's.
type callTicket struct{ step callStep }

// callDoneMsg is the reply to one call. id matches the call in flight, or the reply is stale (its
// call was abandoned) and is dropped.
type callDoneMsg struct {
	id      *callTicket
	step    callStep
	partner model.Partner
	subject subject       // what a call about a subject (either kind) read
	groups  []model.Group // what a group search found
	form    formKind      // what a form's lost-update guard read
	// createdID is the id Graph gave a partner a form created.
	createdID string
	err       error
}

// call runs at most one call at a time for a form or dialog and shows a spinner only while it does.
type call struct {
	env         *env
	id          *callTicket // the call in flight; nil when idle
	step        callStep
	label       string // what the spinner says, e.g. "Saving…"
	cancellable bool
	cancel      context.CancelFunc
	frame       int    // the spinner's frame
	note        string // said beside the spinner after a key that could not act, e.g. esc during a PATCH
}

func newCall(env *env) call {
	return call{env: env}
}

func (c *call) busy() bool { return c.id != nil }

// start runs fn in a command under its own context. cancellable says whether esc may abandon it:
// only reads are, because a mutation that is already on the wire may land whatever we do locally.
func (c *call) start(step callStep, label string, cancellable bool, fn func(ctx context.Context) (model.Partner, error)) tea.Cmd {
	return c.run(step, label, cancellable, func(ctx context.Context) callDoneMsg {
		p, err := fn(ctx)
		return callDoneMsg{partner: p, err: err}
	})
}

// startSubject is start for a call about a partner of either kind (a confirmation's subject).
func (c *call) startSubject(step callStep, label string, cancellable bool, fn func(ctx context.Context) (subject, error)) tea.Cmd {
	return c.run(step, label, cancellable, func(ctx context.Context) callDoneMsg {
		s, err := fn(ctx)
		return callDoneMsg{subject: s, err: err}
	})
}

// run runs fn as the call in flight; its reply is tagged with the call's ticket and step.
func (c *call) run(step callStep, label string, cancellable bool, fn func(ctx context.Context) callDoneMsg) tea.Cmd {
	id := &callTicket{step: step}
	ctx, cancel := context.WithTimeout(c.env.ctx, c.env.timeout)
	c.id, c.step, c.label, c.cancellable, c.cancel, c.note, c.frame = id, step, label, cancellable, cancel, "", 0
	do := func() tea.Msg {
		defer cancel()
		msg := fn(ctx)
		msg.id, msg.step = id, step
		return msg
	}
	return tea.Batch(do, c.nextTick())
}

// callTickMsg advances the spinner of one call. It is a type of its own (not spinner.TickMsg, which
// the root consumes for its own spinner) and carries the call's ticket, so the ticks stop when the
// call ends and each call has exactly one chain of them.
type callTickMsg struct{ id *callTicket }

func (c *call) nextTick() tea.Cmd {
	id := c.id
	return tea.Tick(c.env.spinEvery, func(time.Time) tea.Msg { return callTickMsg{id: id} })
}

// callSpinner is the spinner's look; its frames are constant data.
var callSpinner = spinner.MiniDot

// finish takes a reply and reports whether it answers the call in flight.
func (c *call) finish(msg callDoneMsg) bool {
	if c.id == nil || msg.id != c.id {
		return false
	}
	c.id, c.cancel, c.note = nil, nil, ""
	return true
}

// abandon cancels the call in flight when that is safe and reports whether it did. Its reply, if one
// still comes, no longer matches and is dropped.
func (c *call) abandon() bool {
	if c.id == nil {
		return false
	}
	if !c.cancellable {
		c.note = "the request is already sent; waiting for Graph's answer"
		return false
	}
	c.cancel()
	c.id, c.cancel, c.note = nil, nil, ""
	return true
}

// tick advances the spinner while its call runs; a tick of a call that ended is dropped, so the
// chain dies and an idle dialog costs nothing.
func (c *call) tick(msg callTickMsg) tea.Cmd {
	if c.id == nil || msg.id != c.id {
		return nil
	}
	c.frame = (c.frame + 1) % len(callSpinner.Frames)
	return c.nextTick()
}

// view is the progress line: spinner, label, and a note when a key was refused.
func (c *call) view() string {
	t := c.env.theme
	s := t.Spinner.Render(callSpinner.Frames[c.frame]) + " " + t.Text.Render(c.label)
	if c.cancellable {
		s += t.Muted.Render("  (esc cancels)")
	}
	if c.note != "" {
		s += t.Muted.Render("  — " + c.note)
	}
	return s
}

// failure is a failed call in words for a form or dialog.
type failure struct {
	lines   []string
	unknown bool // the change may or may not have been made: refresh before trusting the screen
}

// outcomeUnknown is said when a change failed without Graph saying it refused it.
const outcomeUnknown = "The change may or may not have been made; the list is being refreshed from Graph."

// describeFailure turns a call's error into lines a user can act on: for Graph errors the code,
// message and request-id (what support asks for); for a mutation that failed without an answer from
// Graph, that its outcome is unknown.
func describeFailure(err error, mutation bool) failure {
	var ge *model.GraphError
	switch {
	case errors.Is(err, ErrReadOnly):
		return failure{lines: []string{"This session is read-only: changes are not allowed."}}
	case errors.As(err, &ge):
		head := fmt.Sprintf("Graph refused: %d", ge.StatusCode)
		if ge.Code != "" {
			head += " " + model.Sanitize(ge.Code)
		}
		lines := []string{head}
		if ge.Message != "" {
			lines = append(lines, model.Sanitize(ge.Message))
		}
		if ge.RequestID != "" {
			lines = append(lines, "request-id "+model.Sanitize(ge.RequestID))
		}
		// A 5xx may come after the service acted; anything else means it refused.
		if mutation && ge.StatusCode >= 500 {
			return failure{lines: append(lines, outcomeUnknown), unknown: true}
		}
		return failure{lines: lines}
	case errors.Is(err, context.DeadlineExceeded):
		f := failure{lines: []string{"Graph did not answer in time."}}
		if mutation {
			f.lines = append(f.lines, outcomeUnknown)
			f.unknown = true
		}
		return f
	}
	f := failure{lines: []string{cells.OneLine(model.Sanitize(err.Error()))}}
	if mutation {
		f.lines = append(f.lines, outcomeUnknown)
		f.unknown = true
	}
	return f
}

// isGraphNotFound reports a 404 from Graph: the partner is gone.
func isGraphNotFound(err error) bool {
	var ge *model.GraphError
	return errors.As(err, &ge) && ge.IsNotFound()
}

// changed tells the dashboard a change reached Graph (or may have): it lists partners again from
// Graph (nothing is patched locally), selects selectID when set, and shows status when set.
func changed(status, selectID string) tea.Cmd {
	if status == "" {
		return refresh(selectID)
	}
	return tea.Batch(refresh(selectID), Toast(status))
}
