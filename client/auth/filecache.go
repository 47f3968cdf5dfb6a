package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/cache"
	"github.com/partnerdash/partnerdash/client/internal/sleep"
)

// FileCache persists MSAL's token cache in one file for one OS user: the directory is 0700, the
// file 0600, every write replaces the file atomically (temp file, fsync, rename, fsync of the
// directory) and an flock on a sibling ".lock" file keeps concurrent partnerdash processes from
// interleaving. It implements MSAL's cache.ExportReplace and stores MSAL's opaque blob whole,
// ignoring partition keys (MSAL issue #424: partitioning by hint breaks silent sign-in).
//
// Two processes that both refresh write whole blobs, so the last writer wins; the loser's tokens
// are still valid, it only redeems its refresh token again next time. Merging the opaque blob
// would also resurrect accounts a logout removed.
type FileCache struct {
	path string
	// lockTimeout bounds waiting for another process when the caller's context has no deadline
	// (cache.ExportReplace asks implementors to choose one).
	lockTimeout time.Duration
}

// cacheFilePrefix starts every cache file's name; CacheFileName adds a hash of what the file is for.
const cacheFilePrefix = "msal-"

// CacheFileName names the cache file for one authority, tenant, client and kind of sign-in, so
// that profiles pointing at different tenants or apps never see each other's accounts, and
// profiles sharing all four share a sign-in.
func CacheFileName(authorityHost, tenant, clientID string, application bool) string {
	kind := "delegated"
	if application {
		kind = "application"
	}
	sum := sha256.Sum256([]byte(strings.ToLower(strings.Join([]string{authorityHost, tenant, clientID, kind}, "\x00"))))
	return cacheFilePrefix + hex.EncodeToString(sum[:8]) + ".json"
}

// OpenFileCache prepares dir (creating it 0700, and tightening it to 0700 if it exists) and
// returns the cache stored in dir/name. The file itself is created on the first write.
func OpenFileCache(dir, name string) (*FileCache, error) {
	if dir == "" || name == "" || strings.ContainsAny(name, `/\`) {
		return nil, fmt.Errorf("token cache: bad location %q / %q", dir, name)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("token cache: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, fmt.Errorf("token cache: %w", err)
	}
	return &FileCache{path: filepath.Join(dir, name), lockTimeout: 10 * time.Second}, nil
}

// Path is the cache file's path (for messages; never its contents).
func (c *FileCache) Path() string { return c.path }

// Replace loads the file into MSAL's in-memory cache. A missing file is an empty cache. A file
// others can read, or owned by someone else, is refused rather than trusted.
func (c *FileCache) Replace(ctx context.Context, u cache.Unmarshaler, _ cache.ReplaceHints) error {
	ctx, cancel := c.withDefaultTimeout(ctx)
	defer cancel()
	for attempt := 0; ; attempt++ {
		data, err := c.read(ctx)
		if err != nil {
			return err
		}
		err = u.Unmarshal(data)
		if err == nil {
			return nil
		}
		// Writes are atomic, so a bad file is not a torn write in progress; still, retry briefly
		// in case something outside partnerdash is rewriting it.
		if attempt == 2 {
			return fmt.Errorf("%w: %s does not hold a token cache; run 'partnerdash logout' or delete it", ErrCacheDamaged, c.path)
		}
		if err := sleep.For(ctx, 50*time.Millisecond); err != nil {
			return err
		}
	}
}

// read returns the file's bytes under a shared lock, or nil if there is no file.
func (c *FileCache) read(ctx context.Context) ([]byte, error) {
	unlock, err := lockFile(ctx, c.path+".lock", false)
	if err != nil {
		return nil, fmt.Errorf("token cache: %w", err)
	}
	defer unlock()
	f, err := os.Open(c.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("token cache: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("token cache: %w", err)
	}
	if err := checkPrivate(fi, c.path); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("token cache: %w", err)
	}
	return data, nil
}

// Export writes MSAL's cache to the file atomically under an exclusive lock.
func (c *FileCache) Export(ctx context.Context, m cache.Marshaler, _ cache.ExportHints) error {
	ctx, cancel := c.withDefaultTimeout(ctx)
	defer cancel()
	data, err := m.Marshal()
	if err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	return c.write(ctx, data)
}

// Remove deletes the cache file (sign-out of an application, or a damaged cache).
func (c *FileCache) Remove(ctx context.Context) error {
	ctx, cancel := c.withDefaultTimeout(ctx)
	defer cancel()
	unlock, err := lockFile(ctx, c.path+".lock", true)
	if err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	defer unlock()
	if err := os.Remove(c.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("token cache: %w", err)
	}
	return nil
}

func (c *FileCache) write(ctx context.Context, data []byte) error {
	unlock, err := lockFile(ctx, c.path+".lock", true)
	if err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	defer unlock()
	dir := filepath.Dir(c.path)
	tmp, err := os.CreateTemp(dir, ".msal-*.tmp") // created 0600
	if err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	if err := tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	// fsync before rename: otherwise a crash can leave the new name pointing at empty data.
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	if err := os.Rename(tmp.Name(), c.path); err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	done = true
	syncDir(dir)
	return nil
}

func (c *FileCache) withDefaultTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, c.lockTimeout)
}

// syncDir makes the rename durable. Failure only weakens durability, not atomicity, so it is
// not reported.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
