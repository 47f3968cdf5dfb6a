package model

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecodePartner feeds arbitrary bytes to the partner decoder: it must never panic, and
// whatever it accepts must encode, and decode again to the same partner.
func FuzzDecodePartner(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"groupsRequiringPartnerEnrollment":[{"target":{"@odata.type":"x"}}]}`))
	f.Add([]byte(`{"lastHeartbeatDateTime":"0001-01-01T00:00:00Z"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Called directly, without the standard decoder's validation first, it must fail, not panic.
		var direct Partner
		_ = direct.UnmarshalJSON(data)
		var p Partner
		if err := json.Unmarshal(data, &p); err != nil {
			return
		}
		out, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("decoded %q but cannot encode: %v", data, err)
		}
		var back Partner
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("cannot decode own output %s: %v", out, err)
		}
		again, err := json.Marshal(back)
		if err != nil || string(again) != string(out) {
			t.Fatalf("encoding is not stable:\n%s\n%s", out, again)
		}
		_ = Triage(p, now)
	})
}

func FuzzDecodeCompliancePartner(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "docs-compliance-*.json"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"linuxEnrollmentAssignments":null,"windowsOnboarded":true,"iosOnboarded":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var direct CompliancePartner
		_ = direct.UnmarshalJSON(data)
		var p CompliancePartner
		if err := json.Unmarshal(data, &p); err != nil {
			return
		}
		out, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("decoded %q but cannot encode: %v", data, err)
		}
		var back CompliancePartner
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("cannot decode own output %s: %v", out, err)
		}
		again, err := json.Marshal(back)
		if err != nil || string(again) != string(out) {
			t.Fatalf("encoding is not stable:\n%s\n%s", out, again)
		}
		_ = TriageCompliance(p, now)
		_ = p.OnboardedWords()
	})
}
