package slack

import (
	"context"
	"testing"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// TestDeliveryReportWords: an edition published to a channel the bot is
// not in and to one that is gone is reported in the review channel, whole,
// with one sentence each: what to do and Slack's code, no API address or
// Go error chain.
func TestDeliveryReportWords(t *testing.T) {
	f := newFixture(t)
	f.slack.Refuse("COUT", "not_in_channel")
	f.slack.Refuse("CGONE", "channel_not_found")
	ctx := context.Background()
	for ch, name := range map[string]string{"COUT": "news", "CGONE": "old-news"} {
		if err := f.store.Subscribe(ctx, store.Subscription{Platform: PlatformName, ChannelID: ch, ChannelName: name}); err != nil {
			t.Fatal(err)
		}
	}
	ed := digest.Person{Platform: PlatformName, ID: editorID, Name: "Ed"}
	s, err := f.store.Submit(ctx, store.Submission{Story: digest.Story{URL: "https://example.org/a", Headline: "A",
		Sector: "health", Submitter: ed}, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.Approve(ctx, store.Decision{StoryID: s.ID, By: ed}); err != nil {
		t.Fatal(err)
	}
	f.command(editorID, "publish")
	// The notification text: the blocks' lines, joined.
	var told []string
	for _, c := range f.slack.Calls("chat.postMessage") {
		if c.Form.Get("channel") == reviewChan {
			told = append(told, c.Form.Get("text"))
		}
	}
	out := " • #news (slack COUT) — the bot is not a member of the channel: invite the bot to it with /invite (Slack error not_in_channel)"
	gone := " • #old-news (slack CGONE) — the channel no longer exists or the bot cannot see it: if it is private, invite the bot to it (Slack error channel_not_found)"
	head := "Delivery of edition 1 failed in 2 channels:"
	if len(told) != 1 || told[0] != head+out+gone && told[0] != head+gone+out {
		t.Errorf("editors were told %q\nwant %q", told, head+out+gone)
	}
}
