package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/partnerdash/partnerdash/client/profile"
)

func init() {
	register(command{name: "logout", summary: "forget the sign-in (remove the account from the token cache)", run: withSignals(runLogout)})
}

// runLogout removes the profile's account from the token cache; --all deletes every cached
// sign-in of this OS user.
func runLogout(ctx context.Context, args []string, stdout, stderr io.Writer, e sysEnv) error {
	fset, flags := tenantFlagSet("logout", "logout [--all] [flags]", `
Removes the profile's signed-in account from the token cache ($XDG_CACHE_HOME/partnerdash), so
the next command asks to sign in again. With --all, deletes every cached sign-in of this OS user,
whatever the profile. Nothing is revoked at Microsoft: to end the sessions themselves, revoke them
in Entra.`, stdout)
	all := fset.Bool("all", false, "delete every cached sign-in (all profiles)")
	if err := parseNoArgs(fset, args, "logout"); err != nil {
		return err
	}
	if *all {
		return logoutAll(stdout, e)
	}
	s, sess, err := e.sessionFor(flags)
	if err != nil {
		return err
	}
	names, err := sess.SignOut(ctx)
	if err != nil {
		return err
	}
	if len(names) == 0 {
		fmt.Fprintf(stdout, "Not signed in: %s\n", describeSettings(s))
		return nil
	}
	for i := range names {
		names[i] = sanitized(names[i])
	}
	fmt.Fprintf(stdout, "Signed out %s: %s\n", strings.Join(names, ", "), describeSettings(s))
	return nil
}

// logoutAll deletes the token cache files from the cache directory. The lock files stay: deleting
// one another process holds would let a third lock a new file beside it.
func logoutAll(stdout io.Writer, e sysEnv) error {
	dir := e.cacheDir
	if dir == "" {
		d, err := profile.CacheDir(e.getenv)
		if err != nil {
			return fmt.Errorf("token cache: %w", err)
		}
		dir = d
	}
	files, err := filepath.Glob(filepath.Join(dir, "msal-*.json"))
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := os.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("token cache: %w", err)
		}
	}
	fmt.Fprintf(stdout, "Deleted %d cached sign-in%s from %s\n", len(files), plural(len(files), "", "s"), dir)
	return nil
}
