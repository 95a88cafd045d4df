package main

import (
	"context"
	"database/sql"
	"strings"
	"testing"
)

// holdWriteLock takes the database's write lock on a connection of its own,
// as another program does that leaves a transaction open (a sqlite3 shell,
// a database browser editing a row), and returns the release.
func holdWriteLock(t *testing.T, db string) (release func()) {
	t.Helper()
	other, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	released := false
	release = func() {
		if released {
			return
		}
		released = true
		if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
			t.Error(err)
		}
		conn.Close()
		other.Close()
	}
	t.Cleanup(release)
	return release
}

// TestDatabaseHeldByAnotherProgram: another program holds the database's
// write lock for longer than the bot waits for it (SQLite's busy timeout).
// The editor is told the database is busy and to try again, not that
// something went wrong on our side (a retry helps, and nothing is the
// operator's to read in the log unless it persists); a command-line import
// says which file is locked and what may hold it. With the lock released,
// the same command goes through, once.
func TestDatabaseHeldByAnotherProgram(t *testing.T) {
	cfg, db := writeConfigFetching(t, true, "")
	console := startConsole(t, cfg)
	console.say("/shared submit "+siteDown(t)+"/a health", "Queued as #1")

	release := holdWriteLock(t, db)
	console.say("/shared approve 1", "The bot's database is busy (another program is holding it), so I couldn't approve the story; nothing was changed. "+
		"Please try again in a minute; if it keeps happening, tell the operator.")

	_, _, err := runCLI(t, "", "--config", cfg, "import", "../../../shared/testdata/digests/2014-05-newsletter.txt")
	if err == nil || !strings.Contains(err.Error(), "the database "+db+" is locked by another program") ||
		!strings.Contains(err.Error(), "nothing was written") {
		t.Errorf("import while the database is held: %v\nwant it to name the locked file and say nothing was written", err)
	}

	// Each command's sentence names the command, as import's does.
	_, _, err = runCLI(t, "", "--config", cfg, "subscribers", "remove", "reader@example.org")
	if err == nil || !strings.HasPrefix(err.Error(), "subscribers remove: ") || !strings.Contains(err.Error(), "is locked by another program") {
		t.Errorf("subscribers remove while the database is held: %v\nwant it to name the command and the locked file", err)
	}

	release()
	console.say("/shared approve 1", "Approved #1")
	out := console.quit()
	if n := strings.Count(out, "Approved #1"); n != 1 {
		t.Errorf("approved %d times:\n%s", n, out)
	}
}
