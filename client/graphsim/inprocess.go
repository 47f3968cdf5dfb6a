package graphsim

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// Client returns an HTTP client whose transport calls the simulator directly, without a socket:
// the demo's default, so the dashboard runs with no network and no port. Use it with DemoBaseURL
// (any host works; @odata.nextLink comes back on the same host).
func (s *Server) Client() *http.Client {
	return &http.Client{Transport: inProcess{h: s}}
}

// inProcess is an http.RoundTripper that serves each request with a handler in the caller's
// goroutine.
type inProcess struct{ h http.Handler }

// RoundTrip hands the request to the handler as a server would receive it and returns what the
// handler wrote. Like net/http's transport it closes the request body, and it reports a
// cancelled context as an error rather than a response.
func (t inProcess) RoundTrip(req *http.Request) (resp *http.Response, err error) {
	if req.Body != nil {
		defer req.Body.Close()
	}
	ctx := req.Context()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if req.URL == nil {
		return nil, fmt.Errorf("graphsim: request has no URL")
	}

	in := req.Clone(ctx)
	in.RequestURI = req.URL.RequestURI()
	in.RemoteAddr = "192.0.2.1:1" // TEST-NET-1: plainly not a real peer
	if in.Host == "" {
		in.Host = req.URL.Host
	}
	in.Body = http.NoBody
	if req.Body != nil {
		in.Body = req.Body
	}
	in.Proto, in.ProtoMajor, in.ProtoMinor = "HTTP/1.1", 1, 1

	rec := &recorder{header: http.Header{}}
	defer func() {
		if p := recover(); p != nil { // a server would drop the connection; say so instead of crashing
			resp, err = nil, fmt.Errorf("graphsim: handler panicked serving %s %s: %v", req.Method, req.URL.Path, p)
		}
	}()
	t.h.ServeHTTP(rec, in)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return rec.response(req), nil
}

// recorder is the http.ResponseWriter the in-process transport gives the handler.
type recorder struct {
	header      http.Header
	status      int
	body        bytes.Buffer
	wroteHeader bool
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.wroteHeader {
		return
	}
	r.wroteHeader = true
	r.status = status
}

func (r *recorder) Write(b []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(b)
}

// response turns what was written into the client's view of it.
func (r *recorder) response(req *http.Request) *http.Response {
	r.WriteHeader(http.StatusOK)
	h := r.header.Clone()
	body := r.body.Bytes()
	if req.Method == http.MethodHead {
		body = nil
	}
	if r.status == http.StatusNoContent || r.status == http.StatusNotModified {
		h.Del("Content-Length") // as net/http's server: these never carry a body
	} else {
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	return &http.Response{
		Status:        strconv.Itoa(r.status) + " " + http.StatusText(r.status),
		StatusCode:    r.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}
}
