package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// MovedError is a write refused because the database file this Store
// opened is no longer at its path: it was removed, or another file was put
// in its place (a restored backup moved over it, say). SQLite would go on
// writing into the old file, which no name reaches any more and which is
// gone when the process stops, so nothing is written.
type MovedError struct {
	Path string
	How  string // "removed" or "replaced by another file"
	// Log: the file is the database's write-ahead log (Path ends in -wal).
	Log bool
}

func (e *MovedError) Error() string {
	if e.Log {
		// Stopped cleanly, SQLite copies into the database what the
		// process's connections still hold of the removed log; killed, it
		// is lost.
		return fmt.Sprintf("the database's write-ahead log %s was %s while sharednews had it open; nothing was written, "+
			"since other processes no longer see what this one writes: stop sharednews (SIGTERM or Ctrl-C, not kill -9) "+
			"and start it again", e.Path, e.How)
	}
	return fmt.Sprintf("the database file %s was %s while sharednews had it open; nothing was written, "+
		"since it would be lost when this process stops: restart sharednews to use the file now at that path "+
		"(restore it from a backup if it was removed by mistake)", e.Path, e.How)
}

// moved returns a *MovedError when the file at the Store's path, or its
// -wal file, is no longer the one it opened, else nil (also when it cannot
// be told).
func (s *Store) moved() error {
	if s.file == nil {
		return nil
	}
	if err := sameFile(s.path, s.file); err != nil {
		return err
	}
	s.walMu.Lock()
	defer s.walMu.Unlock()
	if s.wal == nil {
		if info, err := os.Stat(s.path + "-wal"); err == nil {
			s.wal = info
		}
		return nil
	}
	if err := sameFile(s.path+"-wal", s.wal); err != nil {
		err.Log = true
		return err
	}
	return nil
}

// sameFile says how the file at path is no longer was (nil when it is,
// or when that cannot be told).
func sameFile(path string, was os.FileInfo) *MovedError {
	now, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &MovedError{Path: path, How: "removed"}
	case err != nil:
		return nil // not ours to judge (a permission); SQLite says what it finds
	case !os.SameFile(was, now):
		return &MovedError{Path: path, How: "replaced by another file"}
	}
	return nil
}

// twoNames refuses a database file with more than one name (hard link).
// SQLite keeps a database's -wal and -shm files by the name it was opened
// by, so processes opening one file by two names keep two write-ahead logs
// and corrupt it; two runs, each holding the run lock of its own name,
// would also deliver every edition twice. info is the file's.
func twoNames(path string, info fs.FileInfo) error {
	if n := links(info); n > 1 {
		return fmt.Errorf("the database file %s has %d names (hard links): SQLite keeps its -wal and -shm files by name, "+
			"so processes using two names would corrupt it; remove the other names (find / -samefile %s lists them; "+
			"`sharednews backup FILE` makes a separate copy first if one of them was meant as one)", path, n, path)
	}
	return nil
}

// DatabaseFile is the file SQLite opens for the database at path:
// symbolic links followed, in the folders and at the name itself, even to a
// file not made yet (SQLite creates it at the link's target, with its -wal
// and -shm files). The store makes its owner-only file and its read-only
// checks there, and runlock puts the run's lock beside it, so that every
// spelling of one database finds the one lock.
//
// The folder is resolved as written, never cleaned first: in
// data/../news.db with data a link, ".." is the folder above data's
// target, as the kernel and SQLite read it, where filepath.Dir's cleaning
// would take it for data's own folder (a second run then held a lock of
// its own on the same database, and the owner-only file was made where
// no database is).
func DatabaseFile(path string) (string, error) {
	name := path
	for range 255 { // as many links as Linux follows
		folder, base := filepath.Split(name)
		if base == "" || base == "." || base == ".." {
			return filepath.EvalSymlinks(name) // a folder: Open refuses it
		}
		if folder == "" {
			folder = "."
		}
		dir, err := filepath.EvalSymlinks(folder)
		if err != nil {
			return "", err
		}
		name = filepath.Join(dir, base)
		target, err := os.Readlink(name)
		if err != nil {
			return name, nil // not a link (or nothing there yet)
		}
		if !filepath.IsAbs(target) {
			target = dir + string(filepath.Separator) + target // as written, for the next round
		}
		name = target
	}
	return "", fmt.Errorf("%s: too many levels of symbolic links", path)
}
