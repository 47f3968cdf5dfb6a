package profile

import (
	"errors"
	"path/filepath"
)

// appDir is partnerdash's directory name under the XDG base directories.
const appDir = "partnerdash"

// FileName is the config file's name inside ConfigDir.
const FileName = "config.toml"

// ConfigDir is $XDG_CONFIG_HOME/partnerdash, or ~/.config/partnerdash. Relative XDG paths are
// ignored, as the XDG base directory spec says.
func ConfigDir(getenv func(string) string) (string, error) {
	return xdgDir(getenv, "XDG_CONFIG_HOME", ".config")
}

// CacheDir is $XDG_CACHE_HOME/partnerdash, or ~/.cache/partnerdash: where the token cache lives.
func CacheDir(getenv func(string) string) (string, error) {
	return xdgDir(getenv, "XDG_CACHE_HOME", ".cache")
}

// DataDir is $XDG_DATA_HOME/partnerdash, or ~/.local/share/partnerdash: where the SSH server's
// host key lives.
func DataDir(getenv func(string) string) (string, error) {
	return xdgDir(getenv, "XDG_DATA_HOME", ".local/share")
}

// StateDir is $XDG_STATE_HOME/partnerdash, or ~/.local/state/partnerdash: where the SSH
// server's audit log lives.
func StateDir(getenv func(string) string) (string, error) {
	return xdgDir(getenv, "XDG_STATE_HOME", ".local/state")
}

// xdgDir is partnerdash's directory under an XDG base directory: the variable when set to an
// absolute path, else fallback under $HOME. Without an absolute HOME there is no such place; a
// relative one would put files wherever the program happened to start.
func xdgDir(getenv func(string) string, env, fallback string) (string, error) {
	if d := getenv(env); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, appDir), nil
	}
	home := getenv("HOME")
	if home == "" || !filepath.IsAbs(home) {
		return "", errors.New("neither $" + env + " nor $HOME is an absolute path")
	}
	return filepath.Join(home, fallback, appDir), nil
}
