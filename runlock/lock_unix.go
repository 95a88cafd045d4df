//go:build unix

package runlock

import (
	"errors"
	"os"
	"syscall"
)

// errLocked is another process holding the lock.
var errLocked = errors.New("locked by another process")

// lockFile takes an exclusive flock on f without waiting.
func lockFile(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) || errors.Is(err, syscall.EAGAIN) {
		return errLocked
	}
	return err
}

func unlockFile(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }

// probeFile takes a shared flock on f without waiting and gives it back:
// errLocked while another file description holds the exclusive lock.
func probeFile(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) || errors.Is(err, syscall.EAGAIN) {
		return errLocked
	}
	if err != nil {
		return err
	}
	return syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
}

// removeLocked removes the locked lock file at path. Unix lets a file be
// removed while it is open and locked.
func removeLocked(path string) error { return os.Remove(path) }
