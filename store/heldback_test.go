package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// TestDistinctStoriesWithSimilarHeadlinesAreKept: the text after " - " is
// a publisher's name only when it is known as one.
func TestDistinctStoriesWithSimilarHeadlinesAreKept(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	feed := feedRow(t, s, "https://a.example/rss")
	res, err := s.AddNewswire(ctx, FeedEntries{FeedID: feed, Publishers: []string{"Local Paper"}, Entries: []NewswireEntry{
		wire("https://news.example/leeds", "Local elections 2024 - Results For Leeds", "1"),
		wire("https://news.example/york", "Local elections 2024 - Results For York", "2"),
		wire("https://news.example/hull", "Local elections 2024 - Results For Hull | Local Paper", "3"),
	}})
	if err != nil || len(res[0].Added) != 3 || len(res[0].HeldBack) != 0 {
		t.Fatalf("%+v, %v", res, err)
	}
}

// TestHeldBackIsRecordedOnceShownAndKept follows an entry held back as a
// duplicate: recorded with the story it matched, once however often the
// feed carries it, listed in the feed's health, and kept by submitting it.
func TestHeldBackIsRecordedOnceShownAndKept(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	a, b := feedRow(t, s, "https://a.example/rss"), feedRow(t, s, "https://b.example/rss")
	first, err := addWire(ctx, s, a, []NewswireEntry{wire("https://news.example/1", "Two councils share a chief executive", "")})
	if err != nil || len(first.Added) != 1 {
		t.Fatal(first, err)
	}
	dup := wire("https://other.example/1", "Two Councils Share a Chief Executive", "")
	dup.Story.Summary = "The other paper's version."
	dup.Story.State = digest.StateNewswire
	for poll := range 3 {
		res, err := addWire(ctx, s, b, []NewswireEntry{dup})
		if err != nil {
			t.Fatal(err)
		}
		if poll == 0 && (len(res.HeldBack) != 1 || res.Duplicates != 0) || poll > 0 && (len(res.HeldBack) != 0 || res.Duplicates != 1) {
			t.Fatalf("poll %d: %+v", poll, res)
		}
	}
	if err := s.RecordFeedPoll(ctx, b, FeedPoll{At: s.now(), Succeeded: true, Status: "fetched", HeldBack: 1}); err != nil {
		t.Fatal(err)
	}
	health, err := s.FeedHealths(ctx)
	if err != nil {
		t.Fatal(err)
	}
	h := health["https://b.example/rss"]
	if h.LastHeldBack != 1 || h.HeldBackTotal != 1 || len(h.HeldBack) != 1 {
		t.Fatalf("health %+v", h)
	}
	hb := h.HeldBack[0]
	if hb.Entry.URL != dup.Story.URL || hb.Entry.Summary != dup.Story.Summary || hb.Entry.State != digest.StateNewswire ||
		hb.Of.ID != first.Added[0].ID || hb.Of.Headline != "Two councils share a chief executive" || !hb.At.Equal(s.now()) {
		t.Errorf("held back %+v", hb)
	}
	if other := health["https://a.example/rss"]; other.HeldBackTotal != 0 || len(other.HeldBack) != 0 {
		t.Errorf("feed A: %+v", other)
	}

	got, err := s.HeldBackByURL(ctx, dup.Story.URL)
	if err != nil || got.ID != hb.ID {
		t.Fatalf("by URL: %+v, %v", got, err)
	}
	kept, err := s.Submit(ctx, Submission{Story: digest.Story{URL: dup.Story.URL, Headline: got.Entry.Headline, Sector: "other", Submitter: ana}, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.HeldBackByURL(ctx, dup.Story.URL); !errors.Is(err, ErrNotFound) {
		t.Errorf("still held back after it was kept: %v", err)
	}
	health, err = s.FeedHealths(ctx)
	if err != nil || health["https://b.example/rss"].HeldBackTotal != 0 {
		t.Errorf("health after keeping: %+v, %v", health["https://b.example/rss"], err)
	}
	var released int64
	if err := s.db.QueryRowContext(ctx, `SELECT released_story_id FROM held_back WHERE id = ?`, hb.ID).Scan(&released); err != nil || released != kept.ID {
		t.Errorf("released as %d, want %d (%v)", released, kept.ID, err)
	}
	// The kept story is a story now, and the feed's next poll finds it by link.
	res, err := addWire(ctx, s, b, []NewswireEntry{dup})
	if err != nil || len(res.Added) != 0 || len(res.HeldBack) != 0 || res.Duplicates != 1 {
		t.Errorf("after keeping: %+v, %v", res, err)
	}
}

// TestHeldBackShowsTheNewestFew lists a few held-back entries per feed and
// counts them all.
func TestHeldBackShowsTheNewestFew(t *testing.T) {
	ctx := context.Background()
	s, now := openTest(t)
	a, b := feedRow(t, s, "https://a.example/rss"), feedRow(t, s, "https://b.example/rss")
	var originals []NewswireEntry
	for i := range heldBackShown + 3 {
		originals = append(originals, wire("https://news.example/"+string(rune('a'+i)), "Story number "+string(rune('a'+i))+" about councils", ""))
	}
	if _, err := addWire(ctx, s, a, originals); err != nil {
		t.Fatal(err)
	}
	for i, o := range originals {
		*now = now.Add(time.Minute)
		if _, err := addWire(ctx, s, b, []NewswireEntry{wire(o.Story.URL+"-copy", o.Story.Headline, "")}); err != nil {
			t.Fatal(i, err)
		}
	}
	health, err := s.FeedHealths(ctx)
	if err != nil {
		t.Fatal(err)
	}
	h := health["https://b.example/rss"]
	if h.HeldBackTotal != len(originals) || len(h.HeldBack) != heldBackShown || h.HeldBack[0].Entry.URL != originals[len(originals)-1].Story.URL+"-copy" {
		t.Errorf("%d held back, %d shown, newest %+v", h.HeldBackTotal, len(h.HeldBack), h.HeldBack[0])
	}
}

// TestEntriesSharingALinkAreHeldBackNotLost: a feed whose entries have
// their own GUIDs and headlines but one link stores one story and holds
// the others back, visibly, as duplicates of the story with that link;
// polled again unchanged, it counts nothing new. A later entry of a new
// GUID under that link with the story's own headline is the same story.
func TestEntriesSharingALinkAreHeldBackNotLost(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	feed := feedRow(t, s, "https://a.example/rss")
	entries := []NewswireEntry{
		wire("http://same.example/news", "Story 0 about libraries", "same-0"),
		wire("http://same.example/news", "Story 1 about libraries", "same-1"),
		wire("http://same.example/news", "Story 2 about libraries", "same-2"),
	}
	res, err := addWire(ctx, s, feed, entries)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Added) != 1 || len(res.HeldBack) != 2 || res.Duplicates != 0 {
		t.Fatalf("first poll: %d added, %d held back, %d duplicates; want 1, 2, 0", len(res.Added), len(res.HeldBack), res.Duplicates)
	}
	story := res.Added[0]
	for i, hb := range res.HeldBack {
		want := entries[i+1].Story.Headline
		if hb.Entry.Headline != want || hb.GUID != entries[i+1].GUID || hb.Of.ID != story.ID || hb.Of.Headline != story.Headline || !hb.SharesLink() {
			t.Errorf("held back %d: %+v; want %q as a duplicate of #%d by its link", i, hb, want, story.ID)
		}
	}
	for poll := range 2 {
		again, err := addWire(ctx, s, feed, entries)
		if err != nil || len(again.Added) != 0 || len(again.HeldBack) != 0 || again.Duplicates != 3 {
			t.Fatalf("poll %d again: %+v, %v", poll+2, again, err)
		}
	}
	health, err := s.FeedHealths(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if h := health["https://a.example/rss"]; h.HeldBackTotal != 2 || len(h.HeldBack) != 2 {
		t.Errorf("health: %d held back, %d shown; want 2", h.HeldBackTotal, len(h.HeldBack))
	}
	// A new GUID under the link, with the story's own headline: the
	// same story, a duplicate as before.
	same, err := addWire(ctx, s, feed, []NewswireEntry{wire("https://same.example/news", "Story 0 about libraries", "same-0-again")})
	if err != nil || len(same.Added) != 0 || len(same.HeldBack) != 0 || same.Duplicates != 1 {
		t.Errorf("the story's own headline under a new GUID: %+v, %v", same, err)
	}
}

// TestHeldBackByAnOlderFormOfItsLinkSharesIt: an entry held back because
// its link is a story's that an older release stored under the form its
// rules gave ("?ref=rss", an Outlook Safe Links wrapper) shares that
// story's link, and `/shared feeds` says so, rather than that its headline
// matched; one whose link is another page's does not.
func TestHeldBackByAnOlderFormOfItsLinkSharesIt(t *testing.T) {
	page := "https://www.council.example/news/41"
	for of, want := range map[string]bool{
		"https://www.council.example/news/41?ref=rss": true,
		"https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.council.example%2Fnews%2F41&data=05%7C01&reserved=0": true,
		"http://council.example/news/41/":             true,
		"https://www.council.example/news/42?ref=rss": false,
		"archive:2014-05-15/3":                        false,
	} {
		hb := HeldBack{Entry: digest.Story{URL: page}, Of: digest.Story{ID: 1, URL: of}}
		if got := hb.SharesLink(); got != want {
			t.Errorf("entry %s held back by story %s: shares its link %v, want %v", page, of, got, want)
		}
	}
}
