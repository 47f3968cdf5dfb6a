package graphsim

import (
	"net/http"
	"strings"
	"testing"
)

func TestInvalidUTF8IsABadRequestNotReplaced(t *testing.T) {
	s, ts := serve(t)
	before := len(s.Partners())
	id := demoID(1)
	for _, c := range []struct{ method, url, body, where string }{
		{"POST", ts.URL + partnersPath, "{\"displayName\":\"Bad \xff\xfe name\"}", "line 1, column 21"},
		{"PATCH", ts.URL + partnersPath + "/" + id, "{\n\"displayName\":\"cut \xe2\x82\"}", "line 2, column 20"},
	} {
		r := send(t, ts.Client(), c.method, c.url, c.body, "Content-Type", "application/json").wantStatus(t, http.StatusBadRequest)
		if e := r.graphError(t, "BadRequest"); !strings.Contains(e.Message, "invalid UTF-8 at "+c.where) {
			t.Errorf("%s: message %q", c.method, e.Message)
		}
	}
	if n := len(s.Partners()); n != before {
		t.Errorf("%d partners after a refused create, want %d", n, before)
	}
	for _, p := range s.Partners() {
		if strings.ContainsRune(p.DisplayName, '\uFFFD') {
			t.Errorf("stored %q", p.DisplayName)
		}
	}
}

func TestRequestIDsDifferBetweenRuns(t *testing.T) {
	// Two simulators with the same (default) seed, as two runs of `partnerdash sim` would be.
	_, a := serve(t)
	_, b := serve(t)
	ra := send(t, a.Client(), "GET", a.URL+partnersPath, "").wantStatus(t, 200).header.Get("request-id")
	rb := send(t, b.Client(), "GET", b.URL+partnersPath, "").wantStatus(t, 200).header.Get("request-id")
	if ra == "" || ra == rb {
		t.Errorf("request-ids %q and %q: two runs repeat them", ra, rb)
	}
	// Seeded ids still repeat: a test run is repeatable where it matters.
	ca := send(t, a.Client(), "POST", a.URL+partnersPath, `{"displayName":"x"}`).wantStatus(t, 201).partner(t)
	cb := send(t, b.Client(), "POST", b.URL+partnersPath, `{"displayName":"x"}`).wantStatus(t, 201).partner(t)
	if ca.ID != cb.ID {
		t.Errorf("created ids %s and %s differ with the same seed", ca.ID, cb.ID)
	}
}
