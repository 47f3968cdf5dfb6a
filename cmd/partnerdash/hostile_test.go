package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

// Every string of a partner (found by reflection, so a new property is covered) carries hostile
// text; neither list -o table nor get writes any of it to the terminal.
func TestHostileTextNeverReachesTheTerminal(t *testing.T) {
	p := uitest.HostilePartner()
	var list, get bytes.Buffer
	if err := printPartnerTable(&list, []model.Partner{p}, uitest.Clock); err != nil {
		t.Fatal(err)
	}
	if err := printPartner(&get, p, time.Now()); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"list": list.String(), "get": get.String()} {
		if bad := uitest.Unsafe(out); bad != "" || !strings.Contains(out, "Evil") {
			t.Errorf("%s wrote %s (or not the partner):\n%q", name, bad, out)
		}
	}
}
