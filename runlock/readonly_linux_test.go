package runlock

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestAFolderItCannotWriteIsNamed: `run` on a database in a folder it may
// not write (a read-only copy) is refused saying so and what to do, as
// the store says it for the other commands. It said "run lock: open
// …-run.lock: open …-run.lock: permission denied", the lock being the
// first thing run writes.
func TestAFolderItCannotWriteIsNamed(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "news.db")
	if err := os.WriteFile(db, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	readOnly(t, dir)
	l, err := Acquire(db, Holder{})
	if err == nil {
		l.Release()
		t.Fatal("the lock was taken in a folder nobody may write")
	}
	want := "no write permission on the folder " + dir
	if msg := err.Error(); !strings.Contains(msg, want) || strings.Count(msg, "open ") > 0 {
		t.Errorf("error %q, want one saying %q", msg, want)
	}

	// A lock file left by a run as another user (root) names the file.
	dir = t.TempDir()
	db = filepath.Join(dir, "news.db")
	if err := os.WriteFile(Path(db), nil, 0o444); err != nil {
		t.Fatal(err)
	}
	readOnly(t, Path(db))
	if l, err = Acquire(db, Holder{}); err == nil {
		l.Release()
		t.Fatal("the lock was taken in a file nobody may write")
	}
	want = Path(db) + " is read-only for the user running sharednews"
	if msg := err.Error(); !strings.Contains(msg, want) {
		t.Errorf("error %q, want one saying %q", msg, want)
	}
}

// readOnly takes write permission on path (a folder or a file) away from
// this process until the test ends: chmod, and for root, who ignores
// permissions, the immutable attribute (chattr +i). The test is skipped
// where neither works.
func readOnly(t *testing.T, path string) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, info.Mode().Perm()&^0o222); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(path, info.Mode().Perm()|0o200) })
	if !writable(path, info.IsDir()) {
		return // chmod was enough
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	flags, err := unix.IoctlGetInt(int(f.Fd()), unix.FS_IOC_GETFLAGS)
	if err == nil {
		err = unix.IoctlSetPointerInt(int(f.Fd()), unix.FS_IOC_SETFLAGS, flags|fsImmutable)
	}
	if err != nil {
		t.Skipf("cannot make %s read-only for this user (%v)", path, err)
	}
	t.Cleanup(func() {
		g, err := os.Open(path)
		if err != nil {
			t.Error(err)
			return
		}
		defer g.Close()
		if err := unix.IoctlSetPointerInt(int(g.Fd()), unix.FS_IOC_SETFLAGS, flags); err != nil {
			t.Errorf("clear the immutable attribute of %s: %v", path, err)
		}
	})
}

func writable(path string, dir bool) bool {
	if dir {
		f, err := os.CreateTemp(path, "probe")
		if err != nil {
			return false
		}
		f.Close()
		os.Remove(f.Name())
		return true
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return false
	}
	f.Close()
	return true
}

// fsImmutable is FS_IMMUTABLE_FL of <linux/fs.h>, the flag chattr +i sets.
const fsImmutable = 0x00000010
