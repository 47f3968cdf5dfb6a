package dialog

import (
	"strings"
	"testing"

	"github.com/partnerdash/partnerdash/client/graphsim"
	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

// A group chosen by part of its name: one match is added (by its id) and named; several are
// listed; a 403 says which permission would help and that pasting the id still works.
func TestFormChoosesAGroupByName(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	svc.SetGroups(false, graphsim.DemoGroups()...)
	f := openEdit(t, svc, p)
	var o Dialog = f
	f.focusStopOf(focusStop{kind: stopAddID})
	if f.fieldError(focusStop{kind: stopAddID}) != nil {
		t.Fatal("an empty add row has an error")
	}
	o = typed(t, o, "design")
	if e := asForm(t, o).fieldError(focusStop{kind: stopAddID}); e != nil {
		t.Fatalf("a name being typed is not an invalid id: %v", e)
	}
	o, _ = press(t, o, "enter")
	ff := asForm(t, o)
	if len(ff.secs[0].rows) != 4 {
		t.Fatalf("the one group named like design was not added: %d rows\n%s", len(ff.secs[0].rows), ff.View(100, 40))
	}
	if got := ff.secs[0].rows[3].a.Target; got != (model.GroupTarget{GroupID: "c0ffee00-0000-4000-8000-000000000004"}) {
		t.Fatalf("added %#v", got)
	}
	if v := ff.View(100, 40); !strings.Contains(v, "Include group Design team (c0ffee00-…)") {
		t.Fatalf("the added group is not named:\n%s", v)
	}
	if !strings.Contains(strings.Join(svc.Calls(), "|"), "groups search design") {
		t.Fatalf("calls %v", svc.Calls())
	}

	o = typed(t, o, "mac")
	o, _ = press(t, o, "enter")
	ff = asForm(t, o)
	if v := ff.View(120, 40); len(ff.secs[0].rows) != 4 || !strings.Contains(v, "several groups match: Mac") || !strings.Contains(v, "Mac kiosks") {
		t.Fatalf("several matches:\n%s", ff.View(120, 40))
	}
	o, _ = press(t, o, "ctrl+u")
	o = typed(t, o, "zzz")
	o, _ = press(t, o, "enter")
	if v := asForm(t, o).View(120, 40); !strings.Contains(v, `no group is named like "zzz"`) {
		t.Fatalf("no match:\n%s", v)
	}
}

func TestFormGroupSearchWithoutPermissionSaysPasteTheID(t *testing.T) {
	p := uitest.SamplePartner()
	svc := uitest.NewTenant(p)
	svc.SetGroups(true)
	f := openEdit(t, svc, p)
	var o Dialog = f
	f.focusStopOf(focusStop{kind: stopAddID})
	o = typed(t, o, "mac users")
	o, _ = press(t, o, "enter")
	ff := asForm(t, o)
	if len(ff.secs[0].rows) != 3 || !strings.Contains(ff.View(140, 40), "Group.Read.All or Directory.Read.All") ||
		!strings.Contains(ff.View(140, 40), "paste the group's object ID") {
		t.Fatalf("forbidden search:\n%s", ff.View(140, 40))
	}
	o, _ = press(t, o, "ctrl+u")
	o = typed(t, o, "c0ffee00-0000-4000-8000-0000000000aa")
	o, _ = press(t, o, "enter")
	if ff := asForm(t, o); len(ff.secs[0].rows) != 4 {
		t.Fatalf("a pasted id was not added: %d rows", len(ff.secs[0].rows))
	}
}
