package slack

import (
	"context"
	"errors"
	"testing"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
)

// TestPostToReviewWithNoReviewChannel: with slack.review_channel unset,
// a notice for the editors is posted nowhere and said to be so
// (bot.ErrNoReviewChannel), where it returned nil and the bot counted a
// failure report as told.
func TestPostToReviewWithNoReviewChannel(t *testing.T) {
	f := newFixtureWith(t, fixtureOptions{config: func(c *config.Config) { c.Slack.ReviewChannel = "" }})
	if err := f.ad.PostToReview(context.Background(), bot.Message{Text: "Delivery of edition 1 failed."}); !errors.Is(err, bot.ErrNoReviewChannel) {
		t.Errorf("PostToReview: %v, want bot.ErrNoReviewChannel", err)
	}
	if calls := f.slack.Calls("chat.postMessage"); len(calls) != 0 {
		t.Errorf("posted %d messages", len(calls))
	}
}
