package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestNewswireDecisionsTellNobody: a newswire story that nobody submitted
// is approved from its card, and another rejected; their cards say so,
// and nobody is sent a message.
func TestNewswireDecisionsTellNobody(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	for _, u := range []string{"https://www.example.org/a", "https://www.example.org/b"} {
		s, err := f.store.AddStory(ctx, digest.Story{URL: u, Headline: "Councils share a chief executive " + u,
			Sector: "health", State: digest.StateQueued, Source: "LocalGov"})
		if err != nil {
			t.Fatal(err)
		}
		f.bot.PostReviewCards(ctx, s)
	}
	if r := f.bot.Approve(ctx, editor, 1, ""); tone(r) != Success {
		t.Fatal(text(r))
	}
	if r := f.bot.RejectOnCard(ctx, editor, 2, "Not for us"); tone(r) != Success {
		t.Fatal(text(r))
	}
	f.slack.mu.Lock()
	defer f.slack.mu.Unlock()
	if len(f.slack.updates) != 2 || !strings.HasPrefix(f.slack.updates[0].Outcome, "Approved by @ed") ||
		f.slack.updates[1].Outcome != "Rejected by @ed: Not for us" {
		t.Errorf("card updates: %+v", f.slack.updates)
	}
	if len(f.slack.notes) != 0 {
		t.Errorf("messages sent: %q", f.slack.notes)
	}
}

// TestRejectOnCardTrimsTheReason: a reason typed in a card's reject form,
// on any platform, is the text without the spaces and line breaks around
// it, as the card's outcome shows it.
func TestRejectOnCardTrimsTheReason(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	s, err := f.store.AddStory(ctx, digest.Story{URL: "https://www.example.org/a", Headline: "Councils share a chief executive",
		Sector: "health", State: digest.StateQueued, Source: "LocalGov"})
	if err != nil {
		t.Fatal(err)
	}
	f.bot.PostReviewCards(ctx, s)
	if r := f.bot.RejectOnCard(ctx, editor, s.ID, " \n Not for us \n\n"); tone(r) != Success {
		t.Fatal(text(r))
	}
	f.slack.mu.Lock()
	defer f.slack.mu.Unlock()
	if len(f.slack.updates) != 1 || f.slack.updates[0].Outcome != "Rejected by @ed: Not for us" {
		t.Errorf("card updates: %+v", f.slack.updates)
	}
}
