package ui

import (
	"cmp"
	"slices"
	"strings"

	"github.com/partnerdash/partnerdash/model"
)

// sortKey is one of the orders s cycles through.
type sortKey int

const (
	sortUrgency   sortKey = iota // most urgent first: the model's triage order
	sortName                     // by display name
	sortState                    // worst state first
	sortHeartbeat                // oldest heartbeat first, never-seen last
	sortDeadline                 // nearest device deadline first, overdue before, none last
	sortKeys
)

func (k sortKey) String() string {
	switch k {
	case sortName:
		return "name"
	case sortState:
		return "state"
	case sortHeartbeat:
		return "heartbeat"
	case sortDeadline:
		return "deadline"
	}
	return "urgency"
}

// next is the order after k for a list of kind: compliance partners have no device deadlines, so
// their list skips that order.
func (k sortKey) next(of kind) sortKey {
	for {
		k = (k + 1) % sortKeys
		if k.appliesTo(of) {
			return k
		}
	}
}

// appliesTo reports whether the order means something for partners of kind.
func (k sortKey) appliesTo(of kind) bool { return k != sortDeadline || of == kindDevice }

// sortOrder orders the indices of es by k; ties fall back to name and id so the order is total
// and stays put across refreshes. Sorting indices keeps the entries themselves where they are.
func sortOrder(es []entry, order []int, k sortKey) {
	slices.SortStableFunc(order, func(i, j int) int {
		a, b := &es[i], &es[j]
		if c := compareBy(k, a, b); c != 0 {
			return c
		}
		return byName(a, b)
	})
}

func byName(a, b *entry) int {
	if c := strings.Compare(a.nameKey, b.nameKey); c != 0 {
		return c
	}
	return strings.Compare(a.id, b.id)
}

func compareBy(k sortKey, a, b *entry) int {
	switch k {
	case sortName:
		return byName(a, b)
	case sortState:
		return cmp.Compare(stateRank(a.state), stateRank(b.state))
	case sortHeartbeat:
		return byHeartbeat(a.assess, b.assess)
	case sortDeadline:
		return byDeadline(a.assess, b.assess)
	}
	if a.c != nil && b.c != nil {
		return model.CompareComplianceUrgency(*a.c, a.assess, *b.c, b.assess)
	}
	return model.CompareUrgency(*a.p, a.assess, *b.p, b.assess)
}

func byHeartbeat(a, b model.Assessment) int {
	switch {
	case a.HasHeartbeat && !b.HasHeartbeat:
		return -1
	case !a.HasHeartbeat && b.HasHeartbeat:
		return 1
	case !a.HasHeartbeat:
		return 0
	}
	return cmp.Compare(b.HeartbeatAge, a.HeartbeatAge) // older (larger age) first
}

func byDeadline(a, b model.Assessment) int {
	ad, aok := a.Next()
	bd, bok := b.Next()
	switch {
	case aok && !bok:
		return -1
	case !aok && bok:
		return 1
	case !aok:
		return 0
	}
	return cmp.Compare(ad.In, bd.In)
}
