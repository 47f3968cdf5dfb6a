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
	addTestdataSeeds(f, "*.json")
	f.Add([]byte(`{"groupsRequiringPartnerEnrollment":[{"target":{"@odata.type":"x"}}]}`))
	f.Add([]byte(`{"lastHeartbeatDateTime":"0001-01-01T00:00:00Z"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if p, ok := decodeStably[Partner](t, data); ok {
			_ = Triage(p, now)
		}
	})
}

func FuzzDecodeCompliancePartner(f *testing.F) {
	addTestdataSeeds(f, "docs-compliance-*.json")
	f.Add([]byte(`{"linuxEnrollmentAssignments":null,"windowsOnboarded":true,"iosOnboarded":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if p, ok := decodeStably[CompliancePartner](t, data); ok {
			_ = TriageCompliance(p, now)
			_ = p.OnboardedWords()
		}
	})
}

// addTestdataSeeds adds every testdata file matching pattern to the fuzzer's corpus.
func addTestdataSeeds(f *testing.F, pattern string) {
	files, _ := filepath.Glob(filepath.Join("testdata", pattern))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
}

// decodeStably is what both partner kinds' fuzzers check of data: called directly, without the
// standard decoder's validation first, the decoder must fail, not panic; whatever json.Unmarshal
// accepts must encode, and decode again to the same bytes. ok is false when data does not decode.
func decodeStably[T any, PT interface {
	*T
	json.Unmarshaler
}](t *testing.T, data []byte) (p T, ok bool) {
	t.Helper()
	var direct T
	_ = PT(&direct).UnmarshalJSON(data)
	if err := json.Unmarshal(data, &p); err != nil {
		return p, false
	}
	out, err := json.Marshal(p)
	if err != nil {
		t.Fatalf("decoded %q but cannot encode: %v", data, err)
	}
	var back T
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatalf("cannot decode own output %s: %v", out, err)
	}
	again, err := json.Marshal(back)
	if err != nil || string(again) != string(out) {
		t.Fatalf("encoding is not stable:\n%s\n%s", out, again)
	}
	return p, true
}
