package discord

import (
	"context"
	"errors"
	"testing"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
)

// TestPostToReviewWithNoReviewChannel: with discord.review_channel unset,
// a notice for the editors is posted nowhere and said to be so
// (bot.ErrNoReviewChannel), where it returned nil and the bot counted a
// failure report as told.
func TestPostToReviewWithNoReviewChannel(t *testing.T) {
	f := newFixture(t, func(c *config.Config, _ *Options) { c.Discord.ReviewChannel = "" })
	if err := f.adapter.PostToReview(context.Background(), bot.Message{Text: "Delivery of edition 1 failed."}); !errors.Is(err, bot.ErrNoReviewChannel) {
		t.Errorf("PostToReview: %v, want bot.ErrNoReviewChannel", err)
	}
}
