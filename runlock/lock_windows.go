//go:build windows

package runlock

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// errLocked is another process holding the lock.
var errLocked = errors.New("locked by another process")

// lockRegion is where the lock is taken: one byte far past the holder's
// details, which a locked region would make unreadable on Windows.
const lockRegion = 1 << 40

// lockFile takes an exclusive lock on f without waiting.
func lockFile(f *os.File) error {
	ol := &windows.Overlapped{Offset: uint32(lockRegion & 0xffffffff), OffsetHigh: uint32(lockRegion >> 32)}
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) || errors.Is(err, windows.ERROR_IO_PENDING) {
		return errLocked
	}
	return err
}

func unlockFile(f *os.File) error {
	ol := &windows.Overlapped{Offset: uint32(lockRegion & 0xffffffff), OffsetHigh: uint32(lockRegion >> 32)}
	return windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, ol)
}

// probeFile takes a shared lock on f's lock region without waiting and
// gives it back: errLocked while another handle holds the exclusive lock.
func probeFile(f *os.File) error {
	ol := &windows.Overlapped{Offset: uint32(lockRegion & 0xffffffff), OffsetHigh: uint32(lockRegion >> 32)}
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) || errors.Is(err, windows.ERROR_IO_PENDING) {
		return errLocked
	}
	if err != nil {
		return err
	}
	return windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, ol)
}

// removeLocked leaves the file: Windows does not remove a file another
// handle has open (a run's or a command's look at who holds it), and
// removed after the unlock it could be the file another run has just
// locked. Emptied, it says nothing.
func removeLocked(string) error { return nil }
