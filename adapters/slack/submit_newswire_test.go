package slack

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// TestSubmittingANewswireStoryQueuesIt: a feed's story that did not pass
// the feed's filters waits on the newswire, where no editor looks. A
// member who submits its link is recommending it: it joins the review
// queue under its number, as the feed gave it, with the member as its
// submitter and their note, and its card goes to the review channel. It
// used to be turned away with "an editor can approve it", which the
// member cannot do and no editor heard of.
func TestSubmittingANewswireStoryQueuesIt(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	wire, err := f.store.AddStory(ctx, digest.Story{URL: "https://www.example.gov.uk/news/shared-legal-service",
		Headline: "Three councils launch a shared legal service", Summary: "The service starts in April.",
		Source: "GOV.UK", Sector: "local-government", SuggestedSector: "local-government", State: digest.StateNewswire,
		CreatedAt: time.Now().Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	text := allText(f.command(memberID, "submit https://www.example.gov.uk/news/shared-legal-service?utm_source=twitter housing Worth a look"))
	if !strings.Contains(text, fmt.Sprintf("Queued as #%d", wire.ID)) || !strings.Contains(text, "Three councils launch a shared legal service") {
		t.Fatalf("submitting a newswire story: %s", text)
	}
	s := f.story(wire.ID)
	if s.State != digest.StateQueued || s.Submitter.ID != memberID || s.SubmitNote != "Worth a look" || s.Sector != "housing" ||
		s.Headline != wire.Headline || s.Summary != wire.Summary {
		t.Errorf("story after the submission: %+v", s)
	}
	refs, err := f.store.ReviewCards(ctx, wire.ID)
	if err != nil || refs[PlatformName] == "" {
		t.Errorf("no review card for the submitted newswire story: %v %v", refs, err)
	}
	if n, _ := f.store.QueueSize(ctx); n != 1 {
		t.Errorf("queue size %d, want 1", n)
	}
	// Now it is in the queue: a second submission hears so.
	if again := allText(f.command(editorID, "submit https://www.example.gov.uk/news/shared-legal-service")); !strings.Contains(again,
		fmt.Sprintf("Already in the queue as #%d, submitted by @Ana", wire.ID)) {
		t.Errorf("second submission: %s", again)
	}
}
