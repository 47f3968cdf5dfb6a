package columns

import (
	"strconv"
	"strings"

	"github.com/partnerdash/partnerdash/model"
)

// ComplianceRow is one compliance partner as the columns read it: cleaned for display by
// model.ShowCompliance, with its triage.
type ComplianceRow struct {
	p *model.CompliancePartner
	a model.Assessment
}

// NewComplianceRow is the row of a cleaned compliance partner and its triage.
func NewComplianceRow(s *model.ShownCompliance, a model.Assessment) ComplianceRow {
	return ComplianceRow{p: s.Partner(), a: a}
}

// Partner is the row's cleaned compliance partner.
func (r ComplianceRow) Partner() *model.CompliancePartner { return r.p }

// Assessment is the row's triage.
func (r ComplianceRow) Assessment() model.Assessment { return r.a }

// ComplianceDashboard are the compliance tab's columns, in display order: the same state badge
// and heartbeat age as the first kind's, and the platforms onboarded in words instead of device
// deadlines (a compliance partner has none).
var ComplianceDashboard = []Column[ComplianceRow]{ComplianceName, ComplianceState, Onboarded, ComplianceHeartbeat, ComplianceGroups}

// ComplianceCLI are the columns of `partnerdash list --kind compliance -o table`: the tab's,
// after the id scripts need.
var ComplianceCLI = append([]Column[ComplianceRow]{ComplianceID}, ComplianceDashboard...)

// The compliance partners' columns.
var (
	ComplianceID = Column[ComplianceRow]{Key: "id", Title: "ID",
		Cell: func(r ComplianceRow) Cell { return Cell{Text: word(r.p.ID), Tone: Muted} }}
	ComplianceName = Column[ComplianceRow]{Key: "name", Title: "PARTNER", Flex: true, Min: 8,
		Cell: func(r ComplianceRow) Cell {
			c := Cell{Text: r.p.Name()}
			if !r.p.IsOnboardedAnywhere() || r.p.DisplayName == "" {
				c.Tone = Faint
			}
			return c
		}}
	ComplianceState = Column[ComplianceRow]{Key: "state", Title: "STATE", Max: 14, Min: 6,
		Cell: func(r ComplianceRow) Cell { return Cell{Text: StateBadge(r.p.PartnerState), Tone: ByState} }}
	Onboarded = Column[ComplianceRow]{Key: "onboarded", Title: "ONBOARDED", Max: 24, Drop: 2, DropBelow: 20,
		Cell: func(r ComplianceRow) Cell {
			c := Cell{Text: word(r.p.OnboardedWords()), Tone: Muted}
			if !r.p.IsOnboardedAnywhere() {
				c.Tone = Faint
			}
			return c
		}}
	ComplianceHeartbeat = Column[ComplianceRow]{Key: "heartbeat", Title: "HEARTBEAT", Width: 9, Drop: 4, DropBelow: 14,
		Cell: func(r ComplianceRow) Cell { return heartbeat(r.p.PartnerState, r.a) }}
	ComplianceGroups = Column[ComplianceRow]{Key: "groups", Title: "GROUPS", Width: 6, Align: Right, Drop: 3, DropBelow: 20,
		Cell: func(r ComplianceRow) Cell { return Cell{Text: strconv.Itoa(len(r.p.GroupIDs())), Tone: Muted} }}
)

// word is a value as one table cell: trimmed, "—" when empty.
func word(s string) string { return model.Dash(strings.TrimSpace(s)) }
