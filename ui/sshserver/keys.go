package sshserver

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"

	gossh "golang.org/x/crypto/ssh"
)

// Role is what a key may do in the dashboard.
type Role string

const (
	// Viewer may browse; its service refuses every change (ui.ReadOnly). The default.
	Viewer Role = "viewer"
	// Operator may edit, create, delete and terminate; every change goes to the audit log.
	Operator Role = "operator"
)

// RoleEnv is the environment variable that carries a key's role in the authorized keys file, in
// OpenSSH's own options syntax, so the same file stays valid for sshd:
//
//	environment="PARTNERDASH_ROLE=operator" ssh-ed25519 AAAA... alice@laptop
//	ssh-ed25519 AAAA... bob@desk                      (no option: viewer)
const RoleEnv = "PARTNERDASH_ROLE"

// Key is one line of the authorized keys file.
type Key struct {
	PublicKey   gossh.PublicKey
	Fingerprint string // SHA256:..., as ssh-keygen -l prints it
	Role        Role
	Comment     string // the key's comment, usually user@host
	Line        int    // 1-based line number, for messages
	// NoPTY is set by no-pty or restrict, unless pty follows, as in sshd: the key may
	// not have a terminal, so it gets a one-line refusal instead of the dashboard.
	NoPTY bool
}

// Name is who the key belongs to, for the header and the audit log: the comment's user part
// ("alice" from "alice@laptop"), or fallback (the SSH user name) when there is no comment.
func (k Key) Name(fallback string) string {
	name := strings.TrimSpace(k.Comment)
	if f := strings.Fields(name); len(f) > 0 {
		name = f[0]
	}
	if at := strings.IndexByte(name, '@'); at > 0 {
		name = name[:at]
	}
	if name == "" {
		return fallback
	}
	return name
}

// KeyFile is a parsed authorized keys file.
type KeyFile struct {
	Path string
	Keys []Key
}

// Lookup returns the entry for key, if the file lists it.
func (f *KeyFile) Lookup(key gossh.PublicKey) (Key, bool) {
	if key == nil {
		return Key{}, false
	}
	want := key.Marshal()
	for _, k := range f.Keys {
		if bytes.Equal(k.PublicKey.Marshal(), want) {
			return k, true
		}
	}
	return Key{}, false
}

// LoadKeys reads and parses an authorized keys file. Any bad line is an error naming the file and
// the line: a silently skipped line would be a user who cannot log in, or worse, a role nobody
// meant. An empty file is an error too (nobody could log in).
func LoadKeys(path string) (*KeyFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("authorized keys: %w", err)
	}
	return ParseKeys(path, data)
}

// ParseKeys parses the text of an authorized keys file; path is only used in messages.
func ParseKeys(path string, data []byte) (*KeyFile, error) {
	f := &KeyFile{Path: path}
	seen := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, err := parseKeyLine(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		k.Line = n
		if prev, dup := seen[k.Fingerprint]; dup {
			return nil, fmt.Errorf("%s:%d: key %s is already on line %d; list each key once", path, n, k.Fingerprint, prev)
		}
		seen[k.Fingerprint] = n
		f.Keys = append(f.Keys, k)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(f.Keys) == 0 {
		return nil, fmt.Errorf("%s: no keys: nobody could log in", path)
	}
	return f, nil
}

// parseKeyLine parses one non-empty, non-comment line. ParseAuthorizedKey is given the line
// alone because on a longer input it skips lines it cannot parse.
func parseKeyLine(line string) (Key, error) {
	pub, comment, opts, _, err := gossh.ParseAuthorizedKey([]byte(line))
	if err != nil {
		return Key{}, fmt.Errorf("not an authorized key line: %v", err)
	}
	if _, isCert := pub.(*gossh.Certificate); isCert {
		return Key{}, errors.New("certificates are not supported here; list the plain public key")
	}
	k := Key{PublicKey: pub, Fingerprint: gossh.FingerprintSHA256(pub), Role: Viewer, Comment: comment}
	roleSet := false
	for _, o := range opts {
		name, value, hasValue, err := splitOption(o)
		if err != nil {
			return Key{}, err
		}
		switch name {
		case "environment":
			if !hasValue {
				return Key{}, errors.New(`environment needs a value: environment="PARTNERDASH_ROLE=operator"`)
			}
			v, ok := strings.CutPrefix(value, RoleEnv+"=")
			if !ok {
				return Key{}, fmt.Errorf("environment=%q: only %s is read here", value, RoleEnv)
			}
			if roleSet {
				return Key{}, fmt.Errorf("%s is set twice", RoleEnv)
			}
			switch Role(v) {
			case Viewer, Operator:
				k.Role, roleSet = Role(v), true
			default:
				return Key{}, fmt.Errorf("%s=%q: the role must be %q or %q", RoleEnv, v, Viewer, Operator)
			}
		case "restrict", "no-pty":
			// restrict implies no-pty (enforced in the session) and everything below. Options
			// apply in order, as in sshd: a later pty lifts it.
			k.NoPTY = true
		case "pty":
			k.NoPTY = false
		case "no-port-forwarding", "no-agent-forwarding", "no-x11-forwarding", "no-user-rc":
			// The server never forwards anything nor runs rc files, so these already hold.
		default:
			// from=, command=, expiry-time=, cert-authority and the like would be restrictions
			// this server does not enforce: refuse rather than ignore them silently.
			return Key{}, fmt.Errorf("option %q is not supported by partnerdash serve (supported: environment=\"%s=viewer|operator\", restrict, no-pty, pty, no-*-forwarding, no-user-rc)", name, RoleEnv)
		}
	}
	return k, nil
}

// splitOption splits an OpenSSH key option, name or name="value" with \" escapes, as
// ParseAuthorizedKey returns it. Names are case-insensitive, as in sshd.
func splitOption(o string) (name, value string, hasValue bool, err error) {
	eq := strings.IndexByte(o, '=')
	if eq < 0 {
		return strings.ToLower(o), "", false, nil
	}
	name, raw := strings.ToLower(o[:eq]), o[eq+1:]
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", "", false, fmt.Errorf("option %s: the value must be in double quotes", name)
	}
	return name, strings.ReplaceAll(raw[1:len(raw)-1], `\"`, `"`), true, nil
}
