package sshserver

import (
	"encoding/binary"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Limits bound what one client may ask of the server, so that no client, with a key or without,
// can exhaust its memory or connections. Zero fields take the Default* values below.
type Limits struct {
	// MaxWidth and MaxHeight cap the terminal size a session may ask for, in its pty request
	// and in every window change; a larger terminal is drawn at the cap (its top-left corner).
	MaxWidth, MaxHeight int
	// LoginGraceTime closes a connection that has not authenticated in that time (OpenSSH's
	// LoginGraceTime).
	LoginGraceTime time.Duration
	// MaxStartups is how many connections may be unauthenticated at once; more are closed at
	// once, before the SSH banner (OpenSSH's MaxStartups, without the random early drop).
	MaxStartups int
	// MaxChannels is how many channels one connection may have open at once.
	MaxChannels int
	// MaxEnv is how many environment variables a session keeps; more are refused. MaxEnvBytes
	// bounds each one (name and value): a longer one is refused.
	MaxEnv, MaxEnvBytes int
	// MaxRefusals is how many requests a connection may have refused (unknown global or
	// channel requests and channel types, env beyond the limits, a second pty) before the
	// server closes it: a client that keeps asking for what it cannot have is not a terminal.
	MaxRefusals int
	// MaxPaste bounds one bracketed paste: the rest of a longer paste is dropped.
	MaxPaste int
}

// Defaults for Limits' zero values.
const (
	DefaultMaxWidth       = 500
	DefaultMaxHeight      = 200
	DefaultLoginGraceTime = 30 * time.Second
	DefaultMaxStartups    = 10
	DefaultMaxChannels    = 4
	DefaultMaxEnv         = 16
	DefaultMaxEnvBytes    = 1024
	DefaultMaxRefusals    = 64
	DefaultMaxPaste       = 64 * 1024
)

func (l Limits) withDefaults() Limits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.MaxWidth, DefaultMaxWidth)
	def(&l.MaxHeight, DefaultMaxHeight)
	def(&l.MaxStartups, DefaultMaxStartups)
	def(&l.MaxChannels, DefaultMaxChannels)
	def(&l.MaxEnv, DefaultMaxEnv)
	def(&l.MaxEnvBytes, DefaultMaxEnvBytes)
	def(&l.MaxRefusals, DefaultMaxRefusals)
	def(&l.MaxPaste, DefaultMaxPaste)
	if l.LoginGraceTime <= 0 {
		l.LoginGraceTime = DefaultLoginGraceTime
	}
	return l
}

// connGuard is the server's state of one connection for Limits: whether it has authenticated
// yet, how many channels it has open and how many of its requests were refused.
type connGuard struct {
	s      *Server
	conn   net.Conn
	remote string

	startup  sync.Once // leaves the unauthenticated count exactly once
	grace    *time.Timer
	channels atomic.Int32
	refused  atomic.Int32
	closed   atomic.Bool
}

type connGuardKey struct{}

// guardFor is the connection's guard (set in acceptConn).
func guardFor(ctx ssh.Context) *connGuard {
	g, _ := ctx.Value(connGuardKey{}).(*connGuard)
	return g
}

// acceptConn is the ConnCallback: it admits a new connection while fewer than MaxStartups are
// unauthenticated, and closes it after LoginGraceTime unless it has authenticated by then.
func (s *Server) acceptConn(ctx ssh.Context, c net.Conn) net.Conn {
	remote := c.RemoteAddr().String()
	if n := s.startups.Add(1); n > int64(s.limits.MaxStartups) {
		s.startups.Add(-1)
		s.log.Warn("connection refused", "remote", remote,
			"reason", fmt.Sprintf("%d connections are already logging in (max startups)", s.limits.MaxStartups))
		return nil
	}
	g := &connGuard{s: s, conn: c, remote: remote}
	g.grace = time.AfterFunc(s.limits.LoginGraceTime, func() {
		if g.leaveStartup() {
			s.log.Info("connection closed", "remote", remote,
				"reason", fmt.Sprintf("not authenticated within the login grace time (%s)", s.limits.LoginGraceTime))
			c.Close()
		}
	})
	ctx.SetValue(connGuardKey{}, g)
	return &guardedConn{Conn: c, g: g}
}

// leaveStartup takes the connection out of the unauthenticated count; true the first time.
func (g *connGuard) leaveStartup() bool {
	left := false
	g.startup.Do(func() {
		left = true
		g.s.startups.Add(-1)
	})
	return left
}

// authenticated is called once the connection has logged in. Like guardedConn.Close it runs on
// the connection's own goroutine, the one that set the grace timer.
func (g *connGuard) authenticated() {
	if g.leaveStartup() {
		g.grace.Stop()
	}
}

// refuse counts a refused request and closes the connection past MaxRefusals.
func (g *connGuard) refuse(what string) {
	n := g.refused.Add(1)
	if int(n) > g.s.limits.MaxRefusals && g.closed.CompareAndSwap(false, true) {
		g.s.log.Warn("connection closed", "remote", g.remote,
			"reason", fmt.Sprintf("more than %d refused requests (the last: %s)", g.s.limits.MaxRefusals, what))
		g.conn.Close()
	}
}

// guardedConn leaves the unauthenticated count when it closes, whatever the reason.
type guardedConn struct {
	net.Conn
	g *connGuard
}

func (c *guardedConn) Close() error {
	if c.g.leaveStartup() {
		c.g.grace.Stop()
	}
	return c.Conn.Close()
}

// serverConfig fills in what x/crypto/ssh's ServerConfig bounds, and learns when a connection
// has authenticated.
func (s *Server) serverConfig(ctx ssh.Context) *gossh.ServerConfig {
	g := guardFor(ctx)
	return &gossh.ServerConfig{
		MaxAuthTries: 6,
		AuthLogCallback: func(_ gossh.ConnMetadata, method string, err error) {
			if err == nil && method != "none" && g != nil {
				g.authenticated()
			}
		},
	}
}

// globalRequest answers every global request: none is supported (no forwarding). OpenSSH's
// keepalives are answered without counting; anything else counts towards MaxRefusals.
func (s *Server) globalRequest(ctx ssh.Context, _ *ssh.Server, req *gossh.Request) (bool, []byte) {
	switch req.Type {
	case "keepalive@openssh.com", "no-more-sessions@openssh.com":
	default:
		if g := guardFor(ctx); g != nil {
			g.refuse("global request " + quoteType(req.Type))
		}
	}
	return false, nil
}

// otherChannel refuses every channel type but session, counting towards MaxRefusals.
func (s *Server) otherChannel(_ *ssh.Server, _ *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	if g := guardFor(ctx); g != nil {
		g.refuse("channel type " + quoteType(nc.ChannelType()))
	}
	nc.Reject(gossh.UnknownChannelType, "unsupported channel type")
}

// sessionChannel is the session channel handler: at most MaxChannels at once per connection,
// and every request checked (filterRequests) before the SSH library sees it.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	g := guardFor(ctx)
	if g == nil { // not through acceptConn (cannot happen with Serve); no limits to keep
		ssh.DefaultSessionHandler(srv, conn, nc, ctx)
		return
	}
	if int(g.channels.Add(1)) > s.limits.MaxChannels {
		g.channels.Add(-1)
		g.refuse("channel beyond the limit")
		nc.Reject(gossh.ResourceShortage, fmt.Sprintf("at most %d channels per connection", s.limits.MaxChannels))
		return
	}
	defer g.channels.Add(-1)
	ssh.DefaultSessionHandler(srv, conn, &filteredChannel{NewChannel: nc, s: s, g: g}, ctx)
}

// filteredChannel hands the SSH library a channel whose requests have been checked.
type filteredChannel struct {
	gossh.NewChannel
	s *Server
	g *connGuard
}

func (fc *filteredChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := fc.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go fc.filter(reqs, out)
	return ch, out, nil
}

// filter passes requests on one at a time (so the library's own backpressure holds), capping
// terminal sizes, bounding env, and refusing what the library would keep without limit.
func (fc *filteredChannel) filter(in <-chan *gossh.Request, out chan<- *gossh.Request) {
	defer close(out)
	lim := fc.s.limits
	env, ptys := 0, 0
	for req := range in {
		ok := true
		switch req.Type {
		case "pty-req":
			ptys++
			ok = ptys == 1 && capPtyRequest(req.Payload, lim.MaxWidth, lim.MaxHeight)
		case "window-change":
			ok = capWindow(req.Payload, lim.MaxWidth, lim.MaxHeight)
		case "env":
			// The role never comes from the environment; TZ, COLORTERM and NO_COLOR do, so a
			// few small variables are kept.
			var kv struct{ Key, Value string }
			ok = gossh.Unmarshal(req.Payload, &kv) == nil && env < lim.MaxEnv &&
				len(kv.Key)+len(kv.Value) <= lim.MaxEnvBytes
			if ok {
				env++
			}
		case "shell", "exec", "subsystem", "signal", "break", "auth-agent-req@openssh.com":
		default:
			ok = false
		}
		if !ok {
			fc.g.refuse("channel request " + quoteType(req.Type))
			if req.WantReply {
				req.Reply(false, nil)
			}
			continue
		}
		out <- req
	}
}

// capPtyRequest caps the size in a pty-req payload in place (string TERM, then width, height
// and pixel sizes as uint32); false when the payload is malformed or TERM is unreasonably long.
func capPtyRequest(p []byte, maxW, maxH int) bool {
	if len(p) < 4 {
		return false
	}
	n := binary.BigEndian.Uint32(p)
	if n > 256 || uint64(len(p)) < 4+uint64(n)+16 {
		return false
	}
	return capWindow(p[4+n:], maxW, maxH)
}

// capWindow caps a window-change payload (width, height, pixel width, pixel height) in place.
// Pixel sizes are zeroed when the size is capped: they would no longer match.
func capWindow(p []byte, maxW, maxH int) bool {
	if len(p) < 16 {
		return false
	}
	w, h := binary.BigEndian.Uint32(p[0:4]), binary.BigEndian.Uint32(p[4:8])
	if w > uint32(maxW) || h > uint32(maxH) {
		binary.BigEndian.PutUint32(p[0:4], min(w, uint32(maxW)))
		binary.BigEndian.PutUint32(p[4:8], min(h, uint32(maxH)))
		binary.BigEndian.PutUint32(p[8:12], 0)
		binary.BigEndian.PutUint32(p[12:16], 0)
	}
	return true
}

// quoteType shortens and quotes a client-chosen request or channel type for the log.
func quoteType(t string) string {
	if len(t) > 64 {
		t = t[:64]
	}
	return fmt.Sprintf("%q", t)
}
