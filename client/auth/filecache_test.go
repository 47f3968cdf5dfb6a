//go:build unix

package auth_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/cache"
	"github.com/partnerdash/partnerdash/client/auth"
	"github.com/partnerdash/partnerdash/client/auth/authtest"
	"golang.org/x/sys/unix"
)

// blob is a stand-in for MSAL's cache: Marshal gives data, Unmarshal records what it got.
type blob struct {
	data []byte
	err  error
	got  []byte
	n    int
}

func (b *blob) Marshal() ([]byte, error) { return b.data, b.err }
func (b *blob) Unmarshal(d []byte) error {
	b.n++
	b.got = append([]byte(nil), d...)
	if len(d) > 0 && !json.Valid(d) {
		return errors.New("not JSON")
	}
	return nil
}

func openCache(t *testing.T, dir string) *auth.FileCache {
	t.Helper()
	fc, err := auth.OpenFileCache(dir, "msal-test.json")
	if err != nil {
		t.Fatal(err)
	}
	return fc
}

func TestFileCachePermissions(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "partnerdash")
	if err := os.Mkdir(dir, 0o755); err != nil { // exists already, too open
		t.Fatal(err)
	}
	fc := openCache(t, dir)
	if err := fc.Export(context.Background(), &blob{data: []byte(`{"a":1}`)}, cache.ExportHints{}); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("dir mode = %#o, want 0700", fi.Mode().Perm())
	}
	if fi, _ := os.Stat(fc.Path()); fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode = %#o, want 0600", fi.Mode().Perm())
	}

	// A new directory is made 0700 whatever the umask allows.
	fresh := openCache(t, filepath.Join(root, "a", "b"))
	if fi, _ := os.Stat(filepath.Dir(fresh.Path())); fi.Mode().Perm() != 0o700 {
		t.Errorf("new dir mode = %#o, want 0700", fi.Mode().Perm())
	}

	// A file others can read is refused, and the message says how to fix it.
	if err := os.Chmod(fc.Path(), 0o644); err != nil {
		t.Fatal(err)
	}
	err := fc.Replace(context.Background(), &blob{}, cache.ReplaceHints{})
	if err == nil || !strings.Contains(err.Error(), "open to other users") || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("Replace of a 0644 file: err = %v", err)
	}
}

func TestFileCacheMissingFileIsEmpty(t *testing.T) {
	fc := openCache(t, t.TempDir())
	b := &blob{got: []byte("stale")}
	if err := fc.Replace(context.Background(), b, cache.ReplaceHints{}); err != nil {
		t.Fatal(err)
	}
	if b.n != 1 || len(b.got) != 0 {
		t.Errorf("Unmarshal called %d times with %q, want once with nothing (MSAL then empties its cache)", b.n, b.got)
	}
}

func TestFileCacheAtomicReplace(t *testing.T) {
	dir := t.TempDir()
	fc := openCache(t, dir)
	ctx := context.Background()
	if err := fc.Export(ctx, &blob{data: []byte(`{"v":"old"}`)}, cache.ExportHints{}); err != nil {
		t.Fatal(err)
	}
	old, err := os.Open(fc.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if err := fc.Export(ctx, &blob{data: []byte(`{"v":"new"}`)}, cache.ExportHints{}); err != nil {
		t.Fatal(err)
	}
	// The old file was replaced by a rename, not rewritten in place: a reader holding it still
	// sees a whole old version, never a mix.
	if b, _ := io.ReadAll(old); string(b) != `{"v":"old"}` {
		t.Errorf("open handle reads %q, want the old version whole", b)
	}
	b := &blob{}
	if err := fc.Replace(ctx, b, cache.ReplaceHints{}); err != nil || string(b.got) != `{"v":"new"}` {
		t.Errorf("Replace got %q, %v", b.got, err)
	}

	// A failed Export leaves the file as it was and no temp file behind.
	if err := fc.Export(ctx, &blob{err: errors.New("marshal broke")}, cache.ExportHints{}); err == nil {
		t.Fatal("Export with a failing Marshal succeeded")
	}
	if got, _ := os.ReadFile(fc.Path()); string(got) != `{"v":"new"}` {
		t.Errorf("after a failed Export the file is %q", got)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temp file left behind: %s", e.Name())
		}
	}
}

func TestFileCacheDamaged(t *testing.T) {
	a := authtest.New(t)
	dir := t.TempDir()
	s := newSession(t, a, auth.DeviceCode, dir)
	if _, err := s.SignIn(ctxT(t), nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, auth.CacheFileName(a.URL(), authtest.TenantID, testClientID, false))
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	s2 := newSession(t, a, auth.DeviceCode, dir)
	_, err := s2.Token(ctxT(t))
	if !errors.Is(err, auth.ErrCacheDamaged) || !strings.Contains(err.Error(), "partnerdash logout") {
		t.Fatalf("err = %v, want ErrCacheDamaged with advice", err)
	}
	// Signing out deletes the damaged file, after which the profile is simply signed out.
	if _, err := s2.SignOut(ctxT(t)); err != nil {
		t.Fatalf("SignOut: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("damaged cache still there: %v", err)
	}
	if _, err := s2.Token(ctxT(t)); !errors.Is(err, auth.ErrSignInRequired) {
		t.Errorf("err = %v, want ErrSignInRequired", err)
	}
}

func TestFileCacheLockWaitHonoursContext(t *testing.T) {
	dir := t.TempDir()
	fc := openCache(t, dir)
	// Another process holds the lock: run the helper, which locks and waits.
	cmd := helperCommand(t, "hold", dir)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	line := make([]byte, 6)
	if _, err := io.ReadFull(stdout, line); err != nil || string(line) != "locked" {
		t.Fatalf("helper said %q, %v", line, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err := fc.Export(ctx, &blob{data: []byte(`{}`)}, cache.ExportHints{})
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "another partnerdash") {
		t.Fatalf("err = %v, want a deadline while waiting for another partnerdash", err)
	}
}

// TestFileCacheTwoProcessesRacing runs two helper processes that each write the cache many
// times while this process keeps reading it: every read and the final file must be whole JSON.
func TestFileCacheTwoProcessesRacing(t *testing.T) {
	dir := t.TempDir()
	fc := openCache(t, dir)
	var cmds []*exec.Cmd
	for _, id := range []string{"A", "B"} {
		cmd := helperCommand(t, "write", dir, id)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	reads, bad := 0, []string{}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			b := &blob{}
			if err := fc.Replace(context.Background(), b, cache.ReplaceHints{}); err != nil {
				bad = append(bad, err.Error())
			}
			reads++
		}
	}()
	for _, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Errorf("helper: %v", err)
		}
	}
	close(stop)
	wg.Wait()
	if len(bad) > 0 {
		t.Fatalf("%d of %d reads saw a broken cache, first: %s", len(bad), reads, bad[0])
	}
	data, err := os.ReadFile(fc.Path())
	if err != nil {
		t.Fatal(err)
	}
	var final struct {
		Writer string
		N      int
	}
	if err := json.Unmarshal(data, &final); err != nil || (final.Writer != "A" && final.Writer != "B") || final.N != helperWrites-1 {
		t.Fatalf("final file %.80q: %v %+v; want the last write of A or B", data, err, final)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temp file left behind: %s", e.Name())
		}
	}
}

const helperWrites = 150

func helperCommand(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "PARTNERDASH_CACHE_HELPER="+strings.Join(args, "\x1f"))
	return cmd
}

// TestHelperProcess is not a test: it is the second process for the tests above, run by
// re-executing the test binary.
func TestHelperProcess(t *testing.T) {
	spec := os.Getenv("PARTNERDASH_CACHE_HELPER")
	if spec == "" {
		t.Skip("helper process only")
	}
	args := strings.Split(spec, "\x1f")
	fc, err := auth.OpenFileCache(args[1], "msal-test.json")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	switch args[0] {
	case "hold":
		// Take the lock the way another partnerdash would (flock on "<cache>.lock") and keep it
		// until killed.
		f, err := os.OpenFile(fc.Path()+".lock", os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil || unix.Flock(int(f.Fd()), unix.LOCK_EX) != nil {
			os.Exit(1)
		}
		fmt.Print("locked")
		time.Sleep(time.Minute)
		os.Exit(0)
	case "write":
		// Payloads of different sizes, so a torn write would show as broken JSON.
		for i := 0; i < helperWrites; i++ {
			pad := strings.Repeat("x", (i*997)%20000)
			data := []byte(`{"Writer":"` + args[2] + `","N":` + strconv.Itoa(i) + `,"Pad":"` + pad + `"}`)
			if err := fc.Export(context.Background(), &blob{data: data}, cache.ExportHints{}); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
		os.Exit(0)
	}
	os.Exit(2)
}
