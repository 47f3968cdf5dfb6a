package dialog

// Never drop what the user cannot see: a PATCH replaces groupsRequiringPartnerEnrollment whole,
// and v1.0 neither shows nor sends beta's assignment filters and scope-tag targets. Before such a
// write the form asks the service (when it can tell, see BetaGuard) what the write would erase;
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

// save sends the reviewed update, first checking through beta when it replaces the assignments.
func (d *deviceForm) save(f *partnerForm) tea.Cmd {
	u, id := d.update, d.orig.ID
	svc := f.env.svc
	guard, ok := svc.(BetaGuard)
	if !ok || u.Groups == nil {
		return f.call.start(stepMutate, "Saving…", false, func(ctx context.Context) (model.Partner, error) {
			return model.Partner{}, svc.Update(ctx, id, u)
		})
	}
	found := &model.BetaLoss{} // written by the call, read when its reply arrives
	d.betaLoss = found
	return f.call.start(stepBetaCheck, "Checking beta for assignments v1.0 cannot show…", true, func(ctx context.Context) (model.Partner, error) {
		loss, err := guard.BetaOnlyLoss(ctx, id, u)
		*found = loss
		return model.Partner{}, err
	})
}

// betaChecked moves on after the beta read: save at once when nothing would be lost, else ask.
func (f *partnerForm) betaChecked(msg callDoneMsg) tea.Cmd {
	d := f.k.(*deviceForm) // only the device kind checks beta
	if msg.err != nil {
		d.betaLoss = nil
		return f.fail(msg.err, false)
	}
	if d.betaLoss.Empty() {
		d.betaLoss = nil
		u, id, svc := d.update, d.orig.ID, f.env.svc
		return f.call.start(stepMutate, "Saving…", false, func(ctx context.Context) (model.Partner, error) {
			return model.Partner{}, svc.Update(ctx, id, u)
		})
	}
	f.phase, f.button, f.banner = phaseBetaLoss, 0, nil
	return nil
}

// betaLossButtons: cancel first, the safe one.
var betaLossButtons = []string{"Cancel", "Write through beta"}

// pressBetaLoss acts on the focused button of the beta-loss step.
func (f *partnerForm) pressBetaLoss() tea.Cmd {
	d := f.k.(*deviceForm) // only the device kind checks beta
	loss := d.betaLoss
	if f.button == 0 || loss == nil {
		d.betaLoss = nil
		f.phase = phaseFields
		f.setBanner(false, "Nothing was sent. Your edits are kept.")
		return nil
	}
	guard := f.env.svc.(BetaGuard) // save checked it
	u, id := d.update, d.orig.ID
	keep := append([]model.Assignment{}, loss.Keep...)
	u.Groups = &keep
	return f.call.start(stepMutate, "Saving through beta…", false, func(ctx context.Context) (model.Partner, error) {
		return model.Partner{}, guard.UpdateThroughBeta(ctx, id, u)
	})
}

// betaLossLines explain what a v1.0 write would erase.
func (f *partnerForm) betaLossLines(iw int) []string {
	t := f.env.theme
	var lost []model.Assignment
	if d := f.k.(*deviceForm); d.betaLoss != nil {
		lost = d.betaLoss.Lost
	}
	lines := []string{"", t.Bold.Render("Saving through v1.0 would erase assignment data that only beta shows:"), ""}
	for _, a := range lost {
		text := targetText(a.Target)
		if flt := a.Target.Filter(); flt.IsSet() {
			text += " (filter " + model.Sanitize(flt.ID) + " " + model.Sanitize(string(flt.Type)) + ")"
		}
		for _, l := range cells.Lines("• "+text, iw-2) {
			lines = append(lines, "  "+t.Warning.Render(l))
		}
	}
	lines = append(lines, "")
	for _, l := range cells.Lines(fmt.Sprintf("Graph replaces the whole assignment list. Write through beta to save your change "+
		"and keep %s, or cancel to go back to the form.", plural(len(lost), "this assignment", "these assignments")), iw) {
		lines = append(lines, t.Muted.Render(l))
	}
	return append(lines, "")
}
