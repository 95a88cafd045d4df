package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// textKeyArchive is how many stories the text key benchmarks' database
// holds before the feed they poll: a large archive, one story in twenty
// of it headed too generically for a headline key ("Update 7").
const textKeyArchive = 100_000

// textKeyBench opens a database of textKeyArchive stories from ten feeds
// and registers the feed the benchmark polls, with its ID.
func textKeyBench(b *testing.B) (*Store, int64) {
	b.Helper()
	ctx := context.Background()
	s := openTestAt(b, filepath.Join(b.TempDir(), "bench.db"))
	refs := make([]FeedRef, 11)
	for i := range refs {
		refs[i] = FeedRef{URL: fmt.Sprintf("https://feed%d.example/rss", i), Name: "Feed"}
	}
	states, err := s.RegisterFeeds(ctx, refs)
	if err != nil {
		b.Fatal(err)
	}
	for batch := range textKeyArchive / 1000 {
		entries := make([]NewswireEntry, 1000)
		for i := range entries {
			n := batch*1000 + i
			headline := fmt.Sprintf("Council news item number %d", n)
			if n%20 == 0 {
				headline = fmt.Sprintf("Update %d", n)
			}
			entries[i] = wire(fmt.Sprintf("https://archive.example/news/%d", n), headline, fmt.Sprint("n", n))
			entries[i].Story.Summary = fmt.Sprintf("Item %d of the archive, about the council's services.", n)
		}
		if _, err := addWire(ctx, s, states[1+batch%10].ID, entries); err != nil {
			b.Fatal(err)
		}
	}
	return s, states[0].ID
}

// textKeyFeed is a poll of a feed of 100 entries, five of them headed
// too generically for a headline key, under links and GUIDs with the
// poll's cache-buster; each entry's text is its own, stories tells
// how many were of earlier polls.
func textKeyFeed(poll, story int) []NewswireEntry {
	entries := make([]NewswireEntry, 100)
	for i := range entries {
		n := story + i
		headline := fmt.Sprintf("Ministers publish the report on item %d", n)
		if i%20 == 0 {
			headline = "Local matters"
		}
		link := fmt.Sprintf("https://news.example/story-%d?nocache=%d", n, poll)
		entries[i] = wire(link, headline, link)
		entries[i].Story.Summary = fmt.Sprintf("What the report on item %d says about the county's roads and schools.", n)
	}
	return entries
}

// BenchmarkPollNewLinksLargeArchive: a feed of 100 entries whose links
// and GUIDs are new at every poll (a cache-buster), polled again and
// again against an archive of 100,000 stories: what each poll costs the
// newswire writer.
func BenchmarkPollNewLinksLargeArchive(b *testing.B) {
	ctx := context.Background()
	s, feed := textKeyBench(b)
	if _, err := addWire(ctx, s, feed, textKeyFeed(0, 0)); err != nil {
		b.Fatal(err)
	}
	poll := 0
	for b.Loop() {
		poll++
		if _, err := addWire(ctx, s, feed, textKeyFeed(poll, 0)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPollNewStoriesLargeArchive: a feed of 100 new entries at
// every poll, against an archive of 100,000 stories: what storing them
// costs the newswire writer.
func BenchmarkPollNewStoriesLargeArchive(b *testing.B) {
	ctx := context.Background()
	s, feed := textKeyBench(b)
	poll := 0
	for b.Loop() {
		poll++
		if res, err := addWire(ctx, s, feed, textKeyFeed(poll, 100*poll)); err != nil || len(res.Added) != 100 {
			b.Fatalf("poll %d: %d added, %v", poll, len(res.Added), err)
		}
	}
}
