//go:build linux || darwin || freebsd

package store

import sys "golang.org/x/sys/unix"

// freeSpace is how many bytes an unprivileged writer may still use on the
// file system holding dir; ok is false when it cannot be told.
func freeSpace(dir string) (free uint64, ok bool) {
	var st sys.Statfs_t
	if err := sys.Statfs(dir, &st); err != nil {
		return 0, false
	}
	avail := int64(st.Bavail) // signed on some systems, where it can dip below 0
	if avail < 0 {
		return 0, true
	}
	return uint64(avail) * uint64(st.Bsize), true
}
