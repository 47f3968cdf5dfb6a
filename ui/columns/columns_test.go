package columns_test

import (
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/columns"
)

var now = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

func rows(ps ...model.Partner) []columns.Row {
	out := make([]columns.Row, len(ps))
	for i, p := range ps {
		s := model.Show(p)
		out[i] = columns.NewRow(&s, model.Triage(*s.Partner(), now))
	}
	return out
}

func TestEveryColumnIsDeclaredWhole(t *testing.T) {
	seen := map[string]bool{}
	flex := 0
	for _, c := range columns.CLI {
		if c.Key == "" || c.Title == "" || c.Cell == nil || seen[c.Key] {
			t.Errorf("column %+v: needs a unique key, a title and a cell", c)
		}
		seen[c.Key] = true
		if c.Flex {
			flex++
		}
	}
	if flex != 1 {
		t.Errorf("%d flex columns, want exactly one (it takes what is left)", flex)
	}
}

func TestFitDropsInOrderAndNeverTheFlexColumn(t *testing.T) {
	cols := columns.Dashboard
	rs := rows(model.Partner{ID: "1", DisplayName: "Contoso Jamf Cloud with a long name", PartnerState: model.StateEnabled, IsConfigured: true})
	nat := columns.Natural(cols, rs, true)
	keys := func(w []int) string {
		var ks []string
		for i, c := range cols {
			if w[i] > 0 {
				ks = append(ks, c.Key)
			}
		}
		return strings.Join(ks, " ")
	}
	for _, c := range []struct {
		avail int
		want  string
	}{
		{200, "name state app configured heartbeat deadline groups"},
		{80, "name state app heartbeat deadline groups"},
		{60, "name state heartbeat deadline"},
		{30, "name state"},
	} {
		w, gap := columns.Fit(cols, nat, c.avail)
		if got := keys(w); got != c.want {
			t.Errorf("avail %d: columns %q, want %q", c.avail, got, c.want)
		}
		sum, n := 0, 0
		for _, x := range w {
			if x > 0 {
				sum += x
				n++
			}
		}
		if total := sum + gap*(n-1); total != c.avail {
			t.Errorf("avail %d: columns take %d cells", c.avail, total)
		}
	}
}

func TestTableIsTheDashboardsColumnsPlainAndRightAligned(t *testing.T) {
	lines := columns.Table(columns.CLI, rows(
		model.Partner{ID: "00000001", DisplayName: "Contoso", PartnerState: model.StateEnabled, IsConfigured: true,
			Groups: []model.Assignment{{Target: model.AllDevicesTarget{}}}},
		model.Partner{ID: "00000002", PartnerState: model.PartnerState("suspendedForFailureToRespond")},
	))
	want := []string{
		"ID        PARTNER    STATE                           APP      CONF  HEARTBEAT  DEADLINE     GROUPS",
		"00000001  Contoso    ✓ Active                        unknown  yes   never      —                 1",
		"00000002  (no name)  ? suspendedForFailureToRespond  unknown  no    never      —                 0",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Fatalf("table:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}
