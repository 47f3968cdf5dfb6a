// Package snapshot shares one tenant's data between every reader: all dashboards and SSH
// sessions, and later the fleet view, the Nagios check and the Prometheus exporter.
//
// One Refresher per tenant (profile) owns the data. It fetches on Run's start, on Refresh and
// Invalidate, and every Run interval, and publishes immutable Snapshots. Readers never copy the
// data: they hold the *Snapshot they last drew and keep their own state (cursor, filter, sort,
// scroll) beside it.
//
//	r := snapshot.New(func(ctx context.Context) ([]model.Partner, error) { return c.ListPartners(ctx) })
//	go r.Run(ctx, 5*time.Minute)      // fetch now, then every 5 minutes
//	s := r.Current()                  // cheap: one atomic load
//	<-s.Changed()                     // wakes when a newer snapshot replaces s
//	<-r.First()                       // a new reader: data, fetched if nobody has yet
//	<-r.Refresh()                     // the user pressed r: joins a fetch already in flight
//	<-r.Invalidate()                  // after a write: waits for a fetch that starts after the call
//
// Rules:
//   - Refresh coalesces: calls while a fetch is in flight share it, so N sessions pressing r at
//     once cause one request. Invalidate is for writes: a fetch already in flight may have been
//     answered before the write, so Invalidate waits for (at most) one more fetch that starts
//     after it; any number of Invalidate calls during one fetch share that one follow-up.
//   - A failed fetch keeps the last good Data and its Fetched time and carries the error (Err,
//     ErrAt), so every reader shows the same error and the age of what it still shows.
//   - When the error is a *model.GraphError with a Retry-After (429 throttling, 503), RetryAt
//     says when Graph allows the next request, and no fetch starts before then: a Refresh or
//     Invalidate in that window waits, and the readers can show the countdown.
//   - Readers are woken (Changed is closed) only when what they show changes: new data, a new
//     error, or a fetch that succeeds after an error. A fetch whose data is Equal to what is
//     shown (WithEqual) and the Refreshing flag are swapped in silently: Current has them, but
//     nobody is woken, so idle sessions cost nothing between real changes.
package snapshot

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

// Snapshot is one published state of a tenant's data. It is immutable: never change its fields.
type Snapshot[T any] struct {
	Data    T         // the last good data; the zero T until the first fetch succeeds
	Fetched time.Time // when Data was fetched; zero until the first fetch succeeds
	// Err is the error of the latest fetch, nil when it succeeded. Data and Fetched stay those of
	// the last good fetch.
	Err     error
	ErrAt   time.Time // when Err happened
	RetryAt time.Time // no fetch starts before this (Graph's Retry-After); zero when not throttled
	// Refreshing is true while a fetch is in flight (or waiting for RetryAt). Swapped in
	// without waking readers.
	Refreshing bool
	// Seq counts the publishes that woke readers; 0 is the initial, empty snapshot.
	Seq uint64

	changed chan struct{} // closed when a snapshot with a higher Seq replaces this one
}

// Changed is closed when a newer snapshot (higher Seq) is published. Waiting on the Changed of
// the snapshot a reader last drew cannot miss a publish.
func (s *Snapshot[T]) Changed() <-chan struct{} { return s.changed }

// Loaded reports whether a fetch has ever succeeded (Data is real data).
func (s *Snapshot[T]) Loaded() bool { return !s.Fetched.IsZero() }

// Age is how old Data is at now; 0 before the first success.
func (s *Snapshot[T]) Age(now time.Time) time.Duration {
	if s.Fetched.IsZero() {
		return 0
	}
	return now.Sub(s.Fetched)
}

// Clock is the time source: the real one by default, a fake one in tests.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Option configures a Refresher.
type Option func(*options)

type options struct {
	clock   Clock
	timeout time.Duration
	equal   any // func(a, b T) bool, checked in New
}

// WithClock sets the clock used for Fetched, ErrAt, RetryAt and every wait.
func WithClock(c Clock) Option { return func(o *options) { o.clock = c } }

// WithTimeout bounds each fetch (0, the default, leaves it to the fetch function).
func WithTimeout(d time.Duration) Option { return func(o *options) { o.timeout = d } }

// WithEqual lets a fetch that brings the same data as the current snapshot be swapped in
// without waking readers (only Fetched moves). equal must be a func(a, b T) bool for the
// Refresher's T; New panics otherwise.
func WithEqual[T any](equal func(a, b T) bool) Option {
	return func(o *options) { o.equal = equal }
}

// Refresher owns one tenant's data and publishes it as Snapshots. Its methods are safe for
// concurrent use.
type Refresher[T any] struct {
	fetch   func(context.Context) (T, error)
	clock   Clock
	timeout time.Duration
	equal   func(a, b T) bool

	cur     atomic.Pointer[Snapshot[T]]
	fetches atomic.Uint64

	mu       sync.Mutex      // guards the fields below and every store to cur
	ctx      context.Context // fetches run under it: Run's context, else Background
	inFlight chan struct{}   // closed when the fetch in flight is published; nil when idle
	next     chan struct{}   // an Invalidate's follow-up fetch, started when inFlight ends
}

// New makes a Refresher that gets its data from fetch. It fetches nothing until Run, Refresh or
// Invalidate is called.
func New[T any](fetch func(context.Context) (T, error), opts ...Option) *Refresher[T] {
	o := options{clock: realClock{}}
	for _, opt := range opts {
		opt(&o)
	}
	r := &Refresher[T]{fetch: fetch, clock: o.clock, timeout: o.timeout, ctx: context.Background()}
	if o.equal != nil {
		eq, ok := o.equal.(func(a, b T) bool)
		if !ok {
			panic("snapshot: WithEqual's function does not compare this Refresher's data type")
		}
		r.equal = eq
	}
	r.cur.Store(&Snapshot[T]{changed: make(chan struct{})})
	return r
}

// Current is the latest snapshot. It is never nil.
func (r *Refresher[T]) Current() *Snapshot[T] { return r.cur.Load() }

// Changed is closed on the next publish that wakes readers (see Snapshot.Changed, which is
// safer when the reader already holds a snapshot).
func (r *Refresher[T]) Changed() <-chan struct{} { return r.cur.Load().changed }

// Fetches is how many times the fetch function has been called.
func (r *Refresher[T]) Fetches() uint64 { return r.fetches.Load() }

// Refresh starts a fetch, or joins the one in flight. The channel is closed once that fetch's
// outcome is published (Current then holds it).
func (r *Refresher[T]) Refresh() <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.inFlight != nil {
		return r.inFlight
	}
	return r.startLocked(make(chan struct{}))
}

// First is Refresh for a reader that needs data to start with: it joins the fetch in flight, or
// starts one when nothing has been published yet (no data and no error); otherwise its channel is
// already closed and Current holds what to show. N readers starting at once cause one fetch,
// and a reader starting after the first fetch causes none.
func (r *Refresher[T]) First() <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.inFlight != nil {
		return r.inFlight
	}
	if s := r.cur.Load(); s.Loaded() || s.Err != nil {
		done := make(chan struct{})
		close(done)
		return done
	}
	return r.startLocked(make(chan struct{}))
}

// Invalidate is Refresh for after a write: the channel is closed once a fetch that started
// after this call is published, so its data includes the write.
func (r *Refresher[T]) Invalidate() <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.inFlight == nil {
		return r.startLocked(make(chan struct{}))
	}
	if r.next == nil {
		r.next = make(chan struct{})
	}
	return r.next
}

// Run fetches now and then every interval after the previous fetch ends (never, when
// every <= 0, leaving Refresh and Invalidate), until ctx ends. Fetches, including those that
// Refresh starts while Run runs, use ctx. It returns ctx's error. Once ctx has ended, Refresh and
// Invalidate still return channels, closed without fetching: the Refresher is shut down.
func (r *Refresher[T]) Run(ctx context.Context, every time.Duration) error {
	r.mu.Lock()
	r.ctx = ctx
	r.mu.Unlock()
	for {
		select {
		case <-r.Refresh():
		case <-ctx.Done():
			return ctx.Err()
		}
		if every <= 0 {
			<-ctx.Done()
			return ctx.Err()
		}
		select {
		case <-r.clock.After(every):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// startLocked makes done the fetch in flight and starts it. r.mu is held.
func (r *Refresher[T]) startLocked(done chan struct{}) <-chan struct{} {
	r.inFlight = done
	prev := r.cur.Load()
	if !prev.Refreshing {
		s := *prev
		s.Refreshing = true
		r.cur.Store(&s) // silently: same Seq, same changed channel
	}
	go r.do(r.ctx, done)
	return done
}

// do runs one fetch: waits out RetryAt, fetches, publishes, closes done, and starts an
// Invalidate's follow-up if one is waiting.
func (r *Refresher[T]) do(ctx context.Context, done chan struct{}) {
	if wait := r.cur.Load().RetryAt.Sub(r.clock.Now()); wait > 0 {
		select {
		case <-r.clock.After(wait):
		case <-ctx.Done():
		}
	}
	if ctx.Err() == nil {
		fctx, cancel := ctx, context.CancelFunc(func() {})
		if r.timeout > 0 {
			fctx, cancel = context.WithTimeout(ctx, r.timeout)
		}
		r.fetches.Add(1)
		data, err := r.fetch(fctx)
		cancel()
		if ctx.Err() == nil { // a fetch cut short by shutdown is not news for anyone
			r.publish(data, err)
		}
	}

	r.mu.Lock()
	defer r.mu.Unlock()
	if prev := r.cur.Load(); prev.Refreshing { // the fetch was skipped: shutdown
		s := *prev
		s.Refreshing = false
		r.cur.Store(&s)
	}
	close(done)
	r.inFlight = nil
	if r.next != nil {
		next := r.next
		r.next = nil
		r.startLocked(next)
	}
}

// publish stores the outcome of a fetch, waking readers if what they show changed.
func (r *Refresher[T]) publish(data T, err error) {
	now := r.clock.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	prev := r.cur.Load()
	s := *prev
	s.Refreshing = false
	wake := true
	if err != nil {
		s.Err, s.ErrAt, s.RetryAt = err, now, time.Time{}
		var ge *model.GraphError
		if errors.As(err, &ge) && ge.RetryAfter > 0 {
			s.RetryAt = now.Add(ge.RetryAfter)
		}
	} else {
		wake = prev.Err != nil || !prev.Loaded() || r.equal == nil || !r.equal(prev.Data, data)
		s.Data, s.Fetched = data, now
		s.Err, s.ErrAt, s.RetryAt = nil, time.Time{}, time.Time{}
	}
	if !wake {
		r.cur.Store(&s)
		return
	}
	s.Seq = prev.Seq + 1
	s.changed = make(chan struct{})
	r.cur.Store(&s)
	close(prev.changed)
}
