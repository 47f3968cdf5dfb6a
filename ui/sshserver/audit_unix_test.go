//go:build unix

package sshserver

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestAuditLogMustBeARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, want string }{
		// A FIFO nobody reads: the open must not block (it did, forever, deaf to SIGTERM).
		{fifo, "audit log " + fifo + " is a FIFO, not a regular file; give --audit-log a plain file"},
		{link, "audit log " + link + " is a symlink to " + fifo + ", which is a FIFO, not a regular file"},
		{dir, "audit log " + dir + " is a directory, not a regular file"},
		{"/dev/null", "audit log /dev/null is a device, not a regular file"},
	} {
		done := make(chan error, 1)
		go func() {
			a, err := OpenAuditLog(c.path, nil)
			if err == nil {
				a.Close()
			}
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: %v, want %q", c.path, err, c.want)
			}
		case <-time.After(waitLong):
			t.Fatalf("opening %s blocked", c.path)
		}
	}
	// A FIFO with a reader opens without blocking too, and is refused all the same.
	r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := OpenAuditLog(fifo, nil); err == nil || !strings.Contains(err.Error(), "is a FIFO") {
		t.Errorf("a FIFO with a reader: %v", err)
	}
	// A symlink to a regular file is fine: administrators put logs where they like.
	file := filepath.Join(dir, "audit.log")
	os.Symlink(file, filepath.Join(dir, "audit-link"))
	a, err := OpenAuditLog(filepath.Join(dir, "audit-link"), nil)
	if err != nil {
		t.Fatalf("a symlink to a regular file: %v", err)
	}
	a.Close()
}
