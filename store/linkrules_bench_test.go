package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkKeyStoredLinks: what keying the stored links under today's
// rules costs a database of 100,000 stories, one in ten stored under a
// form today's rules change ("?ref=rss"), as Migrate does it once after
// an upgrade ("first"), and what it costs every Migrate after ("again").
func BenchmarkKeyStoredLinks(b *testing.B) {
	ctx := context.Background()
	s := openTestAt(b, filepath.Join(b.TempDir(), "bench.db"))
	states, err := s.RegisterFeeds(ctx, []FeedRef{{URL: "https://council.example/feed", Name: "council"}})
	if err != nil {
		b.Fatal(err)
	}
	const stories = 100_000
	for batch := range stories / 1000 {
		entries := make([]NewswireEntry, 1000)
		for i := range entries {
			n := batch*1000 + i
			entries[i] = wire(fmt.Sprintf("https://www.council.example/news/%d/item-%d", n%97, n), fmt.Sprintf("Council news item number %d", n), fmt.Sprint("n", n))
		}
		if _, err := addWire(ctx, s, states[0].ID, entries); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE stories SET url = url || '?ref=rss' WHERE id % 10 = 0`); err != nil {
		b.Fatal(err)
	}
	forget := func(b *testing.B) {
		b.Helper()
		if _, err := s.db.ExecContext(ctx, `DELETE FROM story_keys WHERE kind = 'url'`); err != nil {
			b.Fatal(err)
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE link_rules SET version = 0`); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("first", func(b *testing.B) {
		for range b.N {
			b.StopTimer()
			forget(b)
			b.StartTimer()
			if n, err := s.keyStoredLinks(ctx); err != nil || n != stories/10 {
				b.Fatalf("keyed %d links, %v; want %d", n, err, stories/10)
			}
		}
	})
	b.Run("again", func(b *testing.B) {
		for range b.N {
			if n, err := s.keyStoredLinks(ctx); err != nil || n != 0 {
				b.Fatalf("keyed %d links again, %v", n, err)
			}
		}
	})
}
