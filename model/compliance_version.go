package model

// A compliance partner's per-platform enrollment assignments hold the same targets as the first
// kind's groupsRequiringPartnerEnrollment, and a PATCH replaces each list it sets whole: a v1.0
// write of a platform's assignments would erase the filters and beta-only target kinds that only
// beta shows, just as for the first kind (version.go). A v1.0 update never sets Linux (v1.0 has no
// such members), so a Linux list is only checked if an update sets it.

// ComplianceBetaLoss is what a v1.0 write of a ComplianceUpdate would erase from a compliance
// partner as beta holds it, platform by platform.
type ComplianceBetaLoss struct {
	// Platforms holds each platform's loss, indexed by Platform; empty for a platform the update
	// does not set.
	Platforms [numPlatforms]BetaLoss
	// Keep is the update to send through beta instead: the same update with each losing platform's
	// assignments from its BetaLoss.Keep.
	Keep ComplianceUpdate
}

// Empty reports whether the write would drop nothing.
func (l ComplianceBetaLoss) Empty() bool {
	for _, pl := range Platforms {
		if !l.Platforms[pl].Empty() {
			return false
		}
	}
	return true
}

// CheckComplianceBetaLoss compares the compliance partner as beta holds it with the update a v1.0
// write would send. Only the platforms whose assignments u sets are checked.
func CheckComplianceBetaLoss(beta CompliancePartner, u ComplianceUpdate) ComplianceBetaLoss {
	var l ComplianceBetaLoss
	keep := u
	for _, pl := range Platforms {
		sent := u.Assignments[pl]
		if sent == nil {
			continue
		}
		loss := AssignmentsBetaLoss(beta.Platforms[pl].Assignments, *sent)
		if loss.Empty() {
			continue
		}
		l.Platforms[pl] = loss
		kept := append([]Assignment{}, loss.Keep...)
		keep.Assignments[pl] = &kept
	}
	if l.Empty() {
		return ComplianceBetaLoss{}
	}
	l.Keep = keep
	return l
}

// SetsAssignments reports whether u replaces any platform's assignments: only such an update can
// erase what only beta shows.
func (u ComplianceUpdate) SetsAssignments() bool {
	for _, pl := range Platforms {
		if u.Assignments[pl] != nil {
			return true
		}
	}
	return false
}
