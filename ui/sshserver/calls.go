package sshserver

import (
	"context"
	"errors"
	"sync"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui"
)

// ErrShuttingDown is what a session's service returns for a call started after shutdown began.
var ErrShuttingDown = errors.New("the server is shutting down")

// calls counts the Graph calls running for all sessions, so that shutdown can wait for them (a
// terminate half-sent when the process exits would be neither done nor audited), and cancels
// the ones still running when the wait is over.
type calls struct {
	mu      sync.Mutex
	running int
	closed  bool
	idle    chan struct{} // closed and replaced whenever running drops to zero

	abortCtx context.Context
	abort    context.CancelFunc
}

func newCalls() *calls {
	ctx, cancel := context.WithCancel(context.Background())
	return &calls{idle: make(chan struct{}), abortCtx: ctx, abort: cancel}
}

// begin registers a call; its context is also cancelled by abort. end must be called.
//
// A change (create, update, delete, terminate) is detached from its session's cancellation:
// once asked for, it is finished even if the user disconnects or shutdown ends the session,
// because a request cancelled mid-flight leaves it unknown whether Graph made the change, and the
// audit log would say "cancelled" about something that may have happened. Only abort (the
// shutdown timeout) cancels it. Reads are simply cancelled with the session.
func (c *calls) begin(ctx context.Context) (context.Context, func(), error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return ctx, nil, ErrShuttingDown
	}
	c.running++
	c.mu.Unlock()
	ctx, cancel := context.WithCancelCause(ctx)
	stop := context.AfterFunc(c.abortCtx, func() { cancel(ErrShuttingDown) })
	return ctx, func() {
		stop()
		cancel(nil)
		c.mu.Lock()
		c.running--
		if c.running == 0 {
			close(c.idle)
			c.idle = make(chan struct{})
		}
		c.mu.Unlock()
	}, nil
}

// close refuses new calls.
func (c *calls) close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
}

// wait returns when no call is running or ctx is done.
func (c *calls) wait(ctx context.Context) error {
	for {
		c.mu.Lock()
		if c.running == 0 {
			c.mu.Unlock()
			return nil
		}
		idle := c.idle
		c.mu.Unlock()
		select {
		case <-idle:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// count reports how many calls are in flight.
func (c *calls) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.running
}

// track wraps s so that its calls are counted.
func (c *calls) track(s ui.PartnerService) ui.PartnerService { return tracked{s, c} }

type tracked struct {
	s ui.PartnerService
	c *calls
}

func (t tracked) List(ctx context.Context) ([]model.Partner, error) {
	return trackRead(t, ctx, t.s.List)
}

func (t tracked) Get(ctx context.Context, id string) (model.Partner, error) {
	return trackRead(t, ctx, func(ctx context.Context) (model.Partner, error) { return t.s.Get(ctx, id) })
}

func (t tracked) Create(ctx context.Context, p model.Partner) (model.Partner, error) {
	var created model.Partner
	err := trackWrite(t, ctx, func(ctx context.Context) (err error) {
		created, err = t.s.Create(ctx, p)
		return err
	})
	return created, err
}

func (t tracked) Update(ctx context.Context, id string, u model.PartnerUpdate) error {
	return trackWrite(t, ctx, func(ctx context.Context) error { return t.s.Update(ctx, id, u) })
}

func (t tracked) Delete(ctx context.Context, id string) error {
	return trackWrite(t, ctx, func(ctx context.Context) error { return t.s.Delete(ctx, id) })
}

func (t tracked) Terminate(ctx context.Context, id string) error {
	return trackWrite(t, ctx, func(ctx context.Context) error { return t.s.Terminate(ctx, id) })
}

// trackRead counts a read that ends with the session.
func trackRead[T any](t tracked, ctx context.Context, read func(context.Context) (T, error)) (T, error) {
	ctx, end, err := t.c.begin(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	defer end()
	return read(ctx)
}

// trackWrite counts a change: it is not cut off when the session ends (Graph may already have
// made it), and the session waits for it.
func trackWrite(t tracked, ctx context.Context, send func(context.Context) error) error {
	ctx, end, err := t.c.begin(context.WithoutCancel(ctx))
	if err != nil {
		return err
	}
	defer end()
	return send(ctx)
}
