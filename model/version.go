package model

// What v1.0 and beta each have of the assignment targets (graph-fidelity.md, "Schema"): v1.0's
// base target type has no properties and five kinds; beta adds the assignment filter id and type
// on every target and the scope-tag group and Android FOTA deployment kinds. The same partner
// read through v1.0 simply lacks what only beta has, and a v1.0 PATCH of the assignments would
// erase it: BetaOnlyLoss finds what would go, KeepBetaOnly builds the list that keeps it.

// The Graph versions partnerdash talks to.
const (
	VersionV1   = "v1.0"
	VersionBeta = "beta"
)

// ODataAndroidFotaTarget is beta's androidFotaDeploymentAssignmentTarget (groupId). partnerdash
// has no variant for it: it is read as an UnknownTarget and written back unchanged.
const ODataAndroidFotaTarget = "#microsoft.graph.androidFotaDeploymentAssignmentTarget"

// IsV1TargetKind reports whether v1.0's schema has the target kind (with or without '#').
func IsV1TargetKind(odataType string) bool {
	switch normalizeODataType(odataType) {
	case ODataGroupTarget, ODataExclusionGroupTarget, ODataAllLicensedUsersTarget, ODataAllDevicesTarget,
		ODataConfigMgrCollectionTarget:
		return true
	}
	return false
}

// V1Target returns t as v1.0 has it, without the assignment filter; false when v1.0 has no such
// kind (scope-tag group, Android FOTA, or any kind partnerdash does not know).
func V1Target(t Target) (Target, bool) {
	switch v := t.(type) {
	case GroupTarget:
		v.AssignmentFilter = AssignmentFilter{}
		return v, true
	case ExclusionGroupTarget:
		v.AssignmentFilter = AssignmentFilter{}
		return v, true
	case AllLicensedUsersTarget:
		return AllLicensedUsersTarget{}, true
	case AllDevicesTarget:
		return AllDevicesTarget{}, true
	case ConfigMgrCollectionTarget:
		v.AssignmentFilter = AssignmentFilter{}
		return v, true
	}
	return nil, false
}

// HasBetaOnlyData reports whether a target holds something v1.0 cannot show or send.
func HasBetaOnlyData(t Target) bool {
	if _, ok := V1Target(t); !ok {
		return true
	}
	return t.Filter().IsSet()
}

// V1Assignments returns the assignments as v1.0 serves them: filters dropped, beta-only kinds
// left out. Nil stays nil.
func V1Assignments(as []Assignment) []Assignment {
	if as == nil {
		return nil
	}
	out := make([]Assignment, 0, len(as))
	for _, a := range as {
		t, ok := V1Target(a.Target)
		if !ok {
			continue
		}
		out = append(out, Assignment{ODataType: a.ODataType, Target: t})
	}
	return out
}

// BetaOnlyLoss returns the assignments of beta (the partner as beta has it) whose beta-only data
// a v1.0 write of sent would erase: every target of a kind v1.0 lacks (the v1.0 user cannot see
// it, so cannot have meant to remove it), and the filter of every filtered target that sent still
// holds. A filtered target the user removed is not listed: it goes as meant.
func BetaOnlyLoss(beta, sent []Assignment) []Assignment {
	var lost []Assignment
	pool := targetKeys(sent)
	for _, a := range beta {
		if a.Target == nil || !HasBetaOnlyData(a.Target) {
			continue
		}
		v1, ok := V1Target(a.Target)
		if !ok {
			lost = append(lost, a)
			continue
		}
		if take(pool, targetKey(v1)) {
			lost = append(lost, a)
		}
	}
	return lost
}

// KeepBetaOnly returns the list to send through beta instead of sent: each sent target that is a
// beta target without its filter gets the filter back, and the beta-only kinds follow at the end
// in beta's order.
func KeepBetaOnly(beta, sent []Assignment) []Assignment {
	filtered := map[string][]Assignment{} // v1.0 form -> beta assignments that carry a filter
	var betaOnly []Assignment
	for _, a := range beta {
		if a.Target == nil || !HasBetaOnlyData(a.Target) {
			continue
		}
		v1, ok := V1Target(a.Target)
		if !ok {
			betaOnly = append(betaOnly, a)
			continue
		}
		k := targetKey(v1)
		filtered[k] = append(filtered[k], a)
	}
	out := make([]Assignment, 0, len(sent)+len(betaOnly))
	for _, a := range sent {
		if a.Target != nil && !a.Target.Filter().IsSet() {
			k := targetKey(a.Target)
			if q := filtered[k]; len(q) > 0 {
				out = append(out, Assignment{ODataType: a.ODataType, Target: q[0].Target})
				filtered[k] = q[1:]
				continue
			}
		}
		out = append(out, a)
	}
	return append(out, betaOnly...)
}

func targetKey(t Target) string {
	b, err := EncodeTarget(t)
	if err != nil {
		return ""
	}
	return string(b)
}

func targetKeys(as []Assignment) map[string]int {
	pool := map[string]int{}
	for _, a := range as {
		if a.Target != nil {
			pool[targetKey(a.Target)]++
		}
	}
	return pool
}

// take removes one k from pool and reports whether there was one.
func take(pool map[string]int, k string) bool {
	if pool[k] == 0 {
		return false
	}
	pool[k]--
	return true
}

// BetaLoss is what a v1.0 write of the assignments would erase from a partner as beta holds it.
type BetaLoss struct {
	// Lost are beta's assignments whose beta-only data the write would drop (BetaOnlyLoss).
	Lost []Assignment
	// Keep is the assignment list to send through beta instead, which keeps that data
	// (KeepBetaOnly).
	Keep []Assignment
}

// Empty reports whether the write would drop nothing.
func (l BetaLoss) Empty() bool { return len(l.Lost) == 0 }

// CheckBetaLoss compares the partner as beta holds it with the assignments a v1.0 write would
// send.
func CheckBetaLoss(beta Partner, sent []Assignment) BetaLoss {
	return AssignmentsBetaLoss(beta.Groups, sent)
}

// AssignmentsBetaLoss compares one assignment list as beta holds it with the list a v1.0 write
// would send in its place (a device partner's groups, or one platform's of a compliance partner).
func AssignmentsBetaLoss(beta, sent []Assignment) BetaLoss {
	lost := BetaOnlyLoss(beta, sent)
	if len(lost) == 0 {
		return BetaLoss{}
	}
	return BetaLoss{Lost: lost, Keep: KeepBetaOnly(beta, sent)}
}
