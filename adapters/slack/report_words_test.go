package slack

import (
	"testing"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/digest"
)

// TestDeliveryReportWords: an edition published to a channel the bot is
// not in and to one that is gone is reported in the review channel, whole,
// with one sentence each: what to do and Slack's code, no API address or
// Go error chain.
func TestDeliveryReportWords(t *testing.T) {
	f := newFixture(t)
	f.slack.Refuse("COUT", "not_in_channel")
	f.slack.Refuse("CGONE", "channel_not_found")
	adaptertest.SubscribeWithApprovedStory(t, f.store, digest.Person{Platform: PlatformName, ID: editorID, Name: "Ed"},
		map[string]string{"COUT": "news", "CGONE": "old-news"})
	f.command(editorID, "publish")
	told := f.reviewTold() // the notification text: the blocks' lines, joined
	out := " • #news (slack COUT) — the bot is not a member of the channel: invite the bot to it with /invite (Slack error not_in_channel)"
	gone := " • #old-news (slack CGONE) — the channel no longer exists or the bot cannot see it: if it is private, invite the bot to it (Slack error channel_not_found)"
	head := "Delivery of edition 1 failed in 2 channels:"
	remedy := " Once the cause is fixed, `/shared subscribe` in a channel sends it edition 1 (until the next edition is out)."
	if len(told) != 1 || told[0] != head+out+gone+remedy && told[0] != head+gone+out+remedy {
		t.Errorf("editors were told %q\nwant %q", told, head+out+gone+remedy)
	}
}
