//go:build unix

package main

import (
	"os"
	"runtime"
	"syscall"
)

// childPeakMB is the peak resident memory of a finished child process, in
// MB, from getrusage's ru_maxrss: KiB on Linux and the BSDs, bytes on
// Apple's systems.
func childPeakMB(state *os.ProcessState) (float64, bool) {
	ru, ok := state.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, false
	}
	kib := float64(ru.Maxrss)
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		kib /= 1024
	}
	return kib / 1024, true
}
