package sshserver

import (
	"context"
	"testing"

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
