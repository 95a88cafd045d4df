package main

import (
	"crypto/sha256"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/runlock"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestCheckConfigFindsADatabaseRunCannotWrite: check-config said "configuration is
// valid" for a database in a folder the user may not write, or a database
// file or run lock file read-only, and `run` then refused to start. Now
// check-config says what run would, as a problem of bot.database on its
// line naming the path, and changes nothing. The folder is made read-only
// with chmod; as root, where chmod does not bind, storetest.ReadOnly sets
// the immutable attribute instead (it skips only where it cannot).
func TestCheckConfigFindsADatabaseRunCannotWrite(t *testing.T) {
	for _, tc := range []struct {
		name     string
		prepare  func(t *testing.T, db string) // makes something read-only
		want     string                        // in check-config's line and run's refusal
		dbExists bool
	}{
		{"folder, no database yet", func(t *testing.T, db string) { storetest.ReadOnly(t, filepath.Dir(db)) },
			"no write permission on the folder %DIR", false},
		{"folder, database there", func(t *testing.T, db string) { storetest.ReadOnly(t, filepath.Dir(db)) },
			"no write permission on the folder %DIR", true},
		{"database file", func(t *testing.T, db string) { storetest.ReadOnly(t, db) },
			"cannot write the database %DB: the file is read-only", true},
		{"run lock file", func(t *testing.T, db string) {
			if err := os.WriteFile(runlock.Path(db), nil, 0o644); err != nil {
				t.Fatal(err)
			}
			storetest.ReadOnly(t, runlock.Path(db))
		}, "%DB-run.lock is read-only for the user running sharednews", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, db := writeConfig(t, "")
			if tc.dbExists {
				if _, _, err := runCLI(t, "", "--config", cfg, "migrate"); err != nil {
					t.Fatal(err)
				}
			}
			tc.prepare(t, db)
			want := strings.NewReplacer("%DIR", filepath.Dir(db), "%DB", db).Replace(tc.want)
			before := listDir(t, filepath.Dir(db))
			out, _, err := runCLI(t, "", "--config", cfg, "check-config")
			if err == nil || !strings.Contains(err.Error(), "1 problem found") {
				t.Errorf("check-config: %v, want 1 problem found\n%s", err, out)
			}
			wantAll(t, "check-config", out, []string{cfg + ":2: bot.database: ", want})
			if strings.Contains(out, "configuration is valid") {
				t.Errorf("check-config called it valid:\n%s", out)
			}
			if after := listDir(t, filepath.Dir(db)); after != before {
				t.Errorf("check-config changed the folder: %s, then %s", before, after)
			}
			// What check-config said is what run refuses.
			if _, _, err := runCLI(t, "", "--config", cfg, "run"); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("run: %v, want a refusal saying %q", err, want)
			}
		})
	}
}

// TestCheckConfigPassesADatabaseInUse: a run holding the lock is no
// problem of the configuration, and check-config neither takes nor
// disturbs it.
func TestCheckConfigPassesADatabaseInUse(t *testing.T) {
	cfg, db := writeConfig(t, "")
	if _, _, err := runCLI(t, "", "--config", cfg, "migrate"); err != nil {
		t.Fatal(err)
	}
	lock, err := runlock.Acquire(db, runlock.Holder{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	if out, _, err := runCLI(t, "", "--config", cfg, "check-config"); err != nil || !strings.Contains(out, "configuration is valid") {
		t.Errorf("check-config beside a run: %v\n%s", err, out)
	}
	if err := lock.Check(); err != nil {
		t.Errorf("the run's lock after check-config: %v", err)
	}
}

// TestCheckConfigFindsADatabaseRunRefusesToOpen: check-config called
// "valid" a database a newer release had migrated, and a file of another
// application at bot.database, both of which `run` refuses at start
// (after an upgrade gone back, or a path mistyped onto another program's
// file). Now check-config says it as a problem of bot.database on its
// line, in run's words, and changes nothing: not the file, not its
// folder (no -wal or -shm files made beside it).
func TestCheckConfigFindsADatabaseRunRefusesToOpen(t *testing.T) {
	for _, tc := range []struct {
		name    string
		prepare func(t *testing.T, db *sql.DB)
		want    string
	}{
		{"a newer release's schema", func(t *testing.T, db *sql.DB) {
			if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", store.LatestSchemaVersion()+1)); err != nil {
				t.Fatal(err)
			}
		}, fmt.Sprintf("the database has schema version %d but this Shared News knows only up to %d: a newer release migrated it",
			store.LatestSchemaVersion()+1, store.LatestSchemaVersion())},
		{"another application's file", func(t *testing.T, db *sql.DB) {
			if _, err := db.Exec("CREATE TABLE photos (id INTEGER PRIMARY KEY)"); err != nil {
				t.Fatal(err)
			}
		}, "this file belongs to another application, not Shared News; refusing to touch it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, db := writeConfig(t, "")
			if tc.name == "a newer release's schema" {
				if _, _, err := runCLI(t, "", "--config", cfg, "migrate"); err != nil {
					t.Fatal(err)
				}
			}
			raw, err := sql.Open("sqlite", db)
			if err != nil {
				t.Fatal(err)
			}
			tc.prepare(t, raw)
			if err := raw.Close(); err != nil {
				t.Fatal(err)
			}
			before, listed := fileSum(t, db), listDir(t, filepath.Dir(db))
			out, _, err := runCLI(t, "", "--config", cfg, "check-config")
			if err == nil || !strings.Contains(err.Error(), "1 problem found") {
				t.Errorf("check-config: %v, want 1 problem found\n%s", err, out)
			}
			wantAll(t, "check-config", out, []string{cfg + ":2: bot.database: ", tc.want})
			if strings.Contains(out, "configuration is valid") {
				t.Errorf("check-config called it valid:\n%s", out)
			}
			if after := fileSum(t, db); after != before {
				t.Error("check-config changed the database file")
			}
			if after := listDir(t, filepath.Dir(db)); after != listed {
				t.Errorf("check-config changed the folder: %s, then %s", listed, after)
			}
			// What check-config said is what run refuses.
			if _, _, err := runCLI(t, "", "--config", cfg, "run"); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("run: %v, want a refusal saying %q", err, tc.want)
			}
		})
	}
}

// fileSum is the SHA-256 of the file at path, for telling that it was
// left as it was.
func fileSum(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", sha256.Sum256(b))
}

// listDir is the names in dir, for telling that nothing was made there.
func listDir(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}
