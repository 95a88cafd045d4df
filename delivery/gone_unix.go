//go:build unix

package delivery

import (
	"errors"
	"syscall"
)

// processRunning reports whether a process with ID pid exists here: a
// signal 0 sent to it finds no such process only when there is none (one
// of another user is refused, and exists).
func processRunning(pid int) bool {
	return !errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}
