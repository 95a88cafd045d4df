package runlock

import (
	"os"
	"path/filepath"
	"strings"
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
