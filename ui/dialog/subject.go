package dialog

import (
	"context"
	"strings"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

// subject is the partner a confirmation acts on, of either kind: a device management partner or
// a compliance partner. The confirmation's flow (typed name, lost-update guard, the change, the
// refresh) is the same for both; the subject says how to read, compare and delete its kind.
type subject interface {
	id() string
	// name, stateLabel and word are cleaned (model.Show, model.ShowCompliance) for drawing.
	name() string
	stateLabel() string
	state() model.PartnerState
	// word is what the user types to confirm: the display name as the screen shows it, or the id
	// when the name is empty or nothing of it can be shown.
	word() string
	// what names the kind in the dialog's sentences: "partner connection", "compliance partner".
	what() string
	// reread reads the partner again from Graph, for the lost-update guard.
	reread(ctx context.Context, svc Service) (subject, error)
	// changesSince lists, in words, what differs in newer (of the same kind) from this one.
	changesSince(newer subject, now time.Time) []model.Change
	// remove deletes it.
	remove(ctx context.Context, svc Service) error
}

// confirmWordOf is the word to type for a partner with confirm text ct and id.
func confirmWordOf(ct, id string) string {
	if s := model.Sanitize(ct); strings.TrimSpace(s) != "" {
		return s
	}
	return model.Sanitize(id)
}

// deviceSubject is a device management partner exactly as Graph returned it, and cleaned.
type deviceSubject struct {
	p    model.Partner
	view model.Shown
}

func newDeviceSubject(p model.Partner) deviceSubject { return deviceSubject{p: p, view: model.Show(p)} }

func (s deviceSubject) id() string                { return s.p.ID }
func (s deviceSubject) name() string              { return s.view.Partner().Name() }
func (s deviceSubject) stateLabel() string        { return s.view.Partner().PartnerState.Label() }
func (s deviceSubject) state() model.PartnerState { return s.p.PartnerState }
func (s deviceSubject) word() string              { return confirmWordOf(s.p.ConfirmText(), s.p.ID) }
func (s deviceSubject) what() string              { return "partner connection" }
func (s deviceSubject) reread(ctx context.Context, svc Service) (subject, error) {
	p, err := svc.Get(ctx, s.p.ID)
	return newDeviceSubject(p), err
}
func (s deviceSubject) changesSince(newer subject, now time.Time) []model.Change {
	return model.Changes(s.p, newer.(deviceSubject).p, now)
}
func (s deviceSubject) remove(ctx context.Context, svc Service) error { return svc.Delete(ctx, s.p.ID) }

// complianceSubject is a compliance partner exactly as Graph returned it, and cleaned.
type complianceSubject struct {
	p    model.CompliancePartner
	view model.ShownCompliance
}

func newComplianceSubject(p model.CompliancePartner) complianceSubject {
	return complianceSubject{p: p, view: model.ShowCompliance(p)}
}

func (s complianceSubject) id() string                { return s.p.ID }
func (s complianceSubject) name() string              { return s.view.Partner().Name() }
func (s complianceSubject) stateLabel() string        { return s.view.Partner().PartnerState.Label() }
func (s complianceSubject) state() model.PartnerState { return s.p.PartnerState }
func (s complianceSubject) word() string              { return confirmWordOf(s.p.ConfirmText(), s.p.ID) }
func (s complianceSubject) what() string              { return "compliance partner" }
func (s complianceSubject) reread(ctx context.Context, svc Service) (subject, error) {
	p, err := svc.GetCompliance(ctx, s.p.ID)
	return newComplianceSubject(p), err
}
func (s complianceSubject) changesSince(newer subject, now time.Time) []model.Change {
	return model.ComplianceChanges(s.p, newer.(complianceSubject).p, now)
}
func (s complianceSubject) remove(ctx context.Context, svc Service) error {
	return svc.DeleteCompliance(ctx, s.p.ID)
}
