package model

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

func benchList(n int) []byte {
	base := time.Date(2026, 1, 15, 9, 30, 0, 123456700, time.UTC)
	ps := make([]Partner, n)
	for i := range ps {
		ps[i] = Partner{
			ODataType: ODataPartner, ID: fmt.Sprintf("%08x-1e2d-4c3b-8a79-%012x", i, i),
			DisplayName: fmt.Sprintf("Partner %05d", i), PartnerState: PartnerStates[i%6], PartnerAppType: AppTypeSingleTenant,
			SingleTenantAppID: fmt.Sprintf("%08x-aaaa-4bbb-8ccc-%012x", i, i), IsConfigured: true,
			LastHeartbeat: At(base), NonCompliantAt: At(base.Add(time.Hour)), RemovedAt: At(base.Add(2 * time.Hour)),
			Groups: []Assignment{{Target: GroupTarget{GroupID: "c0ffee00-0000-4000-8000-000000000001"}}, {Target: ExclusionGroupTarget{GroupID: "c0ffee00-0000-4000-8000-000000000002"}}},
		}
	}
	b, _ := json.Marshal(PartnerList{Value: ps})
	return b
}

// BenchmarkDecodePartnerList10k decodes a 10,000-partner collection response.
func BenchmarkDecodePartnerList10k(b *testing.B) {
	benchDecode[PartnerList](b, benchList(10_000))
}

// benchDecode measures decoding body, a collection response, into a T.
func benchDecode[T any](b *testing.B, body []byte) {
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var l T
		if err := json.Unmarshal(body, &l); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeComplianceList10k decodes a 10,000-partner compliance collection response with
// every platform onboarded and assigned.
func BenchmarkDecodeComplianceList10k(b *testing.B) {
	base := time.Date(2026, 1, 15, 9, 30, 0, 123456700, time.UTC)
	ps := make([]CompliancePartner, 10_000)
	for i := range ps {
		p := CompliancePartner{ODataType: ODataCompliancePartner, ID: fmt.Sprintf("%08x-1e2d-4c3b-8a79-%012x", i, i),
			DisplayName: fmt.Sprintf("Partner %05d", i), PartnerState: PartnerStates[i%6], LastHeartbeat: At(base)}
		for _, pl := range Platforms {
			p.SetOnboarded(pl, true)
			p.Platforms[pl].Assignments = []Assignment{NewComplianceAssignment(GroupTarget{GroupID: "c0ffee00-0000-4000-8000-000000000001"})}
		}
		ps[i] = p
	}
	body, _ := json.Marshal(CompliancePartnerList{Value: ps})
	benchDecode[CompliancePartnerList](b, body)
}
