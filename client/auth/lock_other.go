//go:build !unix

package auth

import (
	"context"
	"io/fs"
)

// lockFile has no cross-process lock on this platform: writes stay atomic (rename), but two
// processes can both write, and the last one wins.
func lockFile(context.Context, string, bool) (func(), error) { return func() {}, nil }

// checkPrivate trusts the platform's default ACLs (the user's profile directory).
func checkPrivate(fs.FileInfo, string) error { return nil }
