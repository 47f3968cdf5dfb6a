package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/partnerdash/partnerdash/model"
)

// groupCache holds the group names resolved in this client's session, and a refusal to read
// groups, so that neither is asked again.
type groupCache struct {
	mu     sync.Mutex
	names  model.GroupNames
	denied *model.GroupsForbiddenError
}

// maxIDsPerGetByIds is the most ids /directoryObjects/getByIds takes in one request (docs).
const maxIDsPerGetByIds = 1000

// ResolveGroups returns the names of the groups with the given ids, asking Graph only for those
// not resolved before in this client's session, in one POST /directoryObjects/getByIds (types
// ["group"]) per 1000 ids. A group the directory does not have comes back with NotFound set; an id
// that is not a GUID cannot be a group and is marked so without asking.
//
// On a 403 it returns what it knows with a *model.GroupsForbiddenError, and asks no more in this
// session (ForgetGroups starts over). Other errors are returned with what is known as well.
func (c *Client) ResolveGroups(ctx context.Context, ids []string) (model.GroupNames, error) {
	out := model.GroupNames{}
	var ask []string
	g := &c.groups
	g.mu.Lock()
	if g.names == nil {
		g.names = model.GroupNames{}
	}
	for _, id := range ids {
		key := strings.ToLower(strings.TrimSpace(id))
		if key == "" {
			continue
		}
		if _, done := out[key]; done {
			continue
		}
		switch v, ok := g.names[key]; {
		case ok:
			out[key] = v
		case !model.IsGUID(key):
			out[key] = model.Group{ID: id, NotFound: true}
		default:
			out[key] = model.Group{} // placeholder: asked below
			ask = append(ask, key)
		}
	}
	denied := g.denied
	g.mu.Unlock()
	for _, k := range ask {
		delete(out, k)
	}
	if len(ask) == 0 {
		return out, nil
	}
	if denied != nil {
		return out, denied
	}
	for len(ask) > 0 {
		n := min(len(ask), maxIDsPerGetByIds)
		found, err := c.getGroupsByIDs(ctx, ask[:n])
		if err != nil {
			return out, c.groupsError(err)
		}
		g.mu.Lock()
		for _, k := range ask[:n] {
			v, ok := found[k]
			if !ok {
				v = model.Group{ID: k, NotFound: true}
			}
			g.names[k] = v
			out[k] = v
		}
		g.mu.Unlock()
		ask = ask[n:]
	}
	return out, nil
}

// ForgetGroups empties the session's group names and forgets a refusal to read groups, e.g.
// after the account was granted a permission.
func (c *Client) ForgetGroups() {
	c.groups.mu.Lock()
	defer c.groups.mu.Unlock()
	c.groups.names, c.groups.denied = nil, nil
}

// groupsError turns a 403 into a *model.GroupsForbiddenError and remembers it for the session.
func (c *Client) groupsError(err error) error {
	if !IsForbidden(err) {
		return err
	}
	fe := &model.GroupsForbiddenError{Permissions: model.GroupReadPermissions, Err: err}
	c.groups.mu.Lock()
	c.groups.denied = fe
	c.groups.mu.Unlock()
	return fe
}

// directoryPage is a page of directory objects; only groups are kept.
type directoryPage struct {
	Value []struct {
		ODataType   string `json:"@odata.type"`
		ID          string `json:"id"`
		DisplayName string `json:"displayName"`
	} `json:"value"`
}

// groups keeps the groups of a directory page, keyed by lower-case id.
func (p directoryPage) groups() model.GroupNames {
	out := model.GroupNames{}
	for _, o := range p.Value {
		if o.ID == "" || (o.ODataType != "" && !strings.EqualFold(o.ODataType, model.ODataGroup)) {
			continue
		}
		out[strings.ToLower(o.ID)] = model.Group{ID: o.ID, DisplayName: o.DisplayName}
	}
	return out
}

// getGroupsByIDs asks POST /directoryObjects/getByIds for up to 1000 ids. It is a read, so it is
// retried as GETs are.
func (c *Client) getGroupsByIDs(ctx context.Context, ids []string) (model.GroupNames, error) {
	body, err := json.Marshal(struct {
		IDs   []string `json:"ids"`
		Types []string `json:"types"`
	}{ids, []string{"group"}})
	if err != nil {
		return nil, err
	}
	var page directoryPage
	err = c.do(ctx, &call{method: http.MethodPost, url: c.baseStr + "/directoryObjects/getByIds", body: body, resend: idempotent},
		func(resp *http.Response) error {
			if err := c.decodeList(resp, &page, func() bool { return page.Value != nil }); err != nil {
				return err
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("resolve %d group ids: %w", len(ids), err)
	}
	return page.groups(), nil
}

// maxGroupSearchResults is how many groups SearchGroups asks for: enough for a picker.
const maxGroupSearchResults = 25

// SearchGroups finds groups whose display name has a word starting with text (GET /groups with
// $search="displayName:text", which Graph serves only with the ConsistencyLevel: eventual
// header), at most 25, with their id and display name. Text that is a GUID is looked up as an id
// instead. Empty text finds nothing. A 403 comes back as a *model.GroupsForbiddenError.
func (c *Client) SearchGroups(ctx context.Context, text string) ([]model.Group, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, nil
	}
	if model.IsGUID(text) {
		names, err := c.ResolveGroups(ctx, []string{text})
		if err != nil {
			return nil, err
		}
		if g, ok := names.Lookup(text); ok && !g.NotFound {
			return []model.Group{g}, nil
		}
		return []model.Group{}, nil
	}
	// Inside the quoted $search term a double quote or backslash is escaped with a backslash.
	term := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(text)
	q := url.Values{}
	q.Set("$search", `"displayName:`+term+`"`)
	q.Set("$select", "id,displayName")
	q.Set("$top", fmt.Sprint(maxGroupSearchResults))
	u := c.baseStr + "/groups?" + strings.ReplaceAll(q.Encode(), "+", "%20")
	var page directoryPage
	err := c.do(ctx, &call{method: http.MethodGet, url: u, resend: idempotent,
		header: http.Header{"ConsistencyLevel": {"eventual"}}},
		func(resp *http.Response) error {
			return c.decodeList(resp, &page, func() bool { return page.Value != nil })
		})
	if err != nil {
		return nil, c.groupsError(fmt.Errorf("search groups for %q: %w", model.Sanitize(text), err))
	}
	found := page.groups()
	out := make([]model.Group, 0, len(found))
	for _, o := range page.Value {
		if v, ok := found[strings.ToLower(o.ID)]; ok {
			out = append(out, v)
			delete(found, strings.ToLower(o.ID))
		}
	}
	c.groups.mu.Lock()
	if c.groups.names == nil {
		c.groups.names = model.GroupNames{}
	}
	for _, v := range out {
		c.groups.names[strings.ToLower(v.ID)] = v
	}
	c.groups.mu.Unlock()
	return out, nil
}
