package graphsim

import (
	"fmt"
	"time"

	"github.com/partnerdash/partnerdash/model"
)

// DemoCompliance returns the demo tenant's compliance partners as they look at now: the
// connectors an Intune administrator in 2026 runs under "Partner compliance management" (names
// from Microsoft's list of supported compliance partners, memdocs
// intune/device-security/compliance/third-party-partners.md). They cover a healthy connection, a
// stale and a silent heartbeat, an unresponsive, a terminated and a not-yet-onboarded partner,
// every v1.0 platform and beta's Linux, and one assignment to a group that no longer exists
// (c0ffee00-…-000000000007 is not among DemoGroups). Dates are relative to now; ids are fixed.
func DemoCompliance(now time.Time) []model.CompliancePartner {
	ago := func(d time.Duration) model.DateTime { return model.At(now.Add(-d)) }
	const (
		minute = time.Minute
		hour   = time.Hour
		day    = 24 * time.Hour
	)
	group := func(n int) model.Assignment {
		return model.NewComplianceAssignment(model.GroupTarget{GroupID: demoGroupID(n)})
	}
	exclude := func(n int) model.Assignment {
		return model.NewComplianceAssignment(model.ExclusionGroupTarget{GroupID: demoGroupID(n)})
	}
	var out []model.CompliancePartner
	add := func(n int, name string, state model.PartnerState, heartbeat model.DateTime, platforms map[model.Platform][]model.Assignment) {
		p := model.CompliancePartner{
			ODataType:     model.ODataCompliancePartner,
			ID:            fmt.Sprintf("%08d-cccc-4ddd-8eee-%012d", n, n),
			DisplayName:   name,
			PartnerState:  state,
			LastHeartbeat: heartbeat,
		}
		for _, pl := range model.Platforms {
			as, on := platforms[pl]
			p.SetOnboarded(pl, on)
			if as == nil {
				as = []model.Assignment{}
			}
			p.Platforms[pl].Assignments = as
		}
		out = append(out, p)
	}
	add(1, "Jamf Pro device compliance", model.StateEnabled, ago(12*minute), map[model.Platform][]model.Assignment{
		model.PlatformMacOS: {group(1), exclude(2)},
		model.PlatformIOS:   {group(5)},
	})
	add(2, "Kandji", model.StateEnabled, ago(3*hour), map[model.Platform][]model.Assignment{
		model.PlatformMacOS: {group(4)},
		model.PlatformIOS:   {group(12)},
	})
	// Stale for a day, and its iOS assignment names a group that was deleted.
	add(3, "Mosyle Fuse", model.StateEnabled, ago(30*hour), map[model.Platform][]model.Assignment{
		model.PlatformMacOS: {group(3)},
		model.PlatformIOS:   {model.NewComplianceAssignment(model.GroupTarget{GroupID: demoGroupID(7)})},
	})
	add(4, "Addigy", model.StateUnresponsive, ago(9*day+2*hour), map[model.Platform][]model.Assignment{
		model.PlatformMacOS: {model.NewComplianceAssignment(model.AllDevicesTarget{})},
	})
	// Android, iOS with a beta assignment filter, and Linux (beta only).
	add(5, "Omnissa Workspace ONE UEM", model.StateEnabled, ago(45*minute), map[model.Platform][]model.Assignment{
		model.PlatformAndroid: {group(10)},
		model.PlatformIOS: {model.NewComplianceAssignment(model.GroupTarget{
			AssignmentFilter: model.AssignmentFilter{ID: "f117e500-0000-4000-8000-000000000002", Type: model.FilterExclude},
			GroupID:          demoGroupID(13),
		})},
		model.PlatformLinux: {group(11)},
	})
	// Active on paper, silent for eight days.
	add(6, "IBM MaaS360", model.StateEnabled, ago(8*day), map[model.Platform][]model.Assignment{
		model.PlatformIOS:     {model.NewComplianceAssignment(model.AllLicensedUsersTarget{})},
		model.PlatformAndroid: {model.NewComplianceAssignment(model.AllLicensedUsersTarget{})},
	})
	add(7, "BlackBerry UEM", model.StateTerminated, ago(40*day), map[model.Platform][]model.Assignment{
		model.PlatformIOS: {group(6)},
	})
	// Added in the admin center, not yet onboarded for any platform: no heartbeat ever.
	add(8, "Citrix Workspace device compliance", model.StateUnknown, never(), nil)
	return out
}
