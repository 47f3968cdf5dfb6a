package dialog

import (
	"github.com/partnerdash/partnerdash/model"
)

// changedSince lists how a partner differs now from when the user saw it: the lost-update guard
// runs it before every PATCH, terminate and delete. The last heartbeat is left out on purpose: a
// healthy partner checks in all the time, and that is not a change anyone made to what the user
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
