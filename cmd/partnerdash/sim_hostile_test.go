package main

import (
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// simClosesWithin reports whether the simulator closes c within d, and what it sent first.
func simClosesWithin(t *testing.T, c net.Conn, d time.Duration) (string, bool) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(d))
	got, err := io.ReadAll(c)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return string(got), false
	}
	return string(got), true
}

func TestSimTimesOutSlowAndIdleClients(t *testing.T) {
	base := startSim(t, "--read-timeout", "300ms", "--idle-timeout", "300ms")
	host := strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/v1.0")
	dial := func() net.Conn {
		c, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	for _, c := range []struct{ name, send string }{
		{"headers that never end", "GET /v1.0/deviceManagement/deviceManagementPartners HTTP/1.1\r\nHost: x\r\n"},
		{"a body that never comes", "POST /v1.0/deviceManagement/deviceManagementPartners HTTP/1.1\r\nHost: x\r\n" +
			"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"},
	} {
		conn := dial()
		start := time.Now()
		io.WriteString(conn, c.send)
		if _, closed := simClosesWithin(t, conn, 10*time.Second); !closed {
			t.Errorf("%s: the connection was kept", c.name)
		} else {
			t.Logf("%s: closed after %s", c.name, time.Since(start).Round(time.Millisecond))
		}
	}
	// A kept-alive connection that says nothing more is closed too, after its answer.
	conn := dial()
	io.WriteString(conn, "GET /v1.0/deviceManagement/deviceManagementPartners HTTP/1.1\r\nHost: x\r\n\r\n")
	got, closed := simClosesWithin(t, conn, 10*time.Second)
	if !closed || !strings.HasPrefix(got, "HTTP/1.1 200 OK") {
		t.Errorf("idle keep-alive: closed=%v after %.40q", closed, got)
	}
	// And the simulator still answers.
	resp, err := http.Get(base + "/deviceManagement/deviceManagementPartners")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("after the slow clients: %v %v", resp, err)
	}
	resp.Body.Close()
}
