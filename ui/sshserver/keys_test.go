package sshserver

import (
	"strings"
	"testing"
)

func TestParseKeysRolesAndNames(t *testing.T) {
	alice, bob, carol := newTestKey(t, "alice@laptop"), newTestKey(t, "bob@desk"), newTestKey(t, "")
	data := strings.Join([]string{
		"# partnerdash access",
		"",
		alice.operator(),
		bob.line,
		`environment="PARTNERDASH_ROLE=viewer",no-port-forwarding ` + carol.line,
	}, "\n")
	kf, err := ParseKeys("keys", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(kf.Keys) != 3 {
		t.Fatalf("got %d keys, want 3", len(kf.Keys))
	}
	tests := []struct {
		key      testKey
		role     Role
		name     string
		line     int
		fallback string
	}{
		{alice, Operator, "alice", 3, "x"},
		{bob, Viewer, "bob", 4, "x"},
		{carol, Viewer, "sshuser", 5, "sshuser"},
	}
	for _, tt := range tests {
		k, ok := kf.Lookup(tt.key.signer.PublicKey())
		if !ok {
			t.Fatalf("key on line %d not found", tt.line)
		}
		if k.Role != tt.role || k.Line != tt.line || k.Name(tt.fallback) != tt.name {
			t.Errorf("line %d: role %q line %d name %q; want %q %d %q", tt.line, k.Role, k.Line, k.Name(tt.fallback), tt.role, tt.line, tt.name)
		}
		if !strings.HasPrefix(k.Fingerprint, "SHA256:") {
			t.Errorf("fingerprint %q is not SHA256", k.Fingerprint)
		}
	}
	if _, ok := kf.Lookup(newTestKey(t, "").signer.PublicKey()); ok {
		t.Error("an unlisted key was found")
	}
}

func TestParseKeysOptionNamesAreCaseInsensitive(t *testing.T) {
	k := newTestKey(t, "dave")
	kf, err := ParseKeys("keys", []byte(`Environment="PARTNERDASH_ROLE=operator",No-X11-Forwarding,restrict `+k.line))
	if err != nil {
		t.Fatal(err)
	}
	if kf.Keys[0].Role != Operator {
		t.Errorf("role %q, want operator", kf.Keys[0].Role)
	}
}

func TestParseKeysNoPTY(t *testing.T) {
	for opts, want := range map[string]bool{
		"":                     false,
		"restrict ":            true,
		"No-Pty ":              true,
		"restrict,pty ":        false,
		"pty,restrict ":        true, // options apply in order, as in sshd
		"no-pty,pty ":          false,
		"restrict,pty,no-pty ": true,
		"no-agent-forwarding ": false,
	} {
		kf, err := ParseKeys("keys", []byte(opts+newTestKey(t, "a").line))
		if err != nil {
			t.Fatalf("%q: %v", opts, err)
		}
		if got := kf.Keys[0].NoPTY; got != want {
			t.Errorf("%q: NoPTY %v, want %v", opts, got, want)
		}
	}
}

func TestParseKeysErrorsNameFileAndLine(t *testing.T) {
	k, k2 := newTestKey(t, "a"), newTestKey(t, "b")
	tests := []struct {
		name, text, want string
	}{
		{"garbage", "# c\n" + k.line + "\nnot a key at all\n", "keys.txt:3: not an authorized key line"},
		{"truncated key", k.line[:40] + "\n", "keys.txt:1: not an authorized key line"},
		{"unknown role", `environment="PARTNERDASH_ROLE=admin" ` + k.line, `keys.txt:1: PARTNERDASH_ROLE="admin": the role must be "viewer" or "operator"`},
		{"other variable", `environment="PATH=/bin" ` + k.line, `keys.txt:1: environment="PATH=/bin": only PARTNERDASH_ROLE is read here`},
		{"role twice", `environment="PARTNERDASH_ROLE=viewer",environment="PARTNERDASH_ROLE=operator" ` + k.line, "keys.txt:1: PARTNERDASH_ROLE is set twice"},
		{"unenforced restriction", `from="10.0.0.0/8" ` + k.line, `keys.txt:1: option "from" is not supported`},
		{"forced command", `command="ls" ` + k.line, `keys.txt:1: option "command" is not supported`},
		{"duplicate", k.line + "\n" + k2.line + "\n" + k.operator() + "\n", "keys.txt:3: key SHA256:"},
		{"empty", "# nobody yet\n\n", "keys.txt: no keys"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseKeys("keys.txt", []byte(tt.text))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestLoadKeysMissingFile(t *testing.T) {
	_, err := LoadKeys("/nonexistent/partnerdash/keys")
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/partnerdash/keys") {
		t.Fatalf("error %v, want one naming the file", err)
	}
}

func TestKeyName(t *testing.T) {
	for comment, want := range map[string]string{
		"alice@laptop":         "alice",
		"Alice Smith":          "Alice",
		"  ":                   "fallback",
		"@host":                "@host",
		"bob@desk extra words": "bob",
	} {
		if got := (Key{Comment: comment}).Name("fallback"); got != want {
			t.Errorf("Name(%q) = %q, want %q", comment, got, want)
		}
	}
}
