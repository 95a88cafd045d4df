package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestKeyFilterSeesAnotherProcesssKeys: two Stores on one file, as
// `sharednews ingest` beside `run`. Each keeps its own filter of the keys
// recorded (keyFilter); what the other stores after that filter was read
// (newswire entries by GUID, link and headline, a story added by hand,
// the keys of a duplicate it recorded) still makes this one's entries
// duplicates or held back, never a second story.
func TestKeyFilterSeesAnotherProcesssKeys(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shared.db")
	run, ingest := openTestAt(t, path), openTestAt(t, path)
	a, b := feedRow(t, run, "https://a.example/rss"), feedRow(t, run, "https://b.example/rss")

	// Both filters read (and current) before the other writes.
	for _, s := range []*Store{run, ingest} {
		if _, err := addWire(ctx, s, a, []NewswireEntry{wire("https://news.example/first", "First story of the day is a long one", "")}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := addWire(ctx, ingest, b, []NewswireEntry{
		wire("https://news.example/1", "Two councils share a chief executive", "g1"),
		wire("https://news.example/2", "County and city agree joint waste contract", "g2"),
		// A duplicate by its link: its GUID becomes a key in story_keys.
		wire("https://news.example/2", "County and city agree joint waste contract", "g3"),
	})
	if err != nil || len(res.Added) != 2 {
		t.Fatalf("ingest: %+v, %v", res, err)
	}
	if _, err := ingest.AddStory(ctx, digest.Story{URL: "https://hand.example/story", Headline: "Parish council buys the village green",
		Sector: "other", State: digest.StateQueued}); err != nil {
		t.Fatal(err)
	}

	res, err = addWire(ctx, run, b, []NewswireEntry{
		wire("https://news.example/1-moved", "Two councils now share a chief executive", "g1"),   // own GUID
		wire("https://news.example/2-moved", "County and city agree joint waste contract", "g3"), // GUID key in story_keys
		wire("http://news.example/2", "County and city agree joint waste contract", "g4"),        // link, other scheme
		wire("https://hand.example/story", "Parish council buys the village green", "g5"),        // a story added by hand
		wire("https://other.example/1", "Two councils share a chief executive", "g6"),            // headline
		wire("https://other.example/2", "Parish council buys the village green at last", "g7"),   // new
	})
	if err != nil {
		t.Fatal(err)
	}
	var added []string
	for _, st := range res.Added {
		added = append(added, st.URL)
	}
	if len(added) != 1 || added[0] != "https://other.example/2" || len(res.HeldBack) != 1 || res.Duplicates != 4 {
		t.Errorf("run stored %q, held back %d, %d duplicates; want only https://other.example/2 stored, 1 held back, 4 duplicates",
			added, len(res.HeldBack), res.Duplicates)
	}
	var stories int
	if err := run.db.QueryRowContext(ctx, `SELECT count(*) FROM stories`).Scan(&stories); err != nil {
		t.Fatal(err)
	}
	if stories != 5 {
		t.Errorf("%d stories, want 5", stories)
	}
}

// TestKeyFilterKeepsEveryHash: hashes added one by one, across the folds
// of the recent ones into the sorted ones, are all still there.
func TestKeyFilterKeepsEveryHash(t *testing.T) {
	f := keyFilter{loaded: true, recent: map[uint32]struct{}{}}
	var added []uint32
	for i := range uint32(50000) {
		h := i * 2654435761 // spread, in no order
		f.add(h)
		added = append(added, h)
	}
	for _, h := range added {
		if !f.has(h) {
			t.Fatalf("hash %d lost", h)
		}
	}
	if len(f.sorted) == 0 || !slices.IsSorted(f.sorted) {
		t.Errorf("%d sorted hashes, sorted: %v", len(f.sorted), slices.IsSorted(f.sorted))
	}
	if f.has(1) {
		t.Error("a hash never added is there")
	}
}
