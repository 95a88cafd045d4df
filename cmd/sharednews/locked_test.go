package main

import (
	"strings"
	"testing"

	"github.com/sharednews/sharednews/store/storetest"
)

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

	release := storetest.HoldWriteLock(t, db)
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
