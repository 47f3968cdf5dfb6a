//go:build unix

package auth

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
	"time"

	"github.com/partnerdash/partnerdash/client/internal/sleep"
	"golang.org/x/sys/unix"
)

// lockFile takes an flock on path (shared, or exclusive for writers), polling without blocking so
// that ctx can cut the wait short. The returned func releases it. flock locks belong to the open
// file, so a crashed process never leaves a stale lock behind.
func lockFile(ctx context.Context, path string, exclusive bool) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	how := unix.LOCK_SH
	if exclusive {
		how = unix.LOCK_EX
	}
	wait := time.Millisecond
	for {
		err := unix.Flock(int(f.Fd()), how|unix.LOCK_NB)
		if err == nil {
			return func() {
				_ = unix.Flock(int(f.Fd()), unix.LOCK_UN)
				f.Close()
			}, nil
		}
		if !errors.Is(err, unix.EWOULDBLOCK) && !errors.Is(err, unix.EINTR) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if err := sleep.For(ctx, wait); err != nil {
			f.Close()
			return nil, fmt.Errorf("waiting for another partnerdash to release %s: %w", path, err)
		}
		if wait < 50*time.Millisecond {
			wait *= 2
		}
	}
}

// checkPrivate refuses a cache file that other users could read or that another user owns: its
// refresh tokens are as good as a password for 90 days.
func checkPrivate(fi fs.FileInfo, path string) error {
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("token cache %s is not a regular file", path)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("token cache %s is open to other users (mode %#o); run chmod 600 on it", path, perm)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
		return fmt.Errorf("token cache %s belongs to another user (uid %d)", path, st.Uid)
	}
	return nil
}
