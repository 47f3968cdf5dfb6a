package profile_test

import (
	"testing"

	"github.com/partnerdash/partnerdash/client/profile"
)

func TestXDGDirs(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, c := range []struct {
		name string
		dir  func(func(string) string) (string, error)
		vars map[string]string
		want string // "" wants an error
	}{
		{"data from XDG", profile.DataDir, map[string]string{"XDG_DATA_HOME": "/x/data", "HOME": "/home/a"}, "/x/data/partnerdash"},
		{"data from HOME", profile.DataDir, map[string]string{"HOME": "/home/a"}, "/home/a/.local/share/partnerdash"},
		{"state, relative XDG ignored", profile.StateDir, map[string]string{"XDG_STATE_HOME": "rel", "HOME": "/home/a"}, "/home/a/.local/state/partnerdash"},
		{"config from XDG", profile.ConfigDir, map[string]string{"XDG_CONFIG_HOME": "/c"}, "/c/partnerdash"},
		{"cache without HOME", profile.CacheDir, map[string]string{"HOME": "relative"}, ""},
	} {
		got, err := c.dir(env(c.vars))
		if c.want == "" {
			if err == nil {
				t.Errorf("%s: got %q, want an error", c.name, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s: got %q, %v; want %q", c.name, got, err, c.want)
		}
	}
}
