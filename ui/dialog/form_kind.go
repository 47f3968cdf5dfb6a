package dialog

import (
	"context"
	"strconv"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/partnerdash/partnerdash/model"
)

// formKind is what the form needs to know of the kind of partner it edits, like subject for the
// confirmation: its editable values, the partner or update the user's edits make, the review of
// them, and how it is read again, compared, created and saved. deviceForm is a device management
// partner; complianceForm (form_compliance.go) a compliance partner.
type formKind interface {
	// noun names the kind in the form's sentences: "partner", "compliance partner".
	noun() string
	// title is the partner's name as the screen shows it (cleaned).
	title() string
	id() string
	// values are the editable values as read, which the form's fields start from.
	values() formValues
	// managedLines draw the service-managed properties, read-only, above an edit's fields.
	managedLines(f *partnerForm, iw int) []string
	// createNote says what Intune sets once a new partner connects.
	createNote() string
	// prepare builds, from the user's edits, what the review shows (the partner to create, or the
	// update to send) and checks it; empty reports an update that changes nothing.
	prepare(e edits, create bool) (empty bool, err error)
	// createLines list what a create will send; updateLines what the update changes, old → new.
	createLines(f *partnerForm, iw int) []string
	updateLines(f *partnerForm, iw int) []string
	// changes counts the update's changes, for the status line after a save.
	changes() int
	// editedName is the name the partner has once saved or created.
	editedName() string
	// reread reads the partner again from Graph, for the lost-update guard.
	reread(ctx context.Context, svc Service) (formKind, error)
	// changesSince lists, in words, what differs in newer (of the same kind) from this one.
	changesSince(newer formKind, now time.Time) []model.Change
	// adopt takes newer as the partner read, keeping this one as what someone else changed from,
	// and prepares the user's edits e again on top of it; theirLines draw that change.
	adopt(newer formKind, e edits)
	theirLines(f *partnerForm, iw int) []string
	// create sends the partner to create and returns its id; save starts sending the update.
	create(ctx context.Context, svc Service) (string, error)
	save(f *partnerForm) tea.Cmd
	// Never drop what the user cannot see (form_beta.go): save first asks the service, when it
	// can tell, what a v1.0 write would erase; betaLost lists what it found (nil for nothing) and
	// forgetBeta drops it; saveAsIs sends the update as reviewed, saveThroughBeta sends it through
	// beta keeping what only beta holds.
	betaLost() []lostAssignment
	forgetBeta()
	saveAsIs(f *partnerForm) tea.Cmd
	saveThroughBeta(f *partnerForm) tea.Cmd
}

// formValues are a partner's editable values as read, of either kind: the name, a device
// partner's app type and app id, and its lists of assignments.
type formValues struct {
	name    string
	device  bool // the device kind's app type and app id are fields
	appType model.AppType
	appID   string
	secs    []sectionValues
}

// deviceForm is a device management partner in the form.
type deviceForm struct {
	orig     model.Partner       // as the user saw it when the form opened (or after a rebase)
	view     model.Shown         // orig cleaned for drawing (model.Show): the form draws orig only through it
	update   model.PartnerUpdate // what review will send (edit)
	created  model.Partner       // what review will create (create)
	before   model.Partner       // the partner as the form had it before the conflict's rebase
	betaLoss *model.BetaLoss     // what the beta check found (form_beta.go)
	last     model.Partner       // the partner as the user's edits leave it
}

func newDeviceForm(p model.Partner) *deviceForm { return &deviceForm{orig: p, view: model.Show(p)} }

func (d *deviceForm) noun() string  { return "partner" }
func (d *deviceForm) title() string { return d.view.Partner().Name() }
func (d *deviceForm) id() string    { return d.orig.ID }

func (d *deviceForm) values() formValues {
	p := d.orig
	return formValues{name: p.DisplayName, device: true, appType: p.PartnerAppType, appID: p.SingleTenantAppID,
		secs: []sectionValues{{field: "groupsRequiringPartnerEnrollment", title: label("groupsRequiringPartnerEnrollment"),
			none: "none: no group has to enroll through this partner", list: p.Groups, present: p.Groups != nil}}}
}

func (d *deviceForm) createNote() string {
	return "State, heartbeat and deadlines are set by Intune once the partner connects."
}

// edited is the partner as the form would leave it.
func (d *deviceForm) edited(e edits) model.Partner {
	p := d.orig
	p.DisplayName, p.SingleTenantAppID, p.PartnerAppType = e.name, e.appID, e.appType
	p.Groups = e.secs[0].list
	return p
}

func (d *deviceForm) prepare(e edits, create bool) (bool, error) {
	edited := d.edited(e)
	d.last = edited
	if create {
		d.created = edited
		d.created.ODataType = model.ODataPartner
		return false, model.ValidateEditable(edited)
	}
	d.update = model.Diff(d.orig, edited)
	return d.update.IsEmpty(), model.ValidateUpdate(d.update)
}

func (d *deviceForm) createLines(f *partnerForm, iw int) []string {
	t, p := f.env.theme, d.created
	var lines []string
	lines = append(lines, changeLines(t, label("displayName"), "", model.Quoted(model.Sanitize(p.DisplayName)), iw)...)
	lines = append(lines, changeLines(t, label("partnerAppType"), "", p.PartnerAppType.Label(), iw)...)
	lines = append(lines, changeLines(t, label("singleTenantAppId"), "", model.Dash(model.Sanitize(p.SingleTenantAppID)), iw)...)
	lines = append(lines, changeLines(t, label("groupsRequiringPartnerEnrollment"), "", strconv.Itoa(len(p.Groups)), iw)...)
	for _, a := range p.Groups {
		lines = append(lines, "      "+t.OK.Render("+ "+f.targetText(a.Target)))
	}
	return lines
}

func (d *deviceForm) updateLines(f *partnerForm, iw int) []string {
	t := f.env.theme
	var lines []string
	for _, c := range d.update.Changes(d.orig) {
		if c.Field == "groupsRequiringPartnerEnrollment" {
			lines = append(lines, groupChangeLines(t, c.Label, d.orig.Groups, *d.update.Groups, f.targetText, iw)...)
			continue
		}
		lines = append(lines, changeLines(t, c.Label, model.Sanitize(c.Old), model.Sanitize(c.New), iw)...)
	}
	return lines
}

func (d *deviceForm) theirLines(f *partnerForm, iw int) []string {
	t := f.env.theme
	var lines []string
	for _, c := range f.theirs {
		if c.Field == "groupsRequiringPartnerEnrollment" {
			lines = append(lines, groupChangeLines(t, c.Label, d.before.Groups, d.orig.Groups, f.targetText, iw)...)
			continue
		}
		lines = append(lines, changeLines(t, c.Label, c.Old, c.New, iw)...)
	}
	return lines
}

func (d *deviceForm) changes() int { return len(d.update.Changes(d.orig)) }

func (d *deviceForm) editedName() string { return d.last.Name() }

func (d *deviceForm) reread(ctx context.Context, svc Service) (formKind, error) {
	p, err := svc.Get(ctx, d.orig.ID)
	return newDeviceForm(p), err
}

func (d *deviceForm) changesSince(newer formKind, now time.Time) []model.Change {
	return model.Changes(d.orig, newer.(*deviceForm).orig, now)
}

func (d *deviceForm) adopt(newer formKind, e edits) {
	d.before = d.orig
	d.orig, d.view = newer.(*deviceForm).orig, newer.(*deviceForm).view
	d.last = d.edited(e)
	d.update = model.Diff(d.orig, d.last)
}

func (d *deviceForm) create(ctx context.Context, svc Service) (string, error) {
	p, err := svc.Create(ctx, d.created)
	return p.ID, err
}
