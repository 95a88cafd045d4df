package storetest

import (
	"database/sql"
	"errors"
	"os"
	"syscall"
	"testing"
	"time"
)

// SmallDisk mounts a tmpfs of size (as mount(8) takes it, e.g. "16m") on a
// new temporary directory and returns the directory, unmounting it when
// the test ends. Where mounting is not allowed (not root, or a container
// without the capability) it skips the test: OpenFull covers the same
// paths everywhere.
func SmallDisk(tb testing.TB, size string) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size); err != nil {
		tb.Skipf("cannot mount a small tmpfs here (%v); the page-limit tests (storetest.OpenFull) cover a full disk", err)
	}
	tb.Cleanup(func() {
		// Detached, so that a file still open (a child process's database)
		// does not keep the mount busy.
		if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
			tb.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

// Fill writes the file at path until its device has no space left;
// removing the file frees the space again.
func Fill(tb testing.TB, path string) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	block := make([]byte, 4096)
	for {
		if _, err := f.Write(block); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				return
			}
			tb.Fatal(err)
		}
	}
}

// EmptyLog empties the write-ahead log of the database at path, which may
// be open elsewhere. SQLite reuses the log's space once it has been copied
// into the database, so on a full disk a commit fails only when the log
// must grow: a test that fills the disk under an open database empties the
// log first, or a commit may fit in space the log already had.
func EmptyLog(tb testing.TB, path string) {
	tb.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	// Another checkpoint running at the same moment (a commit's) makes this
	// one busy at once, whatever the busy timeout: try again.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var busy, logged, copied int
		err := db.QueryRow("PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logged, &copied)
		if err == nil && busy == 0 {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("empty the write-ahead log of %s: busy %d, %v", path, busy, err)
		}
	}
}

// MountReadOnly remounts dir, a SmallDisk, read-only: a read-only file
// system for real, which binds root too. It is mounted read-write again
// when the test ends, before SmallDisk unmounts it.
func MountReadOnly(tb testing.TB, dir string) {
	tb.Helper()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		tb.Fatalf("remount %s read-only: %v", dir, err)
	}
	tb.Cleanup(func() {
		if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_REMOUNT, ""); err != nil {
			tb.Errorf("remount %s read-write: %v", dir, err)
		}
	})
}

// BindReadOnly mounts dir on itself read-only (mount --bind, then
// remount ro): a read-only bind mount, as a container's ":ro" volume is,
// where the file system itself stays writable elsewhere. Unlike a file
// system mounted read-only, it lets the kernel refuse a write to a file
// with the immutable attribute for the attribute (EPERM) before the mount
// (EROFS). It is unmounted when the test ends, before cleanups registered
// earlier run (the attribute's removal, TempDir's); where mounting is not
// allowed it skips the test.
func BindReadOnly(tb testing.TB, dir string) {
	tb.Helper()
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND, ""); err != nil {
		tb.Skipf("cannot bind-mount %s here (%v)", dir, err)
	}
	tb.Cleanup(func() {
		if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
			tb.Errorf("unmount %s: %v", dir, err)
		}
	})
	if err := syscall.Mount("", dir, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
		tb.Fatalf("remount the bind mount %s read-only: %v", dir, err)
	}
}
