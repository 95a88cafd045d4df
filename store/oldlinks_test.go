package store_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// Links as a release before the link rules' version was recorded stored
// them: Canonicalize then kept Outlook's Safe Links wrapper, "?ref=rss"
// and Webtrekk's "wt_mc", so each is the form that release gave the page.
const (
	safeLinksStored = "https://eur01.safelinks.protection.outlook.com/?data=02%7C01%7Creader%40council.gov.uk%7C&reserved=0&url=https%3A%2F%2Fwww.bbc.co.uk%2Fnews%2Fuk-wales-28216343"
	refRSSStored    = "https://council.example/news/41?ref=rss"
	wtMCStored      = "https://www.gov.uk/government/news/shared-legal-service?wt_mc=rss.feed"
	movedKeyStored  = "https://council.example/moved/41?ref=rss"
)

// storedBefore is a database that a release before the link rules'
// version stored three stories in, each under the form its rules gave the
// page's link (a queued one, an approved one, one on the newswire), and a
// story's other link among its keys; and the link each page is given
// under today's rules, with the story it must find.
func storedBefore(t *testing.T) (path string, want map[string]int64, stored map[int64]string) {
	t.Helper()
	ctx := context.Background()
	path = filepath.Join(t.TempDir(), "news.db")
	st := storetest.Open(t, path)
	add := func(link, headline string) digest.Story {
		s, err := st.Submit(ctx, store.Submission{Story: digest.Story{URL: link, Headline: headline, Sector: "health",
			Submitter: digest.Person{Platform: "slack", ID: "U1", Name: "ana"}}, Unlimited: true})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	approved := add("https://www.bbc.co.uk/news/uk-wales-28216343", "Welsh councils share a chief executive")
	if _, err := st.Approve(ctx, store.Decision{StoryID: approved.ID, By: digest.Person{Platform: "slack", ID: "U2", Name: "ed"}}); err != nil {
		t.Fatal(err)
	}
	queued := add("https://council.example/news/41", "Two districts share a chief executive")
	wired, err := st.AddStory(ctx, digest.Story{URL: "https://www.gov.uk/government/news/shared-legal-service",
		Headline: "Three councils launch a shared legal service", Sector: "health", State: digest.StateNewswire})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	stored = map[int64]string{approved.ID: safeLinksStored, queued.ID: refRSSStored, wired.ID: wtMCStored}
	storetest.StoredByAnOlderRelease(t, path, storetest.OlderRelease{Links: stored, Keys: map[int64][]string{queued.ID: {movedKeyStored}}})
	return path, map[string]int64{
		"https://www.bbc.co.uk/news/uk-wales-28216343":            approved.ID,
		"http://bbc.co.uk/news/uk-wales-28216343/":                approved.ID,
		"https://council.example/news/41":                         queued.ID,
		"https://www.gov.uk/government/news/shared-legal-service": wired.ID,
	}, stored
}

// TestLinksStoredUnderOlderRulesAreTheirStories: the link rules grew
// (tracking parameters, "?ref=rss", Outlook's Safe Links unwrapped), and a
// story stored before keeps the link its release's rules gave. The same
// page's link given today was found nowhere: a member's submission
// queued it again, a search by link found nothing. Once a Store migrates
// the database, each page's link of today, under any spelling, is its
// story (a member's submission is a duplicate, a newswire story is
// recommended, a story stored by import is refused as one already in),
// and each story still shows the link it was stored with.
func TestLinksStoredUnderOlderRulesAreTheirStories(t *testing.T) {
	ctx := context.Background()
	path, want, stored := storedBefore(t)
	st := storetest.Open(t, path)
	for link, id := range want {
		if got, err := st.StoryByURL(ctx, link); err != nil || got.ID != id {
			t.Errorf("StoryByURL(%s) = #%d, %v; want #%d", link, got.ID, err, id)
		}
		canonical, err := digest.Canonicalize(link)
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.Submit(ctx, store.Submission{Story: digest.Story{URL: canonical, Headline: "x",
			Submitter: digest.Person{Platform: "slack", ID: "U3", Name: "bo"}}, Unlimited: true})
		var dup *store.DuplicateError
		if stored[id] == wtMCStored {
			// A newswire story's link submitted recommends it.
			if err != nil || got.ID != id || got.State != digest.StateQueued {
				t.Errorf("Submit(%s), a newswire story's link: #%d %s, %v; want #%d queued", link, got.ID, got.State, err, id)
			}
		} else if !errors.As(err, &dup) || dup.Existing.ID != id {
			t.Errorf("Submit(%s): %v; want a duplicate of #%d", link, err, id)
		}
	}
	if got, err := st.SearchStoryByURL(ctx, "https://www.bbc.co.uk/news/uk-wales-28216343", true); err == nil {
		t.Errorf("SearchStoryByURL, published only, found #%d, which is approved, not published", got.ID)
	}
	if got, err := st.SearchStoryByURL(ctx, "https://www.bbc.co.uk/news/uk-wales-28216343", false); err != nil || got.ID != want["https://www.bbc.co.uk/news/uk-wales-28216343"] {
		t.Errorf("SearchStoryByURL = #%d, %v; want the approved story", got.ID, err)
	}
	var dup *store.DuplicateError
	if _, err := st.AddStory(ctx, digest.Story{URL: "https://www.gov.uk/government/news/shared-legal-service", Headline: "x"}); !errors.As(err, &dup) {
		t.Errorf("AddStory of a page stored before under another form: %v; want a duplicate", err)
	}
	// Another link the newswire recorded for a story (its feed once gave
	// it under the story's GUID) is no form of the story's own link: to a
	// member it is a page of its own, as it was before.
	if got, err := st.StoryByURL(ctx, "https://council.example/moved/41"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("StoryByURL(another link of a story) = #%d, %v; want none", got.ID, err)
	}
	for id, link := range stored {
		if got, err := st.Story(ctx, id); err != nil || got.URL != link {
			t.Errorf("story #%d shows %q, %v; want the link it was stored with, %q", id, got.URL, err, link)
		}
	}
}

// TestKeyingStoredLinksIsDoneOnce: opening the database again, or
// migrating it again, records no key more.
func TestKeyingStoredLinksIsDoneOnce(t *testing.T) {
	ctx := context.Background()
	path, _, _ := storedBefore(t)
	count := func() (n int) {
		t.Helper()
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM story_keys WHERE kind = 'url'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	st := storetest.Open(t, path)
	keyed := count()
	if keyed != before+4 {
		t.Errorf("%d URL keys after migrating, %d before; want the four links of today more", keyed, before)
	}
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	st.Close()
	storetest.Open(t, path).Close()
	if n := count(); n != keyed {
		t.Errorf("%d URL keys after opening again, %d before", n, keyed)
	}
}

// TestHeldBackUnderAnOlderLinkIsKeptByTodaysLink: an entry the newswire
// held back (its headline another story's) under the form an older
// release's rules gave its link ("?ref=rss") was not found by the page's
// link of today: a member's submission of it read the page instead of
// keeping the entry as its feed gave it, and left the entry listed as
// held back. Once the database is migrated, the entry is found by
// today's link, and the submission keeps it.
func TestHeldBackUnderAnOlderLinkIsKeptByTodaysLink(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.db")
	st := storetest.Open(t, path)
	feeds, err := st.RegisterFeeds(ctx, []store.FeedRef{{URL: "https://council.example/feed", Name: "council"}})
	if err != nil {
		t.Fatal(err)
	}
	entry := func(link, headline, guid string) store.NewswireEntry {
		return store.NewswireEntry{Story: digest.Story{URL: link, Headline: headline, Source: "Wire", Sector: "health",
			SuggestedSector: "health", State: digest.StateQueued}, GUID: guid}
	}
	if _, err := st.AddNewswire(ctx, store.FeedEntries{FeedID: feeds[0].ID, Entries: []store.NewswireEntry{
		entry("https://council.example/news/41", "Two districts share a chief executive", "41")}}); err != nil {
		t.Fatal(err)
	}
	res, err := st.AddNewswire(ctx, store.FeedEntries{FeedID: feeds[0].ID, Entries: []store.NewswireEntry{
		entry("https://other.example/43", "Two Districts Share a Chief Executive", "43")}})
	if err != nil || len(res[0].HeldBack) != 1 {
		t.Fatalf("a twin held back: %+v, %v", res, err)
	}
	held := res[0].HeldBack[0]
	st.Close()
	storetest.StoredByAnOlderRelease(t, path, storetest.OlderRelease{HeldBack: map[int64]string{held.ID: "https://other.example/43?ref=rss"}})

	st = storetest.Open(t, path)
	hb, err := st.HeldBackByURL(ctx, "https://other.example/43")
	if err != nil || hb.ID != held.ID {
		t.Fatalf("HeldBackByURL(today's link) = #%d, %v; want #%d", hb.ID, err, held.ID)
	}
	kept, err := st.Submit(ctx, store.Submission{Story: digest.Story{URL: "https://other.example/43", Headline: hb.Entry.Headline,
		Submitter: digest.Person{Platform: "slack", ID: "U1", Name: "ana"}}, Unlimited: true})
	if err != nil {
		t.Fatal(err)
	}
	if hb, err := st.HeldBackByURL(ctx, "https://other.example/43"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the entry is still held back (#%d, %v) after #%d kept it", hb.ID, err, kept.ID)
	}
}
