package dialog

import (
	"context"
	"strconv"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

// GraphVersion is implemented by a Service that knows which Graph version it talks to
// (*client.Client: "v1.0" or "beta"; wrappers pass it on). The compliance form offers the
// platforms of that version (model.PlatformsIn: Linux only in beta); a service that cannot say is
// taken as v1.0. ui re-exports it beside PartnerService.
type GraphVersion interface{ Version() string }

// complianceForm is a compliance partner in the form: its name, and for each platform the
// onboarded flag and the enrollment assignments (one section each, in platforms' order).
type complianceForm struct {
	platforms []model.Platform
	orig      model.CompliancePartner   // as the user saw it when the form opened (or after a rebase)
	view      model.ShownCompliance     // orig cleaned for drawing
	update    model.ComplianceUpdate    // what review will send (edit)
	created   model.CompliancePartner   // what review will create (create)
	before    model.CompliancePartner   // the partner as the form had it before the conflict's rebase
	betaLoss  *model.ComplianceBetaLoss // what the beta check found (form_beta.go)
	last      model.CompliancePartner   // the partner as the user's edits leave it
}

// compliancePlatforms are the platforms the form offers for p: those of the service's Graph
// version, and any other p was read with (a partner read through beta keeps its Linux members).
func compliancePlatforms(svc Service, p model.CompliancePartner) []model.Platform {
	version := "v1.0"
	if g, ok := svc.(GraphVersion); ok && g.Version() != "" {
		version = g.Version()
	}
	in := map[model.Platform]bool{}
	for _, pl := range model.PlatformsIn(version) {
		in[pl] = true
	}
	var out []model.Platform
	for _, pl := range model.Platforms {
		if e := p.Platform(pl); in[pl] || e.Onboarded != nil || e.Assignments != nil {
			out = append(out, pl)
		}
	}
	return out
}

func newComplianceForm(platforms []model.Platform, p model.CompliancePartner) *complianceForm {
	return &complianceForm{platforms: platforms, orig: p, view: model.ShowCompliance(p)}
}

// newComplianceEditForm opens the form on the compliance partner p as the user sees it.
func newComplianceEditForm(env *env, p model.CompliancePartner) *partnerForm {
	return newForm(env, formEdit, newComplianceForm(compliancePlatforms(env.svc, p), p))
}

// newComplianceCreateForm opens an empty form for a new compliance partner.
func newComplianceCreateForm(env *env) *partnerForm {
	return newForm(env, formCreate, newComplianceForm(compliancePlatforms(env.svc, model.CompliancePartner{}), model.CompliancePartner{}))
}

func (c *complianceForm) noun() string  { return "compliance partner" }
func (c *complianceForm) title() string { return c.view.Partner().Name() }
func (c *complianceForm) id() string    { return c.orig.ID }

func (c *complianceForm) values() formValues {
	v := formValues{name: c.orig.DisplayName}
	for _, pl := range c.platforms {
		e := c.orig.Platform(pl)
		v.secs = append(v.secs, sectionValues{field: pl.AssignmentsProperty(), title: model.ComplianceLabel(pl.AssignmentsProperty()),
			none: "none: no " + pl.String() + " device enrolls through this partner", toggle: model.ComplianceLabel(pl.OnboardedProperty()),
			on: e.IsOnboarded(), list: e.Assignments, present: e.Assignments != nil})
	}
	return v
}

func (c *complianceForm) createNote() string {
	return "State and heartbeat are set by Intune once the partner connects."
}

// edited is the compliance partner as the form would leave it. A platform's flag the user did
// not change keeps Graph's value as read (absent stays absent).
func (c *complianceForm) edited(e edits) model.CompliancePartner {
	p := c.orig.Clone()
	p.DisplayName = e.name
	for i, pl := range c.platforms {
		s := e.secs[i]
		if s.on != p.Platform(pl).IsOnboarded() {
			p.SetOnboarded(pl, s.on)
		}
		p.Platforms[pl].Assignments = s.list
	}
	return p
}

func (c *complianceForm) prepare(e edits, create bool) (bool, error) {
	edited := c.edited(e)
	c.last = edited
	if create {
		for _, pl := range c.platforms { // a new partner says each platform it offers, on or off
			p := edited.Platform(pl)
			edited.SetOnboarded(pl, p.IsOnboarded())
		}
		edited.ODataType = model.ODataCompliancePartner
		c.created = edited
		return false, model.ValidateCompliance(edited)
	}
	c.update = model.DiffCompliance(c.orig, edited)
	return c.update.IsEmpty(), model.ValidateComplianceUpdate(c.update)
}

func (c *complianceForm) createLines(f *partnerForm, iw int) []string {
	t, p := f.env.theme, c.created
	lines := changeLines(t, model.ComplianceLabel("displayName"), "", model.Quoted(model.Sanitize(p.DisplayName)), iw)
	for _, pl := range c.platforms {
		e := p.Platform(pl)
		lines = append(lines, changeLines(t, model.ComplianceLabel(pl.OnboardedProperty()), "", model.YesNo(e.IsOnboarded()), iw)...)
		if len(e.Assignments) == 0 {
			continue
		}
		lines = append(lines, changeLines(t, model.ComplianceLabel(pl.AssignmentsProperty()), "", strconv.Itoa(len(e.Assignments)), iw)...)
		for _, a := range e.Assignments {
			lines = append(lines, "      "+t.OK.Render("+ "+f.targetText(a.Target)))
		}
	}
	return lines
}

// changeLinesOf draws changes cs from old to new: a platform's assignments as a count and one line
// per assignment added or removed, the rest old → new.
func (c *complianceForm) changeLinesOf(f *partnerForm, cs []model.Change, old, new model.CompliancePartner, iw int) []string {
	t := f.env.theme
	var lines []string
next:
	for _, ch := range cs {
		for _, pl := range model.Platforms {
			if ch.Field == pl.AssignmentsProperty() {
				lines = append(lines, groupChangeLines(t, ch.Label, old.Platform(pl).Assignments, new.Platform(pl).Assignments, f.targetText, iw)...)
				continue next
			}
		}
		lines = append(lines, changeLines(t, ch.Label, ch.Old, ch.New, iw)...)
	}
	return lines
}

func (c *complianceForm) updateLines(f *partnerForm, iw int) []string {
	return c.changeLinesOf(f, c.update.Changes(c.orig), c.orig, c.update.Apply(c.orig), iw)
}

func (c *complianceForm) theirLines(f *partnerForm, iw int) []string {
	return c.changeLinesOf(f, f.theirs, c.before, c.orig, iw)
}

func (c *complianceForm) changes() int       { return len(c.update.Changes(c.orig)) }
func (c *complianceForm) editedName() string { return c.last.Name() }

func (c *complianceForm) reread(ctx context.Context, svc Service) (formKind, error) {
	p, err := svc.GetCompliance(ctx, c.orig.ID)
	return newComplianceForm(c.platforms, p), err
}

func (c *complianceForm) changesSince(newer formKind, now time.Time) []model.Change {
	return model.ComplianceChanges(c.orig, newer.(*complianceForm).orig, now)
}

func (c *complianceForm) adopt(newer formKind, e edits) {
	n := newer.(*complianceForm)
	c.before = c.orig
	c.orig, c.view = n.orig, n.view
	c.last = c.edited(e)
	c.update = model.DiffCompliance(c.orig, c.last)
}

func (c *complianceForm) create(ctx context.Context, svc Service) (string, error) {
	p, err := svc.CreateCompliance(ctx, c.created)
	return p.ID, err
}

// managedLines show the service-managed properties, read-only.
func (c *complianceForm) managedLines(f *partnerForm, iw int) []string {
	t := f.env.theme
	p, now := c.view.Partner(), f.env.now()
	kv := func(k, v string) string { return t.Label.Render(k+" ") + t.Text.Render(v) }
	return []string{
		t.Muted.Render("Managed by Intune (read-only)"),
		"  " + kv(model.ComplianceLabel("partnerState"), p.PartnerState.Label()) + t.Faint.Render(" · ") +
			kv(model.ComplianceLabel("lastHeartbeatDateTime"), model.Seen(p.LastHeartbeat, now)),
	}
}
