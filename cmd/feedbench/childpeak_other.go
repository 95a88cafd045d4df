//go:build !unix

package main

import "os"

// childPeakMB: this system does not report a child process's peak
// resident memory (Windows' rusage has no ru_maxrss).
func childPeakMB(*os.ProcessState) (float64, bool) { return 0, false }
