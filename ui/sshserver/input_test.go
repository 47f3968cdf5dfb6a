package sshserver

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestInputPassesChunksInPieces(t *testing.T) {
	r, w := io.Pipe()
	in := newInput(r, time.Now(), DefaultMaxPaste)
	defer in.stop()

	before := in.lastInput()
	time.Sleep(2 * time.Millisecond)
	go w.Write([]byte("hello world"))
	buf := make([]byte, 8)
	n, err := in.Read(buf[:5])
	if err != nil || string(buf[:n]) != "hello" {
		t.Fatalf("read %q, %v", buf[:n], err)
	}
	n, _ = in.Read(buf)
	if string(buf[:n]) != " world" {
		t.Fatalf("the rest of the chunk was %q", buf[:n])
	}
	if !in.lastInput().After(before) {
		t.Error("typing did not move the idle clock")
	}
	w.Close()
	if _, err := in.Read(buf); !errors.Is(err, io.EOF) {
		t.Fatalf("after the source closed: %v", err)
	}
}

func TestInputStopEndsReaders(t *testing.T) {
	r, _ := io.Pipe()
	in := newInput(r, time.Now(), DefaultMaxPaste)
	done := make(chan error)
	go func() { _, err := in.Read(make([]byte, 1)); done <- err }()
	in.stop()
	select {
	case err := <-done:
		if !errors.Is(err, io.EOF) {
			t.Fatalf("read after stop: %v", err)
		}
	case <-time.After(waitLong):
		t.Fatal("stop did not end a blocked read")
	}
}

// filterReads runs reads through one filter and returns what it passed on.
func filterReads(maxPaste int, reads ...string) string {
	f := newAnswerFilter(maxPaste)
	var out strings.Builder
	for _, r := range reads {
		out.Write(f.filter([]byte(r)))
	}
	return out.String()
}

func TestAnswerFilterDropsTerminalAnswersKeepsKeys(t *testing.T) {
	const bg = "\x1b]11;rgb:1c1c/1c1c/1c1c\x07"
	const bgST = "\x1b]11;rgb:ffff/ffff/ffff\x1b\\"
	const da1 = "\x1b[?62;22c"
	for _, c := range []struct {
		name  string
		reads []string
		want  string
	}{
		{"answer alone", []string{bg + da1}, ""},
		{"answer between keys", []string{"j" + bg + "k" + da1 + "q"}, "jkq"},
		{"ST-terminated answer", []string{bgST + "x"}, "x"},
		{"answer split across reads", []string{"\x1b]11;rgb:1c1c", "/1c1c/1c1c\x07r/"}, "r/"},
		{"DA split across reads", []string{"\x1b[?62", ";22c"}, ""},
		{"esc alone", []string{"\x1b"}, "\x1b"},
		{"arrow keys", []string{"\x1b[A\x1b[B"}, "\x1b[A\x1b[B"},
		{"alt+]", []string{"\x1b]"}, "\x1b]"},
		{"alt+] then a key", []string{"\x1b]x"}, "\x1b]x"},
		{"utf-8", []string{"héllo"}, "héllo"},
		{"unterminated answer ends", []string{"\x1b]11;" + strings.Repeat("a", 600), "z"}, "z"},
	} {
		if got := filterReads(DefaultMaxPaste, c.reads...); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestAnswerFilterBoundsPastes(t *testing.T) {
	// A paste within the bound passes whole, its markers included.
	if got := filterReads(16, pasteStart+"small"+pasteEnd+"q"); got != pasteStart+"small"+pasteEnd+"q" {
		t.Errorf("small paste: %q", got)
	}
	// A longer one is cut at the bound and ended; the rest is dropped until its own end, even
	// when that end marker is split between reads; typing after it counts again.
	reads := []string{pasteStart + strings.Repeat("x", 10), strings.Repeat("y", 100), "\x1b[2", "01~q"}
	if got, want := filterReads(16, reads...), pasteStart+strings.Repeat("x", 10)+"yyyyyy"+pasteEnd+"q"; got != want {
		t.Errorf("long paste: %q, want %q", got, want)
	}
	// A paste that never ends passes at most the bound, however much follows.
	f := newAnswerFilter(16)
	total := len(f.filter([]byte(pasteStart)))
	for range 1000 {
		total += len(f.filter([]byte(strings.Repeat("z", 1024))))
	}
	if max := len(pasteStart) + 16 + len(pasteEnd); total > max {
		t.Errorf("an endless paste passed %d bytes, want at most %d", total, max)
	}
}
