//go:build !unix && !windows

package runlock

import (
	"errors"
	"os"
)

// errLocked is another process holding the lock.
var errLocked = errors.New("locked by another process")

// lockFile fails: this system has no advisory file lock the package knows,
// and a lock that cannot be trusted is worse than a clear refusal.
func lockFile(*os.File) error {
	return errors.New("this operating system has no file lock sharednews can use to keep one run per database")
}

func unlockFile(*os.File) error { return nil }

// probeFile finds no lock held: no run can take one on this system.
func probeFile(*os.File) error { return nil }

// removeLocked is never reached: no lock is ever taken here.
func removeLocked(string) error { return nil }
