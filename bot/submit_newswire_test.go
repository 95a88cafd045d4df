package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// A newswire story a member submits is submitted when they submit it, not
// when its feed brought it: the review card and a later duplicate say so,
// and the queue, oldest first, puts it after what was submitted before.
func TestASubmittedNewswireStoryIsDatedByItsSubmission(t *testing.T) {
	f := newFixture(t, func(c *config.Config) { c.Bot.Timezone = "UTC" })
	ctx := context.Background()
	fed := time.Date(2026, 9, 3, 8, 0, 0, 0, time.UTC)
	wire, err := f.store.AddStory(ctx, digest.Story{URL: "https://www.example.gov.uk/news/shared-legal-service",
		Headline: "Three councils launch a shared legal service", Summary: "The service starts in April.",
		Source: "GOV.UK", Sector: "local-government", State: digest.StateNewswire, CreatedAt: fed})
	if err != nil {
		t.Fatal(err)
	}
	earlier, err := f.store.AddStory(ctx, digest.Story{URL: "https://example.org/trusts-merge", Headline: "Trusts merge",
		Summary: "Two trusts merge.", Sector: "health", State: digest.StateQueued, CreatedAt: time.Now().Add(-time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	before := time.Now().Truncate(time.Second)
	if r := f.say(member, "submit "+wire.URL+" Worth a look"); tone(r) != Success {
		t.Fatalf("submit: %q", text(r))
	}
	s, err := f.store.Story(ctx, wire.ID)
	if err != nil {
		t.Fatal(err)
	}
	if s.CreatedAt.Before(before) {
		t.Errorf("submitted at %s, want the time of the submission (after %s)", s.CreatedAt, before)
	}
	if n := len(f.slack.cards); n == 0 || strings.Contains(f.slack.cards[n-1].Story.CreatedAt.Format(time.DateOnly), "2026-09-03") {
		t.Errorf("review card dated by the feed: %+v", f.slack.cards)
	}
	if r := f.say(editor, "submit "+wire.URL); !strings.Contains(text(r), "submitted by @ana on "+s.CreatedAt.Format("2 Jan")) ||
		strings.Contains(text(r), "3 Sep") {
		t.Errorf("second submission: %q", text(r))
	}
	v, ok := f.say(editor, "queue").Body.(StoryList)
	if !ok || len(v.Items) != 2 || v.Items[0].Story.ID != earlier.ID || v.Items[1].Story.ID != wire.ID {
		t.Errorf("queue, oldest first: %+v", v.Items)
	}
}
