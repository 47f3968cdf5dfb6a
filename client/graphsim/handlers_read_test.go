package graphsim

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

func TestListServesTheTenantWithContextAndTypes(t *testing.T) {
	_, ts := serve(t)
	r := send(t, ts.Client(), "GET", ts.URL+partnersPath, "").wantStatus(t, http.StatusOK)
	l := r.page(t)
	if want := ts.URL + "/v1.0/$metadata#deviceManagement/deviceManagementPartners"; l.Context != want {
		t.Errorf("@odata.context = %q, want %q", l.Context, want)
	}
	if l.NextLink != "" || l.Count != nil {
		t.Errorf("a one-page list has nextLink %q, count %v", l.NextLink, l.Count)
	}
	demo := DemoTenant(testNow)
	if len(l.Value) != len(demo) {
		t.Fatalf("%d partners, want %d", len(l.Value), len(demo))
	}
	for i, p := range l.Value {
		if p.ODataType != model.ODataPartner {
			t.Errorf("value[%d] @odata.type = %q", i, p.ODataType)
		}
		if p.ID != demo[i].ID {
			t.Errorf("value[%d] id %s, want %s (creation order)", i, p.ID, demo[i].ID)
		}
	}
	// beta serves the same tenant, with its own context.
	b := send(t, ts.Client(), "GET", ts.URL+"/beta/deviceManagement/deviceManagementPartners", "").wantStatus(t, 200).page(t)
	if !strings.Contains(b.Context, "/beta/$metadata#") || len(b.Value) != len(demo) {
		t.Errorf("beta: context %q, %d partners", b.Context, len(b.Value))
	}
}

func TestGetReturnsTheEntityAtTopLevel(t *testing.T) {
	_, ts := serve(t)
	id := "00000005-aaaa-4bbb-8ccc-000000000005"
	r := send(t, ts.Client(), "GET", ts.URL+partnersPath+"/"+id, "").wantStatus(t, http.StatusOK)
	m := r.members(t)
	if _, wrapped := m["value"]; wrapped {
		t.Fatal(`entity is wrapped in "value" like the docs example; the service does not do that`)
	}
	var ctx string
	_ = json.Unmarshal(m["@odata.context"], &ctx)
	if want := ts.URL + "/v1.0/$metadata#deviceManagement/deviceManagementPartners/$entity"; ctx != want {
		t.Errorf("@odata.context = %q, want %q", ctx, want)
	}
	p := r.partner(t)
	if p.ID != id || p.DisplayName != "Jamf Pro (Adatum)" || p.PartnerState != model.StateUnresponsive {
		t.Errorf("got %+v", p)
	}
	if !p.NonCompliantAt.Time().Equal(testNow.Add(-24 * time.Hour)) {
		t.Errorf("non-compliance deadline %v, want now-1d", p.NonCompliantAt)
	}
}

func TestGetUnknownIDIsIntuneStyle404(t *testing.T) {
	_, ts := serve(t)
	r := send(t, ts.Client(), "GET", ts.URL+partnersPath+"/99999999-aaaa-4bbb-8ccc-000000000000", "",
		"client-request-id", "c0ffee00-1111-4222-8333-444444444444").wantStatus(t, http.StatusNotFound)
	e := r.graphError(t, "ResourceNotFound")
	var inner struct {
		Version int    `json:"_version"`
		Message string `json:"Message"`
	}
	if err := json.Unmarshal([]byte(e.Message), &inner); err != nil {
		t.Fatalf("message is not Intune's JSON-in-a-string: %v: %q", err, e.Message)
	}
	// Intune's text: "An error has occurred - Operation ID ... - Activity ID: {request-id} - Url: ...".
	want := "An error has occurred - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: " +
		r.header.Get("request-id") + " - Url: " + ts.URL + partnersPath + "/99999999-aaaa-4bbb-8ccc-000000000000"
	if inner.Version != 3 || inner.Message != want {
		t.Errorf("inner message\n %q\nwant\n %q", inner.Message, want)
	}
	if r.header.Get("client-request-id") != "c0ffee00-1111-4222-8333-444444444444" {
		t.Errorf("client-request-id not echoed: %q", r.header.Get("client-request-id"))
	}
	ge := model.ParseGraphError(r.status, r.body)
	if !ge.IsNotFound() || ge.Message != want {
		t.Errorf("the model reads %q", ge.Message)
	}
}

func TestClientRequestIDDefaultsToRequestID(t *testing.T) {
	// Without a client-request-id from the client, Graph's equals its request-id.
	_, ts := serve(t)
	for _, path := range []string{partnersPath, partnersPath + "/nope"} {
		r := send(t, ts.Client(), "GET", ts.URL+path, "")
		if id := r.header.Get("request-id"); id == "" || r.header.Get("client-request-id") != id {
			t.Errorf("%s: request-id %q, client-request-id %q", path, id, r.header.Get("client-request-id"))
		}
	}
}

func TestCountSegmentIsARouteError(t *testing.T) {
	// Intune has no route for /$count (observed on mobileApps); $count=true on the list is the way.
	_, ts := serve(t)
	r := send(t, ts.Client(), "GET", ts.URL+partnersPath+"/$count", "").wantStatus(t, http.StatusBadRequest)
	e := r.graphError(t, "No method match route template")
	if want := "No OData route exists that match template ~/singleton/navigation/$count with http verb GET for request /DeviceFE/StatelessDeviceFEService/deviceManagement/deviceManagementPartners/$count."; e.Message != want {
		t.Errorf("message %q\nwant    %q", e.Message, want)
	}
	l := send(t, ts.Client(), "GET", ts.URL+partnersPath+"?$count=true&$top=1", "").wantStatus(t, http.StatusOK).page(t)
	if l.Count == nil || *l.Count != len(DemoTenant(testNow)) || len(l.Value) != 1 {
		t.Errorf("$count=true: count %v, %d values", l.Count, len(l.Value))
	}
}

func TestSelectTrimsProperties(t *testing.T) {
	_, ts := serve(t)
	for _, q := range []string{"?$select=displayName,partnerState", "?%24select=displayName,%20partnerState", "?$select=DisplayName,PARTNERSTATE"} {
		t.Run(q, func(t *testing.T) {
			r := send(t, ts.Client(), "GET", ts.URL+partnersPath+q, "").wantStatus(t, http.StatusOK)
			var l struct {
				Context string                       `json:"@odata.context"`
				Value   []map[string]json.RawMessage `json:"value"`
			}
			if err := json.Unmarshal(r.body, &l); err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(l.Context, "deviceManagementPartners(displayName,partnerState)") {
				t.Errorf("@odata.context = %q", l.Context)
			}
			for _, m := range l.Value {
				keys := slices.Sorted(func(yield func(string) bool) {
					for k := range m {
						if !yield(k) {
							return
						}
					}
				})
				if want := []string{"@odata.type", "displayName", "partnerState"}; !slices.Equal(keys, want) {
					t.Fatalf("members %v, want %v", keys, want)
				}
			}
		})
	}
	// on one entity
	r := send(t, ts.Client(), "GET", ts.URL+partnersPath+"/00000001-aaaa-4bbb-8ccc-000000000001?$select=groupsRequiringPartnerEnrollment", "").wantStatus(t, 200)
	m := r.members(t)
	if len(m) != 3 || m["groupsRequiringPartnerEnrollment"] == nil || m["id"] != nil {
		t.Errorf("entity members: %s", r.body)
	}
	if !strings.HasSuffix(string(m["@odata.context"]), `deviceManagementPartners(groupsRequiringPartnerEnrollment)/$entity"`) {
		t.Errorf("context %s", m["@odata.context"])
	}
	// "*" is everything
	all := send(t, ts.Client(), "GET", ts.URL+partnersPath+"?$select=*", "").wantStatus(t, 200).page(t)
	if all.Value[0].DisplayName == "" || !all.Value[0].LastHeartbeat.IsSet() {
		t.Error("$select=* dropped properties")
	}
}

func TestBadQueryOptionsAre400(t *testing.T) {
	_, ts := serve(t)
	entity := partnersPath + "/00000001-aaaa-4bbb-8ccc-000000000001"
	cases := []struct{ path, inMessage string }{
		{partnersPath + "?$select=displayName,colour", "property named 'colour'"},
		{partnersPath + "?$select=displayName,", "property named"},
		{partnersPath + "?$top=-1", "non-negative integer"},
		{partnersPath + "?$top=ten", "Invalid value 'ten' for $top"},
		{partnersPath + "?$skip=x", "$skip"},
		{partnersPath + "?$skiptoken=not-ours!", "$skiptoken"},
		{partnersPath + "?$count=maybe", "not a valid count option"},
		{partnersPath + "?$top=1&$top=2", "more than once"},
		{partnersPath + "?$frobnicate=1", "'$frobnicate' is not supported"},
		{partnersPath + "?$expand=assignments", "navigation property"},
		{entity + "?$top=1", "not a collection"},
		{entity + "?$select=nope", "'nope'"},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			r := send(t, ts.Client(), "GET", ts.URL+tc.path, "").wantStatus(t, http.StatusBadRequest)
			if e := r.graphError(t, "BadRequest"); !strings.Contains(e.Message, tc.inMessage) {
				t.Errorf("message %q does not contain %q", e.Message, tc.inMessage)
			}
		})
	}
}

func TestIgnoredAndBetaQueryOptions(t *testing.T) {
	_, ts := serve(t)
	// Intune ignores $filter/$orderby/$search; so does the simulator.
	l := send(t, ts.Client(), "GET", ts.URL+partnersPath+"?$filter=partnerState%20eq%20'enabled'&$orderby=displayName&$search=x", "").wantStatus(t, 200).page(t)
	if len(l.Value) != 12 {
		t.Errorf("%d partners", len(l.Value))
	}
	// v1.0 ignores an option without '$'; beta honours it.
	v1 := send(t, ts.Client(), "GET", ts.URL+partnersPath+"?top=2", "").wantStatus(t, 200).page(t)
	beta := send(t, ts.Client(), "GET", ts.URL+"/beta/deviceManagement/deviceManagementPartners?top=2", "").wantStatus(t, 200).page(t)
	if len(v1.Value) != 12 || len(beta.Value) != 2 {
		t.Errorf("v1.0 top=2 gave %d, beta gave %d", len(v1.Value), len(beta.Value))
	}
	c := send(t, ts.Client(), "GET", ts.URL+partnersPath+"?$count=true&$top=3&$skip=10", "").wantStatus(t, 200).page(t)
	if c.Count == nil || *c.Count != 12 || len(c.Value) != 2 || c.Value[0].ID != demoID(11) || c.NextLink != "" {
		t.Errorf("$count/$skip page: count %v, %d items, next %q", c.Count, len(c.Value), c.NextLink)
	}
}

// pages follows @odata.nextLink from url and returns every page.
func pages(t *testing.T, c *http.Client, first string) []model.PartnerList {
	t.Helper()
	var out []model.PartnerList
	for next := first; next != ""; {
		l := send(t, c, "GET", next, "").wantStatus(t, http.StatusOK).page(t)
		out = append(out, l)
		next = l.NextLink
		if len(out) > 100 {
			t.Fatal("paging does not end")
		}
	}
	return out
}

func TestPagingByPageSizeAndTop(t *testing.T) {
	cases := []struct {
		name     string
		pageSize int
		query    string
		sizes    []int
	}{
		{"page size", 5, "", []int{5, 5, 2}},
		{"top below page size", 5, "?$top=4", []int{4, 4, 4}},
		{"top above page size", 5, "?$top=50", []int{5, 5, 2}},
		{"exact fit", 6, "", []int{6, 6}},
		{"top zero", 5, "?$top=0", []int{0}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, ts := serve(t, WithPageSize(tc.pageSize))
			ps := pages(t, ts.Client(), ts.URL+partnersPath+tc.query)
			var sizes []int
			var ids []string
			for _, p := range ps {
				sizes = append(sizes, len(p.Value))
				for _, v := range p.Value {
					ids = append(ids, v.ID)
				}
			}
			if !slices.Equal(sizes, tc.sizes) {
				t.Errorf("page sizes %v, want %v", sizes, tc.sizes)
			}
			if tc.query != "?$top=0" && len(ids) != 12 {
				t.Errorf("%d partners over all pages, want 12", len(ids))
			}
			if len(slices.Compact(slices.Sorted(slices.Values(ids)))) != len(ids) {
				t.Errorf("a partner came twice: %v", ids)
			}
			if len(ps) > 1 {
				u, err := url.Parse(ps[0].NextLink)
				if err != nil || u.Scheme+"://"+u.Host != ts.URL || u.Query().Get("$skiptoken") == "" {
					t.Errorf("nextLink %q is not absolute on the server's host with a $skiptoken", ps[0].NextLink)
				}
			}
		})
	}
}

func TestNextLinkKeepsSelectAndCount(t *testing.T) {
	_, ts := serve(t, WithPageSize(5))
	ps := pages(t, ts.Client(), ts.URL+partnersPath+"?$select=displayName&$count=true")
	for i, p := range ps {
		if p.Count == nil || *p.Count != 12 {
			t.Errorf("page %d: @odata.count %v", i, p.Count)
		}
		if p.Value[0].PartnerState != "" || p.Value[0].DisplayName == "" {
			t.Errorf("page %d lost the projection: %+v", i, p.Value[0])
		}
	}
}

func TestPagingResumesAfterTheLastPartnerServed(t *testing.T) {
	s, ts := serve(t, WithPageSize(4))
	first := send(t, ts.Client(), "GET", ts.URL+partnersPath, "").wantStatus(t, 200).page(t)
	// Between pages, two partners the client has already seen are deleted behind its back.
	s.Remove(demoID(1))
	s.Remove(demoID(2))
	rest := pages(t, ts.Client(), first.NextLink)
	var got []string
	for _, p := range append([]model.PartnerList{first}, rest...) {
		for _, v := range p.Value {
			got = append(got, v.ID)
		}
	}
	var want []string
	for i := 1; i <= 12; i++ {
		want = append(want, demoID(i))
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %v\nwant %v (no partner skipped)", got, want)
	}
}
