package dialog

import (
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/cells"
)

// View draws the dialog in a box at most w columns wide and h lines tall.
func (d *confirmation) View(w, h int) string {
	t := d.env.theme
	w = boxWidth(w)
	iw := innerWidth(w)
	name := d.s.name()
	title := d.kind.verb() + " " + name + "?"
	if d.phase == confirmDone {
		title = "Terminated " + name
	}

	var body []string
	add := func(ls ...string) { body = append(body, ls...) }
	para := func(style func(...string) string, s string) {
		for _, l := range cells.Lines(s, iw) {
			add(style(l))
		}
	}
	kv := func(k, v string) string { return t.Label.Render(cells.Fit(k, 9)) + t.Text.Render(v) }

	add("", kv("Partner", name), kv(label("id"), model.Sanitize(d.s.id())), kv(label("partnerState"), d.s.stateLabel()), "")
	switch d.phase {
	case confirmAsk:
		if d.kind == confirmTerminate {
			para(t.Text.Render, "Intune will stop trusting this partner. Its devices will be marked non-compliant and, about 90 days from now, removed from Intune.")
			para(t.Bold.Render, "This cannot be undone from here.")
		} else {
			para(t.Text.Render, "The "+d.s.what()+" will be deleted from the tenant, with its group assignments.")
			para(t.Bold.Render, "This cannot be undone.")
			if _, device := d.s.(deviceSubject); device && d.s.state() == model.StateEnabled {
				para(t.Muted.Render, "The partner is active: to stop it and keep a record, terminate it (t) instead.")
			}
		}
		add("")
		para(t.Text.Render, "Type "+model.Quoted(d.s.word())+" to confirm:")
		mark := "  "
		if d.focus == focusInput {
			mark = t.Cursor.Render("❯ ")
		}
		d.input.Width = iw - 3
		add(mark + d.input.View())
	case confirmChanged:
		para(t.Warning.Render, "Someone else changed this partner since you opened this dialog:")
		add("")
		for _, c := range d.theirs {
			add(changeLines(t, c.Label, c.Old, c.New, iw)...)
		}
		add("")
		para(t.Bold.Render, d.kind.verb()+" it as it is now?")
	case confirmDone:
		for _, l := range d.result {
			para(t.Text.Render, l)
		}
	}
	add("")
	return box(t, d.phase != confirmDone, title, nil, body, d.footLines(iw), len(body)-1, w, boxHeight(h))
}

// footLines are the banner, then the progress line or the buttons. The keys that work now are in
// the dashboard's help line (ShortHelp).
func (d *confirmation) footLines(iw int) []string {
	t := d.env.theme
	foot := bannerLines(t, d.banner, d.bannerErr, iw)
	switch {
	case d.call.busy():
		return append(foot, d.call.view())
	case d.phase == confirmDone:
		return append(foot, buttonRow(t, []string{"Close"}, 0, -1))
	}
	action := d.kind.verb()
	if d.phase == confirmChanged {
		action += " anyway"
	}
	focused := 0 // Cancel is the default: it shows as chosen until the user moves to the action
	if d.focus == focusAction {
		focused = 1
	}
	row := buttonRow(t, []string{"Cancel", action}, focused, 1)
	if d.phase == confirmAsk && !d.matches() {
		return append(foot, row+t.Muted.Render("  (type the name first)"))
	}
	return append(foot, row)
}
