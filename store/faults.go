package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// DiskFullError is a write refused because the device holding the
// database has no space left (or the database reached SQLite's page
// limit). The transaction was rolled back: nothing of it was written, and
// the database is as it was before.
type DiskFullError struct {
	Path string // the database file
	Err  error
}

func (e *DiskFullError) Error() string {
	return fmt.Sprintf("no space left on the device of %s; nothing was written: free some space and try again", e.Path)
}

func (e *DiskFullError) Unwrap() error { return e.Err }

// ReadOnlyError is a database that cannot be written, with the real cause:
// the file itself is read-only, the folder does not let SQLite create the
// -wal and -shm files it keeps beside the database, or the file system is
// mounted read-only.
type ReadOnlyError struct {
	Path   string // the database file
	Reason string // what is read-only and what to do about it, a sentence
	Err    error
}

func (e *ReadOnlyError) Error() string {
	return fmt.Sprintf("cannot write the database %s: %s", e.Path, e.Reason)
}

func (e *ReadOnlyError) Unwrap() error { return e.Err }

// BusyError is a write that gave up waiting for the database: another
// program held its write lock for longer than the busy timeout (a sqlite3
// shell or a database browser left in a transaction, say). The
// transaction was rolled back: nothing of it was written, and trying again
// once the lock is let go succeeds.
type BusyError struct {
	Path string // the database file
	Err  error
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("the database %s is locked by another program, for longer than the %s a write waits; nothing was written: "+
		"try again, and if it keeps happening find what holds it open in a transaction (a sqlite3 shell or a database browser, say)",
		e.Path, BusyTimeout)
}

func (e *BusyError) Unwrap() error { return e.Err }

// sqliteCode is the primary SQLite result code in err's chain, or 0.
func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() & 0xff
	}
	return 0
}

// sqliteError is SQLite's own error in err's chain, without the words
// wrapped around it, or err when there is none.
func sqliteError(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se
	}
	return err
}

// isBusy reports whether err is SQLite saying another connection is in
// the way: it holds a lock this one needs, or changed the schema (a
// migration) under a statement this one was running.
func isBusy(err error) bool {
	c := sqliteCode(err)
	return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED || c == sqlite3.SQLITE_SCHEMA
}

// fault is classify for the Store's database, remembering a full disk for
// the readiness probe.
func (s *Store) fault(err error) error {
	err = classify(s.path, err)
	if errors.As(err, new(*DiskFullError)) {
		s.health.diskFull(s.now())
	}
	return err
}

// classify turns the errors an operator must act on into their typed form:
// a full disk into a *DiskFullError, a write refused as read-only into a
// *ReadOnlyError naming what is read-only, a lock held past the busy
// timeout into a *BusyError. Anything else is returned as it is.
func classify(path string, err error) error {
	if err == nil || errors.As(err, new(*DiskFullError)) || errors.As(err, new(*ReadOnlyError)) || errors.As(err, new(*BusyError)) {
		return err
	}
	switch code := sqliteCode(err); {
	case code == sqlite3.SQLITE_FULL || errors.Is(err, syscall.ENOSPC):
		return &DiskFullError{Path: path, Err: err}
	case code == sqlite3.SQLITE_IOERR && deviceFull(path):
		// SQLite reports some writes that found no space (growing the
		// -shm file, a sync) as I/O errors, without the errno.
		return &DiskFullError{Path: path, Err: err}
	case code == sqlite3.SQLITE_BUSY:
		return &BusyError{Path: path, Err: err}
	case code == sqlite3.SQLITE_READONLY:
		if ro := writable(path); ro != nil {
			return ro
		}
		return &ReadOnlyError{Path: path, Reason: "SQLite opened it read-only; check the permissions of the file, its folder and its -wal and -shm files", Err: err}
	}
	return err
}

// lowSpace is the free space under which the device of the database counts
// as full: less than a few WAL commits' worth.
const lowSpace = 1 << 20

// deviceFull reports whether the file system holding path has less than
// lowSpace left, as far as it can be told.
func deviceFull(path string) bool {
	free, ok := freeSpace(filepath.Dir(path))
	return ok && free < lowSpace
}

// writable checks, before SQLite opens path, that Shared News will be able
// to write it: the file (when it exists) opens for writing, and its folder
// takes new files (SQLite creates the -wal and -shm files there), unless
// both of those already exist and open for writing. It returns nil or a
// *ReadOnlyError with the cause. Nothing is changed: the probe file it
// creates in the folder is removed at once.
func writable(path string) *ReadOnlyError {
	if err := openForWriting(path); isReadOnly(err) {
		remedy := Remedy(path, "; make it writable (chmod u+w "+path+") or run as its owner")
		return &ReadOnlyError{Path: path, Reason: readOnlyReason(err, path, "the file is read-only for the user running sharednews"+remedy), Err: err}
	}
	dir := filepath.Dir(path)
	probe, err := os.CreateTemp(dir, ".sharednews-write-check-*")
	if err == nil {
		name := probe.Name()
		probe.Close()
		os.Remove(name)
		return nil
	}
	if !isReadOnly(err) {
		return nil // something else; let SQLite say what
	}
	sidecarsOK := true
	for _, side := range []string{path + "-wal", path + "-shm"} {
		if err := openForWriting(side); err != nil {
			sidecarsOK = false
			if isReadOnly(err) {
				remedy := Remedy(side, "; make it writable or remove it while no process uses the database")
				return &ReadOnlyError{Path: path, Reason: readOnlyReason(err, side, side+" is read-only for the user running sharednews"+remedy), Err: err}
			}
		}
	}
	if sidecarsOK {
		return nil
	}
	remedy := Remedy(dir, "; let the user running sharednews write there, or move the database to a folder it can write")
	return &ReadOnlyError{Path: path, Reason: readOnlyReason(err, dir, "no write permission on the folder "+dir+
		", where SQLite creates the database's -wal and -shm files"+remedy), Err: err}
}

// Remedy is what the sentence of a file or folder that cannot be written
// says to do, after its cause: the chattr attribute's removal when one
// forbids writing it (AttributeHint), else otherwise, which starts with its
// own separator ("; make it writable…").
func Remedy(path, otherwise string) string {
	if hint := AttributeHint(path); hint != "" {
		return ": " + hint
	}
	return otherwise
}

// AttributeHint says, for a file or folder that cannot be written, that a
// chattr attribute forbids it and how to remove it, or "" when none does.
// chmod cannot help there: the immutable attribute (chattr +i) binds
// every user, root too, and a backup tool or an administrator's
// "protection" may have set it.
func AttributeHint(path string) string {
	switch attribute(path) {
	case "i":
		return "it has the immutable attribute (chattr +i), which binds every user, root too; remove it with chattr -i " + path
	case "a":
		return "it has the append-only attribute (chattr +a), which binds every user, root too; remove it with chattr -a " + path
	}
	return ""
}

// CheckWritable is Open's check that the database at path can be written,
// for `sharednews check-config`, without opening it: nil, or a
// *ReadOnlyError naming what is read-only and what to do. Nothing is
// changed.
func CheckWritable(path string) error {
	file, err := DatabaseFile(path)
	if err != nil {
		return nil // Open leaves it to SQLite to say; so does the check
	}
	if ro := writable(file); ro != nil {
		return ro
	}
	return nil
}

// isReadOnly reports whether err refused a write for lack of permission or
// on a read-only file system.
func isReadOnly(err error) bool {
	return err != nil && (errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) || errors.Is(err, syscall.EPERM))
}

// openForWriting opens name for writing and closes it, changing nothing.
func openForWriting(name string) error {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	return f.Close()
}

// readOnlyReason is why name (the file or folder written) could not be
// written, given the error of the attempt: a file system mounted
// read-only has its own sentence, since no chmod or chattr helps, else
// permission.
func readOnlyReason(err error, name, permission string) string {
	if onReadOnlyMount(err, name) {
		return "it is on a read-only file system; mount it read-write, or move the database"
	}
	return permission
}

// onReadOnlyMount reports whether name, refused writing with err, is on a
// read-only mount. The error alone does not always say: on a read-only
// bind mount (a container's ":ro" volume) the kernel refuses a file with
// the immutable attribute for the attribute (EPERM) before it looks at
// the mount (EROFS), and chattr -i cannot run there either. A name that
// does not exist (a -wal file not made yet) is on its folder's mount.
func onReadOnlyMount(err error, name string) bool {
	if errors.Is(err, syscall.EROFS) {
		return true
	}
	if ro, ok := mountReadOnly(name); ok {
		return ro
	}
	ro, _ := mountReadOnly(filepath.Dir(name))
	return ro
}

// onReadOnlyMount reports whether the database cannot be written because
// its file system is mounted read-only, rather than for a permission or
// an attribute: SQLite may then read it as immutable (openReadOnly).
func (e *ReadOnlyError) onReadOnlyMount() bool {
	return onReadOnlyMount(e.Err, e.Path)
}

// health is what the readiness probe needs to know of the writes the
// Store has seen. It is safe for concurrent use.
type health struct {
	mu        sync.Mutex
	fullSince time.Time // zero unless the last write that ended failed for a full disk
	fullCount int64
	damage    *DamagedError // the first damage a connection met; nil if none
}

// damaged remembers the first damage a connection met.
func (h *health) damaged(err *DamagedError) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.damage == nil {
		h.damage = err
	}
}

// damagedBy is the first damage a connection met, or nil.
func (h *health) damagedBy() *DamagedError {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.damage
}

func (h *health) diskFull(now time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.fullSince.IsZero() {
		h.fullSince = now
	}
	h.fullCount++
}

func (h *health) wrote() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.fullSince = time.Time{}
}

func (h *health) full() (time.Time, int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.fullSince, h.fullCount
}

// DiskFullEvents counts the writes refused for a full disk since the Store
// was opened, for /metrics.
func (s *Store) DiskFullEvents() int64 {
	_, n := s.health.full()
	return n
}
