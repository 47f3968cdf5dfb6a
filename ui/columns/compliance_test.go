package columns_test

import (
	"strings"
	"testing"
	"time"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/columns"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

func complianceRows(ps ...model.CompliancePartner) []columns.ComplianceRow {
	out := make([]columns.ComplianceRow, len(ps))
	for i, p := range ps {
		s := model.ShowCompliance(p)
		out[i] = columns.NewComplianceRow(&s, model.TriageCompliance(*s.Partner(), now))
	}
	return out
}

func TestComplianceColumnsAreDeclaredWhole(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range columns.ComplianceCLI {
		if c.Key == "" || c.Title == "" || c.Cell == nil || seen[c.Key] {
			t.Errorf("column %+v: needs a unique key, a title and a cell", c)
		}
		seen[c.Key] = true
	}
}

func TestComplianceTableFromCleanedPartners(t *testing.T) {
	yes := true
	kandji := model.CompliancePartner{ID: "00000002", DisplayName: "Kandji", PartnerState: model.StateEnabled,
		LastHeartbeat: model.At(now.Add(-3 * time.Hour))}
	kandji.Platforms[model.PlatformMacOS].Onboarded = &yes
	kandji.Platforms[model.PlatformIOS].Onboarded = &yes
	hostile := model.CompliancePartner{ID: "00000003", DisplayName: uitest.Hostile, PartnerState: model.PartnerState(uitest.Hostile)}
	lines := columns.Table(columns.ComplianceCLI, complianceRows(kandji, model.CompliancePartner{ID: "00000001"}, hostile))
	if got := strings.Join(strings.Fields(lines[0]), " "); got != "ID PARTNER STATE ONBOARDED HEARTBEAT GROUPS" {
		t.Errorf("head = %q", lines[0])
	}
	if got := strings.Join(strings.Fields(lines[1]), " "); got != "00000002 Kandji ✓ Active macOS, iOS 3h ago 0" {
		t.Errorf("row 1 = %q", lines[1])
	}
	if got := strings.Join(strings.Fields(lines[2]), " "); got != "00000001 (no name) ○ Unknown no platform never 0" {
		t.Errorf("row 2 = %q", lines[2])
	}
	for _, l := range lines {
		if bad := uitest.Unsafe(l); bad != "" {
			t.Errorf("%s reached the table: %q", bad, l)
		}
	}
}
