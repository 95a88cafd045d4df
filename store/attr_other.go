//go:build !linux

package store

// attribute is "" where files have no chattr attributes.
func attribute(string) string { return "" }

// mountReadOnly cannot tell here: the write's own error (EROFS) says when
// the file system is read-only.
func mountReadOnly(string) (ro, ok bool) { return false, false }
