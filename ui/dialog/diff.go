package dialog

import (
	"time"

	"github.com/partnerdash/partnerdash/model"
)

// changedSince lists how a partner differs now from when the user saw it: the lost-update guard
// runs it before every PATCH, terminate and delete. The last heartbeat is left out on purpose: a
// healthy partner checks in all the time, and that is not a change anyone made to what the user
// decided on. Values are sanitized for the screen.
func changedSince(shown, now model.Partner, clock time.Time) []model.Change {
	var cs []model.Change
	add := func(field, label, a, b string) {
		if a != b {
			cs = append(cs, model.Change{Field: field, Label: label, Old: a, New: b})
		}
	}
	add("displayName", "Display name", quoted(shown.DisplayName), quoted(now.DisplayName))
	add("partnerState", "State", shown.PartnerState.Label(), now.PartnerState.Label())
	add("partnerAppType", "App type", shown.PartnerAppType.Label(), now.PartnerAppType.Label())
	add("singleTenantAppId", "Single-tenant app ID", dash(shown.SingleTenantAppID), dash(now.SingleTenantAppID))
	add("isConfigured", "Configured", yesNo(shown.IsConfigured), yesNo(now.IsConfigured))
	if !shown.NonCompliantAt.Equal(now.NonCompliantAt) {
		add("whenPartnerDevicesWillBeMarkedAsNonCompliantDateTime", "Devices non-compliant on",
			when(shown.NonCompliantAt, clock), when(now.NonCompliantAt, clock))
	}
	if !shown.RemovedAt.Equal(now.RemovedAt) {
		add("whenPartnerDevicesWillBeRemovedDateTime", "Devices removed on",
			when(shown.RemovedAt, clock), when(now.RemovedAt, clock))
	}
	if !model.SameAssignments(shown.Groups, now.Groups) {
		cs = append(cs, model.Change{Field: "groupsRequiringPartnerEnrollment", Label: "Group assignments",
			Old: groupsText(shown.Groups), New: groupsText(now.Groups)})
	}
	for i := range cs {
		cs[i].Old, cs[i].New = model.Sanitize(cs[i].Old), model.Sanitize(cs[i].New)
	}
	return cs
}

// groupDelta splits a change of assignments into what was added and what was removed, matching
// assignments by their JSON, so a review can list them one per line.
func groupDelta(old, edited []model.Assignment) (added, removed []model.Assignment) {
	key := func(a model.Assignment) string {
		b, err := model.EncodeTarget(a.Target)
		if err != nil {
			return ""
		}
		return string(b)
	}
	count := map[string]int{}
	for _, a := range old {
		count[key(a)]++
	}
	for _, a := range edited {
		if k := key(a); count[k] > 0 {
			count[k]--
		} else {
			added = append(added, a)
		}
	}
	for _, a := range old {
		if k := key(a); count[k] > 0 {
			count[k]--
			removed = append(removed, a)
		}
	}
	return added, removed
}

// groupsText lists assignments in words on one line.
func groupsText(as []model.Assignment) string {
	if len(as) == 0 {
		return "none"
	}
	s := ""
	for i, a := range as {
		if i > 0 {
			s += "; "
		}
		s += targetText(a.Target)
	}
	return s
}

// targetText says what one assignment targets, sanitized.
func targetText(t model.Target) string {
	if t == nil {
		return "(missing target)"
	}
	return model.Sanitize(t.Describe())
}

// when formats a deadline absolutely in UTC and relative to now: "2026-12-02 03:47 UTC (in 2d)".
func when(d model.DateTime, now time.Time) string {
	if !d.IsSet() {
		return "—"
	}
	dl := model.Deadline{At: d.Time(), Set: true, In: d.Time().Sub(now)}
	return d.Time().UTC().Format("2006-01-02 15:04 UTC") + " (" + dl.Relative() + ")"
}

func quoted(s string) string {
	if s == "" {
		return "—"
	}
	return `"` + s + `"`
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
