package dialog

// Never drop what the user cannot see: a PATCH replaces groupsRequiringPartnerEnrollment whole,
// as it does each platform's assignments of a compliance partner, and v1.0 neither shows nor
// sends beta's assignment filters and scope-tag targets. Before such a
// write the form asks the service (when it can tell, see BetaGuard and ComplianceBetaGuard) what the write would erase;
// if anything, it says so and offers to write through beta, keeping it, or to cancel.

import (
	"context"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/cells"
)

// BetaGuard is implemented by a Service that talks to v1.0 and can read the same partner through
// beta (*client.Client does). A service without it is written to as it is. ui re-exports it beside
// PartnerService.
type BetaGuard interface {
	// BetaOnlyLoss reports what a v1.0 write of u would erase from the partner as beta holds it.
	BetaOnlyLoss(ctx context.Context, id string, u model.PartnerUpdate) (model.BetaLoss, error)
	// UpdateThroughBeta sends u through beta on the same host.
	UpdateThroughBeta(ctx context.Context, id string, u model.PartnerUpdate) error
}

// ComplianceBetaGuard is BetaGuard for compliance partners, whose per-platform assignment lists a
// PATCH replaces whole in the same way (*client.Client implements it). A service without it is
// written to as it is. ui re-exports it beside PartnerService.
type ComplianceBetaGuard interface {
	// ComplianceBetaOnlyLoss reports what a v1.0 write of u would erase from the compliance
	// partner as beta holds it.
	ComplianceBetaOnlyLoss(ctx context.Context, id string, u model.ComplianceUpdate) (model.ComplianceBetaLoss, error)
	// UpdateComplianceThroughBeta sends u through beta on the same host.
	UpdateComplianceThroughBeta(ctx context.Context, id string, u model.ComplianceUpdate) error
}

// lostAssignment is one assignment whose beta-only data a v1.0 write would erase, with the list
// it is in when the kind has several (a compliance partner's platform; "" for the first kind).
type lostAssignment struct {
	list string
	a    model.Assignment
}

// checkBeta starts the beta check; check stores what it found in the kind, which the reply's
// arrival makes visible to betaChecked.
func (f *partnerForm) checkBeta(check func(ctx context.Context) error) tea.Cmd {
	return f.call.start(stepBetaCheck, "Checking beta for assignments v1.0 cannot show…", true, func(ctx context.Context) (model.Partner, error) {
		return model.Partner{}, check(ctx)
	})
}

// save sends the reviewed update, first checking through beta when it replaces the assignments.
func (d *deviceForm) save(f *partnerForm) tea.Cmd {
	u, id := d.update, d.orig.ID
	guard, ok := f.env.svc.(BetaGuard)
	if !ok || u.Groups == nil {
		return d.saveAsIs(f)
	}
	found := &model.BetaLoss{} // written by the call, read when its reply arrives
	d.betaLoss = found
	return f.checkBeta(func(ctx context.Context) error {
		loss, err := guard.BetaOnlyLoss(ctx, id, u)
		*found = loss
		return err
	})
}

func (d *deviceForm) saveAsIs(f *partnerForm) tea.Cmd {
	u, id, svc := d.update, d.orig.ID, f.env.svc
	return f.call.start(stepMutate, "Saving…", false, func(ctx context.Context) (model.Partner, error) {
		return model.Partner{}, svc.Update(ctx, id, u)
	})
}

func (d *deviceForm) saveThroughBeta(f *partnerForm) tea.Cmd {
	guard := f.env.svc.(BetaGuard) // save checked it
	u, id := d.update, d.orig.ID
	keep := append([]model.Assignment{}, d.betaLoss.Keep...)
	u.Groups = &keep
	return f.call.start(stepMutate, "Saving through beta…", false, func(ctx context.Context) (model.Partner, error) {
		return model.Partner{}, guard.UpdateThroughBeta(ctx, id, u)
	})
}

func (d *deviceForm) betaLost() []lostAssignment {
	if d.betaLoss == nil {
		return nil
	}
	var out []lostAssignment
	for _, a := range d.betaLoss.Lost {
		out = append(out, lostAssignment{a: a})
	}
	return out
}

func (d *deviceForm) forgetBeta() { d.betaLoss = nil }

// save sends the reviewed update, first checking through beta when it replaces a platform's
// assignments.
func (c *complianceForm) save(f *partnerForm) tea.Cmd {
	u, id := c.update, c.orig.ID
	guard, ok := f.env.svc.(ComplianceBetaGuard)
	if !ok || !u.SetsAssignments() {
		return c.saveAsIs(f)
	}
	found := &model.ComplianceBetaLoss{} // written by the call, read when its reply arrives
	c.betaLoss = found
	return f.checkBeta(func(ctx context.Context) error {
		loss, err := guard.ComplianceBetaOnlyLoss(ctx, id, u)
		*found = loss
		return err
	})
}

func (c *complianceForm) saveAsIs(f *partnerForm) tea.Cmd {
	u, id, svc := c.update, c.orig.ID, f.env.svc
	return f.call.run(stepMutate, "Saving…", false, func(ctx context.Context) callDoneMsg {
		return callDoneMsg{err: svc.UpdateCompliance(ctx, id, u)}
	})
}

func (c *complianceForm) saveThroughBeta(f *partnerForm) tea.Cmd {
	guard := f.env.svc.(ComplianceBetaGuard) // save checked it
	u, id := c.betaLoss.Keep, c.orig.ID
	return f.call.run(stepMutate, "Saving through beta…", false, func(ctx context.Context) callDoneMsg {
		return callDoneMsg{err: guard.UpdateComplianceThroughBeta(ctx, id, u)}
	})
}

func (c *complianceForm) betaLost() []lostAssignment {
	if c.betaLoss == nil {
		return nil
	}
	var out []lostAssignment
	for _, pl := range model.Platforms {
		for _, a := range c.betaLoss.Platforms[pl].Lost {
			out = append(out, lostAssignment{list: pl.String(), a: a})
		}
	}
	return out
}

func (c *complianceForm) forgetBeta() { c.betaLoss = nil }

// betaChecked moves on after the beta read: save at once when nothing would be lost, else ask.
func (f *partnerForm) betaChecked(msg callDoneMsg) tea.Cmd {
	k := f.k
	if msg.err != nil {
		k.forgetBeta()
		return f.fail(msg.err, false)
	}
	if len(k.betaLost()) == 0 {
		k.forgetBeta()
		return k.saveAsIs(f)
	}
	f.phase, f.button, f.banner = phaseBetaLoss, 0, nil
	return nil
}

// betaLossButtons: cancel first, the safe one.
var betaLossButtons = []string{"Cancel", "Write through beta"}

// pressBetaLoss acts on the focused button of the beta-loss step.
func (f *partnerForm) pressBetaLoss() tea.Cmd {
	k := f.k
	if f.button == 0 || len(k.betaLost()) == 0 {
		k.forgetBeta()
		f.phase = phaseFields
		f.setBanner(false, "Nothing was sent. Your edits are kept.")
		return nil
	}
	return k.saveThroughBeta(f)
}

// betaLossLines explain what a v1.0 write would erase.
func (f *partnerForm) betaLossLines(iw int) []string {
	t := f.env.theme
	lost := f.k.betaLost()
	lines := []string{"", t.Bold.Render("Saving through v1.0 would erase assignment data that only beta shows:"), ""}
	for _, l := range lost {
		a, text := l.a, f.targetText(l.a.Target)
		if l.list != "" {
			text = l.list + ": " + text
		}
		if flt := a.Target.Filter(); flt.IsSet() {
			text += " (filter " + model.Sanitize(flt.ID) + " " + model.Sanitize(string(flt.Type)) + ")"
		}
		for _, ln := range cells.Lines("• "+text, iw-2) {
			lines = append(lines, "  "+t.Warning.Render(ln))
		}
	}
	lines = append(lines, "")
	for _, l := range cells.Lines(fmt.Sprintf("Graph replaces the whole assignment list. Write through beta to save your change "+
		"and keep %s, or cancel to go back to the form.", plural(len(lost), "this assignment", "these assignments")), iw) {
		lines = append(lines, t.Muted.Render(l))
	}
	return append(lines, "")
}
