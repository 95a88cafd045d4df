package store_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestDamageFoundWhileRunningIsSaidAndKept: a database damaged after it
// was opened (pages overwritten) failed every read that reached the
// damage with SQLite's bare "database disk image is malformed (11)",
// which named neither the file nor a way out, and the readiness probe's
// SELECT 1, which reads no table, went on answering ready. The read now
// fails with a *store.DamagedError naming the file and the remedies (a
// backup, sqlite3's .recover), the sentence Open refuses a damaged file
// with, and Ping answers it from then on, though SELECT 1 still works.
func TestDamageFoundWhileRunningIsSaidAndKept(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bot.db")
	s := storetest.Open(t, path)
	var stories []digest.Story
	for i := range 300 {
		stories = append(stories, digest.Story{URL: fmt.Sprintf("https://example.org/%d", i), Headline: fmt.Sprintf("Councils share services, part %d", i),
			Summary: strings.Repeat("A summary of some length. ", 8), Sector: "health", State: digest.StateQueued})
	}
	if err := s.AddStories(ctx, stories); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Story(ctx, 150); err != nil {
		t.Fatal(err) // in a connection's cache, which the damage must not hide
	}
	storetest.DamageTable(t, path, "stories")
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Ping before anything read the damage: %v", err)
	}

	_, err := s.Story(ctx, 150)
	var damaged *store.DamagedError
	if !errors.As(err, &damaged) || damaged.Path != path {
		t.Fatalf("a read of the damaged table: %v, want a *store.DamagedError naming %s", err, path)
	}
	for _, want := range []string{"the database " + path + " is damaged (database disk image is malformed (11))", "restore it from a backup", "sqlite3 " + path + " .recover"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the read's error %q lacks %q", err, want)
		}
	}
	if err := s.Ping(ctx); !errors.As(err, &damaged) {
		t.Errorf("Ping after a read met the damage: %v, want the *store.DamagedError", err)
	}
	// A write meets it too, and says the same.
	_, err = s.Submit(ctx, store.Submission{Story: digest.Story{URL: "https://example.org/new", Headline: "New", Sector: "health",
		Submitter: digest.Person{Platform: "slack", ID: "U1", Name: "ana"}}, Limit: 100})
	if !errors.As(err, &damaged) {
		t.Errorf("a write to the damaged table: %v, want a *store.DamagedError", err)
	}
}

// TestDamagedSentenceQuotesThePathForTheShell: the remedy the sentence
// gives is a command to paste, and a path with a space, a quote or a
// dollar in it (a council's "Shared News/bot.db") was written bare, so the
// shell cut it in two or expanded it and sqlite3 opened another file. The
// path is now single-quoted wherever it has anything a shell reads, and
// stays as it is when it has not.
func TestDamagedSentenceQuotesThePathForTheShell(t *testing.T) {
	for path, want := range map[string]string{
		"/var/lib/sharednews/bot.db":   "`sqlite3 /var/lib/sharednews/bot.db .recover",
		"/srv/Shared News/bot.db":      "`sqlite3 '/srv/Shared News/bot.db' .recover",
		"/srv/editor's $HOME/bot.db":   `sqlite3 '/srv/editor'\''s $HOME/bot.db' .recover`,
		"C:/Shared-News_1/bot+2024.db": "`sqlite3 C:/Shared-News_1/bot+2024.db .recover",
		"/srv/news;rm -rf ~/bot.db":    "`sqlite3 '/srv/news;rm -rf ~/bot.db' .recover",
		"/srv/news/`date`/bot.db":      "sqlite3 '/srv/news/`date`/bot.db' .recover",
		"/srv/news/*.db":               "sqlite3 '/srv/news/*.db' .recover",
		"":                             "sqlite3 '' .recover",
	} {
		msg := (&store.DamagedError{Path: path, Detail: "page 4: btree damaged"}).Error()
		if !strings.Contains(msg, want) {
			t.Errorf("the sentence for %q is %q, want it to contain %q", path, msg, want)
		}
		if !strings.Contains(msg, "the database "+path+" is damaged") {
			t.Errorf("the sentence for %q is %q, want the path as it is in its first words", path, msg)
		}
	}
}
