package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkRecurringWeek: a new week of a weekly headline whose first
// week is the oldest of 50,000 stories, each week a new link and text:
// what the newswire writer's transaction costs it.
func BenchmarkRecurringWeek(b *testing.B) {
	ctx := context.Background()
	s := openTestAt(b, filepath.Join(b.TempDir(), "bench.db"))
	states, err := s.RegisterFeeds(ctx, []FeedRef{{URL: "https://council.example/feed", Name: "council"}})
	if err != nil {
		b.Fatal(err)
	}
	feed := states[0].ID
	const headline = "Planning applications received this week"
	week := func(n int) NewswireEntry {
		e := wire(fmt.Sprintf("https://council.example/planning/week-%d", n), headline, fmt.Sprintf("week-%d", n))
		e.Story.Summary = fmt.Sprintf("%d applications, %d of them for solar farms.", n, n%7)
		return e
	}
	if _, err := addWire(ctx, s, feed, []NewswireEntry{week(0)}); err != nil {
		b.Fatal(err)
	}
	for batch := range 50 {
		entries := make([]NewswireEntry, 1000)
		for i := range entries {
			n := batch*1000 + i
			entries[i] = wire(fmt.Sprintf("https://council.example/news/%d", n), fmt.Sprintf("Council news item number %d", n), fmt.Sprint("n", n))
		}
		if _, err := addWire(ctx, s, feed, entries); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := range b.N {
		if res, err := addWire(ctx, s, feed, []NewswireEntry{week(i + 1)}); err != nil || len(res.Added) != 1 {
			b.Fatalf("week %d: %+v, %v", i+1, res, err)
		}
	}
}
