package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/runlock"
	"github.com/sharednews/sharednews/store"
)

// TestCommandsLeaveTheSchemaToAnOlderRun: an operator installs a new
// release and, before restarting the service, runs `sharednews migrate`
// (or the console, preview, import) while the old `run` still has the
// database. Migrated under it, the old run goes on writing the old way:
// with an old enough run, every story it adds afterwards is never indexed
// for search. Each command refuses instead, naming the run, and the schema
// stays as it was; a run of this release holding the lock (it migrates
// itself) does not stop them.
func TestCommandsLeaveTheSchemaToAnOlderRun(t *testing.T) {
	cfg, db := writeConfig(t, "")
	if _, stderr, err := runCLI(t, "", "--config", cfg, "migrate"); err != nil {
		t.Fatalf("migrate: %v\n%s", err, stderr)
	}
	latest := store.LatestSchemaVersion()
	// The database as the release before left it: without the last
	// migration (0045, the stories with a transliterated name indexed
	// again), which changes rows, not tables, so the version alone says it.
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{fmt.Sprintf("PRAGMA user_version = %d", latest-1)} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()

	old, err := runlock.Acquire(db, runlock.Holder{Host: "web-1", Version: "old"}) // a release from before Schema was recorded
	if err != nil {
		t.Fatal(err)
	}
	digestFile := filepath.Join(realDigests, "2014-05-newsletter.txt")
	for _, args := range [][]string{{"migrate"}, {"console"}, {"preview"}, {"import", digestFile}, {"subscribers", "export"}} {
		_, _, err := runCLI(t, "/shared queue\n", append([]string{"--config", cfg}, args...)...)
		if err == nil {
			t.Errorf("%s beside an older run succeeded", args[0])
			continue
		}
		for _, want := range []string{fmt.Sprintf("schema version %d", latest-1), "a `sharednews run` of an older release is using it",
			fmt.Sprintf("process %d on web-1", os.Getpid()), "nothing was changed"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %v\nwant it to say %q", args[0], err, want)
			}
		}
	}
	if v := schemaVersion(t, db); v != latest-1 {
		t.Fatalf("schema version %d after the refusals, want %d", v, latest-1)
	}
	if err := old.Release(); err != nil {
		t.Fatal(err)
	}

	// A run of this release holds it (and migrates): the console migrates too.
	current, err := runlock.Acquire(db, runlock.Holder{Version: programVersion(), Schema: latest})
	if err != nil {
		t.Fatal(err)
	}
	defer current.Release()
	if out, stderr, err := runCLI(t, "/shared queue\n", "--config", cfg, "console"); err != nil {
		t.Fatalf("console beside a run of this release: %v\n%s\n%s", err, out, stderr)
	}
	if v := schemaVersion(t, db); v != latest {
		t.Errorf("schema version %d after the console, want %d", v, latest)
	}
	if err := current.Check(); err != nil {
		t.Errorf("the run lost its lock to the console: %v", err)
	}
}

// TestAReleaseBeforeTheSchemaRefusesTheDatabase: a council goes back to
// an older release after a bad upgrade, on a database the newer one
// migrated past what the older knows (here: a schema one version ahead
// of this release). Every command refuses in a sentence that says why and
// both ways out (that release, or the backup from before it), and the
// database is left as it was: no table or version changed, as README's
// "Going back" says.
func TestAReleaseBeforeTheSchemaRefusesTheDatabase(t *testing.T) {
	cfg, db := writeConfig(t, "[http]\nlisten = \"127.0.0.1:0\"\n")
	if _, stderr, err := runCLI(t, "/shared submit https://news.example.org/s1\n", "--config", cfg, "migrate"); err != nil {
		t.Fatalf("migrate: %v\n%s", err, stderr)
	}
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	ahead := store.LatestSchemaVersion() + 1
	if _, err := raw.Exec(fmt.Sprintf("PRAGMA user_version = %d", ahead)); err != nil {
		t.Fatal(err)
	}
	schema := func() string {
		t.Helper()
		var v int
		var tables string
		if err := raw.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
			t.Fatal(err)
		}
		if err := raw.QueryRow("SELECT group_concat(name || ':' || sql, ';') FROM sqlite_schema").Scan(&tables); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(v, tables)
	}
	before := schema()
	for _, args := range [][]string{{"migrate"}, {"console"}, {"preview"}, {"ingest"}, {"subscribers", "export"}, {"run"}} {
		_, _, err := runCLI(t, "/shared queue\n", append([]string{"--config", cfg}, args...)...)
		if err == nil {
			t.Errorf("%s on a database of schema %d succeeded", args[0], ahead)
			continue
		}
		for _, want := range []string{fmt.Sprintf("the database has schema version %d but this Shared News knows only up to %d", ahead, ahead-1),
			"a newer release migrated it; run that release, or restore the backup taken before it (refusing to downgrade)"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %v\nwant it to say %q", args[0], err, want)
			}
		}
	}
	if after := schema(); after != before {
		t.Errorf("the refusals changed the database:\nbefore %s\nafter  %s", before, after)
	}
}

// schemaVersion is the schema version recorded in the database at db.
func schemaVersion(t *testing.T, db string) int {
	t.Helper()
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var v int
	if err := raw.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}
