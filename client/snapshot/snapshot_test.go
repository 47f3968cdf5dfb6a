package snapshot

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

// waitLong bounds every wait in these tests; nothing here is timed, it only keeps a broken
// Refresher from hanging the run.
const waitLong = 10 * time.Second

var t0 = time.Date(2025, 6, 2, 9, 30, 0, 0, time.UTC)

// fakeClock is a Clock that moves only when told.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []fakeTimer
}

type fakeTimer struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: t0} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, fakeTimer{at: c.now.Add(d), ch: ch})
	return ch
}

// Advance moves the clock and fires the timers that are due.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if w.at.After(c.now) {
			kept = append(kept, w)
			continue
		}
		w.ch <- c.now
	}
	c.waiters = kept
}

// waitTimers waits until n timers are pending: someone is waiting on the clock.
func (c *fakeClock) waitTimers(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(waitLong)
	for {
		c.mu.Lock()
		got := len(c.waiters)
		c.mu.Unlock()
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d timers pending, want %d", got, n)
		}
		time.Sleep(time.Millisecond)
	}
}

// gatedFetch is a fetch function that blocks until released and returns what it is told.
type gatedFetch struct {
	entered chan int // receives the call number when a call starts
	release chan result
	calls   atomic.Int32
}

type result struct {
	data []string
	err  error
}

func newGatedFetch() *gatedFetch {
	return &gatedFetch{entered: make(chan int, 100), release: make(chan result)}
}

func (g *gatedFetch) fetch(ctx context.Context) ([]string, error) {
	g.entered <- int(g.calls.Add(1))
	select {
	case r := <-g.release:
		return r.data, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (g *gatedFetch) waitEntered(t *testing.T) int {
	t.Helper()
	select {
	case n := <-g.entered:
		return n
	case <-time.After(waitLong):
		t.Fatal("the fetch was never called")
		return 0
	}
}

func (g *gatedFetch) answer(t *testing.T, data []string, err error) {
	t.Helper()
	select {
	case g.release <- result{data, err}:
	case <-time.After(waitLong):
		t.Fatal("no fetch waiting for an answer")
	}
}

func wait(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(waitLong):
		t.Fatalf("%s: never happened", what)
	}
}

func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func TestInitialSnapshotIsEmptyAndNothingIsFetched(t *testing.T) {
	g := newGatedFetch()
	r := New(g.fetch)
	s := r.Current()
	if s == nil || s.Loaded() || s.Seq != 0 || s.Data != nil || s.Err != nil || s.Refreshing {
		t.Fatalf("initial snapshot %+v", s)
	}
	if r.Fetches() != 0 {
		t.Fatalf("%d fetches before anyone asked", r.Fetches())
	}
}

func TestConcurrentRefreshesShareOneFetch(t *testing.T) {
	g := newGatedFetch()
	clk := newFakeClock()
	r := New(g.fetch, WithClock(clk))

	const callers = 50
	chans := make([]<-chan struct{}, callers)
	var wg sync.WaitGroup
	for i := range chans {
		wg.Add(1)
		go func() { defer wg.Done(); chans[i] = r.Refresh() }()
	}
	wg.Wait()
	g.waitEntered(t)
	if !r.Current().Refreshing {
		t.Error("Refreshing is false while the fetch is in flight")
	}
	g.answer(t, []string{"Jamf"}, nil)
	for _, ch := range chans {
		wait(t, ch, "a shared refresh")
	}
	if n := r.Fetches(); n != 1 {
		t.Fatalf("%d concurrent Refresh calls made %d fetches, want 1", callers, n)
	}
	s := r.Current()
	if s.Seq != 1 || len(s.Data) != 1 || s.Data[0] != "Jamf" || !s.Fetched.Equal(t0) || s.Refreshing || s.Err != nil {
		t.Fatalf("after the refresh: %+v", s)
	}
}

func TestInvalidateWaitsForAFetchThatStartsAfterIt(t *testing.T) {
	g := newGatedFetch()
	r := New(g.fetch, WithClock(newFakeClock()))

	first := r.Refresh()
	g.waitEntered(t) // this fetch may already have been answered before the write
	afterWrite := make([]<-chan struct{}, 5)
	for i := range afterWrite {
		afterWrite[i] = r.Invalidate()
	}
	g.answer(t, []string{"before write"}, nil)
	wait(t, first, "first refresh")
	for _, ch := range afterWrite {
		if isClosed(ch) {
			t.Fatal("Invalidate was satisfied by a fetch that started before it")
		}
	}
	if n := g.waitEntered(t); n != 2 {
		t.Fatalf("follow-up is call %d, want 2", n)
	}
	g.answer(t, []string{"after write"}, nil)
	for _, ch := range afterWrite {
		wait(t, ch, "invalidate")
	}
	if got := r.Current().Data; len(got) != 1 || got[0] != "after write" {
		t.Fatalf("after Invalidate, Current has %v", got)
	}
	if n := r.Fetches(); n != 2 {
		t.Fatalf("one refresh and five invalidates during it made %d fetches, want 2", n)
	}
}

func TestInvalidateWhenIdleFetchesOnce(t *testing.T) {
	g := newGatedFetch()
	r := New(g.fetch, WithClock(newFakeClock()))
	ch := r.Invalidate()
	g.waitEntered(t)
	g.answer(t, []string{"x"}, nil)
	wait(t, ch, "invalidate")
	if n := r.Fetches(); n != 1 {
		t.Fatalf("%d fetches, want 1", n)
	}
}

func TestFailedFetchKeepsLastGoodDataWithItsAge(t *testing.T) {
	g := newGatedFetch()
	clk := newFakeClock()
	r := New(g.fetch, WithClock(clk))

	done := r.Refresh()
	g.waitEntered(t)
	g.answer(t, []string{"Jamf", "Kandji"}, nil)
	wait(t, done, "first refresh")
	good := r.Current()

	clk.Advance(3 * time.Minute)
	boom := &model.GraphError{StatusCode: 503, Code: "ServiceUnavailable", RequestID: "r-1"}
	done = r.Refresh()
	g.waitEntered(t)
	g.answer(t, nil, boom)
	wait(t, done, "failing refresh")

	s := r.Current()
	if len(s.Data) != 2 || s.Data[1] != "Kandji" {
		t.Errorf("the failed fetch lost the data: %v", s.Data)
	}
	if !s.Fetched.Equal(good.Fetched) || s.Age(clk.Now()) != 3*time.Minute {
		t.Errorf("Fetched %v, age %v; want the first fetch's time, 3m old", s.Fetched, s.Age(clk.Now()))
	}
	if !errors.Is(s.Err, boom) || !s.ErrAt.Equal(t0.Add(3*time.Minute)) {
		t.Errorf("Err %v at %v", s.Err, s.ErrAt)
	}
	if !s.RetryAt.IsZero() {
		t.Errorf("RetryAt %v without a Retry-After", s.RetryAt)
	}
	if s.Seq != good.Seq+1 || !isClosed(good.Changed()) {
		t.Errorf("the error did not wake readers (seq %d after %d)", s.Seq, good.Seq)
	}

	// The next success clears the error.
	done = r.Refresh()
	g.waitEntered(t)
	g.answer(t, []string{"Jamf"}, nil)
	wait(t, done, "recovering refresh")
	if s := r.Current(); s.Err != nil || !s.ErrAt.IsZero() || len(s.Data) != 1 || !s.Fetched.Equal(clk.Now()) {
		t.Errorf("after recovery: %+v", s)
	}
}

func TestRetryAfterIsHonouredBeforeTheNextFetch(t *testing.T) {
	g := newGatedFetch()
	clk := newFakeClock()
	r := New(g.fetch, WithClock(clk))

	done := r.Refresh()
	g.waitEntered(t)
	g.answer(t, nil, &model.GraphError{StatusCode: 429, Code: "TooManyRequests", RetryAfter: 30 * time.Second})
	wait(t, done, "throttled refresh")
	s := r.Current()
	if !client429(s.Err) || !s.RetryAt.Equal(t0.Add(30*time.Second)) {
		t.Fatalf("after a 429: Err %v, RetryAt %v", s.Err, s.RetryAt)
	}

	done = r.Refresh()
	clk.waitTimers(t, 1) // the refresh waits on the clock, not in the fetch
	clk.Advance(29 * time.Second)
	if n := r.Fetches(); n != 1 || isClosed(done) {
		t.Fatalf("a fetch started %v before Retry-After ended (%d fetches)", time.Second, n)
	}
	if !r.Current().Refreshing {
		t.Error("Refreshing is false while waiting out Retry-After")
	}
	clk.Advance(time.Second)
	g.waitEntered(t)
	g.answer(t, []string{"Jamf"}, nil)
	wait(t, done, "refresh after Retry-After")
	if s := r.Current(); s.Err != nil || !s.RetryAt.IsZero() || len(s.Data) != 1 {
		t.Fatalf("after Retry-After: %+v", s)
	}
}

func client429(err error) bool {
	var ge *model.GraphError
	return errors.As(err, &ge) && ge.IsThrottled()
}

func TestSubscribersAreWokenOnPublish(t *testing.T) {
	g := newGatedFetch()
	r := New(g.fetch, WithClock(newFakeClock()))
	const readers = 20
	var woke atomic.Int32
	var ready, done sync.WaitGroup
	for range readers {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			s := r.Current()
			ready.Done()
			<-s.Changed()
			if r.Current().Seq > s.Seq {
				woke.Add(1)
			}
		}()
	}
	ready.Wait()
	ch := r.Refresh()
	g.waitEntered(t)
	g.answer(t, []string{"Jamf"}, nil)
	wait(t, ch, "refresh")
	all := make(chan struct{})
	go func() { done.Wait(); close(all) }()
	wait(t, all, "every reader woken")
	if n := woke.Load(); n != readers {
		t.Fatalf("%d of %d readers saw a newer snapshot", n, readers)
	}
}

func TestSameDataDoesNotWakeReaders(t *testing.T) {
	g := newGatedFetch()
	clk := newFakeClock()
	r := New(g.fetch, WithClock(clk), WithEqual(func(a, b []string) bool {
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if a[i] != b[i] {
				return false
			}
		}
		return true
	}))
	ch := r.Refresh()
	g.waitEntered(t)
	g.answer(t, []string{"Jamf"}, nil)
	wait(t, ch, "first")
	drawn := r.Current()

	clk.Advance(time.Minute)
	ch = r.Refresh()
	if isClosed(drawn.Changed()) {
		t.Fatal("the Refreshing flag woke readers")
	}
	g.waitEntered(t)
	g.answer(t, []string{"Jamf"}, nil)
	wait(t, ch, "same data")
	if isClosed(drawn.Changed()) {
		t.Fatal("a fetch with the same data woke readers")
	}
	if s := r.Current(); !s.Fetched.Equal(clk.Now()) || s.Seq != drawn.Seq {
		t.Fatalf("same data: Fetched %v Seq %d; want Fetched moved, Seq %d", s.Fetched, s.Seq, drawn.Seq)
	}

	ch = r.Refresh()
	g.waitEntered(t)
	g.answer(t, []string{"Jamf", "Kandji"}, nil)
	wait(t, ch, "new data")
	if !isClosed(drawn.Changed()) {
		t.Fatal("new data did not wake readers")
	}
}

func TestRunFetchesOnStartAndEveryInterval(t *testing.T) {
	g := newGatedFetch()
	clk := newFakeClock()
	r := New(g.fetch, WithClock(clk))
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- r.Run(ctx, time.Minute) }()

	g.waitEntered(t)
	g.answer(t, []string{"a"}, nil)
	clk.waitTimers(t, 1)
	if n := r.Fetches(); n != 1 {
		t.Fatalf("%d fetches before the interval passed", n)
	}
	clk.Advance(time.Minute)
	g.waitEntered(t)
	g.answer(t, []string{"b"}, nil)
	clk.waitTimers(t, 1)
	if got := r.Current().Data; len(got) != 1 || got[0] != "b" {
		t.Fatalf("after the interval: %v", got)
	}

	cancel()
	select {
	case err := <-ran:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Run returned %v", err)
		}
	case <-time.After(waitLong):
		t.Fatal("Run did not return after its context ended")
	}
}

func TestRunCancelledMidFetchPublishesNothing(t *testing.T) {
	g := newGatedFetch()
	r := New(g.fetch, WithClock(newFakeClock()))
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- r.Run(ctx, 0) }()
	g.waitEntered(t)
	cancel()
	<-ran
	// The fetch sees ctx end; the Refresher must not publish context.Canceled as the tenant's error.
	deadline := time.Now().Add(waitLong)
	for r.Current().Refreshing {
		if time.Now().After(deadline) {
			t.Fatal("still Refreshing after shutdown")
		}
		time.Sleep(time.Millisecond)
	}
	if s := r.Current(); s.Seq != 0 || s.Err != nil {
		t.Fatalf("shutdown was published: %+v", s)
	}
}

func TestWithEqualOfAnotherTypePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	New(func(context.Context) ([]string, error) { return nil, nil }, WithEqual(func(a, b int) bool { return a == b }))
}

func TestAfterRunEndsRefreshFetchesNothing(t *testing.T) {
	g := newGatedFetch()
	r := New(g.fetch, WithClock(newFakeClock()))
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- r.Run(ctx, 0) }()
	g.waitEntered(t)
	empty := r.Current()
	g.answer(t, []string{"a"}, nil)
	wait(t, empty.Changed(), "first publish")
	cancel()
	<-ran
	wait(t, r.Refresh(), "refresh after shutdown")
	if n := r.Fetches(); n != 1 {
		t.Fatalf("%d fetches; a refresh after shutdown fetched", n)
	}
	if s := r.Current(); len(s.Data) != 1 || s.Err != nil || s.Refreshing {
		t.Fatalf("after shutdown: %+v", s)
	}
}

func TestFirstFetchesOnceAndThenNotAgain(t *testing.T) {
	var calls atomic.Int32
	release := make(chan struct{})
	r := New(func(context.Context) (int, error) {
		calls.Add(1)
		<-release
		return 7, nil
	})
	var chans []<-chan struct{}
	for range 10 {
		chans = append(chans, r.First())
	}
	close(release)
	for _, c := range chans {
		<-c
	}
	if calls.Load() != 1 || r.Current().Data != 7 {
		t.Fatalf("10 First calls made %d fetches (data %d), want 1", calls.Load(), r.Current().Data)
	}
	<-r.First() // data is there: nothing to fetch
	if calls.Load() != 1 {
		t.Fatalf("First after the data arrived fetched again (%d fetches)", calls.Load())
	}
	<-r.Refresh()
	if calls.Load() != 2 {
		t.Fatalf("Refresh did not fetch (%d)", calls.Load())
	}
}
