package bot

import (
	"context"
	"testing"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// TestFeedStoryCardJudgesWithTheFeedsHint: the newswire suggests a sector
// with the feed's configured sector as a hint, so the card judges the
// suggestion with the same hint. Judged without it, a story the model
// filed under its feed's sector at 0.58 was shown "(suggested, not sure)",
// at 0.39: a confidence the suggester never had. The same story from a
// feed with no sector is a close call, and its card says so.
func TestFeedStoryCardJudgesWithTheFeedsHint(t *testing.T) {
	ctx := context.Background()
	const feedURL = "https://councils.example/rss"
	story := digest.Story{URL: "https://news.example/audit", Source: "Wire",
		Headline:        "Shared internal audit partnership grows to seven councils",
		Summary:         "An internal audit partnership that began between two districts now serves seven councils and a national park authority.",
		Sector:          "local-government",
		SuggestedSector: "local-government",
		State:           digest.StateQueued}
	for _, c := range []struct {
		hint    string
		notSure bool
	}{{"Local Government", false}, {"", true}} { // a name, as the configuration may give it
		f := newFixture(t, func(cfg *config.Config) {
			cfg.Feeds.Sources = []config.FeedSource{{URL: feedURL, Name: "Councils", Sector: c.hint}}
		})
		feeds, err := f.store.RegisterFeeds(ctx, []store.FeedRef{{URL: feedURL, Name: "Councils"}})
		if err != nil {
			t.Fatal(err)
		}
		entries := []store.NewswireEntry{{Story: story}}
		store.PrepareEntries(entries)
		res, err := f.store.AddNewswire(ctx, store.FeedEntries{FeedID: feeds[0].ID, Entries: entries})
		if err != nil || len(res[0].Added) != 1 {
			t.Fatalf("store the feed's story: %+v, %v", res, err)
		}
		if !f.bot.PostReviewCards(ctx, res[0].Added[0]) {
			t.Fatal("the card was not posted")
		}
		card := f.slack.cards[len(f.slack.cards)-1]
		if card.NotSure != c.notSure {
			t.Errorf("from a feed with the hint %q: not sure %v, want %v (%s)", c.hint, card.NotSure, c.notSure, card.sector())
		}
	}
}
