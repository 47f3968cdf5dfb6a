package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/columns"
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
	names := model.GroupNames{}
	for _, g := range uitest.HostileGroups() {
		names[strings.ToLower(g.ID)] = g
	}
	shown := model.Show(p)
	if err := printProperties(&get, model.Properties, *shown.Partner(), names, time.Now()); err != nil {
		t.Fatal(err)
	}
	c := uitest.HostileCompliance()
	var clist, cget bytes.Buffer
	cs := model.ShowCompliance(c)
	row := columns.NewComplianceRow(&cs, model.TriageCompliance(*cs.Partner(), uitest.Clock))
	for _, l := range columns.Table(columns.ComplianceCLI, []columns.ComplianceRow{row}) {
		clist.WriteString(l + "\n")
	}
	if err := printProperties(&cget, model.ComplianceProperties, *cs.Partner(), names, time.Now()); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"list": list.String(), "get": get.String(),
		"list --kind compliance": clist.String(), "get --kind compliance": cget.String()} {
		if bad := uitest.Unsafe(out); bad != "" || !strings.Contains(out, "Evil") {
			t.Errorf("%s wrote %s (or not the partner):\n%q", name, bad, out)
		}
	}
}
