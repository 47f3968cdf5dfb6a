package ui

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func TestOSC52(t *testing.T) {
	payload := base64.StdEncoding.EncodeToString([]byte("00000001-aaaa"))
	plain := "\x1b]52;c;" + payload + "\x07"
	for _, c := range []struct {
		term string
		tmux bool
		want []string // sequences, in order
	}{
		{"xterm-256color", false, []string{plain}},
		{"screen-256color", false, []string{"\x1bP\x1b]52;c;" + payload + "\x07\x1b\\"}},
		{"tmux-256color", true, []string{plain, "\x1bPtmux;\x1b\x1b]52;c;" + payload + "\x07\x1b\\"}},
	} {
		var out bytes.Buffer
		if err := OSC52(&out, c.term, c.tmux)("00000001-aaaa"); err != nil {
			t.Fatal(err)
		}
		if got, want := out.String(), strings.Join(c.want, ""); got != want {
			t.Errorf("TERM=%s tmux=%v: wrote %q, want %q", c.term, c.tmux, got, want)
		}
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("closed") }

func TestOSC52ReportsWriteErrors(t *testing.T) {
	if err := OSC52(failingWriter{}, "xterm", false)("x"); err == nil || !strings.Contains(err.Error(), "clipboard") {
		t.Fatalf("want a clipboard error, got %v", err)
	}
}
