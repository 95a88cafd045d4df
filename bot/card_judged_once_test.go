package bot

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/sharednews/sharednews/classify"
	"github.com/sharednews/sharednews/digest"
)

// countingJudge is the keyword model, counting the confidences asked of it.
type countingJudge struct {
	*classify.Model
	asked atomic.Int32
}

func (j *countingJudge) Confidence(ctx context.Context, s digest.Story, sector string) float64 {
	j.asked.Add(1)
	return j.Model.Confidence(ctx, s, sector)
}

// otherPlatform is a second chat platform, a recorder by another name.
type otherPlatform struct{ *recorder }

func (otherPlatform) Name() string { return "discord" }

// TestReviewCardIsJudgedOncePerStory: a story queued while two platforms
// are connected gets a card on each, and the sector model is asked how
// sure it is once, not once per platform.
func TestReviewCardIsJudgedOncePerStory(t *testing.T) {
	f := newFixture(t, nil)
	judge := &countingJudge{Model: classify.New(f.bot.Sectors())}
	f.bot.suggester = judge
	other := otherPlatform{&recorder{}}
	f.bot.AddPlatform(other)
	story := digest.Story{URL: "https://news.example/merger", Headline: "NHS hospital trusts merge",
		Sector: "health", SuggestedSector: "health", State: digest.StateQueued}
	if err := f.store.AddStories(context.Background(), []digest.Story{story}); err != nil {
		t.Fatal(err)
	}
	queued, err := f.store.QueuedStories(context.Background(), 1)
	if err != nil || len(queued) != 1 {
		t.Fatalf("queue %v, %v", queued, err)
	}
	f.bot.PostReviewCards(context.Background(), queued[0])
	if len(f.slack.cards) != 1 || len(other.cards) != 1 {
		t.Fatalf("cards: %d on slack, %d on discord; want one each", len(f.slack.cards), len(other.cards))
	}
	if n := judge.asked.Load(); n != 1 {
		t.Errorf("the sector model was asked %d times for one story's cards, want 1", n)
	}
}

// TestMissingCardsAreJudgedOncePerStory: stories queued with no card on
// either of two platforms get a card on each when `run` starts, and the
// sector model is asked about each story once, not once per platform.
func TestMissingCardsAreJudgedOncePerStory(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	judge := &countingJudge{Model: classify.New(f.bot.Sectors())}
	f.bot.suggester = judge
	other := otherPlatform{&recorder{}}
	f.bot.AddPlatform(other)
	stories := []digest.Story{
		{URL: "https://news.example/merger", Headline: "NHS hospital trusts merge", Sector: "health", SuggestedSector: "health", State: digest.StateQueued},
		{URL: "https://news.example/roads", Headline: "County council resurfaces roads", Sector: "health", SuggestedSector: "health", State: digest.StateQueued},
	}
	if err := f.store.AddStories(ctx, stories); err != nil {
		t.Fatal(err)
	}
	f.bot.PostMissingReviewCards(ctx)
	if len(f.slack.cards) != 2 || len(other.cards) != 2 {
		t.Fatalf("cards: %d on slack, %d on discord; want two each", len(f.slack.cards), len(other.cards))
	}
	if n := judge.asked.Load(); n != 2 {
		t.Errorf("the sector model was asked %d times for two stories' cards, want 2", n)
	}
}
