package storetest

import (
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// ReadOnly takes write permission away from path (a file or a folder) for
// this process until the test ends: chmod, and for root, who ignores
// permissions, the immutable attribute (chattr +i), which binds root too.
// The test is skipped where neither works. The store's read-only database
// and the run lock beside it are both refused with a sentence tested this
// way. It returns how: "chmod", or "immutable" (the refusals then say to
// remove the attribute, chmod being no help).
func ReadOnly(tb testing.TB, path string) (how string) {
	tb.Helper()
	info, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.Chmod(path, info.Mode().Perm()&^0o222); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { os.Chmod(path, info.Mode().Perm()) })
	if !canWrite(path, info.IsDir()) {
		return "chmod" // chmod was enough
	}
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	flags, err := unix.IoctlGetInt(int(f.Fd()), unix.FS_IOC_GETFLAGS)
	if err == nil {
		err = unix.IoctlSetPointerInt(int(f.Fd()), unix.FS_IOC_SETFLAGS, flags|fsImmutable)
	}
	if err != nil {
		tb.Skipf("cannot make %s read-only for this user (%v)", path, err)
	}
	tb.Cleanup(func() {
		g, err := os.Open(path)
		if err != nil {
			tb.Error(err)
			return
		}
		defer g.Close()
		if err := unix.IoctlSetPointerInt(int(g.Fd()), unix.FS_IOC_SETFLAGS, flags); err != nil {
			tb.Errorf("clear the immutable attribute of %s: %v", path, err)
		}
	})
	return "immutable"
}

// fsImmutable is FS_IMMUTABLE_FL of <linux/fs.h>, the flag chattr +i sets.
const fsImmutable = 0x00000010

func canWrite(path string, dir bool) bool {
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
