package slack

import (
	"context"
	"errors"
	"strings"
	"testing"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// TestReviewCardRefusedSaysWhatToDo: with the bot not invited to the
// private review channel, every submission's card was refused and the
// operator's log said only "post review card for story #45 to GREVIEW:
// not_in_channel". The error now says what that means and what to do, as
// a delivery report does, and keeps Slack's error for errors.As.
func TestReviewCardRefusedSaysWhatToDo(t *testing.T) {
	f := newFixture(t)
	f.slack.Refuse(reviewChan, "not_in_channel")
	card := bot.ReviewCard{Story: digest.Story{ID: 7, Headline: "Councils merge", URL: "https://example.gov.uk/a", State: digest.StateQueued}}
	_, err := f.ad.PostReviewCard(context.Background(), card)
	if err == nil {
		t.Fatal("a refused review card was taken")
	}
	for _, want := range []string{"review channel " + reviewChan, "the bot is not a member of the channel: invite the bot to it with /invite (Slack error not_in_channel)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	var refused slackgo.SlackErrorResponse
	if !errors.As(err, &refused) || refused.Err != "not_in_channel" {
		t.Errorf("Slack's error is not kept: %v", err)
	}
}
