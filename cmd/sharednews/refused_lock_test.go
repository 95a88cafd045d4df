package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/runlock"
)

// TestRunRefusedLeavesNoLockFile: `run` on a bot.database that names a
// file which is no database (another program's file, or a wrong path) is
// refused, and leaves the folder as it found it. It used to leave an
// empty DATABASE-run.lock beside the file, made when it took the run
// lock before it opened the database. A lock file that was there before
// stays: an operator may have made it with the permissions wanted.
func TestRunRefusedLeavesNoLockFile(t *testing.T) {
	for _, there := range []bool{false, true} {
		cfg, db := writeConfig(t, "")
		garbage := strings.Repeat("this is not a database ", 400)
		if err := os.WriteFile(db, []byte(garbage), 0o600); err != nil {
			t.Fatal(err)
		}
		if there {
			if err := os.WriteFile(runlock.Path(db), nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		_, _, err := runCLI(t, "", "--config", cfg, "run")
		if err == nil || !strings.Contains(err.Error(), "not a readable SQLite database") {
			t.Fatalf("run on a file that is no database: %v", err)
		}
		if b, _ := os.ReadFile(db); string(b) != garbage {
			t.Error("the refused run changed the file")
		}
		_, statErr := os.Stat(runlock.Path(db))
		if there && statErr != nil {
			t.Errorf("the lock file made beforehand is gone: %v", statErr)
		}
		if !there && statErr == nil {
			entries, _ := os.ReadDir(filepath.Dir(db))
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Errorf("the refused run left %s behind (the folder holds %v)", filepath.Base(runlock.Path(db)), names)
		}
	}
}
