package runlock

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/store/storetest"
)

// TestAFullDiskIsNamed: `run` on a database whose disk is full is refused
// in the store's sentence for a full disk, not "run lock: write
// …-run.lock: write …-run.lock: no space left on device": the lock file
// is made (a full tmpfs still has inodes) but run cannot record itself
// in it, the first thing it writes.
func TestAFullDiskIsNamed(t *testing.T) {
	dir := storetest.SmallDisk(t, "1m")
	db := filepath.Join(dir, "news.db")
	storetest.Fill(t, filepath.Join(dir, "filler"))
	l, err := Acquire(db, Holder{})
	if err == nil {
		l.Release()
		t.Fatal("Acquire on a full disk succeeded")
	}
	lock := Path(db)
	for _, want := range []string{"no space left on the device of " + lock, "free some space"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Acquire on a full disk = %q, want it to say %q", err, want)
		}
	}
	if strings.Count(err.Error(), lock) > 1 {
		t.Errorf("Acquire on a full disk = %q names the lock file more than once", err)
	}
}
