package dialog

import (
	"strconv"
	"strings"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/cells"
	"github.com/partnerdash/partnerdash/ui/theme"
)

// formLabelWidth is the width of the label column: room for the widest label and a margin.
const formLabelWidth = 22

// View draws the form in a box at most w columns wide and h lines tall.
func (f *partnerForm) View(w, h int) string {
	t := f.env.theme
	w = boxWidth(w)
	iw := innerWidth(w)
	title := "New " + f.k.noun()
	if f.mode == formEdit {
		title = "Edit " + f.k.title()
	}
	var body []string
	focusLine := 0
	switch f.phase {
	case phaseFields:
		body, focusLine = f.fieldLines(iw)
	case phaseReview:
		body = f.reviewLines(iw)
	case phaseConflict:
		body = f.conflictLines(iw)
	case phaseBetaLoss:
		body = f.betaLossLines(iw)
	case phaseDiscard:
		body = []string{"", t.Bold.Render("Discard your changes to this " + f.k.noun() + "?"), t.Muted.Render("Nothing has been sent to Graph."), ""}
	}
	return box(t, false, title, nil, body, f.footLines(iw), focusLine, w, boxHeight(h))
}

// footLines are the banner, then the progress line or the buttons. The keys that work now are in
// the dashboard's help line (ShortHelp).
func (f *partnerForm) footLines(iw int) []string {
	t := f.env.theme
	var foot []string
	foot = append(foot, bannerLines(t, f.banner, f.bannerErr, iw)...)
	switch {
	case f.call.busy():
		foot = append(foot, f.call.view())
	case f.phase != phaseFields:
		foot = append(foot, buttonRow(t, f.buttonLabels(), f.button, -1))
	}
	return foot
}

// fieldLines draws the fields and returns the line of the focused one, which the box keeps in view.
func (f *partnerForm) fieldLines(iw int) ([]string, int) {
	t := f.env.theme
	st := f.current()
	vw := max(8, iw-2-formLabelWidth)
	f.name.Width, f.appID.Width = vw-1, vw-1
	var lines []string
	focusLine := 0
	mark := func(s focusStop) string {
		if st == s {
			focusLine = len(lines)
			return t.Cursor.Render("❯ ")
		}
		return "  "
	}
	row := func(s focusStop, label, value string) {
		lines = append(lines, mark(s)+t.Label.Render(cells.Fit(label, formLabelWidth))+value)
		if e := f.fieldError(s); e != nil {
			for _, l := range cells.Lines("✕ "+e.Error(), vw) {
				lines = append(lines, strings.Repeat(" ", 2+formLabelWidth)+t.FieldError.Render(l))
			}
		}
	}

	if f.mode == formEdit {
		lines = append(lines, f.k.managedLines(f, iw)...)
	} else {
		lines = append(lines, t.Muted.Render(f.k.createNote()))
	}
	lines = append(lines, "")
	row(focusStop{kind: stopName}, label("displayName"), f.name.View())
	if f.read.device {
		row(focusStop{kind: stopAppType}, label("partnerAppType"), f.choice(st.kind == stopAppType, f.appTypes[f.appType].Label()))
		row(focusStop{kind: stopAppID}, label("singleTenantAppId"), f.appID.View())
	}

	for i, sec := range f.secs {
		sec.addID.Width = vw - 1
		lines = append(lines, "")
		if sec.v.toggle != "" {
			s := focusStop{kind: stopOnboarded, sec: i}
			row(s, sec.v.toggle, f.choice(st == s, model.YesNo(sec.on)))
		}
		lines = append(lines, "  "+t.Bold.Render(sec.v.title+" ("+strconv.Itoa(len(sec.edit().list))+")"))
		if len(sec.rows) == 0 {
			lines = append(lines, "    "+t.Faint.Render(sec.v.none))
		}
		for r, gr := range sec.rows {
			m := mark(focusStop{kind: stopGroup, sec: i, row: r})
			text := rowGlyph(gr.a.Target) + " " + f.targetText(gr.a.Target)
			if flt := gr.a.Target.Filter(); flt.IsSet() {
				text += " (filter " + model.Sanitize(flt.ID) + " " + model.Sanitize(string(flt.Type)) + ")"
			}
			var note string
			switch {
			case !gr.editable():
				note = t.Faint.Render("  (read-only)")
			case gr.removed:
				text = t.Faint.Render(text)
				note = t.Warning.Render("  will be removed")
			case gr.added:
				note = t.OK.Render("  new")
			}
			lines = append(lines, m+"  "+text+note)
		}
		kind := sec.kind()
		row(focusStop{kind: stopAddKind, sec: i}, "Add assignment", f.choice(st == focusStop{kind: stopAddKind, sec: i}, kind.label))
		if kind.idLabel != "" {
			row(focusStop{kind: stopAddID, sec: i}, "  "+kind.idLabel, sec.addID.View())
		} else if st == (focusStop{kind: stopAddKind, sec: i}) {
			lines = append(lines, strings.Repeat(" ", 2+formLabelWidth)+t.Muted.Render("no ID needed: enter adds it"))
		}
	}

	lines = append(lines, "")
	save := "Review changes"
	if f.mode == formCreate {
		save = "Review new " + f.k.noun()
	}
	m := mark(focusStop{kind: stopSave})
	if st.kind == stopSave {
		save = "[" + t.ButtonActive.Render(save) + "]"
	} else {
		save = " " + t.Button.Render(save) + " "
	}
	lines = append(lines, m+strings.Repeat(" ", formLabelWidth)+save)
	return lines, focusLine
}

// choice draws a choice field, with arrows when it has the focus.
func (f *partnerForm) choice(focused bool, label string) string {
	t := f.env.theme
	if focused {
		return t.Cursor.Render("◂ ") + t.InputFocused.Render(label) + t.Cursor.Render(" ▸")
	}
	return t.Input.Render(label)
}

// managedLines show the service-managed properties, read-only.
func (d *deviceForm) managedLines(f *partnerForm, iw int) []string {
	t := f.env.theme
	p, now := d.view.Partner(), f.env.now()
	hb := "never"
	if p.LastHeartbeat.IsSet() {
		hb = model.Ago(now.Sub(p.LastHeartbeat.Time())) + " ago"
	}
	kv := func(k, v string) string { return t.Label.Render(k+" ") + t.Text.Render(v) }
	nonCompliant, removal := label("whenPartnerDevicesWillBeMarkedAsNonCompliantDateTime"), label("whenPartnerDevicesWillBeRemovedDateTime")
	dw := max(len(nonCompliant), len(removal)) // the two dates line up
	sep := t.Faint.Render(" · ")
	return []string{
		t.Muted.Render("Managed by Intune (read-only)"),
		"  " + kv(label("partnerState"), p.PartnerState.Label()) + sep + kv(label("isConfigured"), model.YesNo(p.IsConfigured)) +
			sep + kv(label("lastHeartbeatDateTime"), hb),
		"  " + kv(cells.Fit(nonCompliant, dw), model.When(p.NonCompliantAt, now)),
		"  " + kv(cells.Fit(removal, dw), model.When(p.RemovedAt, now)),
	}
}

// label is the label every screen gives the property named json.
var label = model.Label

// reviewLines say what will be sent, old → new, before anything is.
func (f *partnerForm) reviewLines(iw int) []string {
	t := f.env.theme
	if f.mode == formCreate {
		lines := []string{"", t.Bold.Render("Create this " + f.k.noun() + " in Graph?"), ""}
		return append(append(lines, f.k.createLines(f, iw)...), "")
	}
	lines := []string{"", t.Bold.Render("Send these changes to Graph?"), ""}
	return append(append(lines, f.k.updateLines(f, iw)...), "")
}

// conflictLines say what someone else changed since the form opened, and what saving would now do.
func (f *partnerForm) conflictLines(iw int) []string {
	t := f.env.theme
	lines := []string{"", t.Warning.Render("Someone else changed this " + f.k.noun() + " since you opened the form:"), ""}
	lines = append(lines, f.k.theirLines(f, iw)...)
	lines = append(lines, "")
	if f.k.changes() == 0 {
		return append(lines, t.Bold.Render("Graph already has what you entered: there is nothing left to save."), "")
	}
	lines = append(lines, t.Bold.Render("Your changes, on top of the current version:"), "")
	return append(append(lines, f.k.updateLines(f, iw)...), "")
}

// changeLines is "  Label   old → new", or "  Label   new" when there is no old value to show;
// when that does not fit, the new value goes on a line of its own.
func changeLines(t theme.Theme, label, old, new string, iw int) []string {
	head := "  " + t.Label.Render(cells.Fit(label, formLabelWidth))
	if old == "" {
		return []string{head + t.Text.Render(new)}
	}
	if 2+formLabelWidth+len([]rune(old))+3+len([]rune(new)) <= iw {
		return []string{head + t.Muted.Render(old) + " → " + t.Bold.Render(new)}
	}
	return []string{head + t.Muted.Render(old), strings.Repeat(" ", 2+formLabelWidth) + "→ " + t.Bold.Render(new)}
}

// bannerLines draws a failure (✕, in the error style) or a note (•), wrapped to the width.
func bannerLines(t theme.Theme, banner []string, isErr bool, iw int) []string {
	var out []string
	style, glyph := t.StatusInfo, "• "
	if isErr {
		style, glyph = t.FieldError, "✕ "
	}
	for i, l := range banner {
		for j, wl := range cells.Lines(l, iw-2) {
			mark := "  "
			if i == 0 && j == 0 {
				mark = glyph
			}
			out = append(out, style.Render(mark+wl))
		}
	}
	return out
}

// groupChangeLines show a change of assignments as a count, then one line per assignment added or
// removed (the whole list on one line would not fit).
func groupChangeLines(t theme.Theme, label string, old, new []model.Assignment, targetText func(model.Target) string, iw int) []string {
	lines := changeLines(t, label, strconv.Itoa(len(old)), strconv.Itoa(len(new)), iw)
	added, removed := groupDelta(old, new)
	for _, a := range added {
		lines = append(lines, "      "+t.OK.Render("add     "+targetText(a.Target)))
	}
	for _, a := range removed {
		lines = append(lines, "      "+t.Warning.Render("remove  "+targetText(a.Target)))
	}
	if len(added) == 0 && len(removed) == 0 {
		lines = append(lines, "      "+t.Muted.Render("same assignments in a different order"))
	}
	return lines
}
