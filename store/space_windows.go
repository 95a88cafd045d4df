//go:build windows

package store

import "golang.org/x/sys/windows"

// freeSpace is how many bytes this user may still use on the volume
// holding dir; ok is false when it cannot be told.
func freeSpace(dir string) (free uint64, ok bool) {
	name, err := windows.UTF16PtrFromString(dir)
	if err != nil {
		return 0, false
	}
	var avail, total, totalFree uint64
	if err := windows.GetDiskFreeSpaceEx(name, &avail, &total, &totalFree); err != nil {
		return 0, false
	}
	return avail, true
}
