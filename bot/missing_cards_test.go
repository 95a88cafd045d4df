package bot

import (
	"context"
	"fmt"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestMissingReviewCardsArePostedAtStart: stories queued with no card on a
// platform (by `ingest`, which has none, or while it was down) get their
// cards when `run` starts, the oldest first, at most twenty, with one
// message counting the rest; the next start posts the rest, and a story
// that has its card is not shown again.
func TestMissingReviewCardsArePostedAtStart(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	var stories []digest.Story
	for i := range 25 {
		stories = append(stories, digest.Story{URL: fmt.Sprintf("https://news.example/%d", i), Headline: fmt.Sprintf("Story %d", i),
			Sector: "health", State: digest.StateQueued})
	}
	if err := f.store.AddStories(ctx, stories); err != nil {
		t.Fatal(err)
	}
	queued, err := f.store.QueuedStories(ctx, 30)
	if err != nil || len(queued) != 25 {
		t.Fatalf("queue %d, %v", len(queued), err)
	}
	f.bot.PostReviewCards(ctx, queued[3]) // shown when it was queued

	f.bot.PostMissingReviewCards(ctx)
	if n := len(f.slack.cards); n != 21 {
		t.Fatalf("%d cards after the first start, want 1 + 20", n)
	}
	if first := f.slack.cards[1].Story.Headline; first != "Story 0" {
		t.Errorf("first missing card for %q, want the oldest", first)
	}
	seen := map[int64]int{}
	for _, c := range f.slack.cards {
		seen[c.Story.ID]++
	}
	if seen[queued[3].ID] != 1 {
		t.Errorf("a story that had its card got %d", seen[queued[3].ID])
	}
	if want := "4 more stories in the review queue have no card here; `/shared queue` lists the oldest."; len(f.slack.review) != 1 || f.slack.review[0] != want {
		t.Errorf("review channel told %q, want %q", f.slack.review, want)
	}

	f.bot.PostMissingReviewCards(ctx)
	for _, c := range f.slack.cards[21:] {
		seen[c.Story.ID]++
	}
	if len(f.slack.cards) != 25 || len(seen) != 25 || len(f.slack.review) != 1 {
		t.Errorf("after the second start: %d cards for %d stories, %d messages; want 25, 25, 1", len(f.slack.cards), len(seen), len(f.slack.review))
	}
	f.bot.PostMissingReviewCards(ctx)
	if len(f.slack.cards) != 25 || len(f.slack.review) != 1 {
		t.Errorf("a third start posted again: %d cards, %d messages", len(f.slack.cards), len(f.slack.review))
	}
}
