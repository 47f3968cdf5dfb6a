package ui

import (
	"fmt"
	"time"

	"github.com/partnerdash/partnerdash/model"
	"github.com/partnerdash/partnerdash/ui/theme"
)

// complianceDetailLines describes a compliance partner: who it is, its state and triage (state
// and heartbeat age: it has no device deadlines), the platforms it is onboarded for in words, and
// each platform's assignments, groups named from names. Labels come from model.ComplianceProperties;
// a platform the partner's Graph version lacks (Linux under v1.0) is left out.
func complianceDetailLines(t theme.Theme, e *entry, names model.GroupNames, w int, loc *time.Location) []string {
	c := e.c
	label := model.ComplianceLabel
	out := identityLines(t, e, label("displayName"), label("id"), label("partnerState"),
		model.Named(model.ComplianceProperties, "partnerState").Explain(*c), w)
	out = append(out, heartbeatLines(t, e, label("lastHeartbeatDateTime"), c.LastHeartbeat, w, loc)...)
	st := t.Text
	if !c.IsOnboardedAnywhere() {
		st = t.Faint
	}
	out = append(out, fieldLines(t, "Onboarded", c.OnboardedWords(), st, w)...)
	for _, prop := range model.ComplianceProperties {
		if prop.Assignments == nil || !prop.Shows(*c) {
			continue
		}
		gs := describeGroups(prop.Assignments(*c), names)
		head := fmt.Sprintf("%s (%d)", prop.Label, len(gs))
		out = append(out, "", t.Section.Render(head))
		out = append(out, groupLines(t, gs, w)...)
	}
	return out
}
