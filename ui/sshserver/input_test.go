package sshserver

import (
	"errors"
	"io"
	"os"
	"testing"
	"time"
)

func TestInputDeadlineThenLaterReadsGetTheBytes(t *testing.T) {
	r, w := io.Pipe()
	in := newInput(r, time.Now())
	defer in.stop()

	// A reader with a deadline (the colour query) gives up without taking anything.
	in.setDeadline(time.Now().Add(20 * time.Millisecond))
	buf := make([]byte, 8)
	if _, err := in.Read(buf); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read past the deadline: %v", err)
	}
	in.setDeadline(time.Time{})

	before := in.lastInput()
	time.Sleep(2 * time.Millisecond)
	go w.Write([]byte("hello world"))
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
	in := newInput(r, time.Now())
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
