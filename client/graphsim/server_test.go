package graphsim

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/partnerdash/partnerdash/model"
)

func TestConcurrentClientsAndHooks(t *testing.T) {
	// Run with -race: clients create, patch, list, terminate and delete while a test changes the
	// tenant behind their backs.
	s, ts := serve(t, WithPageSize(3), WithThrottleRate(0.1))
	c := ts.Client()
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Go(func() {
			for i := range 10 {
				r := send(t, c, "POST", ts.URL+partnersPath, fmt.Sprintf(`{"displayName":"w%d-%d"}`, w, i))
				if r.status != http.StatusCreated && r.status != http.StatusTooManyRequests {
					t.Errorf("create: %d %s", r.status, r.body)
					return
				}
				if r.status == http.StatusCreated {
					id := r.partner(t).ID
					send(t, c, "PATCH", ts.URL+partnersPath+"/"+id, `{"displayName":"renamed"}`)
					send(t, c, "POST", ts.URL+partnersPath+"/"+id+"/terminate", "")
					send(t, c, "DELETE", ts.URL+partnersPath+"/"+id, "")
				}
				for next := ts.URL + partnersPath; next != ""; {
					r := send(t, c, "GET", next, "")
					if r.status != http.StatusOK {
						break
					}
					next = r.page(t).NextLink
				}
			}
		})
	}
	wg.Go(func() {
		for i := range 50 {
			s.Put(model.Partner{ID: demoID(1), DisplayName: fmt.Sprint("hook ", i), IsConfigured: true})
			_ = s.Partners()
			_ = s.Requests()
		}
	})
	wg.Wait()
	if n := len(s.Partners()); n < 12 {
		t.Errorf("%d partners left; the demo's twelve should remain", n)
	}
}

func TestPutRemoveAndReset(t *testing.T) {
	s, ts := serve(t)
	s.Put(model.Partner{ID: demoID(4), DisplayName: "Kandji (changed behind your back)", PartnerState: model.StateRejected, IsConfigured: true})
	p := send(t, ts.Client(), "GET", ts.URL+partnersPath+"/"+demoID(4), "").wantStatus(t, 200).partner(t)
	if p.DisplayName != "Kandji (changed behind your back)" || p.PartnerState != model.StateRejected || p.ODataType != model.ODataPartner {
		t.Errorf("got %+v", p)
	}
	if s.Partners()[3].ID != demoID(4) {
		t.Error("Put of an existing id moved the partner")
	}
	s.Put(model.Partner{DisplayName: "New, no id"})
	added := s.Partners()[12]
	if !model.IsGUID(added.ID) || added.DisplayName != "New, no id" {
		t.Errorf("added %+v", added)
	}
	if !s.Remove(demoID(1)) || s.Remove(demoID(1)) {
		t.Error("Remove did not report what it removed")
	}
	// Snapshots are copies.
	snap := s.Partners()
	snap[0].Groups = append(snap[0].Groups, model.Assignment{Target: model.AllDevicesTarget{}})
	snap[0].DisplayName = "edited copy"
	if got := s.Partners()[0]; got.DisplayName == "edited copy" || len(got.Groups) != 1 {
		t.Error("changing a snapshot changed the server")
	}

	if s.Requests() != 1 {
		t.Errorf("Requests() = %d", s.Requests())
	}
	s.Reset()
	if s.Requests() != 0 || len(s.Partners()) != 12 || s.Partners()[3].DisplayName != DemoTenant(testNow)[3].DisplayName {
		t.Errorf("Reset: %d requests, %d partners", s.Requests(), len(s.Partners()))
	}
}

func TestNewServesAnEmptyTenant(t *testing.T) {
	ts := New()
	l := send(t, ts.Client(), "GET", DemoBaseURL+"/deviceManagement/deviceManagementPartners", "").wantStatus(t, 200)
	if string(l.body) != `{"@odata.context":"http://graphsim.local/v1.0/$metadata#deviceManagement/deviceManagementPartners","value":[]}` {
		t.Errorf("body %s", l.body)
	}
}
