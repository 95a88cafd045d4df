package storetest

import (
	"errors"
	"os"
	"syscall"
	"testing"
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
