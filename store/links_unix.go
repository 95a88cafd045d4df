//go:build unix

package store

import (
	"io/fs"
	"syscall"
)

// links is how many names (hard links) the file of info has; 0 when it
// cannot be told.
func links(info fs.FileInfo) uint64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 0
}
