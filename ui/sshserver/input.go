package sshserver

import (
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// input sits between a session's channel and its readers: first the colour query in
// bubbletea.MakeRenderer, then the Bubble Tea program.
//
// Why: over an emulated PTY, MakeRenderer asks the client's terminal for its background colour
// and reads the answer from the session. A read on an SSH channel cannot be cancelled, so a
// client that never answers would hang the session until the user typed, and that first key
// would be swallowed. Here one goroutine owns the channel read, and readers can be given a
// deadline. It also notes when the user last typed, for the idle timeout.
type input struct {
	chunks chan []byte
	done   chan struct{} // closed when the source ends
	quit   chan struct{} // closed by stop, when the session is over
	once   sync.Once
	last   atomic.Int64 // unix nanoseconds of the last byte from the user

	mu       sync.Mutex
	pending  []byte
	deadline time.Time
	err      error
}

func newInput(src io.Reader, now time.Time) *input {
	in := &input{chunks: make(chan []byte), done: make(chan struct{}), quit: make(chan struct{})}
	in.last.Store(now.UnixNano())
	go in.pump(src)
	return in
}

func (in *input) pump(src io.Reader) {
	defer close(in.done)
	for {
		buf := make([]byte, 1024)
		n, err := src.Read(buf)
		if n > 0 {
			in.last.Store(time.Now().UnixNano())
			select {
			case in.chunks <- buf[:n]:
			case <-in.quit:
				return
			}
		}
		if err != nil {
			in.mu.Lock()
			in.err = err
			in.mu.Unlock()
			return
		}
	}
}

// stop ends the pump when nobody will read any more (the channel read itself ends when the
// session closes).
func (in *input) stop() { in.once.Do(func() { close(in.quit) }) }

// setDeadline makes Read fail with os.ErrDeadlineExceeded after t; the zero time removes it.
func (in *input) setDeadline(t time.Time) {
	in.mu.Lock()
	in.deadline = t
	in.mu.Unlock()
}

// lastInput is when the user last sent anything.
func (in *input) lastInput() time.Time { return time.Unix(0, in.last.Load()) }

// Read implements io.Reader for one reader at a time.
func (in *input) Read(p []byte) (int, error) {
	in.mu.Lock()
	if len(in.pending) > 0 {
		n := copy(p, in.pending)
		in.pending = in.pending[n:]
		in.mu.Unlock()
		return n, nil
	}
	deadline := in.deadline
	in.mu.Unlock()

	var timeout <-chan time.Time
	if !deadline.IsZero() {
		d := time.Until(deadline)
		if d <= 0 {
			return 0, os.ErrDeadlineExceeded
		}
		t := time.NewTimer(d)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case b := <-in.chunks:
		n := copy(p, b)
		if n < len(b) {
			in.mu.Lock()
			in.pending = b[n:]
			in.mu.Unlock()
		}
		return n, nil
	case <-in.done:
		in.mu.Lock()
		err := in.err
		in.mu.Unlock()
		if err == nil {
			err = io.EOF
		}
		return 0, err
	case <-in.quit:
		return 0, io.EOF
	case <-timeout:
		return 0, os.ErrDeadlineExceeded
	}
}
