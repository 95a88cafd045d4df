package discord

import (
	"testing"

	"github.com/sharednews/sharednews/adapters/discord/discordtest"
	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// TestDeliveryReportWords: an edition published to a channel where the
// bot may not post (Discord's 50013) and to one that is gone is reported
// in the review channel, whole, with one sentence each: what to do and
// Discord's code, no HTTP status line or JSON.
func TestDeliveryReportWords(t *testing.T) {
	f := newFixtureWithAPI(t, discordtest.Options{Muted: []string{"300000000000000001"}, Gone: []string{"300000000000000002"}}, nil)
	adaptertest.SubscribeWithApprovedStory(t, f.store, digest.Person{Platform: PlatformName, ID: editorID, Name: "ed"},
		map[string]string{"300000000000000001": "news", "300000000000000002": "old-news"})
	n := f.api.count()
	expect(t, "publish", f.say(editor, "publish"), false, "Published edition 1", "delivered to 0 of 2 channels, 2 failed")
	told := f.reviewTold(t, n)
	remedy := "\nOnce the cause is fixed, `/shared subscribe` in a channel sends it edition 1 (until the next edition is out)."
	want := bot.Problem.Mark() + "Delivery of edition 1 failed in 2 channels:" +
		"\n• #news (discord 300000000000000001) — the bot may not post in the channel: give it Send Messages and Embed Links there (Discord error 50013)" +
		"\n• #old-news (discord 300000000000000002) — the channel no longer exists (Discord error 10003)" + remedy
	want2 := bot.Problem.Mark() + "Delivery of edition 1 failed in 2 channels:" +
		"\n• #old-news (discord 300000000000000002) — the channel no longer exists (Discord error 10003)" +
		"\n• #news (discord 300000000000000001) — the bot may not post in the channel: give it Send Messages and Embed Links there (Discord error 50013)" + remedy
	if len(told) != 1 || told[0] != want && told[0] != want2 {
		t.Errorf("editors were told %q\nwant %q", told, want)
	}
}
