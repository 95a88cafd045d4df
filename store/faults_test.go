package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

var editor = digest.Person{Platform: "console", ID: "ed", Name: "Ed"}

// fillDraft approves n stories into the draft and subscribes channels
// channels, so that publishing writes an edition, n story states and one
// delivery per channel.
func fillDraft(t *testing.T, st *store.Store, n, channels int) {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		s, err := st.AddStory(ctx, digest.Story{URL: fmt.Sprintf("https://news.example/%d", i), Headline: fmt.Sprintf("Story %d", i),
			Summary: strings.Repeat("words ", 40), Sector: "health", State: digest.StateQueued})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Approve(ctx, store.Decision{StoryID: s.ID, By: editor}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range channels {
		if _, err := st.Subscribe(ctx, store.Subscription{Platform: "slack", ChannelID: fmt.Sprintf("C%05d", i), ChannelName: "news"}); err != nil {
			t.Fatal(err)
		}
	}
}

// checkIntegrity fails the test unless SQLite's integrity check passes.
func checkIntegrity(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
		t.Errorf("integrity_check = %q, %v", res, err)
	}
}

// wantDiskFull fails the test unless err is a *store.DiskFullError naming
// the database, in a sentence.
func wantDiskFull(t *testing.T, err error, path string) {
	t.Helper()
	var full *store.DiskFullError
	if !errors.As(err, &full) || full.Path != path {
		t.Fatalf("err = %v, want a *store.DiskFullError for %s", err, path)
	}
	if !strings.Contains(err.Error(), "no space left on the device of "+path) {
		t.Errorf("message %q does not name the cause", err)
	}
}

func TestDiskFullDuringPublishWritesNothing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.db")
	fillDraft(t, storetest.Open(t, path), 30, 400)
	st := storetest.OpenFull(t, path)

	_, err := st.Publish(ctx, store.Publication{Title: "News", Date: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)})
	wantDiskFull(t, err, path)
	if _, err := st.LatestEdition(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an edition was published: %v", err)
	}
	if d, err := st.Draft(ctx); err != nil || len(d.Stories) != 30 {
		t.Errorf("draft after the failed publish: %d stories, %v", len(d.Stories), err)
	}
	if ds, err := st.OpenDeliveries(ctx); err != nil || len(ds) != 0 {
		t.Errorf("%d deliveries recorded (%v), want none", len(ds), err)
	}
	checkIntegrity(t, path)

	// The readiness probe says so, until a write gets through again.
	if err := st.CheckDisk(ctx); !errors.As(err, new(*store.DiskFullError)) {
		t.Errorf("CheckDisk on a full disk = %v", err)
	}
	if n := st.DiskFullEvents(); n < 1 {
		t.Errorf("DiskFullEvents = %d", n)
	}
}

func TestDiskFullProbeRecovers(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.db")
	fillDraft(t, storetest.Open(t, path), 30, 400)
	sub := t.Run("full", func(t *testing.T) {
		st := storetest.OpenFull(t, path)
		_, err := st.Publish(ctx, store.Publication{Title: "News", Date: time.Now()})
		wantDiskFull(t, err, path)
	})
	if !sub {
		t.FailNow()
	}
	// Space again (the subtest's limit is gone): a new Store publishes.
	st := storetest.Open(t, path)
	if _, err := st.Publish(ctx, store.Publication{Title: "News", Date: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := st.CheckDisk(ctx); err != nil {
		t.Error(err)
	}
}

func TestDiskFullDuringImportWritesNothing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.db")
	storetest.Open(t, path)
	st := storetest.OpenFull(t, path)

	var stories []digest.Story
	for i := range 200 {
		stories = append(stories, digest.Story{URL: fmt.Sprintf("archive:2014-12-04/%d", i), Headline: fmt.Sprintf("Archived story %d", i),
			Summary: strings.Repeat("archive words ", 30), Sector: "health"})
	}
	ed := digest.Edition{Title: "News Summary", Date: time.Date(2014, 12, 4, 0, 0, 0, 0, time.UTC), Intro: "Hello",
		Sections: []digest.Section{{Sector: digest.Sector{Slug: "health", Name: "Health"}, Stories: stories}}}
	_, err := st.ImportEdition(ctx, ed)
	wantDiskFull(t, err, path)
	if _, err := st.LatestEdition(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an edition was imported: %v", err)
	}
	if got, err := st.LatestStories(ctx, "", 5); err != nil || len(got) != 0 {
		t.Errorf("%d stories imported (%v)", len(got), err)
	}
	checkIntegrity(t, path)
}

func TestDiskFullOnTheNewswireWritesNothing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.db")
	st0 := storetest.Open(t, path)
	feeds, err := st0.RegisterFeeds(ctx, []store.FeedRef{{URL: "https://feed.example/rss", Name: "Feed"}})
	if err != nil {
		t.Fatal(err)
	}
	st := storetest.OpenFull(t, path)

	// The poll's outcome is written with its entries, so it is lost with
	// them: the next poll asks for the feed again.
	fe := store.FeedEntries{FeedID: feeds[0].ID, Poll: &store.FeedPoll{At: time.Now(), Succeeded: true, Status: "fetched", ETag: `"v2"`}}
	for i := range 300 {
		fe.Entries = append(fe.Entries, store.NewswireEntry{GUID: fmt.Sprintf("g%d", i), Story: digest.Story{
			URL: fmt.Sprintf("https://feed.example/news/%d", i), Headline: fmt.Sprintf("Wire story number %d about councils", i),
			Summary: strings.Repeat("wire words ", 30), Source: "Feed", State: digest.StateNewswire}})
	}
	res, err := st.AddNewswire(ctx, fe)
	if err == nil {
		t.Logf("added %d, held back %d", len(res[0].Added), len(res[0].HeldBack))
	}
	wantDiskFull(t, err, path)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM stories").Scan(&n); err != nil || n != 0 {
		t.Errorf("%d newswire stories stored (%v)", n, err)
	}
	if err := db.QueryRow("SELECT (SELECT count(*) FROM story_keys) + (SELECT count(*) FROM search_vocabulary)").Scan(&n); err != nil || n != 0 {
		t.Errorf("%d keys and stems recorded (%v)", n, err)
	}
	var etag string
	if err := db.QueryRow("SELECT etag FROM feeds").Scan(&etag); err != nil || etag != "" {
		t.Errorf("the poll was recorded without its entries: etag %q (%v)", etag, err)
	}
	checkIntegrity(t, path)
}
