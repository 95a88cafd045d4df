package discord

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/adapters/discord/discordtest"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// TestReviewCardRefusedSaysWhatToDo: with the bot lacking Send Messages
// in the review channel, every submission's card was refused and the
// operator's log gave only Discord's answer ("HTTP 403 Forbidden,
// {"code":50013,…}"). The error now names the review channel and says what
// to do, as a delivery report does, keeping Discord's error behind it.
func TestReviewCardRefusedSaysWhatToDo(t *testing.T) {
	f := newFixtureWithAPI(t, discordtest.Options{Muted: []string{reviewChannel}}, nil)
	card := bot.ReviewCard{Story: digest.Story{ID: 7, Headline: "Councils merge", URL: "https://example.gov.uk/a", State: digest.StateQueued}}
	_, err := f.adapter.PostReviewCard(context.Background(), card)
	if err == nil {
		t.Fatal("a refused review card was taken")
	}
	for _, want := range []string{"review channel " + reviewChannel, "give it Send Messages and Embed Links there (Discord error 50013)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) {
		t.Errorf("Discord's error is not kept: %v", err)
	}
}
