package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"modernc.org/sqlite"

	"github.com/sharednews/sharednews/digest"
)

// openTest opens a migrated store in a temporary directory with a fixed,
// advanceable clock.
func openTest(t *testing.T) (*Store, *time.Time) {
	t.Helper()
	return openTestWith(t, Options{})
}

// openTestWith is openTest with options (their clock is openTest's).
func openTestWith(t *testing.T, opts Options) (*Store, *time.Time) {
	t.Helper()
	now := time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC)
	opts.Now = func() time.Time { return now }
	return openTestAtWith(t, filepath.Join(t.TempDir(), "test.db"), opts), &now
}

// openWatched is openTest with watchers, for the test to set.
func openWatched(t *testing.T) (*Store, *watchers) {
	t.Helper()
	w := &watchers{}
	s, _ := openTestWith(t, Options{watch: w})
	return s, w
}

// openTestAt opens and migrates the store at path, on the real clock,
// closing it when the test ends.
func openTestAt(t testing.TB, path string) *Store {
	t.Helper()
	return openTestAtWith(t, path, Options{})
}

// openTestAtWith is openTestAt with options.
func openTestAtWith(t testing.TB, path string, opts Options) *Store {
	t.Helper()
	ctx := context.Background()
	s, err := OpenWith(ctx, path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

var ana = digest.Person{Platform: "slack", ID: "U1", Name: "ana"}
var ed = digest.Person{Platform: "slack", ID: "U2", Name: "ed"}

func submit(t *testing.T, s *Store, url, sector string) digest.Story {
	t.Helper()
	st, err := s.Submit(context.Background(), Submission{
		Story: digest.Story{URL: url, Headline: "Headline of " + url, Sector: sector, Submitter: ana},
		Limit: 100,
	})
	if err != nil {
		t.Fatalf("submit %s: %v", url, err)
	}
	return st
}

func TestMigrateIsIdempotentAndReopenable(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	applied, err := s.Migrate(ctx)
	if err != nil || len(applied) != LatestSchemaVersion() {
		t.Fatalf("first migrate: %v, applied %v", err, applied)
	}
	again, err := s.Migrate(ctx)
	if err != nil || len(again) != 0 {
		t.Fatalf("second migrate: %v, applied %v", err, again)
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	var fk int
	if err := s.db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
	}
}

func TestOpenRefusesForeignFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()

	newer := filepath.Join(dir, "newer.db")
	s, err := Open(ctx, newer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, "PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	s.Close()

	other := filepath.Join(dir, "other.db")
	db, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE accounts (id INTEGER)"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// A Shared News database cut short (a copy interrupted, a disk that
	// lost its tail): SQLite finds its pages missing on the first read.
	truncated := filepath.Join(dir, "truncated.db")
	s, err = Open(ctx, truncated)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	s.Close()
	info, err := os.Stat(truncated)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(truncated, info.Size()/2); err != nil {
		t.Fatal(err)
	}

	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("this is not a database ", 400)), 0o600); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct{ path, want string }{
		{newer, "newer release"},
		{other, "another application"},
		// It named the fault only; an operator whose bot.database names
		// another file needs the way out too.
		{garbage, "not a readable SQLite database (file is not a database (26)); check that bot.database names the Shared News database file, or restore it from a backup"},
		// It said "not a readable SQLite database (database disk image
		// is malformed (11))": true, but it is ours, damaged, and the
		// operator needs the way out.
		{truncated, "the database " + truncated + " is damaged (database disk image is malformed (11)); restore it from a backup, " +
			"or save what SQLite can still read with `sqlite3 " + truncated + " .recover | sqlite3 recovered.db`"},
		{dir, "is a directory"},
	} {
		before, _ := os.ReadFile(tc.path)
		s, err := Open(ctx, tc.path)
		if err == nil {
			s.Close()
			t.Errorf("Open(%s) succeeded, want refusal", filepath.Base(tc.path))
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Open(%s) = %v, want it to mention %q", filepath.Base(tc.path), err, tc.want)
		}
		if after, _ := os.ReadFile(tc.path); string(before) != string(after) {
			t.Errorf("Open(%s) changed the file", filepath.Base(tc.path))
		}
	}
}

func TestSubmitDeduplicatesAndLimits(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	first := submit(t, s, "https://example.org/a", "health")
	if first.State != digest.StateQueued || first.ID == 0 || first.Submitter != ana {
		t.Fatalf("submitted story = %+v", first)
	}
	_, err := s.Submit(ctx, Submission{Story: digest.Story{URL: "https://example.org/a", Headline: "again", Sector: "health", Submitter: ed}, Limit: 100})
	var dup *DuplicateError
	if !errors.As(err, &dup) || dup.Existing.ID != first.ID {
		t.Fatalf("duplicate submit: %v", err)
	}
	// The limit counts accepted submissions in the window only.
	_, err = s.Submit(ctx, Submission{Story: digest.Story{URL: "https://example.org/b", Headline: "b", Sector: "health", Submitter: ana}, Limit: 1})
	if !errors.Is(err, ErrRateLimited) {
		t.Fatalf("over the limit: %v", err)
	}
	if _, err := s.StoryByURL(ctx, "https://example.org/b"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("refused submission was stored: %v", err)
	}
	n, err := s.QueueSize(ctx)
	if err != nil || n != 1 {
		t.Fatalf("queue size = %d, %v", n, err)
	}
}

func TestApproveRejectPublish(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	a := submit(t, s, "https://example.org/a", "health")
	b := submit(t, s, "https://example.org/b", "housing")
	c := submit(t, s, "https://example.org/c", "health")

	if _, err := s.Publish(ctx, Publication{Title: "t"}); !errors.Is(err, ErrEmptyDraft) {
		t.Fatalf("publish with no draft: %v", err)
	}
	if _, err := s.Approve(ctx, Decision{StoryID: a.ID, By: ed}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Approve(ctx, Decision{StoryID: b.ID, By: ed, Sector: "local-government"}); err != nil {
		t.Fatal(err)
	}
	var se *StateError
	if _, err := s.Approve(ctx, Decision{StoryID: a.ID, By: ed}); !errors.As(err, &se) || se.Story.State != digest.StateApproved {
		t.Fatalf("second approve: %v", err)
	}
	if _, err := s.Reject(ctx, Decision{StoryID: c.ID, By: ed, Reason: "off topic"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Approve(ctx, Decision{StoryID: c.ID, By: ed, Waiting: true}); !errors.As(err, &se) || se.Story.State != digest.StateRejected {
		t.Fatalf("approving a rejected story from a waiting card: %v", err)
	}
	if _, err := s.Approve(ctx, Decision{StoryID: 999, By: ed}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("approving a missing story: %v", err)
	}

	draft, err := s.Draft(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(draft.Stories) != 2 || draft.Stories[0].ID != a.ID || draft.Stories[1].Sector != "local-government" {
		t.Fatalf("draft stories = %+v", draft.Stories)
	}

	if _, err := s.Subscribe(ctx, Subscription{Platform: "slack", ChannelID: "C1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Subscribe(ctx, Subscription{Platform: "slack", ChannelID: "C2", Sectors: []string{"education"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Subscribe(ctx, Subscription{Platform: "discord", ChannelID: "D1", Sectors: []string{"health", "education"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetIntro(ctx, "A busy week."); err != nil {
		t.Fatal(err)
	}
	if n, err := s.NextEditionNumber(ctx); err != nil || n != 1 {
		t.Fatalf("the first draft's number before publishing = %d, %v; want 1", n, err)
	}
	pub, err := s.Publish(ctx, Publication{Title: "News from 19th November 2026", Date: time.Date(2026, 11, 19, 0, 0, 0, 0, time.UTC), Footer: "Bye"})
	if err != nil {
		t.Fatal(err)
	}
	e := pub.Edition.Edition
	if e.Number != 1 || e.State != digest.EditionPublished || e.Intro != "A busy week." || e.Footer != "Bye" || e.Date.Day() != 19 {
		t.Fatalf("published edition = %+v", e)
	}
	states := map[string]DeliveryState{}
	for _, d := range pub.Deliveries {
		states[d.ChannelID] = d.State
	}
	if states["C1"] != DeliveryPending || states["C2"] != DeliverySkipped || states["D1"] != DeliveryPending {
		t.Fatalf("deliveries = %+v", pub.Deliveries)
	}
	got, err := s.Story(ctx, a.ID)
	if err != nil || got.State != digest.StatePublished || got.EditionNumber != 1 {
		t.Fatalf("published story = %+v, %v", got, err)
	}
	if _, err := s.EditStory(ctx, a.ID, StoryEdit{Headline: ptr("changed")}); !errors.As(err, &se) {
		t.Fatalf("editing a published story: %v", err)
	}
	// A second publish finds no draft and changes nothing.
	if _, err := s.Publish(ctx, Publication{Title: "again"}); !errors.Is(err, ErrEmptyDraft) {
		t.Fatalf("second publish: %v", err)
	}
	latest, err := s.LatestEdition(ctx)
	if err != nil || latest.Edition.Number != 1 {
		t.Fatalf("latest = %+v, %v", latest.Edition, err)
	}
	d := submit(t, s, "https://example.org/d", "health")
	if _, err := s.Approve(ctx, Decision{StoryID: d.ID, By: ed}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.NextEditionNumber(ctx); err != nil || n != 2 {
		t.Fatalf("the second draft's number before publishing = %d, %v; want 2", n, err)
	}
	pub2, err := s.Publish(ctx, Publication{Title: "second"})
	if err != nil || pub2.Edition.Edition.Number != 2 || len(pub2.Edition.Stories) != 1 {
		t.Fatalf("second edition = %+v, %v", pub2.Edition, err)
	}
}

func TestRejectApprovedLeavesDraft(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	a := submit(t, s, "https://example.org/a", "health")
	if _, err := s.Approve(ctx, Decision{StoryID: a.ID, By: ed}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Reject(ctx, Decision{StoryID: a.ID, By: ed}); err != nil {
		t.Fatal(err)
	}
	draft, err := s.Draft(ctx)
	if err != nil || len(draft.Stories) != 0 {
		t.Fatalf("draft = %+v, %v", draft.Stories, err)
	}
	if _, err := s.Publish(ctx, Publication{Title: "t"}); !errors.Is(err, ErrEmptyDraft) {
		t.Fatalf("publishing an emptied draft: %v", err)
	}
}

func TestSearchAndNews(t *testing.T) {
	ctx := context.Background()
	s, now := openTest(t)
	add := func(url, headline, summary, sector string, state digest.State) digest.Story {
		st, err := s.AddStory(ctx, digest.Story{URL: url, Headline: headline, Summary: summary, Sector: sector, State: state})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	a := add("https://e.org/1", "Two councils share a chief executive", "Savings of £500k expected.", "local-government", digest.StateQueued)
	b := add("https://e.org/2", "NHS trusts merge back offices", "Shared executive team.", "health", digest.StateQueued)
	add("https://e.org/3", "Chief executive resigns", "Rejected story.", "health", digest.StateQueued)
	add("https://e.org/4", "Devolution deal signed for the north", "Newswire only.", "local-government", digest.StateNewswire)
	for _, st := range []digest.Story{a, b} {
		*now = now.Add(time.Minute)
		if _, err := s.Approve(ctx, Decision{StoryID: st.ID, By: ed}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Reject(ctx, Decision{StoryID: 3, By: ed}); err != nil {
		t.Fatal(err)
	}

	found := matchHeadlines(t, s, allWords("chief executive"))
	if !slices.Equal(found, []string{a.Headline}) {
		t.Fatalf("search chief executive = %q (rejected and queued stories are not searchable)", found)
	}
	if found = matchHeadlines(t, s, allWords("DEVOLUTION")); len(found) != 1 {
		t.Fatalf("newswire stories should be searchable: %q", found)
	}

	latest, err := s.LatestStories(ctx, "", 5)
	if err != nil || len(latest) != 2 || latest[0].ID != b.ID {
		t.Fatalf("latest = %v, %v", headlines(latest), err)
	}
	latest, _ = s.LatestStories(ctx, "health", 5)
	if len(latest) != 1 || latest[0].ID != b.ID {
		t.Fatalf("latest health = %v", headlines(latest))
	}
	counts, err := s.SectorCounts(ctx)
	if err != nil || counts["health"] != 1 || counts["local-government"] != 1 {
		t.Fatalf("counts = %v, %v", counts, err)
	}
}

func TestSubscriptions(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if err := s.Unsubscribe(ctx, "slack", "C1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unsubscribe unknown: %v", err)
	}
	if _, err := s.Subscribe(ctx, Subscription{Platform: "slack", ChannelID: "C1", Sectors: []string{"health"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Subscribe(ctx, Subscription{Platform: "slack", ChannelID: "C1"}); err != nil {
		t.Fatal(err)
	}
	sub, err := s.Subscription(ctx, "slack", "C1")
	if err != nil || len(sub.Sectors) != 0 {
		t.Fatalf("resubscribe should replace the filter: %+v, %v", sub, err)
	}
	if err := s.Unsubscribe(ctx, "slack", "C1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Subscription(ctx, "slack", "C1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after unsubscribe: %v", err)
	}
}

func TestBackupIsConsistentCopy(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	submit(t, s, "https://example.org/a", "health")
	dest := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, dest); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("second backup over the same file: %v", err)
	}
	copyStore, err := Open(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	defer copyStore.Close()
	if _, err := copyStore.StoryByURL(ctx, "https://example.org/a"); err != nil {
		t.Fatalf("story missing from backup: %v", err)
	}
}

func headlines(ss []digest.Story) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Headline
	}
	return out
}

func ptr(s string) *string { return &s }

func TestAddStoriesIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	submit(t, s, "https://example.org/taken", "health")
	batch := []digest.Story{
		{URL: "https://example.org/new", Headline: "new", Sector: "health", State: digest.StatePublished, DecidedAt: time.Unix(1000, 0)},
		{URL: "https://example.org/taken", Headline: "dup", Sector: "health", State: digest.StatePublished},
	}
	var dup *DuplicateError
	if err := s.AddStories(ctx, batch); !errors.As(err, &dup) {
		t.Fatalf("batch with a duplicate: %v", err)
	}
	if _, err := s.StoryByURL(ctx, "https://example.org/new"); !errors.Is(err, ErrNotFound) {
		t.Fatal("half a batch was stored")
	}
	if err := s.AddStories(ctx, batch[:1]); err != nil {
		t.Fatal(err)
	}
	got, err := s.StoryByURL(ctx, "https://example.org/new")
	if err != nil || got.DecidedAt.Unix() != 1000 || got.State != digest.StatePublished {
		t.Fatalf("stored = %+v, %v", got, err)
	}
}

// TestPreparedStatementsCloseWithTheStore: the queries that go through the
// statement cache work when repeated, Close releases them without error,
// and a closed store answers with an error rather than a stale statement.
func TestPreparedStatementsCloseWithTheStore(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	if err := s.AddStories(ctx, []digest.Story{{URL: "https://e.org/p", Headline: "Payroll shared", Sector: "health", State: digest.StatePublished}}); err != nil {
		t.Fatal(err)
	}
	written := len(s.stmts) // the writes' own statements
	for range 3 {
		if got, err := s.LatestStories(ctx, "health", 5); err != nil || len(got) != 1 {
			t.Fatalf("latest = %v, %v", headlines(got), err)
		}
		if got, err := s.SearchMatches(ctx, allWords("payroll"), 5); err != nil || len(got) != 1 {
			t.Fatalf("search = %v, %v", got, err)
		}
	}
	if n := len(s.stmts) - written; n != 2 {
		t.Errorf("%d statements cached by the reads, want 2 (one per query text)", n)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if len(s.stmts) != 0 {
		t.Errorf("statements left after close: %d", len(s.stmts))
	}
	if _, err := s.LatestStories(ctx, "health", 5); err == nil {
		t.Error("a closed store answered")
	}
}

// TestPreparedReadsAreCompiledOnce: a read prepared once must not be
// parsed and planned again on each run. SQLite compiles a statement whose
// LIMIT or OFFSET is a bare parameter again whenever that parameter is
// bound anew, and the driver clears the bindings after each run, so such
// a statement cost a search a parse per run as if never prepared. The
// authorizer is asked during every compilation, so it counts them.
func TestPreparedReadsAreCompiledOnce(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	stories := []digest.Story{
		{URL: "https://e.org/1", Headline: "Payroll shared by two councils", Sector: "health", State: digest.StatePublished},
		{URL: "https://e.org/2", Headline: "Payroll shared again", Sector: "health", State: digest.StateApproved},
	}
	if err := s.AddStories(ctx, stories); err != nil {
		t.Fatal(err)
	}
	// One connection, so that every read runs on the one watched.
	s.db.SetMaxOpenConns(1)
	var compiled []string
	conn, err := s.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	err = conn.Raw(func(dc any) error {
		return dc.(*watchedConn).Conn.(sqlite.AuthorizerRegisterer).RegisterAuthorizer(func(action sqlite.AuthorizerActionCode, arg1, arg2, _, _ string) sqlite.AuthorizerReturnCode {
			// FTS5 compiles statements of its own over its shadow
			// tables (story_terms_idx) as it reads the index: not ours.
			if action == sqlite.AuthRead && !strings.HasPrefix(arg1, "story_terms_") {
				compiled = append(compiled, arg1+"."+arg2)
			}
			return sqlite.AuthorizerOK
		})
	})
	conn.Close()
	if err != nil {
		t.Fatal(err)
	}
	period := allWords("payroll")
	period.From, period.To = time.Now().AddDate(0, -1, 0), time.Now().AddDate(0, 1, 0)
	reads := map[string]func(limit int) error{
		"SearchMatches": func(limit int) error {
			_, err := s.SearchMatches(ctx, allWords("payroll"), limit)
			return err
		},
		"SearchMatches of two words": func(limit int) error {
			_, err := s.SearchMatches(ctx, allWords("payroll shared"), limit)
			return err
		},
		"SearchMatches in a period": func(limit int) error {
			_, err := s.SearchMatches(ctx, period, limit)
			return err
		},
		"SearchFiled": func(limit int) error {
			_, err := s.SearchFiled(ctx, "health", false, limit)
			return err
		},
		"SearchFiled, published only": func(limit int) error {
			_, err := s.SearchFiled(ctx, "health", true, limit)
			return err
		},
		"SearchMonth": func(limit int) error {
			_, err := s.SearchMonth(ctx, time.Now(), false, limit)
			return err
		},
		"SearchMonth, published only": func(limit int) error {
			_, err := s.SearchMonth(ctx, time.Now(), true, limit)
			return err
		},
		"Vocabulary": func(limit int) error {
			_, err := s.Vocabulary(ctx, "a", "z", limit)
			return err
		},
		"LatestStories": func(limit int) error {
			_, err := s.LatestStories(ctx, "", limit)
			return err
		},
		"LatestStories in a sector": func(limit int) error {
			_, err := s.LatestStories(ctx, "health", limit)
			return err
		},
		"PublishedEditions": func(limit int) error {
			_, _, err := s.PublishedEditions(ctx, limit-1, limit)
			return err
		},
	}
	for name, read := range reads {
		// Compiled here, once: at a limit that SearchMatches's guess of
		// few matches reads forwards, and at one it reads backwards.
		for _, limit := range []int{5, 1} {
			if err := read(limit); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		compiled = nil
		for limit := 1; limit <= 3; limit++ {
			if err := read(limit); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		if len(compiled) > 0 {
			t.Errorf("%s was compiled again on later runs (%d columns read in compiling: %q)", name, len(compiled), compiled)
		}
	}
}

// TestSubmitLimitForgetsSubmissionsFromAClockSincePutBack: a member's
// submissions recorded while the machine's clock was a year ahead must not
// count in every hour's window until that year has passed: put right, the
// clock sees them in the future, and the member would be refused for a
// year.
func TestSubmitLimitForgetsSubmissionsFromAClockSincePutBack(t *testing.T) {
	ctx := context.Background()
	s, now := openTest(t)
	right := *now
	*now = right.AddDate(1, 0, 0)
	submit(t, s, "https://example.org/ahead", "health")
	*now = right
	_, err := s.Submit(ctx, Submission{Story: digest.Story{URL: "https://example.org/b", Headline: "b", Sector: "health", Submitter: ana},
		Limit: 1, Since: right.Add(-time.Hour)})
	if err != nil {
		t.Errorf("a submission after the clock was put back: %v", err)
	}
	// Within the window, as the clock now reads it, the limit holds.
	_, err = s.Submit(ctx, Submission{Story: digest.Story{URL: "https://example.org/c", Headline: "c", Sector: "health", Submitter: ana},
		Limit: 1, Since: right.Add(-time.Hour)})
	if !errors.Is(err, ErrRateLimited) {
		t.Errorf("over the limit within the window: %v", err)
	}
	// An editor's submission is held to no limit, and still counted.
	_, err = s.Submit(ctx, Submission{Story: digest.Story{URL: "https://example.org/d", Headline: "d", Sector: "health", Submitter: ana},
		Limit: 1, Since: right.Add(-time.Hour), Unlimited: true})
	if err != nil {
		t.Errorf("an unlimited submission over the limit: %v", err)
	}
	if n, err := s.SubmissionsSince(ctx, ana, right.Add(-time.Hour)); err != nil || n != 2 {
		t.Errorf("submissions in the window %d, %v; want 2", n, err)
	}
}
