package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestNewswireTakesHTTPAndHTTPSForOneStory: a page's http and https links
// were two stories (the canonical URL keeps its scheme), so a feed that
// moved to https, or two feeds spelling one link each way, queued the
// story twice. They are one story now, found under either spelling,
// whether stored as a story's own URL, as a key of a story since deleted
// (a database's keys are of the old form: URLs as given), or earlier in
// the same call; each story keeps the link it was stored with.
func TestNewswireTakesHTTPAndHTTPSForOneStory(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	a, b := feedRow(t, s, "https://a.example/rss"), feedRow(t, s, "https://b.example/rss")
	res, err := addWire(ctx, s, a, []NewswireEntry{
		wire("http://news.example/1", "Two councils share a chief executive", "http://news.example/1"),
		wire("https://news.example/2", "County and city agree a joint waste contract", "g2"),
		wire("http://news.example/3", "Fire services merge control rooms", "g3"),
		wire("http://gone.example/5", "Library services go to a trust", "g5"),
	})
	if err != nil || len(res.Added) != 4 {
		t.Fatalf("first poll: %+v, %v", res, err)
	}
	// Deleted, each leaves its URL key behind; gone.example has no other
	// link anywhere.
	for _, gone := range []int64{res.Added[2].ID, res.Added[3].ID} {
		if _, err := s.db.ExecContext(ctx, `DELETE FROM stories WHERE id = ?`, gone); err != nil {
			t.Fatal(err)
		}
	}

	// The feed moved to https: its GUIDs (its links) changed too, and
	// its editors reworded a headline. Another feed spells the waste
	// story with http, and a story new to both twice, once each way.
	res, err = addWire(ctx, s, a, []NewswireEntry{
		wire("https://news.example/1", "Two councils agree to share one chief executive", "https://news.example/1"),
		wire("https://news.example/3", "Fire and rescue services merge their control rooms", "https://news.example/3"),
		wire("https://gone.example/5", "Library services handed to a trust", "https://gone.example/5"),
	})
	if err != nil || len(res.Added) != 0 || res.Duplicates != 3 {
		t.Errorf("the feed under https: %+v, %v; want all three known", res, err)
	}
	results, err := s.AddNewswire(ctx,
		FeedEntries{FeedID: b, Entries: []NewswireEntry{
			wire("http://news.example/2", "Waste contract agreed", "b2"),
			wire("http://news.example/4", "Police forces share a headquarters", "b4"),
		}},
		FeedEntries{FeedID: a, Entries: []NewswireEntry{
			wire("https://news.example/4", "Two police forces to share one headquarters", "a4"),
		}})
	if err != nil {
		t.Fatal(err)
	}
	if r := results[0]; len(r.Added) != 1 || r.Added[0].URL != "http://news.example/4" || r.Duplicates != 1 {
		t.Errorf("feed b: %+v; want only the new story, as given", r)
	}
	if r := results[1]; len(r.Added) != 0 || r.Duplicates != 1 {
		t.Errorf("feed a: %+v; want the https spelling of b's new story taken for it", r)
	}

	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM stories`).Scan(&n); err != nil || n != 3 {
		t.Errorf("%d stories (%v), want 3: 1, 2 and 4", n, err)
	}
	for id, want := range map[int64]string{1: "http://news.example/1", 2: "https://news.example/2"} {
		if st, err := s.Story(ctx, id); err != nil || st.URL != want {
			t.Errorf("story #%d: %q (%v), want the link it was stored with, %q", id, st.URL, err, want)
		}
	}
}

// TestSubmitTakesHTTPAndHTTPSForOneStory: a member who submits the https
// spelling of a link the newswire or a member stored as http (or the
// other way round) is told it is a duplicate, or recommends the newswire
// story; a held-back entry is kept under either spelling; a search for
// the link finds the story. The stored link is the one first given.
func TestSubmitTakesHTTPAndHTTPSForOneStory(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	queued := submit(t, s, "http://news.example/queued", "health")
	_, err := s.Submit(ctx, Submission{Story: digest.Story{URL: "https://news.example/queued", Headline: "x", Submitter: ana}, Limit: 100})
	var dup *DuplicateError
	if !errors.As(err, &dup) || dup.Existing.ID != queued.ID {
		t.Errorf("https spelling of a queued http story: %v, want a duplicate of #%d", err, queued.ID)
	}
	// Searches show reviewed stories only.
	if _, err := s.Approve(ctx, Decision{StoryID: queued.ID, By: ed}); err != nil {
		t.Fatal(err)
	}
	for _, link := range []string{"https://news.example/queued", "http://news.example/queued"} {
		if st, err := s.StoryByURL(ctx, link); err != nil || st.ID != queued.ID {
			t.Errorf("StoryByURL(%s) = #%d, %v", link, st.ID, err)
		}
		if st, err := s.SearchStoryByURL(ctx, link, false); err != nil || st.ID != queued.ID {
			t.Errorf("SearchStoryByURL(%s) = #%d, %v", link, st.ID, err)
		}
	}

	feed := feedRow(t, s, "https://a.example/rss")
	onWire := wire("https://news.example/wire", "Three councils launch a shared legal service", "w1")
	onWire.Story.State = digest.StateNewswire
	heldTwin := wire("https://other.example/held", "Three Councils Launch a Shared Legal Service", "w2")
	heldTwin.Story.State = digest.StateNewswire
	res, err := addWire(ctx, s, feed, []NewswireEntry{onWire})
	if err != nil || len(res.Added) != 1 {
		t.Fatal(res, err)
	}
	if res, err = addWire(ctx, s, feed, []NewswireEntry{heldTwin}); err != nil || len(res.HeldBack) != 1 {
		t.Fatal(res, err)
	}
	st, err := s.Submit(ctx, Submission{Story: digest.Story{URL: "http://news.example/wire", Headline: "x", Submitter: ana}, Limit: 100})
	if err != nil || st.ID != res.HeldBack[0].Of.ID || st.State != digest.StateQueued || st.URL != "https://news.example/wire" {
		t.Errorf("http spelling of a newswire story: %+v, %v; want it queued under its own link", st, err)
	}
	// The feed spells its links with http now, its GUIDs changed with
	// them: what it held back is not held back again under the new
	// spelling.
	movedTwin := wire("http://other.example/held", heldTwin.Story.Headline, "w2-moved")
	movedTwin.Story.State = digest.StateNewswire
	if res, err := addWire(ctx, s, feed, []NewswireEntry{movedTwin}); err != nil || len(res.HeldBack) != 0 || res.Duplicates != 1 {
		t.Errorf("a held-back entry under the other spelling: %+v, %v; want it known", res, err)
	}
	hb, err := s.HeldBackByURL(ctx, "http://other.example/held")
	if err != nil || hb.Entry.URL != "https://other.example/held" {
		t.Fatalf("held back under the other spelling: %+v, %v", hb, err)
	}
	kept, err := s.Submit(ctx, Submission{Story: digest.Story{URL: "http://other.example/held", Headline: hb.Entry.Headline, Submitter: ana}, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.HeldBackByURL(ctx, "https://other.example/held"); !errors.Is(err, ErrNotFound) {
		t.Errorf("the held-back entry is still waiting after #%d kept it: %v", kept.ID, err)
	}
}

// TestNewswireTakesALinksSpellingsForOneStory: a publisher that changes
// its feed's link form (https, no "www.", no last slash), its GUIDs (its
// links) with it and a headline reworded, brought each story again: new,
// or held back once per spelling. Each spelling of a stored link is that
// story now: stored as a story's own URL, as a key left behind by a
// deleted story, as a held-back entry's link, earlier in the same call,
// or submitted by a member; each story keeps the link it was stored with.
// Links that differ in a query that selects the page stay two stories.
// (A database from before holds links as given: nothing to migrate.)
func TestNewswireTakesALinksSpellingsForOneStory(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	feed := feedRow(t, s, "https://council.example/feed")
	res, err := addWire(ctx, s, feed, []NewswireEntry{
		wire("http://www.council.example/news/41/", "Two councils share a chief executive", "http://www.council.example/news/41/"),
		wire("http://www.council.example/news/42/", "County and city agree a joint waste contract", "http://www.council.example/news/42/"),
		wire("http://www.council.example/news/43/", "Fire services merge control rooms", "http://www.council.example/news/43/"),
		wire("http://www.council.example/news?id=123", "Library services go to a trust", "http://www.council.example/news?id=123"),
	})
	if err != nil || len(res.Added) != 4 {
		t.Fatalf("first poll: %+v, %v", res, err)
	}
	stored := res.Added
	if _, err := s.db.ExecContext(ctx, `DELETE FROM stories WHERE id = ?`, stored[2].ID); err != nil {
		t.Fatal(err)
	}
	held := wire("http://www.council.example/news/44/", "Two Councils Share a Chief Executive", "http://www.council.example/news/44/")
	if res, err := addWire(ctx, s, feed, []NewswireEntry{held}); err != nil || len(res.HeldBack) != 1 {
		t.Fatalf("a twin held back: %+v, %v", res, err)
	}

	res, err = addWire(ctx, s, feed, []NewswireEntry{
		wire("https://council.example/news/41", "Two councils agree to share one chief executive", "https://council.example/news/41"),
		wire("https://www.council.example/news/42", "Waste contract agreed", "https://www.council.example/news/42"),
		wire("https://council.example/news/43", "Fire and rescue services merge their control rooms", "https://council.example/news/43"),
		wire("https://council.example/news/44", "Two Councils Share a Chief Executive", "https://council.example/news/44"),
		wire("https://council.example/news?id=123", "Library services handed to a trust", "https://council.example/news?id=123"),
		wire("https://council.example/news?id=124", "Parks handed to a trust", "https://council.example/news?id=124"),
		wire("https://council.example/news/45/", "Police forces share a headquarters", "a45"),
		wire("http://www.council.example/news/45", "Two police forces to share one headquarters", "b45"),
	})
	if err != nil {
		t.Fatal(err)
	}
	// news/45 twice in one poll, under two GUIDs and headlines: one link
	// is one story, the second entry held back as having its link.
	if len(res.Added) != 2 || res.Added[0].URL != "https://council.example/news?id=124" || res.Added[1].URL != "https://council.example/news/45/" ||
		len(res.HeldBack) != 1 || !res.HeldBack[0].SharesLink() || res.Duplicates != 5 {
		t.Errorf("the feed respelled: %+v; want ?id=124 and news/45 added, its twin held back by its link, the other five known", res)
	}
	for _, want := range []digest.Story{stored[0], stored[1], stored[3]} {
		if st, err := s.Story(ctx, want.ID); err != nil || st.URL != want.URL {
			t.Errorf("story #%d: %q (%v), want the link it was stored with, %q", want.ID, st.URL, err, want.URL)
		}
	}

	first := stored[0].ID
	_, err = s.Submit(ctx, Submission{Story: digest.Story{URL: "https://council.example/news/41", Headline: "x", Submitter: ana}, Limit: 100})
	var dup *DuplicateError
	if !errors.As(err, &dup) || dup.Existing.ID != first {
		t.Errorf("a member's respelling of a queued story: %v, want a duplicate of #%d", err, first)
	}
	if hb, err := s.HeldBackByURL(ctx, "https://council.example/news/44"); err != nil || hb.Entry.URL != held.Story.URL {
		t.Errorf("held back under another spelling: %+v, %v", hb, err)
	}
}

// TestBothSpellingsStoredBeforeFindTheirOwnStory: a database from before
// http and https were one story may hold a page under both spellings, as
// two stories; a look-up by link finds the story stored under the
// spelling asked for, and the other only when that one is not stored.
func TestBothSpellingsStoredBeforeFindTheirOwnStory(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	secure := submit(t, s, "https://news.example/twice", "health")
	plain := submit(t, s, "https://news.example/respelled", "health")
	// As stored before LinkKey: the same page's http link, another story.
	if _, err := s.db.ExecContext(ctx, `UPDATE stories SET url = 'http://news.example/twice' WHERE id = ?`, plain.ID); err != nil {
		t.Fatal(err)
	}
	for link, want := range map[string]int64{
		"https://news.example/twice": secure.ID,
		"http://news.example/twice":  plain.ID,
	} {
		if st, err := s.StoryByURL(ctx, link); err != nil || st.ID != want {
			t.Errorf("StoryByURL(%s) = #%d, %v; want #%d", link, st.ID, err, want)
		}
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM stories WHERE id = ?`, secure.ID); err != nil {
		t.Fatal(err)
	}
	if st, err := s.StoryByURL(ctx, "https://news.example/twice"); err != nil || st.ID != plain.ID {
		t.Errorf("StoryByURL(https) with only the http story left = #%d, %v; want #%d", st.ID, err, plain.ID)
	}
}

// TestSubmitFindsAStoryStoredWithoutItsRoute: a release before dropped
// every fragment, so "https://spa.example/#!/news/41" was stored as
// "https://spa.example/". Only the bot's submit command looked for it
// there; Submit itself queued a second copy of the story for any other
// caller. The same page with the same headline (under either scheme) is
// that story now, whoever submits; a page with another headline, or one
// whose headline is its link (its page could not be read), or a story
// only on the newswire, is not; a search for the link finds it.
func TestSubmitFindsAStoryStoredWithoutItsRoute(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	stored := submit(t, s, "http://spa.example/", "health") // as the release before stored it
	sub := func(url, headline string) (digest.Story, error) {
		return s.Submit(ctx, Submission{Story: digest.Story{URL: url, Headline: headline, Submitter: ana}, Limit: 100})
	}
	_, err := sub("https://spa.example/#!/news/41", "Headline  of http://spa.example/")
	var dup *DuplicateError
	if !errors.As(err, &dup) || dup.Existing.ID != stored.ID {
		t.Errorf("the route of the stored story's page, same headline: %v, want a duplicate of #%d", err, stored.ID)
	}
	if _, err := s.Approve(ctx, Decision{StoryID: stored.ID, By: ed}); err != nil { // searches show reviewed stories
		t.Fatal(err)
	}
	if st, err := s.SearchStoryByURL(ctx, "https://spa.example/#!/news/41", false); err != nil || st.ID != stored.ID {
		t.Errorf("SearchStoryByURL of the route = #%d, %v; want #%d", st.ID, err, stored.ID)
	}
	other, err := sub("https://spa.example/#!/news/42", "Fire services merge control rooms")
	if err != nil || other.ID == stored.ID {
		t.Errorf("another route with another headline: #%d, %v; want a story of its own", other.ID, err)
	}
	if st, err := sub("https://spa.example/#/news/43", "https://spa.example/#/news/43"); err != nil || st.ID == stored.ID {
		t.Errorf("a route whose page could not be read: #%d, %v; want a story of its own", st.ID, err)
	}

	feed := feedRow(t, s, "https://a.example/rss")
	onWire := wire("https://wire.example/", "Three councils launch a shared legal service", "w1")
	onWire.Story.State = digest.StateNewswire
	if res, err := addWire(ctx, s, feed, []NewswireEntry{onWire}); err != nil || len(res.Added) != 1 {
		t.Fatal(res, err)
	}
	if st, err := sub("https://wire.example/#!/legal", onWire.Story.Headline); err != nil || st.URL != "https://wire.example/#!/legal" {
		t.Errorf("a route of a newswire story's page: %+v, %v; want a story of its own", st, err)
	}
}

// TestStoryByLinkReadsIndexes: a look-up by link, which also asks
// story_keys (a story stored under an older form of its link is keyed
// under today's), reads stories.url's index and story_keys' primary key,
// not every story.
func TestStoryByLinkReadsIndexes(t *testing.T) {
	s, _ := openTest(t)
	where, args := linkWhere("https://www.council.example/news/41", searchable("s.", false))
	for _, step := range queryPlan(t, s, `SELECT s.id FROM stories s WHERE `+where, args...) {
		if strings.HasPrefix(step, "SCAN") {
			t.Errorf("a look-up by link reads %q", step)
		}
	}
}
