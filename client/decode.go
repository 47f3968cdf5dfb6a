package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

// decodeList decodes one collection page into page, whose Value must come in nil: a nil Value
// afterwards means the body had no "value" array. The body is read into a buffer from the
// client's pool (pages of 1000 partners are about 1 MB; growing a fresh buffer for each was a
// quarter of the bytes allocated), then decoded in one pass.
func (c *Client) decodeList(resp *http.Response, page any, hasValue func() bool) error {
	buf, err := c.readPage(resp, nil)
	if err != nil {
		return err
	}
	defer c.putPageBuffer(buf)
	return c.parseList(resp, buf, page, hasValue)
}

// readPage checks that a collection page is JSON and reads its body into a pooled buffer, or
// into the one handed over on handoff (see eachPage) when that comes within handoffWait; give it
// back with putPageBuffer.
func (c *Client) readPage(resp *http.Response, handoff <-chan *bytes.Buffer) (*bytes.Buffer, error) {
	if err := checkJSON(resp); err != nil {
		return nil, err
	}
	buf := c.pageBuffer(resp.Request.Context(), handoff)
	if n := resp.ContentLength; n > 0 && n <= maxBody {
		buf.Grow(int(n) + bytes.MinRead) // + MinRead: ReadFrom wants room to see EOF
	}
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		c.putPageBuffer(buf)
		return nil, &bodyReadError{err}
	}
	return buf, nil
}

// parseList decodes a page that readPage read from resp into page; hasValue reports whether the
// body held a "value" array.
func (c *Client) parseList(resp *http.Response, buf *bytes.Buffer, page any, hasValue func() bool) error {
	if len(bytes.TrimSpace(buf.Bytes())) == 0 {
		return notGraph(resp, "an empty body")
	}
	// A page with a decoder that validates as it reads (PartnerList's, PartnerPage's) is read
	// once; any other is validated, then decoded (json.Unmarshal would do the same but skip over
	// the whole page once more in between to find where the object ends). Either way a body that
	// is not JSON fails with json.Unmarshal's syntax error, which says where, and never with a
	// decoder's complaint about a part it read first.
	var err error
	if d, ok := page.(checkingDecoder); ok {
		if err = d.DecodeJSON(buf.Bytes()); err != nil && !model.ValidJSON(buf.Bytes()) {
			err = syntaxError(buf.Bytes())
		}
	} else if !model.ValidJSON(buf.Bytes()) { // json.Valid's verdict, about four times faster
		err = syntaxError(buf.Bytes())
	} else if u, ok := page.(json.Unmarshaler); ok {
		err = u.UnmarshalJSON(buf.Bytes())
	} else {
		err = json.Unmarshal(buf.Bytes(), page)
	}
	if err != nil {
		return notGraphPayload(resp, err)
	}
	if !hasValue() {
		return notGraph(resp, `JSON without a "value" array (not a Graph collection)`)
	}
	return nil
}

// checkingDecoder is a page that checks, as it decodes, that the body is valid JSON: DecodeJSON
// fails where json.Valid would refuse the body.
type checkingDecoder interface{ DecodeJSON([]byte) error }

// syntaxError is json.Unmarshal's error for b, which is not valid JSON: its words and offset.
func syntaxError(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	return errInvalidJSON
}

// notGraphPayload is the error for a body that did not decode as the payload expected.
func notGraphPayload(resp *http.Response, err error) error {
	return notGraph(resp, "a body that is not a Graph payload: "+model.Sanitize(err.Error()))
}

// handoffWait is how long a prefetched page waits for the buffer of the page before it (eachPage)
// before it takes another: in this VM a fresh 650 KB buffer costs ~2.5 ms of page faults, more
// than reading the body a little later; a consumer slower than this (a paused pager) leaves the
// next page to be read into a buffer of its own, as soon as it comes, as before.
const handoffWait = 50 * time.Millisecond

// pageBuffer returns an empty buffer: the one handed over on handoff if it comes within
// c.handoffWait, else one from the pool.
func (c *Client) pageBuffer(ctx context.Context, handoff <-chan *bytes.Buffer) *bytes.Buffer {
	if handoff != nil {
		t := time.NewTimer(c.handoffWait)
		defer t.Stop()
		select {
		case b := <-handoff:
			c.pages.handedOver.Add(1)
			b.Reset()
			return b
		case <-t.C:
		case <-ctx.Done():
		}
	}
	return c.pages.get()
}

// putPageBuffer gives a page buffer back to the pool, unless it grew too big to keep.
func (c *Client) putPageBuffer(buf *bytes.Buffer) {
	if buf.Cap() <= maxPooledPage {
		c.pages.put(buf)
	}
}

// pagePool keeps page buffers: the first few for good, the others in a sync.Pool. A listing has
// two pages in flight (one decoded, one fetched), and with sync.Pool alone each GC dropped them,
// so that most pages of a 10,000-partner listing grew a fresh, zeroed megabyte again.
type pagePool struct {
	mu   sync.Mutex
	held [2]*bytes.Buffer
	pool sync.Pool    // *bytes.Buffer
	made atomic.Int64 // buffers made, for tests
	// handedOver counts buffers a prefetch took from the page before it (pageBuffer), for tests.
	handedOver atomic.Int64
}

// get returns an empty buffer.
func (p *pagePool) get() *bytes.Buffer {
	p.mu.Lock()
	for i, b := range p.held {
		if b != nil {
			p.held[i] = nil
			p.mu.Unlock()
			b.Reset()
			return b
		}
	}
	p.mu.Unlock()
	if b, _ := p.pool.Get().(*bytes.Buffer); b != nil {
		b.Reset()
		return b
	}
	p.made.Add(1)
	return new(bytes.Buffer)
}

func (p *pagePool) put(b *bytes.Buffer) {
	p.mu.Lock()
	for i := range p.held {
		if p.held[i] == nil {
			p.held[i] = b
			p.mu.Unlock()
			return
		}
	}
	p.mu.Unlock()
	p.pool.Put(b)
}

// errInvalidJSON stands in if json.Unmarshal ever accepts what json.Valid refused.
var errInvalidJSON = errors.New("invalid JSON")

// maxPooledPage is the largest page buffer kept for reuse; a bigger one is left to the GC.
const maxPooledPage = 16 << 20

// decodeEntity decodes one partner. It also accepts the {"value": {...}} wrapper the Get docs
// example shows (graph-api.md §4.3), in case a proxy or simulator copies it.
func decodeEntity(resp *http.Response, p *model.Partner) error {
	return decodeEntityOf(resp, p, "deviceManagementPartner",
		func(p *model.Partner) (string, map[string]json.RawMessage) { return p.ID, p.Extra })
}

// decodeEntityOf decodes one entity of any kind (typeName names it in errors); members gives its
// id and the members it did not know, to find the docs' "value" wrapper.
func decodeEntityOf[T any](resp *http.Response, p *T, typeName string, members func(*T) (string, map[string]json.RawMessage)) error {
	if err := checkJSON(resp); err != nil {
		return err
	}
	if err := decodeJSON(resp, p); err != nil {
		return err
	}
	if id, extra := members(p); id == "" {
		if raw, ok := extra["value"]; ok && bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
			var inner T
			if err := json.Unmarshal(raw, &inner); err == nil {
				if id, _ := members(&inner); id != "" {
					*p = inner
					return nil
				}
			}
		}
		return notGraph(resp, "JSON without an id (not a Graph "+typeName+")")
	}
	return nil
}

// decodeJSON decodes the body into v. A failure to read the body is reported as such (do may
// retry it); one to parse it means the body is not Graph's.
func decodeJSON(resp *http.Response, v any) error {
	err := json.NewDecoder(resp.Body).Decode(v)
	if err == nil {
		return nil
	}
	if t, ok := resp.Body.(*trackingReader); ok && t.err != nil {
		return &bodyReadError{t.err}
	}
	if err == io.EOF {
		return notGraph(resp, "an empty body")
	}
	return notGraph(resp, "a body that is not a Graph payload: "+model.Sanitize(err.Error()))
}

// checkNoBodyOrJSON accepts an empty success body (204) or a JSON one (200 with the entity, which
// an Update does not need), and refuses anything else, such as an HTML page.
func checkNoBodyOrJSON(resp *http.Response) error {
	if resp.StatusCode == http.StatusNoContent || resp.ContentLength == 0 {
		return nil
	}
	if err := checkJSON(resp); err != nil {
		return err
	}
	var raw json.RawMessage
	err := json.NewDecoder(resp.Body).Decode(&raw)
	if err == io.EOF {
		return nil // empty body with no Content-Length
	}
	if err != nil {
		if t, ok := resp.Body.(*trackingReader); ok && t.err != nil {
			return &bodyReadError{t.err}
		}
		return notGraph(resp, "a body that is not JSON: "+model.Sanitize(err.Error()))
	}
	return nil
}
