package columns

import (
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

// ComplianceCLI are the columns of `partnerdash list --kind compliance -o table`.
var ComplianceCLI = []Column[ComplianceRow]{ComplianceID, ComplianceName, ComplianceState, Onboarded, ComplianceHeartbeat}

// The compliance partners' columns. They say state and heartbeat as the CLI first printed them
// (the state's word, the heartbeat as Graph's UTC time); a dashboard tab for this kind would
// declare its own badge and age columns here beside them.
var (
	ComplianceID = Column[ComplianceRow]{Key: "id", Title: "ID",
		Cell: func(r ComplianceRow) Cell { return Cell{Text: word(r.p.ID), Tone: Muted} }}
	ComplianceName = Column[ComplianceRow]{Key: "name", Title: "NAME", Flex: true, Min: 8,
		Cell: func(r ComplianceRow) Cell { return Cell{Text: word(r.p.DisplayName)} }}
	ComplianceState = Column[ComplianceRow]{Key: "state", Title: "STATE",
		Cell: func(r ComplianceRow) Cell { return Cell{Text: word(r.p.PartnerState.Label()), Tone: ByState} }}
	Onboarded = Column[ComplianceRow]{Key: "onboarded", Title: "ONBOARDED",
		Cell: func(r ComplianceRow) Cell { return Cell{Text: word(r.p.OnboardedWords()), Tone: Muted} }}
	ComplianceHeartbeat = Column[ComplianceRow]{Key: "heartbeat", Title: "LAST HEARTBEAT",
		Cell: func(r ComplianceRow) Cell { return Cell{Text: r.p.LastHeartbeat.String(), Tone: Muted} }}
)

// word is a value as one table cell: trimmed, "—" when empty.
func word(s string) string { return model.Dash(strings.TrimSpace(s)) }
