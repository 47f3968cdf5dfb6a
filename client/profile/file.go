package profile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/partnerdash/partnerdash/client/auth"
	"github.com/partnerdash/partnerdash/model"
)

// File is a parsed config file. Every value in it has been checked; Line fields point back into
// it for errors found later (when flags and the environment are merged in).
type File struct {
	// Path is where it was read from.
	Path string
	// DefaultProfile is the profile used when neither --profile nor PARTNERDASH_PROFILE names one.
	DefaultProfile string
	// DefaultLine is the line of default_profile (0 if unset).
	DefaultLine int
	// Profiles by name, and Order, their names in file order.
	Profiles map[string]FileProfile
	Order    []string
}

// FileProfile is one [profiles.NAME] table as written; unset keys are zero (nil for ReadOnly).
type FileProfile struct {
	Name            string
	Line            int // of the table header
	Tenant          string
	ClientID        string
	Auth            auth.Mode
	Cloud           string
	APIVersion      string
	ReadOnly        *bool
	CertificatePath string
	RedirectPort    int
	GraphURL        string
	// Lines of the keys that were set, for errors about them after merging.
	Lines map[string]int
}

// FileError is a problem in the config file, located by line and key.
type FileError struct {
	Path string
	Line int    // 0 when the problem is not on one line
	Key  string // dotted key, "profiles.contoso.cloud"
	Msg  string
}

func (e *FileError) Error() string {
	loc := e.Path
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", e.Path, e.Line)
	}
	if e.Key == "" {
		return loc + ": " + e.Msg
	}
	return loc + ": " + e.Key + ": " + e.Msg
}

// Load reads and checks the config file at path. A missing file is not an error: it returns
// (nil, nil), and partnerdash runs its demo unless flags or the environment configure a tenant.
//
// A file that group or others can write is refused, as OpenSSH refuses such keys: it says where
// sign-ins happen and where tokens are sent (tenant, cloud, graph_url), so whoever can change it
// could have the next token sent to their own server.
func Load(path string) (*File, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if err := checkNotWritableByOthers(path, st.Mode()); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Parse(path, data)
}

// checkNotWritableByOthers refuses a config file whose mode lets group or others write it
// (Windows has no such bits: ACLs decide there).
func checkNotWritableByOthers(path string, mode fs.FileMode) error {
	if runtime.GOOS == "windows" || mode.Perm()&0o022 == 0 {
		return nil
	}
	return &FileError{Path: path, Msg: fmt.Sprintf("group or others can write this file (mode %04o), and it says where "+
		"partnerdash signs in and sends your Graph tokens; refusing to use it. Fix: chmod go-w %s", mode.Perm(), path)}
}

// Parse checks a config file's contents; path is only for messages.
func Parse(path string, data []byte) (*File, error) {
	var top map[string]toml.Primitive
	md, err := toml.Decode(string(data), &top)
	if err != nil {
		return nil, fileErr(path, err)
	}
	d := &decoder{path: path, md: &md}
	f := &File{Path: path, Profiles: map[string]FileProfile{}}

	// Walk keys in file order so the first problem reported is the first in the file.
	for _, name := range d.children() {
		prim := top[name]
		switch name {
		case "default_profile":
			if err := d.str(prim, &f.DefaultProfile, nil); err != nil {
				return nil, err
			}
			f.DefaultLine = d.line(prim)
		case "profiles":
			if err := d.profiles(prim, f); err != nil {
				return nil, err
			}
		default:
			return nil, d.fail(prim, "unknown key (the file has default_profile and [profiles.NAME] tables)")
		}
	}
	if f.DefaultProfile != "" {
		if _, ok := f.Profiles[f.DefaultProfile]; !ok {
			return nil, &FileError{Path: path, Line: f.DefaultLine, Key: "default_profile", Msg: fmt.Sprintf("no profile %q in this file%s", f.DefaultProfile, listNames(f.Order))}
		}
	}
	return f, nil
}

// decoder holds what is needed to decode primitives and to point at them in errors.
type decoder struct {
	path string
	md   *toml.MetaData
}

func (d *decoder) profiles(prim toml.Primitive, f *File) error {
	var tables map[string]toml.Primitive
	// toml quietly decodes a non-table into an empty map, so check the type first.
	if !d.isTable("profiles") || d.md.PrimitiveDecode(prim, &tables) != nil {
		return d.fail(prim, "must be a set of [profiles.NAME] tables")
	}
	for _, name := range d.children("profiles") {
		p, err := d.profile(name, tables[name])
		if err != nil {
			return err
		}
		f.Profiles[name] = p
		f.Order = append(f.Order, name)
	}
	return nil
}

// profileKeys lists what a profile may set, in the order help texts show them.
var profileKeys = []string{"tenant", "client_id", "auth", "cloud", "api_version", "read_only", "certificate_path", "redirect_port", "graph_url"}

func (d *decoder) profile(name string, prim toml.Primitive) (FileProfile, error) {
	p := FileProfile{Name: name, Line: d.line(prim), Lines: map[string]int{}}
	if strings.TrimSpace(name) == "" || strings.ContainsFunc(name, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return p, d.fail(prim, "a profile name must be printable and not blank")
	}
	var keys map[string]toml.Primitive
	if !d.isTable("profiles", name) || d.md.PrimitiveDecode(prim, &keys) != nil {
		return p, d.fail(prim, "a profile must be a table ([profiles."+name+"])")
	}
	for _, key := range d.children("profiles", name) {
		v := keys[key]
		var err error
		switch key {
		case "tenant":
			err = d.str(v, &p.Tenant, checkTenant)
		case "client_id":
			err = d.str(v, &p.ClientID, checkGUID)
		case "auth":
			var s string
			if err = d.str(v, &s, func(s string) error { _, err := auth.ParseMode(s); return err }); err == nil {
				p.Auth = auth.Mode(s)
			}
		case "cloud":
			err = d.str(v, &p.Cloud, func(s string) error { _, err := LookupCloud(s); return err })
		case "api_version":
			err = d.str(v, &p.APIVersion, CheckAPIVersion)
		case "read_only":
			var b bool
			if err = d.md.PrimitiveDecode(v, &boolValue{&b}); err == nil {
				p.ReadOnly = &b
			}
		case "certificate_path":
			err = d.str(v, &p.CertificatePath, nil)
		case "redirect_port":
			err = d.md.PrimitiveDecode(v, &portValue{&p.RedirectPort})
		case "graph_url":
			err = d.str(v, &p.GraphURL, CheckGraphURL)
		case "client_secret", "secret":
			return p, d.fail(v, "secrets are not read from the config file; set AZURE_CLIENT_SECRET in the environment")
		default:
			return p, d.fail(v, "unknown key (a profile can set "+strings.Join(profileKeys, ", ")+")")
		}
		if err != nil {
			return p, fileErr(d.path, err)
		}
		p.Lines[key] = d.line(v)
	}
	return p, nil
}

// children lists the keys directly below parent in the order they first appear in the file (a
// table can be implied by a later [a.b] header, so parents are not always listed themselves).
func (d *decoder) children(parent ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range d.md.Keys() {
		if len(k) <= len(parent) || !slices.Equal(k[:len(parent)], parent) {
			continue
		}
		if c := k[len(parent)]; !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// isTable reports whether key is a table. A table only implied by a deeper header ([a.b] implies
// a) has no type of its own in the metadata.
func (d *decoder) isTable(key ...string) bool {
	t := d.md.Type(key...)
	return t == "" || t == "Hash"
}

// str decodes a string value and checks it; errors carry the value's line and key.
func (d *decoder) str(prim toml.Primitive, dst *string, check func(string) error) error {
	if err := d.md.PrimitiveDecode(prim, &stringValue{dst: dst, check: check}); err != nil {
		return fileErr(d.path, err)
	}
	return nil
}

// fail makes a FileError located at prim. BurntSushi/toml keeps key positions private, but a
// decode through an Unmarshaler that refuses reports them: that is all failer does.
func (d *decoder) fail(prim toml.Primitive, msg string) error {
	return fileErr(d.path, d.md.PrimitiveDecode(prim, failer(msg)))
}

// line finds prim's line the same way.
func (d *decoder) line(prim toml.Primitive) int {
	var pe toml.ParseError
	if errors.As(d.md.PrimitiveDecode(prim, failer("")), &pe) {
		return pe.Position.Line
	}
	return 0
}

type failer string

func (f failer) UnmarshalTOML(any) error { return errors.New(string(f)) }

// fileErr turns toml's errors into FileErrors.
func fileErr(path string, err error) error {
	if err == nil {
		return nil
	}
	var fe *FileError
	if errors.As(err, &fe) {
		return fe
	}
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return &FileError{Path: path, Line: pe.Position.Line, Key: pe.LastKey, Msg: pe.Message}
	}
	return &FileError{Path: path, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
}

// stringValue, boolValue and portValue decode one value with a clear message for a wrong type.
type stringValue struct {
	dst   *string
	check func(string) error
}

func (v *stringValue) UnmarshalTOML(data any) error {
	s, ok := data.(string)
	if !ok {
		return fmt.Errorf("want a string, not %s", tomlType(data))
	}
	if v.check != nil {
		if err := v.check(s); err != nil {
			return err
		}
	}
	*v.dst = s
	return nil
}

type boolValue struct{ dst *bool }

func (v *boolValue) UnmarshalTOML(data any) error {
	b, ok := data.(bool)
	if !ok {
		return fmt.Errorf("want true or false, not %s", tomlType(data))
	}
	*v.dst = b
	return nil
}

type portValue struct{ dst *int }

func (v *portValue) UnmarshalTOML(data any) error {
	n, ok := data.(int64)
	if !ok {
		return fmt.Errorf("want a port number, not %s", tomlType(data))
	}
	if n < 1024 || n > 65535 {
		return fmt.Errorf("port %d is not between 1024 and 65535", n)
	}
	*v.dst = int(n)
	return nil
}

func tomlType(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("the string %q", v)
	case int64:
		return fmt.Sprintf("the number %d", v)
	case float64:
		return fmt.Sprintf("the number %g", v)
	case bool:
		return fmt.Sprintf("%v", v)
	case map[string]any:
		return "a table"
	case []any, []map[string]any:
		return "an array"
	}
	return fmt.Sprintf("a %T", v)
}

// checkGUID accepts an application (client) ID: Entra app IDs are always GUIDs.
func checkGUID(s string) error {
	if !model.IsGUID(s) {
		return fmt.Errorf("%q is not a GUID (the app registration's Application (client) ID)", s)
	}
	return nil
}

// checkTenant accepts a tenant GUID, a domain, or organizations/common.
func checkTenant(s string) error {
	if model.IsGUID(s) || s == "organizations" || s == "common" {
		return nil
	}
	if strings.Contains(s, ".") && !strings.ContainsAny(s, "/?#@:\\ ") {
		return nil
	}
	return fmt.Errorf("%q is not a tenant ID (GUID) or domain (contoso.onmicrosoft.com)", s)
}

// CheckGraphURL accepts an http(s) base URL with a version path, like --graph-url.
func CheckGraphURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL like https://graph.microsoft.com/v1.0", s)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("%q must be a plain base URL (no user, query or fragment)", s)
	}
	if strings.Trim(u.Path, "/") == "" {
		return fmt.Errorf("%q has no API version: add it, as in %s/v1.0", s, strings.TrimRight(s, "/"))
	}
	return nil
}

func listNames(names []string) string {
	if len(names) == 0 {
		return " (it defines none)"
	}
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return " (profiles: " + strings.Join(q, ", ") + ")"
}
