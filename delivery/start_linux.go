//go:build linux

package delivery

import (
	"fmt"
	"os"
	"strings"
)

// processStart is when process pid started, as the kernel counts it (clock
// ticks since boot, field 22 of /proc/PID/stat): a process ID used again
// by another process has another start. ok is false when it cannot be read
// (no such process, or no /proc mounted).
func processStart(pid int) (start string, ok bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return "", false
	}
	// The command's name, field 2, is in brackets and may hold spaces
	// and brackets of its own: the fields are counted after the last
	// closing one, from field 3.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return "", false
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 20 {
		return "", false
	}
	return f[22-3], true
}
