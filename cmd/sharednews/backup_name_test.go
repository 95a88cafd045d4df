package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackupOverTheDatabasesOwnFiles: `backup DATABASE-run.lock` wrote
// the copy under the run lock's name, which the next `run` truncated to
// write its process ID in, and `backup DATABASE-wal` was refused as a file
// that "already exists" that the operator could not see once the command
// had ended. A backup named as the database or a file of its own is
// refused in a sentence naming what the file is, and nothing is written.
func TestBackupOverTheDatabasesOwnFiles(t *testing.T) {
	cfg, db := writeConfig(t, "")
	if _, _, err := runCLI(t, "", "--config", cfg, "migrate"); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, want string }{
		{db, "is the database itself"},
		{filepath.Join(filepath.Dir(db), ".", filepath.Base(db)), "is the database itself"},
		{db + "-wal", "is the database's own -wal file"},
		{db + "-shm", "is the database's own -shm file"},
		{db + "-journal", "is the database's own -journal file"},
		{db + "-run.lock", "is the database's own -run.lock file"},
	} {
		_, _, err := runCLI(t, "", "--config", cfg, "backup", tc.name)
		if err == nil || !strings.Contains(err.Error(), tc.name+" "+tc.want) || !strings.Contains(err.Error(), "nothing was written") {
			t.Errorf("backup %s: %v\nwant it refused, saying it %s", tc.name, err, tc.want)
		}
		if tc.name != db {
			if _, err := os.Stat(tc.name); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("backup %s left a file there (%v)", tc.name, err)
			}
		}
	}
	after, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("a refused backup changed the database")
	}
	// A name beside them that is not the database's is a backup as any.
	if _, _, err := runCLI(t, "", "--config", cfg, "backup", db+"-copy"); err != nil {
		t.Errorf("backup %s-copy: %v", db, err)
	}
}
