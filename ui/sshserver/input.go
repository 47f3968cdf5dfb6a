package sshserver

import (
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// input sits between a session's channel and the Bubble Tea program. One goroutine owns the
// channel read and hands the program one chunk at a time, unbuffered: while the program is busy
// nothing more is read, and the SSH channel's flow-control window holds the client back. On the
// way it drops terminal answers (answerFilter) and bounds bracketed pastes, which Bubble Tea
// would otherwise keep growing until the paste ends. It also notes when the user last typed,
// for the idle timeout.
type input struct {
	chunks chan []byte
	done   chan struct{} // closed when the source ends
	quit   chan struct{} // closed by stop, when the session is over
	once   sync.Once
	last   atomic.Int64 // unix nanoseconds of the last byte from the user

	mu      sync.Mutex
	pending []byte
	err     error
}

func newInput(src io.Reader, now time.Time, maxPaste int) *input {
	in := &input{chunks: make(chan []byte), done: make(chan struct{}), quit: make(chan struct{})}
	in.last.Store(now.UnixNano())
	go in.pump(src, newAnswerFilter(maxPaste))
	return in
}

func (in *input) pump(src io.Reader, f *answerFilter) {
	defer close(in.done)
	buf := make([]byte, 1024)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			in.last.Store(time.Now().UnixNano())
			if keys := f.filter(buf[:n]); len(keys) > 0 {
				select {
				case in.chunks <- keys:
				case <-in.quit:
					return
				}
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
	in.mu.Unlock()

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
	}
}

// answerFilter removes from a session's input what a terminal sends as answers to queries, so
// that they never become keystrokes, whenever they arrive: OSC answers (ESC ] digits ... BEL or
// ESC \, such as a background colour) and private CSI answers (ESC [ ? ... or ESC [ > ..., such
// as device attributes). No key sends either. The server asks the terminal nothing, but a
// client may answer a query from an earlier program, or late. It also caps each bracketed
// paste at maxPaste bytes: it ends the paste there and drops the rest of it.
//
// A key's escape sequence arrives in one read; a sequence still open at the end of a read is
// passed on as it is, except for the answers, which are dropped until they end (an answer
// longer than maxAnswer bytes is dropped to the end of the read it is in).
type answerFilter struct {
	state    filterState
	held     []byte // the start of a sequence not yet known to be an answer
	answer   int    // bytes of the answer being dropped
	maxPaste int
	paste    int  // bytes of the current paste passed on; -1 outside a paste
	dropping bool // the paste went past maxPaste: drop until it ends
}

func newAnswerFilter(maxPaste int) *answerFilter {
	return &answerFilter{maxPaste: maxPaste, paste: -1}
}

type filterState int

const (
	ground filterState = iota
	afterESC
	afterOSC     // ESC ]
	inOSC        // ESC ] digit ...: an answer
	inOSCAfterST // ESC inside an OSC answer
	afterCSI     // ESC [ (params...)
	inPrivateCSI // ESC [ ? or ESC [ >: an answer
	overlong     // an answer past maxAnswer: the rest of this read is dropped too
)

const (
	maxAnswer   = 512
	pasteStart  = "\x1b[200~"
	pasteEnd    = "\x1b[201~"
	maxCSIBytes = 32
)

// filter returns the keys in b.
func (f *answerFilter) filter(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for _, c := range b {
		out = f.step(out, c)
	}
	// A key's sequence is whole in one read: pass on whatever is held. Inside a paste, wait
	// for the rest: its end marker may be split between reads.
	switch f.state {
	case overlong:
		f.state = ground
	case afterESC, afterOSC, afterCSI:
		if f.paste >= 0 {
			break
		}
		out = f.emit(out, f.held...)
		f.held, f.state = nil, ground
	}
	return out
}

func (f *answerFilter) step(out []byte, c byte) []byte {
	switch f.state {
	case ground:
		if c == 0x1b {
			f.held, f.state = append(f.held[:0], c), afterESC
			return out
		}
		return f.emit(out, c)
	case afterESC:
		switch c {
		case ']':
			f.held, f.state = append(f.held, c), afterOSC
			return out
		case '[':
			f.held, f.state = append(f.held, c), afterCSI
			return out
		}
		out = f.emit(out, f.held...)
		f.held, f.state = nil, ground
		return f.step(out, c)
	case afterOSC:
		if c >= '0' && c <= '9' {
			f.held, f.state, f.answer = nil, inOSC, 3
			return out
		}
		out = f.emit(out, f.held...)
		f.held, f.state = nil, ground
		return f.step(out, c)
	case inOSC, inOSCAfterST:
		f.answer++
		switch {
		case c == 0x07 || (f.state == inOSCAfterST && c == '\\'):
			f.state = ground
		case c == 0x1b:
			f.state = inOSCAfterST
		case f.answer > maxAnswer:
			f.state = overlong
		default:
			f.state = inOSC
		}
		return out
	case afterCSI:
		if len(f.held) == 2 && (c == '?' || c == '>') {
			f.held, f.state, f.answer = nil, inPrivateCSI, 3
			return out
		}
		f.held = append(f.held, c)
		if c >= 0x40 && c <= 0x7e || len(f.held) > maxCSIBytes {
			seq := f.held
			f.held, f.state = nil, ground
			return f.emit(out, seq...)
		}
		return out
	case inPrivateCSI:
		f.answer++
		switch {
		case c >= 0x40 && c <= 0x7e:
			f.state = ground
		case f.answer > maxAnswer:
			f.state = overlong
		}
		return out
	case overlong:
		return out
	}
	return out
}

// emit passes bytes on, keeping track of bracketed pastes.
func (f *answerFilter) emit(out []byte, bs ...byte) []byte {
	seq := string(bs)
	switch {
	case seq == pasteStart:
		f.paste, f.dropping = 0, false
		return append(out, bs...)
	case seq == pasteEnd:
		wasDropping := f.dropping
		f.paste, f.dropping = -1, false
		if wasDropping {
			return out // the end was already sent when the paste was cut
		}
		return append(out, bs...)
	case f.dropping:
		return out
	case f.paste >= 0:
		if f.paste+len(bs) > f.maxPaste {
			f.dropping = true
			return append(out, pasteEnd...)
		}
		f.paste += len(bs)
	}
	return append(out, bs...)
}
