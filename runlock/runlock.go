// Package runlock makes sure that one database has one `sharednews run`:
// the process that schedules, polls and delivers. A second run on the same
// database finds the lock taken and is told who holds it.
//
// The lock is an operating-system advisory lock (flock on Unix, LockFileEx
// on Windows) on a file beside the database, "DATABASE-run.lock", in which
// the holder writes who it is (process ID, host, since when) for the
// message a second run gives. The kernel drops such a lock when its
// process ends in any way, kill -9 and a crash included, so there is no
// stale lock to clean up: the next run simply takes it. What is in the file
// matters only while it is locked. A run that made the file removes it when
// it lets go (on Unix), so that a run refused after taking the lock (a file
// that is no database) leaves the folder as it found it; one killed leaves
// it, and a file that was there before stays.
//
// It is a separate file, not the database, because SQLite takes its own
// locks on the database file, and on a network file system Linux emulates
// flock with the same byte-range locks SQLite uses, which would then shut
// out every other process (the console, import) rather than only a second
// run. Where file locks do not reach across machines (some network file
// systems), neither does the lock; SQLite's WAL mode needs a local disk
// anyway.
package runlock

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/sharednews/sharednews/store"
)

// Holder is who holds the lock, as recorded in the lock file.
type Holder struct {
	PID     int       `json:"pid"`
	Host    string    `json:"host"`
	Since   time.Time `json:"since"`
	Version string    `json:"version,omitempty"`
	// Schema is the database schema version the holder's release works
	// with (0: not recorded, a release from before it was): a command of a
	// newer release must not migrate the database under it.
	Schema int `json:"schema,omitempty"`
}

// String names the holder for people: "process 1234 on web-1 since
// 2026-11-28 10:05:03 UTC".
func (h Holder) String() string {
	if h.PID == 0 {
		return "another process (it has not written its details yet)"
	}
	s := fmt.Sprintf("process %d on %s", h.PID, h.Host)
	if !h.Since.IsZero() {
		s += " since " + h.Since.UTC().Format("2006-01-02 15:04:05 MST")
	}
	return s
}

// HeldError is Acquire finding the lock held by another process.
type HeldError struct {
	// Database is the database as Canonical names it, not as the
	// configuration spelled it: "news.db", "./news.db" and a path through
	// a link are one file, and the refusal names that file in the same
	// words whichever the second run was given, as it names its lock file.
	Database string
	File     string // the lock file
	Holder   Holder
}

func (e *HeldError) Error() string {
	return fmt.Sprintf("the database %s is already in use by another `sharednews run`: %s (lock file %s). "+
		"Only one run may schedule and deliver per database; stop that one first. "+
		"console, preview, import, ingest and the other commands may run beside it",
		e.Database, e.Holder, e.File)
}

// Lock is a held run lock. Release it when run ends; if the process dies
// instead, the operating system releases it.
type Lock struct {
	file *os.File
	path string
	db   string
	made bool // this Acquire created the file at path
}

// Path is the lock file beside database.
func Path(database string) string { return database + "-run.lock" }

// Acquire takes the run lock of database for the calling process, recording
// holder (whose PID, host and time are filled in when zero). It fails at
// once, with a *HeldError naming the holder, when another process has it.
func Acquire(database string, holder Holder) (*Lock, error) {
	abs, err := Canonical(database)
	if err != nil {
		return nil, fmt.Errorf("run lock for %s: %w", database, err)
	}
	path := Path(abs)
	if holder.PID == 0 {
		holder.PID = os.Getpid()
	}
	if holder.Host == "" {
		holder.Host, _ = os.Hostname()
	}
	if holder.Since.IsZero() {
		holder.Since = time.Now()
	}
	for range 10 {
		f, made, err := openOrMake(path)
		if err != nil {
			return nil, openError(path, err)
		}
		if err := lockFile(f); err != nil {
			f.Close()
			if errors.Is(err, errLocked) {
				return nil, &HeldError{Database: abs, File: path, Holder: readHolder(path)}
			}
			return nil, fmt.Errorf("run lock: lock %s: %w", path, err)
		}
		// The file may have been removed and made anew between the open
		// and the lock; a lock on a file no longer at path locks nothing.
		if !samePath(f, path) {
			f.Close()
			continue
		}
		l := &Lock{file: f, path: path, db: abs, made: made}
		if err := l.record(holder); err != nil {
			l.Release()
			return nil, err
		}
		return l, nil
	}
	return nil, fmt.Errorf("run lock: %s keeps being replaced while it is taken", path)
}

// openOrMake opens the lock file at path, making it when there is none,
// and says whether it made it: Release removes only a file its Acquire
// made.
func openOrMake(path string) (*os.File, bool, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err == nil {
		return f, true, nil
	}
	if !errors.Is(err, fs.ErrExist) {
		return nil, false, err
	}
	f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	return f, false, err
}

// CheckWritable says whether Acquire could open or create the lock file of
// database, in the sentences Acquire would refuse it with, for
// `sharednews check-config`. Nothing is changed: a lock file there is
// opened and closed unlocked (a run holding it keeps it), and a missing
// one is tried as a probe file in its folder, removed at once.
func CheckWritable(database string) error {
	abs, err := Canonical(database)
	if err != nil {
		return fmt.Errorf("run lock for %s: %w", database, err)
	}
	path := Path(abs)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err == nil {
		return f.Close()
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return openError(path, err)
	}
	probe, err := os.CreateTemp(filepath.Dir(path), ".sharednews-write-check-*")
	if err != nil {
		return openError(path, err)
	}
	name := probe.Name()
	probe.Close()
	return os.Remove(name)
}

// openError says why the lock file could not be opened. The lock is the
// first thing `run` writes, so a database run cannot write (a read-only
// copy: its folder, or its file system) is refused here, in the same
// sentences as the store's for the other commands.
//
// The sentence ends with what to do, not with the system's words for the
// cause ("…: read-only file system" repeated what it had just said); the
// cause stays wrapped, for errors.Is and for run's log's "err".
func openError(path string, err error) error {
	switch {
	case errors.Is(err, syscall.EROFS):
		return sentence{fmt.Sprintf("run lock: cannot create %s beside the database: it is on a read-only file system; mount it read-write, or move the database",
			path), errors.Unwrap(err)}
	case errors.Is(err, fs.ErrPermission) && fileExists(path):
		remedy := store.Remedy(path, "; make it writable, or remove it while no run uses the database")
		return sentence{fmt.Sprintf("run lock: %s is read-only for the user running sharednews%s", path, remedy), errors.Unwrap(err)}
	case errors.Is(err, fs.ErrPermission):
		remedy := store.Remedy(filepath.Dir(path), "; let the user running sharednews write there, or move the database to a folder it can write")
		return sentence{fmt.Sprintf("run lock: cannot create %s beside the database: no write permission on the folder %s%s",
			path, filepath.Dir(path), remedy), errors.Unwrap(err)}
	}
	return fmt.Errorf("run lock: %w", err) // the *PathError names the file
}

// sentence is an error said in a sentence of its own, wrapping its cause
// without repeating it.
type sentence struct {
	msg   string
	cause error
}

func (s sentence) Error() string { return s.msg }
func (s sentence) Unwrap() error { return s.cause }

func fileExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// Canonical is database as an absolute path with symbolic links resolved,
// as SQLite follows them (store.DatabaseFile), so that two spellings of one
// database share one lock, and a link to a database not made yet has the
// lock the target's name finds later. `backup` compares its copy's name
// with it, so as not to write the copy over the database or a file of its.
//
// A relative name is put after the working folder as written, not with
// filepath.Abs, which cleans ".." away before the links before it are
// resolved: DatabaseFile resolves it as the kernel does.
func Canonical(database string) (string, error) {
	name := database
	switch {
	case runtime.GOOS == "windows":
		// Windows reads ".." off the name before it follows any link,
		// as filepath.Abs does.
		var err error
		if name, err = filepath.Abs(database); err != nil {
			return "", err
		}
	case !filepath.IsAbs(name):
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		name = wd + string(filepath.Separator) + name
	}
	return store.DatabaseFile(name)
}

// record writes the holder into the locked file.
func (l *Lock) record(h Holder) error {
	b, err := json.Marshal(h)
	if err != nil {
		return err
	}
	if err := l.file.Truncate(0); err != nil {
		return l.writeError(err)
	}
	if _, err := l.file.WriteAt(append(b, '\n'), 0); err != nil {
		return l.writeError(err)
	}
	return nil
}

// writeError says why the holder could not be written. A full disk is
// met here first, run's first write: it is said in the store's sentence
// for the other commands. The *PathError names the file.
func (l *Lock) writeError(err error) error {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return fmt.Errorf("run lock: no space left on the device of %s; nothing was written: free some space and try again: %w",
			l.path, errors.Unwrap(err))
	}
	return fmt.Errorf("run lock: %w", err)
}

// readHolder reads who holds the lock file at path. A holder that has just
// taken it may not have written itself yet: it is given a moment.
func readHolder(path string) Holder {
	var h Holder
	for i := range 20 {
		b, err := os.ReadFile(path)
		if err == nil && json.Unmarshal([]byte(strings.TrimSpace(string(b))), &h) == nil && h.PID != 0 {
			return h
		}
		if i < 19 {
			time.Sleep(25 * time.Millisecond)
		}
	}
	return Holder{}
}

// Check reports whether the lock still guards the database: nil while the
// lock file at its path is the one this process locked, else a *HeldError
// naming whoever holds the file now (someone removed or replaced it, and
// another run may have taken the new one). It opens nothing at the path
// while all is well: on file systems that emulate flock with POSIX locks,
// closing any other descriptor of the locked file would release the lock.
func (l *Lock) Check() error {
	if samePath(l.file, l.path) {
		return nil
	}
	if _, err := os.Stat(l.path); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("the run lock file %s was removed: another `sharednews run` could start on %s", l.path, l.db)
	}
	return &HeldError{Database: l.db, File: l.path, Holder: readHolder(l.path)}
}

// Held reports whether a `sharednews run` holds the run lock of database
// now, and who it is, without taking the lock: commands other than run
// ask it before they change what a running run relies on (the schema).
// The look is a shared lock taken and given back at once; a run starting
// in that instant is refused as if another run held the lock.
func Held(database string) (Holder, bool, error) {
	abs, err := Canonical(database)
	if err != nil {
		return Holder{}, false, fmt.Errorf("run lock for %s: %w", database, err)
	}
	path := Path(abs)
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return Holder{}, false, nil // no run has ever run here
	}
	if err != nil {
		return Holder{}, false, fmt.Errorf("run lock: open %s: %w", path, err)
	}
	defer f.Close()
	switch err := probeFile(f); {
	case errors.Is(err, errLocked):
		return readHolder(path), true, nil
	case err != nil:
		return Holder{}, false, fmt.Errorf("run lock: look at %s: %w", path, err)
	}
	return Holder{}, false, nil
}

// File is the lock file.
func (l *Lock) File() string { return l.path }

// Release gives the lock up and clears the holder from the file, or
// removes the file when Acquire made it. The file is removed while it is
// still locked: a run that opened it meanwhile and takes the lock once it
// is given back finds it no longer at its path and makes a new one (as
// Acquire checks), whereas removed after the unlock it could be the file
// another run has just locked.
func (l *Lock) Release() error {
	if l == nil || l.file == nil {
		return nil
	}
	var errs []error
	if samePath(l.file, l.path) {
		errs = append(errs, l.file.Truncate(0))
		if l.made {
			errs = append(errs, removeLocked(l.path))
		}
	}
	errs = append(errs, unlockFile(l.file), l.file.Close())
	l.file = nil
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("run lock: release %s: %w", l.path, err)
	}
	return nil
}

// samePath reports whether f is the file now at path.
func samePath(f *os.File, path string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Stat(path)
	return err == nil && os.SameFile(a, b)
}
