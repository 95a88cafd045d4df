package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// feedRow registers a feed and returns its ID.
func feedRow(t *testing.T, s *Store, url string) int64 {
	t.Helper()
	states, err := s.RegisterFeeds(context.Background(), []FeedRef{{URL: url, Name: url}})
	if err != nil {
		t.Fatal(err)
	}
	return states[0].ID
}

// addWire stores one feed's entries.
func addWire(ctx context.Context, s *Store, feedID int64, entries []NewswireEntry) (NewswireResult, error) {
	res, err := s.AddNewswire(ctx, FeedEntries{FeedID: feedID, Entries: entries})
	if err != nil {
		return NewswireResult{}, err
	}
	return res[0], nil
}

func wire(url, headline, guid string) NewswireEntry {
	return NewswireEntry{
		Story: digest.Story{URL: url, Headline: headline, Source: "Wire", Sector: "other", SuggestedSector: "other", State: digest.StateQueued},
		GUID:  guid,
	}
}

func TestAddNewswireDeduplicates(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	a, b := feedRow(t, s, "https://a.example/rss"), feedRow(t, s, "https://b.example/rss")

	res, err := addWire(ctx, s, a, []NewswireEntry{
		wire("https://news.example/1", "Two councils share a chief executive", "g1"),
		wire("https://news.example/2", "County and city agree joint waste contract", "g2"),
		wire("https://news.example/1", "Same link again in one feed", "g3"),
	})
	if err != nil {
		t.Fatal(err)
	}
	// The third entry is a story of its own (its GUID and headline are)
	// under the first's link: held back as a duplicate of it by link,
	// for editors to see, not counted as known.
	if len(res.Added) != 2 || res.Duplicates != 0 || len(res.HeldBack) != 1 || !res.HeldBack[0].SharesLink() ||
		res.HeldBack[0].Of.ID != res.Added[0].ID || res.Added[0].ID == 0 || res.Added[1].State != digest.StateQueued {
		t.Fatalf("first poll: %+v", res)
	}

	// The same feed again, and another feed carrying the same stories
	// under another link or with its publisher appended.
	res, err = addWire(ctx, s, a, []NewswireEntry{
		wire("https://news.example/1?changed", "Two councils share a chief executive", "g1"),
		wire("https://news.example/3", "A new story", "g4"),
	})
	if err != nil || len(res.Added) != 1 || res.Duplicates != 1 {
		t.Fatalf("second poll: %+v, %v", res, err)
	}
	mirror := wire("https://mirror.example/x", "Two councils share a chief executive - Hastings and St Leonards Observer", "g1")
	mirror.Publisher = "Hastings and St Leonards Observer"
	res, err = addWire(ctx, s, b, []NewswireEntry{
		mirror,
		wire("https://news.example/2", "Different words, same link", "other"),
		wire("https://mirror.example/y", "Something else entirely happened", "g5"),
	})
	if err != nil || len(res.Added) != 1 || res.Duplicates != 1 || len(res.HeldBack) != 1 || res.Added[0].URL != "https://mirror.example/y" {
		t.Fatalf("other feed: %+v, %v", res, err)
	}
	if hb := res.HeldBack[0]; hb.Entry.URL != "https://mirror.example/x" || hb.FeedID != b || hb.Of.ID != 1 ||
		hb.Of.Headline != "Two councils share a chief executive" || hb.ID == 0 {
		t.Errorf("held back %+v", hb)
	}
	// The mirror's GUID now leads straight to the first story, but its
	// link, matched only by headline, was not taken over by it.
	var id int64
	if err := s.db.QueryRowContext(ctx, `SELECT story_id FROM story_keys WHERE kind = 'guid' AND key = ?`,
		strconv.FormatInt(b, 10)+" g1").Scan(&id); err != nil || id != 1 {
		t.Errorf("guid key of the duplicate: %d, %v", id, err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT story_id FROM story_keys WHERE kind = 'url' AND key = 'https://mirror.example/x'`).Scan(&id); err != sql.ErrNoRows {
		t.Errorf("a headline match took over the link: %v", err)
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM stories`).Scan(&n); err != nil || n != 4 {
		t.Errorf("%d stories, want 4 (%v)", n, err)
	}
}

func TestAddNewswireSeveralFeedsAtOnce(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	a, b := feedRow(t, s, "https://a.example/rss"), feedRow(t, s, "https://b.example/rss")
	res, err := s.AddNewswire(ctx,
		FeedEntries{FeedID: a, Entries: []NewswireEntry{
			wire("https://news.example/1", "Two councils share a chief executive", "1"),
			wire("https://news.example/2", "A story only feed A has", "2"),
		}},
		FeedEntries{FeedID: b, Publishers: []string{"The Paper"}, Entries: []NewswireEntry{
			wire("https://other.example/x", "Two councils share a chief executive | The Paper", "1"),
			wire("https://news.example/3", "A story only feed B has", "2"),
		}},
		FeedEntries{FeedID: b},
	)
	if err != nil || len(res) != 3 {
		t.Fatal(res, err)
	}
	if len(res[0].Added) != 2 || res[0].Duplicates != 0 || len(res[1].Added) != 1 || len(res[1].HeldBack) != 1 || res[1].Duplicates != 0 ||
		res[1].Added[0].URL != "https://news.example/3" || len(res[2].Added) != 0 || res[2].Duplicates != 0 {
		t.Errorf("results %+v", res)
	}
	// Feed B's GUID for the shared story leads to feed A's story.
	again, err := addWire(ctx, s, b, []NewswireEntry{wire("https://moved.example/x", "Renamed entirely", "1")})
	if err != nil || len(again.Added) != 0 {
		t.Errorf("%+v, %v", again, err)
	}
}

// TestKeysOutliveTheirStory: a story rejected and then deleted is still
// known by its GUID, its headline and its link. Its link was never
// recorded as a key (stories.url holds it, migration 0014), neither when
// it was stored nor when an entry matched it by that link: the deleted
// row leaves it behind as one.
func TestKeysOutliveTheirStory(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	feed := feedRow(t, s, "https://a.example/rss")
	res, err := addWire(ctx, s, feed, []NewswireEntry{wire("https://news.example/1", "Two councils share a chief executive", "g1")})
	if err != nil || len(res.Added) != 1 {
		t.Fatal(res, err)
	}
	sameLink := wire("https://news.example/1", "The same link under other words", "g2")
	if again, err := addWire(ctx, s, feed, []NewswireEntry{sameLink}); err != nil || len(again.Added) != 0 || again.Duplicates != 1 {
		t.Fatalf("same link, stored story: %+v, %v", again, err)
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM story_keys WHERE kind = 'url'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d URL keys recorded for a story's own link (%v)", n, err)
	}
	if _, err := s.Reject(ctx, Decision{StoryID: res.Added[0].ID, By: ed}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM stories WHERE id = ?`, res.Added[0].ID); err != nil {
		t.Fatal(err)
	}
	for _, e := range []NewswireEntry{
		wire("https://news.example/1", "New headline, old link", ""),
		wire("https://news.example/other", "Two councils share a chief executive", ""),
		wire("https://news.example/moved", "Moved and renamed", "g1"),
	} {
		res, err := addWire(ctx, s, feed, []NewswireEntry{e})
		if err != nil || len(res.Added) != 0 || res.Duplicates+len(res.HeldBack) != 1 {
			t.Errorf("%+v came back: %+v, %v", e, res, err)
		}
	}
}

// guidKeys returns the GUID keys story_keys records, each with the story
// it leads to.
func guidKeys(t *testing.T, s *Store) map[string]int64 {
	t.Helper()
	keys := map[string]int64{}
	rows, err := s.db.QueryContext(context.Background(), `SELECT key, story_id FROM story_keys WHERE kind = 'guid'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			key string
			id  int64
		)
		if err := rows.Scan(&key, &id); err != nil {
			t.Fatal(err)
		}
		keys[key] = id
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return keys
}

// TestOwnGUIDIsNotCopiedIntoKeys: a newswire story's GUID in its feed is
// looked up in stories (migration 0029), so no story_keys row repeats it,
// nor the GUID of a later entry of the same call that repeats it; an entry
// taken for a duplicate of another story keeps its GUID key, leading there.
// A poll of the same GUIDs under new links and reworded headlines stores
// nothing. (A headline that shares nothing with the story's is another
// story's under a reused GUID: digest.MayBeOneStory.)
func TestOwnGUIDIsNotCopiedIntoKeys(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	a, b := feedRow(t, s, "https://a.example/rss"), feedRow(t, s, "https://b.example/rss")
	res, err := addWire(ctx, s, a, []NewswireEntry{
		wire("https://news.example/1", "Two councils share a chief executive", "g1"),
		wire("https://news.example/2", "County and city agree joint waste contract", "g2"),
		wire("https://news.example/1-again", "The two councils share a chief executive", "g1"),
	})
	if err != nil || len(res.Added) != 2 || res.Duplicates != 1 {
		t.Fatalf("first poll: %+v, %v", res, err)
	}
	if keys := guidKeys(t, s); len(keys) != 0 {
		t.Errorf("GUID keys recorded for stories' own GUIDs: %v", keys)
	}
	// Another feed: the same story under another link, by its headline.
	res, err = addWire(ctx, s, b, []NewswireEntry{wire("https://mirror.example/1", "Two councils share a chief executive", "m1")})
	if err != nil || len(res.HeldBack) != 1 {
		t.Fatalf("other feed: %+v, %v", res, err)
	}
	first := res.HeldBack[0].Of.ID
	if keys := guidKeys(t, s); len(keys) != 1 || keys[strconv.FormatInt(b, 10)+" m1"] != first {
		t.Errorf("GUID keys %v, want only feed %d's m1 leading to story %d", keys, b, first)
	}
	for _, f := range []struct {
		feed  int64
		entry NewswireEntry
	}{
		{a, wire("https://news.example/1-moved", "Two councils to share one chief executive", "g1")},
		{a, wire("https://news.example/2-moved", "County and city sign joint waste contract", "g2")},
		{b, wire("https://mirror.example/1-moved", "Two councils share chief executive at last", "m1")},
	} {
		res, err := addWire(ctx, s, f.feed, []NewswireEntry{f.entry})
		if err != nil || len(res.Added) != 0 || len(res.HeldBack) != 0 || res.Duplicates != 1 {
			t.Errorf("feed %d's %s again: %+v, %v", f.feed, f.entry.GUID, res, err)
		}
	}
	// The same GUID in another feed is another entry.
	res, err = addWire(ctx, s, b, []NewswireEntry{wire("https://mirror.example/2", "A story of feed B's own", "g1")})
	if err != nil || len(res.Added) != 1 {
		t.Errorf("feed %d's g1: %+v, %v", b, res, err)
	}
}

// TestGUIDKeysOutliveTheirFeed: a feed's row deleted (its stories' feed
// is set to NULL) leaves their GUIDs behind as keys, as story_keys kept
// them before stories held them (migration 0029): the feed added again
// under the same ID stores none of them again.
func TestGUIDKeysOutliveTheirFeed(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	feed := feedRow(t, s, "https://a.example/rss")
	res, err := addWire(ctx, s, feed, []NewswireEntry{wire("https://news.example/1", "Two councils share a chief executive", "g1")})
	if err != nil || len(res.Added) != 1 {
		t.Fatal(res, err)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM feeds WHERE id = ?`, feed); err != nil {
		t.Fatal(err)
	}
	key := strconv.FormatInt(feed, 10) + " g1"
	if keys := guidKeys(t, s); len(keys) != 1 || keys[key] != res.Added[0].ID {
		t.Errorf("GUID keys %v, want %q leading to story %d", keys, key, res.Added[0].ID)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO feeds (id, url, name) VALUES (?, 'https://a.example/rss', 'A')`, feed); err != nil {
		t.Fatal(err)
	}
	again, err := addWire(ctx, s, feed, []NewswireEntry{wire("https://news.example/1-moved", "Renamed entirely", "g1")})
	if err != nil || len(again.Added) != 0 || again.Duplicates != 1 {
		t.Errorf("the feed's g1 again: %+v, %v", again, err)
	}
}

// TestOwnGUIDLookupReadsItsIndex: the GUIDs of a poll are found in
// migration 0029's index, a step into it each, not by reading stories.
func TestOwnGUIDLookupReadsItsIndex(t *testing.T) {
	s, _ := openTest(t)
	plan := queryPlan(t, s, ownGUIDLookup().sql(2), 1, "g1", 2, "g2")
	storySteps(t, "the GUID look-up", plan, "SEARCH stories USING COVERING INDEX stories_feed_guid (feed_id=? AND guid=?)", 1)
}

// TestOwnGUIDMigrationKeepsKeys: a database of the release before 0029
// has a newswire story whose GUID story_keys holds, as that release
// recorded it. Migrated, the GUID still keeps the entry out; deleted, the
// story leaves its link behind as well, and its GUID key stays.
func TestOwnGUIDMigrationKeepsKeys(t *testing.T) {
	ctx := context.Background()
	s := openBefore(t, "own_guid_keys")
	feed := feedRow(t, s, "https://a.example/rss")
	key := strconv.FormatInt(feed, 10) + " g1"
	if _, err := s.db.ExecContext(ctx, `INSERT INTO stories (id, url, headline, source, sector, state, feed_id, guid, created_at, updated_at)
		VALUES (7, 'https://news.example/1', 'Two councils share a chief executive', 'Wire', 'other', 'newswire', ?, 'g1', 1, 1)`, feed); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO story_keys (kind, key, story_id) VALUES ('guid', ?, 7)`, key); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := addWire(ctx, s, feed, []NewswireEntry{wire("https://news.example/1-moved", "Two councils to share one chief executive", "g1")})
	if err != nil || len(res.Added) != 0 || res.Duplicates != 1 {
		t.Errorf("g1 after the migration: %+v, %v", res, err)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM stories WHERE id = 7`); err != nil {
		t.Fatal(err)
	}
	keys, err := queryAll(ctx, s.db, func(r rowScanner) (string, error) {
		var kind, key string
		var id int64
		err := r.Scan(&kind, &key, &id)
		return fmt.Sprintf("%s %s %d", kind, key, id), err
	}, `SELECT kind, key, story_id FROM story_keys WHERE kind <> 'headline' ORDER BY kind, key`)
	if want := []string{"guid " + key + " 7", "url https://news.example/1 7"}; err != nil || !slices.Equal(keys, want) {
		t.Errorf("keys %q, want %q (%v)", keys, want, err)
	}
}

func TestSubmissionsAndImportsRecordKeys(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	_, err := s.Submit(ctx, Submission{Story: digest.Story{
		URL: "https://news.example/sub", Headline: "Police and fire share a control room", Source: "Local Paper", Sector: "blue-light", Submitter: ana,
	}, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddStory(ctx, digest.Story{URL: "https://news.example/one", Headline: "One story added by hand", Sector: "other", State: digest.StateNewswire}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddStories(ctx, []digest.Story{{URL: "https://news.example/imp", Headline: "An imported story from 2014", Sector: "other", State: digest.StatePublished}}); err != nil {
		t.Fatal(err)
	}
	feed := feedRow(t, s, "https://a.example/rss")
	res, err := addWire(ctx, s, feed, []NewswireEntry{
		wire("https://news.example/sub", "Another headline", "1"),
		wire("https://elsewhere.example/a", "Police and fire share a control room | Local Paper", "2"),
		wire("https://elsewhere.example/b", "One story added by hand", "3"),
		wire("https://elsewhere.example/c", "An imported story from 2014", "4"),
	})
	if err != nil || len(res.Added) != 0 || res.Duplicates != 1 || len(res.HeldBack) != 3 {
		t.Errorf("%+v, %v", res, err)
	}
}

func TestAddNewswireStoresFeedFields(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	feed := feedRow(t, s, "https://a.example/rss")
	e := wire("https://news.example/1", "Two councils share a chief executive", "guid-1")
	e.Story.State = digest.StateNewswire
	e.Story.Summary = "They expect to save £500k."
	e.Story.Sector, e.Story.SuggestedSector = "local-government", "local-government"
	e.Story.PublishedAt = time.Date(2026, 11, 18, 12, 0, 0, 0, time.UTC)
	res, err := addWire(ctx, s, feed, []NewswireEntry{e})
	if err != nil || len(res.Added) != 1 {
		t.Fatal(res, err)
	}
	got, err := s.Story(ctx, res.Added[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != digest.StateNewswire || got.Summary != e.Story.Summary || got.Source != "Wire" ||
		got.Sector != "local-government" || !got.PublishedAt.Equal(e.Story.PublishedAt) || !got.Submitter.IsZero() {
		t.Errorf("stored %+v", got)
	}
	var guid string
	var feedID int64
	if err := s.db.QueryRowContext(ctx, `SELECT guid, feed_id FROM stories WHERE id = ?`, got.ID).Scan(&guid, &feedID); err != nil || guid != "guid-1" || feedID != feed {
		t.Errorf("guid %q feed %d: %v", guid, feedID, err)
	}
	// Newswire stories are searchable.
	if found := matchHeadlines(t, s, allWords("chief executive")); len(found) != 1 {
		t.Errorf("search: %q", found)
	}
}

func TestFeedStateAndHealth(t *testing.T) {
	ctx := context.Background()
	s, now := openTest(t)
	refs := []FeedRef{{URL: "https://a.example/rss", Name: "A"}, {URL: "https://b.example/feed", Name: "B"}}
	states, err := s.RegisterFeeds(ctx, refs)
	if err != nil || len(states) != 2 || states[0].ID == states[1].ID {
		t.Fatal(states, err)
	}
	next := now.Add(30 * time.Minute)
	if err := s.RecordFeedPoll(ctx, states[0].ID, FeedPoll{At: *now, Succeeded: true, Status: "fetched", NewStories: 3,
		ETag: `"v1"`, LastModified: "Wed, 18 Nov 2026 10:00:00 GMT", NextPollAt: next}); err != nil {
		t.Fatal(err)
	}
	later := now.Add(time.Hour)
	if err := s.RecordFeedPoll(ctx, states[0].ID, FeedPoll{At: later, Status: "failed", Error: "timed out",
		ConsecutiveFailures: 1, NextPollAt: later.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	// A renamed feed keeps its row and its validators.
	refs[0].Name = "A renamed"
	states, err = s.RegisterFeeds(ctx, refs)
	if err != nil {
		t.Fatal(err)
	}
	if st := states[0]; st.ETag != `"v1"` || st.LastModified == "" || st.ConsecutiveFailures != 1 || !st.NextPollAt.Equal(later.Add(time.Hour)) {
		t.Errorf("state %+v", st)
	}
	health, err := s.FeedHealths(ctx)
	if err != nil {
		t.Fatal(err)
	}
	h := health["https://a.example/rss"]
	if h.Name != "A renamed" || h.LastStatus != "failed" || h.LastError != "timed out" || h.LastNewStories != 0 ||
		!h.LastSuccessAt.Equal(*now) || !h.LastFetchAt.Equal(later) || h.ConsecutiveFailures != 1 {
		t.Errorf("health %+v", h)
	}
	if _, ok := health["https://b.example/feed"]; !ok {
		t.Errorf("feed B missing from %v", health)
	}
}

// TestAddNewswireRecordsThePoll: a poll's outcome is recorded with its
// entries, counted from what was stored; a poll with no entries is
// recorded alone.
func TestAddNewswireRecordsThePoll(t *testing.T) {
	ctx := context.Background()
	s, now := openTest(t)
	a, b := feedRow(t, s, "https://a.example/rss"), feedRow(t, s, "https://b.example/rss")
	poll := func(etag string) *FeedPoll {
		return &FeedPoll{At: *now, Succeeded: true, Status: "fetched", ETag: etag, NextPollAt: now.Add(time.Hour),
			NewStories: 99, HeldBack: 99} // the store counts them
	}
	res, err := s.AddNewswire(ctx,
		FeedEntries{FeedID: a, Poll: poll(`"a1"`), Entries: []NewswireEntry{
			wire("https://a.example/1", "Councils share a chief executive", "1"),
			wire("https://a.example/2", "Fire services merge control rooms", "2"),
			wire("https://a.example/2", "Fire services merge control rooms", "2"),
		}},
		FeedEntries{FeedID: b, Poll: poll(`"b1"`), Entries: []NewswireEntry{
			wire("https://b.example/1", "Councils share a chief executive", "1"),
		}})
	if err != nil || len(res[0].Added) != 2 || len(res[1].HeldBack) != 1 {
		t.Fatalf("%+v, %v", res, err)
	}
	if _, err := s.AddNewswire(ctx, FeedEntries{FeedID: b, Poll: &FeedPoll{At: now.Add(time.Minute), Succeeded: true,
		Status: "not modified", ETag: `"b1"`, NextPollAt: now.Add(2 * time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	health, err := s.FeedHealths(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if h := health["https://a.example/rss"]; h.LastStatus != "fetched" || h.LastNewStories != 2 || h.LastHeldBack != 0 || !h.LastFetchAt.Equal(*now) {
		t.Errorf("a: %+v", h)
	}
	if h := health["https://b.example/rss"]; h.LastStatus != "not modified" || h.LastNewStories != 0 || !h.NextPollAt.Equal(now.Add(2*time.Hour)) {
		t.Errorf("b: %+v", h)
	}
	states, err := s.RegisterFeeds(ctx, []FeedRef{{URL: "https://a.example/rss", Name: "https://a.example/rss"}, {URL: "https://b.example/rss", Name: "https://b.example/rss"}})
	if err != nil || states[0].ETag != `"a1"` || states[1].ETag != `"b1"` {
		t.Errorf("validators %+v, %v", states, err)
	}
}

// TestMigrationBackfillsKeys upgrades a schema-1 database with stories in
// it and checks that their URLs and headlines are remembered.
func TestMigrationBackfillsKeys(t *testing.T) {
	ctx := context.Background()
	s := openBefore(t, "newswire")
	if _, err := s.db.ExecContext(ctx, `INSERT INTO stories (url, headline, source, sector, state, created_at, updated_at)
		VALUES ('https://old.example/1', 'An old story about shared services', 'The Old Paper', 'other', 'published', 1, 1)`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	n, err := s.BackfillStoryKeys(ctx)
	if err != nil || n != 1 {
		t.Fatalf("backfill: %d, %v", n, err)
	}
	if n, err := s.BackfillStoryKeys(ctx); err != nil || n != 0 {
		t.Errorf("second backfill: %d, %v", n, err)
	}
	feed := feedRow(t, s, "https://a.example/rss")
	res, err := addWire(ctx, s, feed, []NewswireEntry{
		wire("https://old.example/1", "Other words", "1"),
		wire("https://new.example/1", "An old story about shared services - The Old Paper", "2"),
	})
	if err != nil || len(res.Added) != 0 || res.Duplicates != 1 || len(res.HeldBack) != 1 {
		t.Errorf("%+v, %v", res, err)
	}
}

// BenchmarkAddNewswire stores feeds of 50 new entries each, eight feeds a
// call as the poller batches them, into a growing database.
func BenchmarkAddNewswire(b *testing.B) { benchmarkAddNewswire(b, false) }

// BenchmarkAddNewswirePrepared is BenchmarkAddNewswire with the entries
// prepared beforehand (PrepareEntries, untimed), as the newswire prepares
// them while it reads: what the one goroutine writing to the database
// pays.
func BenchmarkAddNewswirePrepared(b *testing.B) { benchmarkAddNewswire(b, true) }

// benchFeeds opens a migrated store for a benchmark and registers the
// eight feeds the newswire benchmarks poll.
func benchFeeds(b *testing.B) (*Store, []FeedState) {
	b.Helper()
	s := openTestAt(b, filepath.Join(b.TempDir(), "bench.db"))
	feeds := make([]FeedRef, 8)
	for i := range feeds {
		feeds[i] = FeedRef{URL: "https://feed" + strconv.Itoa(i) + ".example/rss", Name: "Feed"}
	}
	states, err := s.RegisterFeeds(context.Background(), feeds)
	if err != nil {
		b.Fatal(err)
	}
	return s, states
}

func benchmarkAddNewswire(b *testing.B, prepare bool) {
	ctx := context.Background()
	s, states := benchFeeds(b)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		batch := make([]FeedEntries, len(states))
		for f, st := range states {
			batch[f].FeedID = st.ID
			for range 50 {
				n++
				e := wire("https://news.example/"+strconv.Itoa(n), "Council "+strconv.Itoa(n)+" agrees a shared chief executive", strconv.Itoa(n))
				e.Story.Summary = "The councils expect savings of half a million pounds a year and better services for residents."
				batch[f].Entries = append(batch[f].Entries, e)
			}
			if prepare {
				b.StopTimer()
				PrepareEntries(batch[f].Entries)
				b.StartTimer()
			}
		}
		if _, err := s.AddNewswire(ctx, batch...); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(n), "µs/story")
}

// BenchmarkAddNewswireKnown polls eight feeds of 50 entries already
// stored, as the newswire reads a feed that answers every poll in full
// (no validators for a 304): each entry costs only its keys' look-up.
func BenchmarkAddNewswireKnown(b *testing.B) {
	ctx := context.Background()
	s, states := benchFeeds(b)
	batch := make([]FeedEntries, len(states))
	n := 0
	for f, st := range states {
		batch[f].FeedID = st.ID
		for range 50 {
			n++
			e := wire("https://news.example/"+strconv.Itoa(n), "Council "+strconv.Itoa(n)+" agrees a shared chief executive", "tag:news.example,2026:"+strconv.Itoa(n))
			e.Story.Summary = "The councils expect savings of half a million pounds a year and better services for residents."
			batch[f].Entries = append(batch[f].Entries, e)
		}
		PrepareEntries(batch[f].Entries)
	}
	if res, err := s.AddNewswire(ctx, batch...); err != nil || len(res[0].Added) != 50 {
		b.Fatalf("%+v, %v", res, err)
	}
	b.ReportAllocs()
	polls := 0
	for b.Loop() {
		res, err := s.AddNewswire(ctx, batch...)
		if err != nil || res[0].Duplicates != 50 {
			b.Fatalf("%+v, %v", res, err)
		}
		polls++
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(polls*n), "µs/entry")
}

// TestKeyLookupReadsThePrimaryKey: the keys of each kind are looked up in
// story_keys' primary key, one step into it a key, not by reading the
// table; a kind the table does not have is refused, not written into SQL.
func TestKeyLookupReadsThePrimaryKey(t *testing.T) {
	s, _ := openTest(t)
	for _, kind := range []string{keyGUID, keyURL, keyHeadline} {
		lookup, err := keyLookup(kind)
		if err != nil {
			t.Fatal(err)
		}
		plan := queryPlan(t, s, lookup.sql(3), "a", "b", "c")
		if want := []string{"SEARCH story_keys USING PRIMARY KEY (kind=? AND key=?)"}; !slices.Equal(plan, want) {
			t.Errorf("%s keys read %q, want %q", kind, plan, want)
		}
	}
	if _, err := keyLookup("url' OR 1 --"); err == nil {
		t.Error("an unknown kind of key was looked up")
	}
}

// TestAddNewswireWorksOutStoryIDs: the newswire's insert returns no rows,
// and each stored story's ID is worked out (insertFresh); a statement one
// row of which met a URL already stored, by a path that recorded no keys,
// has each of its rows looked up instead. Every story added is found
// under its ID with its own URL and headline, in statements of 64, 4 and
// 1 rows, and again in the call after.
func TestAddNewswireWorksOutStoryIDs(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	feed := feedRow(t, s, "https://a.example/rss")
	entries := func(from, to int) []NewswireEntry {
		var es []NewswireEntry
		for n := from; n < to; n++ {
			es = append(es, wire("https://news.example/"+strconv.Itoa(n), "Council "+strconv.Itoa(n)+" shares a chief executive", "g"+strconv.Itoa(n)))
		}
		return es
	}
	check := func(res NewswireResult, want int) {
		t.Helper()
		if len(res.Added) != want {
			t.Fatalf("added %d, want %d", len(res.Added), want)
		}
		for _, a := range res.Added {
			got, err := s.Story(ctx, a.ID)
			if err != nil || got.URL != a.URL || got.Headline != a.Headline {
				t.Errorf("story %d is %q %q (%v), added as %q %q", a.ID, got.URL, got.Headline, err, a.URL, a.Headline)
			}
		}
	}
	res, err := addWire(ctx, s, feed, entries(0, 3))
	if err != nil {
		t.Fatal(err)
	}
	check(res, 3)
	// Stored behind the writer's back: no key recorded, the key filter
	// not told, so the entry with this URL reaches the insert.
	if _, err := s.db.ExecContext(ctx, `INSERT INTO stories (url, headline, source, sector, state, created_at, updated_at)
		VALUES ('https://news.example/13', 'Stored by another path', 'Paper', 'other', 'queued', 1, 1)`); err != nil {
		t.Fatal(err)
	}
	res, err = addWire(ctx, s, feed, entries(3, 73)) // 70 entries: statements of 64, 4, 1 and 1 rows
	if err != nil {
		t.Fatal(err)
	}
	check(res, 69)
	if res.Duplicates != 1 {
		t.Errorf("%d duplicates, want the one stored by another path", res.Duplicates)
	}
	res, err = addWire(ctx, s, feed, entries(73, 78))
	if err != nil {
		t.Fatal(err)
	}
	check(res, 5)
}

// TestInsertFreshGivesAURLOneStory: two rows of one URL in one statement
// (planEntries's keys keep them apart; this is the insert's own guard)
// are one story, claimed by the first row, as the RETURNING insert
// before it gave the ID to one of them.
func TestInsertFreshGivesAURLOneStory(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	feed := feedRow(t, s, "https://a.example/rss")
	items := []newswireItem{
		{feedID: feed, entry: wire("https://news.example/1", "Two councils share a chief executive", "g1")},
		{feedID: feed, entry: wire("https://news.example/1", "Two councils share a chief executive again", "g2")},
		{feedID: feed, entry: wire("https://news.example/2", "A third council joins", "g3")},
		{feedID: feed, entry: wire("https://news.example/3", "A fourth council waits", "g4")},
	}
	// Four rows: one statement (statementRows).
	fresh := []*outcome{{i: 0, fresh: true}, {i: 1, fresh: true}, {i: 2, fresh: true}, {i: 3, fresh: true}}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := s.insertFresh(ctx, tx, items, fresh); err != nil {
		t.Fatal(err)
	}
	var added []int64
	for _, o := range fresh {
		if o.added {
			added = append(added, o.id)
		}
	}
	if !fresh[0].added || fresh[1].added || len(added) != 3 || added[0] == added[1] || added[1] == added[2] {
		t.Errorf("added %v (first two rows %v %v), want three stories, the first row's URL claimed once",
			added, fresh[0].added, fresh[1].added)
	}
}
