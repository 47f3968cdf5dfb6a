package graphsim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// list answers GET on the collection: one page, with @odata.context, @odata.count when asked
// for, and an absolute @odata.nextLink while entities remain.
func (s *Server) list(c *call) {
	q, ok := parseQuery(c, true)
	if !ok {
		return
	}
	parts, err := s.listPage(c, q)
	if err != nil {
		encodeFailed(c, err)
		return
	}
	c.writeJSONParts(http.StatusOK, parts)
}

// listPage collects the page under the lock, so that it is one consistent view of the tenant. It
// returns the page as parts to write in order: the cached entity encodings are never changed in
// place (a change stores a new entry), so they can be written after the lock is released without
// copying half a megabyte into one buffer.
func (s *Server) listPage(c *call, q query) ([][]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := c.collection().entities(s)
	n := st.count()
	start := q.skip
	if q.skiptoken != "" {
		start = resume(st, q.skiptoken)
	}
	start = min(start, n)
	pageSize := s.pageSize
	if q.top >= 0 && q.top < pageSize {
		pageSize = q.top
	}
	end := min(start+pageSize, n)

	var head bytes.Buffer
	head.WriteString(`{"@odata.context":`)
	writeJSONString(&head, c.base()+"/$metadata#"+strings.TrimPrefix(c.collection().path, "/")+selectSuffix(q.selected))
	if q.count {
		head.WriteString(`,"@odata.count":` + strconv.Itoa(n))
	}
	if end < n && end > start {
		head.WriteString(`,"@odata.nextLink":`)
		writeJSONString(&head, nextLink(c, q, encodeSkipToken(end, st.idAt(end-1))))
	}
	head.WriteString(`,"value":[`)

	parts := make([][]byte, 0, 2*(end-start)+2)
	parts = append(parts, head.Bytes())
	for i := start; i < end; i++ {
		enc, err := projected(st, i, c.version, q.selected)
		if err != nil {
			return nil, err
		}
		if i > start {
			parts = append(parts, comma)
		}
		parts = append(parts, enc)
	}
	return append(parts, closeList), nil
}

var comma, closeList = []byte(","), []byte("]}")

// resume finds where a page continues: after the last entity served, or at the recorded
// position if that entity is gone. Callers hold mu.
func resume(st entities, tok string) int {
	next, lastID, _ := decodeSkipToken(tok) // parseQuery has checked it
	if i, ok := st.find(lastID); ok {
		return i + 1
	}
	return next
}

// nextLink is the absolute URL of the next page, keeping the options that shape the pages.
func nextLink(c *call, q query, token string) string {
	var b strings.Builder
	b.WriteString(c.base() + c.collection().path + "?")
	if q.top >= 0 {
		b.WriteString("$top=" + strconv.Itoa(q.top) + "&")
	}
	if q.selected != nil {
		b.WriteString("$select=" + url.QueryEscape(strings.Join(q.selected, ",")) + "&")
	}
	if q.count {
		b.WriteString("$count=true&")
	}
	b.WriteString("$skiptoken=" + url.QueryEscape(token))
	return b.String()
}

// get answers GET on one entity: at the top level (never wrapped in "value", whatever
// the docs example shows) with its @odata.context.
func (s *Server) get(c *call, id string) {
	q, ok := parseQuery(c, false)
	if !ok {
		return
	}
	s.mu.Lock()
	st := c.collection().entities(s)
	i, found := st.find(id)
	var enc []byte
	var err error
	if found {
		enc, err = projected(st, i, c.version, q.selected)
	}
	s.mu.Unlock()
	answerEntity(c, found, enc, err, q.selected)
}

// answerEntity answers with one entity read under the lock: 200 with its @odata.context, 404
// when there is none, 500 when it would not encode.
func answerEntity(c *call, found bool, enc []byte, err error, selected []string) {
	switch {
	case !found:
		notFound(c)
	case err != nil:
		encodeFailed(c, err)
	default:
		c.writeJSON(http.StatusOK, withEntityContext(c, selected, enc))
	}
}

// projected returns entity i as the version serves it, trimmed to the selected properties.
// Callers hold mu.
func projected(st entities, i int, version string, selected []string) ([]byte, error) {
	enc, err := st.encoded(i, version)
	if err != nil {
		return nil, err
	}
	return project(enc, selected)
}

// project trims an encoded entity to the selected properties (plus @odata.type):
// only what was selected, id included only when selected (observed: Intune-PowerShell-SDK issue
// 101); nil selects all.
func project(enc []byte, selected []string) ([]byte, error) {
	if selected == nil {
		return enc, nil
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(enc, &members); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteString(`{"@odata.type":`)
	buf.Write(members["@odata.type"])
	for _, name := range selected {
		if v, ok := members[name]; ok {
			fmt.Fprintf(&buf, `,%q:`, name)
			buf.Write(v)
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// withEntityContext puts "@odata.context": ".../$entity" in front of an entity's members.
func withEntityContext(c *call, selected []string, enc []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(enc) + 128)
	buf.WriteString(`{"@odata.context":`)
	writeJSONString(&buf, c.base()+"/$metadata#"+strings.TrimPrefix(c.collection().path, "/")+selectSuffix(selected)+"/$entity")
	if len(enc) > 2 {
		buf.WriteByte(',')
	}
	buf.Write(enc[1:])
	return buf.Bytes()
}

// selectSuffix is how @odata.context names a projection: "(displayName,id)".
func selectSuffix(selected []string) string {
	if selected == nil {
		return ""
	}
	return "(" + strings.Join(selected, ",") + ")"
}

// notFound is Intune's 404 for an id it does not have: ResourceNotFound with its JSON document
// in error.message, "An error has occurred - Operation ID ... - Activity ID: {request-id} - Url:
// ..." (observed: docs issue 4157, jseerden/IntuneBackupAndRestore issue 55). Intune does not
// name the id; the Url does.
func notFound(c *call) {
	c.fail(http.StatusNotFound, codeNotFound, c.intuneMessage("An error has occurred"))
}

// encodeFailed is the 500 for a stored partner that would not encode.
func encodeFailed(c *call, err error) {
	c.failf(http.StatusInternalServerError, "InternalServerError", "graphsim could not encode a partner: %v", err)
}

// writeJSONString writes s as a JSON string without HTML escaping, so URLs keep their '&'.
func writeJSONString(buf *bytes.Buffer, s string) {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)           // a string always encodes
	buf.Truncate(buf.Len() - 1) // Encode's newline
}
