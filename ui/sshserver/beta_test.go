package sshserver

import (
	"context"
	"testing"

	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui"
)

// Over SSH the dashboard's beta check reaches the Graph client through the session's wrappers,
// and a write through beta is audited as an update.
func TestWrappersPassTheBetaCheckThrough(t *testing.T) {
	g := newGraph(t)
	buf := &syncBuffer{}
	var svc ui.PartnerService = Audited(g.svc, NewAuditLog(buf, nil), alice, nil)
	svc = newCalls().track(svc)
	guard, ok := svc.(ui.BetaGuard)
	if !ok {
		t.Fatal("the session's service does not offer the beta check")
	}
	ctx := context.Background()
	p, err := svc.Get(ctx, contosoHQ) // v1.0: include and exclude; beta also has a scope-tag target
	if err != nil {
		t.Fatal(err)
	}
	groups := p.Groups[:1]
	u := model.PartnerUpdate{Groups: &groups}
	loss, err := guard.BetaOnlyLoss(ctx, contosoHQ, u)
	if err != nil || len(loss.Lost) != 1 {
		t.Fatalf("loss %+v, %v; want the scope-tag target", loss, err)
	}
	u.Groups = &loss.Keep
	if err := guard.UpdateThroughBeta(ctx, contosoHQ, u); err != nil {
		t.Fatal(err)
	}
	if got := g.partner(t, contosoHQ).Groups; len(got) != 2 || got[1].Target.ODataType() != model.ODataScopeTagGroupTarget {
		t.Errorf("Graph holds %v", got)
	}
	if e := auditLines(t, buf.String()); len(e) != 1 || e[0].Action != "update" || e[0].Result != "ok" || len(e[0].Changes) != 1 {
		t.Errorf("audit %+v", e)
	}
}

// The compliance beta check passes through the same wrappers, and the write through beta is
// audited as a compliance update.
func TestWrappersPassTheComplianceBetaCheckThrough(t *testing.T) {
	const workspaceOne = "00000005-cccc-4ddd-8eee-000000000005" // iOS: one group with a filter only beta shows
	g := newGraph(t, graphsim.WithCompliancePartners(graphsim.DemoCompliance(testNow)))
	buf := &syncBuffer{}
	var svc ui.PartnerService = Audited(g.svc, NewAuditLog(buf, nil), alice, nil)
	svc = newCalls().track(svc)
	guard, ok := svc.(ui.ComplianceBetaGuard)
	if !ok {
		t.Fatal("the session's service does not offer the compliance beta check")
	}
	ctx := context.Background()
	p, err := svc.GetCompliance(ctx, workspaceOne)
	if err != nil {
		t.Fatal(err)
	}
	ios := append(p.Platform(model.PlatformIOS).Assignments, model.NewComplianceAssignment(model.AllDevicesTarget{}))
	var u model.ComplianceUpdate
	u.Assignments[model.PlatformIOS] = &ios
	loss, err := guard.ComplianceBetaOnlyLoss(ctx, workspaceOne, u)
	if err != nil || len(loss.Platforms[model.PlatformIOS].Lost) != 1 {
		t.Fatalf("loss %+v, %v; want the filtered iOS group", loss, err)
	}
	if err := guard.UpdateComplianceThroughBeta(ctx, workspaceOne, loss.Keep); err != nil {
		t.Fatal(err)
	}
	var stored model.CompliancePartner
	for _, c := range g.sim.CompliancePartners() {
		if c.ID == workspaceOne {
			stored = c
		}
	}
	if got := stored.Platform(model.PlatformIOS).Assignments; len(got) != 2 || !got[0].Target.Filter().IsSet() {
		t.Errorf("Graph holds iOS %v", got)
	}
	e := auditLines(t, buf.String())
	if len(e) != 1 || e[0].Action != "update" || e[0].Kind != "compliance" || e[0].Result != "ok" || e[0].PartnerName != "Omnissa Workspace ONE UEM" || len(e[0].Changes) != 1 {
		t.Errorf("audit %+v", e)
	}
}
