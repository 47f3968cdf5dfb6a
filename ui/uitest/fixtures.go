package uitest

import (
	"time"

	"github.com/partnerdash/partnerdash/model"
)

// SamplePartner is a configured, unresponsive partner with two groups and a scope-tag target.
func SamplePartner() model.Partner {
	return model.Partner{
		ID:                "00000002-aaaa-4bbb-8ccc-000000000002",
		DisplayName:       "Brambleworth MDM",
		PartnerState:      model.StateUnresponsive,
		PartnerAppType:    model.AppTypeMultiTenant,
		IsConfigured:      true,
		LastHeartbeat:     model.At(Clock.Add(-9 * 24 * time.Hour)),
		NonCompliantAt:    model.At(Clock.Add(2 * 24 * time.Hour)),
		RemovedAt:         model.At(Clock.Add(40 * 24 * time.Hour)),
		SingleTenantAppID: "",
		Groups: []model.Assignment{
			{Target: model.GroupTarget{GroupID: "c0ffee00-0000-4000-8000-000000000001"}},
			{Target: model.ExclusionGroupTarget{GroupID: "c0ffee00-0000-4000-8000-000000000002"}},
			{Target: model.ScopeTagGroupTarget{TargetType: model.ScopeTagTargetUser, EntraObjectID: "c0ffee00-0000-4000-8000-000000000003"}},
		},
	}
}
