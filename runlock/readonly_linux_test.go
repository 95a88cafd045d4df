package runlock

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/sharednews/sharednews/store/storetest"
)

// TestAFolderItCannotWriteIsNamed: `run` on a database in a folder it may
// not write (a read-only copy) is refused saying so and what to do, as
// the store says it for the other commands. It said "run lock: open
// …-run.lock: open …-run.lock: permission denied", the lock being the
// first thing run writes.
func TestAFolderItCannotWriteIsNamed(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "news.db")
	if err := os.WriteFile(db, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	storetest.ReadOnly(t, dir)
	l, err := Acquire(db, Holder{})
	if err == nil {
		l.Release()
		t.Fatal("the lock was taken in a folder nobody may write")
	}
	want := "no write permission on the folder " + dir
	if msg := err.Error(); !strings.Contains(msg, want) || strings.Count(msg, "open ") > 0 {
		t.Errorf("error %q, want one saying %q", msg, want)
	}

	// A lock file left by a run as another user (root) names the file.
	dir = t.TempDir()
	db = filepath.Join(dir, "news.db")
	if err := os.WriteFile(Path(db), nil, 0o444); err != nil {
		t.Fatal(err)
	}
	storetest.ReadOnly(t, Path(db))
	if l, err = Acquire(db, Holder{}); err == nil {
		l.Release()
		t.Fatal("the lock was taken in a file nobody may write")
	}
	want = Path(db) + " is read-only for the user running sharednews"
	if msg := err.Error(); !strings.Contains(msg, want) {
		t.Errorf("error %q, want one saying %q", msg, want)
	}
}

// TestReadOnlyLockSaysOneSentence: the run lock's refusals ended with the
// system's words for what they had just said ("…; mount it read-write, or
// move the database: read-only file system"); they end with what to do,
// and a lock file or folder made read-only by the immutable attribute says
// to remove it (chattr -i), chmod being no help.
func TestReadOnlyLockSaysOneSentence(t *testing.T) {
	dir := storetest.SmallDisk(t, "1m")
	db := filepath.Join(dir, "news.db")
	storetest.MountReadOnly(t, dir)
	l, err := Acquire(db, Holder{})
	if err == nil {
		l.Release()
		t.Fatal("the lock was taken on a read-only file system")
	}
	if msg := err.Error(); !strings.HasSuffix(msg, "it is on a read-only file system; mount it read-write, or move the database") {
		t.Errorf("error %q, want it to end with what to do", msg)
	}
	if !errors.Is(err, syscall.EROFS) {
		t.Errorf("error %v does not wrap EROFS", err)
	}

	for _, folder := range []bool{false, true} {
		dir := t.TempDir()
		db := filepath.Join(dir, "news.db")
		target := dir
		if !folder {
			target = Path(db)
			if err := os.WriteFile(target, nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		how := storetest.ReadOnly(t, target)
		l, err := Acquire(db, Holder{})
		if err == nil {
			l.Release()
			t.Fatalf("the lock was taken with %s read-only", target)
		}
		msg := err.Error()
		if strings.HasSuffix(msg, "permission denied") || strings.HasSuffix(msg, "not permitted") {
			t.Errorf("error %q repeats the system's words at its end", msg)
		}
		if how == "immutable" && (!strings.Contains(msg, "chattr -i "+target) || strings.Contains(msg, "make it writable")) {
			t.Errorf("immutable %s: %q, want it to say to remove the attribute with chattr -i", target, msg)
		}
	}
}
