package store

import (
	"os"

	xunix "golang.org/x/sys/unix"
)

// Inode flags of <linux/fs.h> that chattr sets: no permission overrides
// them, not even root's.
const (
	fsImmutable  = 0x00000010 // chattr +i
	fsAppendOnly = 0x00000020 // chattr +a
)

// attribute is the chattr attribute ("i" or "a") that forbids writing path
// as it stands, or "" for none or where it cannot be read.
func attribute(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	flags, err := xunix.IoctlGetInt(int(f.Fd()), xunix.FS_IOC_GETFLAGS)
	switch {
	case err != nil:
		return ""
	case flags&fsImmutable != 0:
		return "i"
	case flags&fsAppendOnly != 0:
		return "a"
	}
	return ""
}

// mountReadOnly reports whether the mount holding path is read-only
// (statfs's ST_RDONLY, which reports the mount's own flag, so a
// read-only bind mount of a writable file system too); ok is false where
// it cannot be told (path does not exist).
func mountReadOnly(path string) (ro, ok bool) {
	var st xunix.Statfs_t
	if err := xunix.Statfs(path, &st); err != nil {
		return false, false
	}
	return st.Flags&xunix.ST_RDONLY != 0, true
}
