package client

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"

	"github.com/partnerdash/partnerdash/model"
)

// decodeList decodes one collection page into page, whose Value must come in nil: a nil Value
// afterwards means the body had no "value" array. The body is read into a buffer from the
// client's pool (pages of 1000 partners are about 1 MB; growing a fresh buffer for each was a
// quarter of the bytes allocated), then decoded in one pass.
func (c *Client) decodeList(resp *http.Response, page any, hasValue func() bool) error {
	if err := checkJSON(resp); err != nil {
		return err
	}
	buf, _ := c.pages.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	defer func() {
		if buf.Cap() <= maxPooledPage {
			c.pages.Put(buf)
		}
	}()
	buf.Reset()
	if n := resp.ContentLength; n > 0 && n <= maxBody {
		buf.Grow(int(n) + bytes.MinRead) // + MinRead: ReadFrom wants room to see EOF
	}
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		return &bodyReadError{err}
	}
	if len(bytes.TrimSpace(buf.Bytes())) == 0 {
		return notGraph(resp, "an empty body")
	}
	if err := json.Unmarshal(buf.Bytes(), page); err != nil {
		return notGraph(resp, "a body that is not a Graph payload: "+model.Sanitize(err.Error()))
	}
	if !hasValue() {
		return notGraph(resp, `JSON without a "value" array (not a Graph collection)`)
	}
	return nil
}

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
