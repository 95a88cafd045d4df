//go:build !linux

package delivery

// processStart cannot tell when a process started here (no /proc): a
// worker's name then records no start, and a process ID in use again is
// taken for its worker still running, whose lease is waited out.
func processStart(int) (string, bool) { return "", false }
