package discord

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// TestSendMessagesInThreadsIsNotSendMessages: Send Messages in Threads
// lets the bot post in threads only, and Send Messages in the channel
// only (Discord's permission docs). A read-only announcements channel
// (Send Messages denied to @everyone, threads left open) gives the bot
// the first without the second: subscribing it must be refused, over
// HTTP and over the gateway alike, since every edition would fail there.
// In a thread, Send Messages in Threads is what counts.
func TestSendMessagesInThreadsIsNotSendMessages(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	const read = discordgo.PermissionViewChannel | discordgo.PermissionEmbedLinks | discordgo.PermissionReadMessageHistory
	threadsOnly := strconv.FormatInt(read|discordgo.PermissionSendMessagesInThreads, 10)
	channelOnly := strconv.FormatInt(read|discordgo.PermissionSendMessages, 10)
	in := func(perms string, channelType discordgo.ChannelType) []byte {
		return reshaped(t, f.slash(editor, "subscribe"), func(m map[string]any) {
			m["app_permissions"] = perms
			m["channel"] = map[string]any{"id": newsChannel, "type": int(channelType), "name": "news"}
		})
	}
	unsubscribed := func(what string) {
		t.Helper()
		if _, err := f.store.Subscription(ctx, PlatformName, newsChannel); err == nil {
			t.Fatalf("%s: the channel was subscribed", what)
		}
	}

	r := f.interact(in(threadsOnly, discordgo.ChannelTypeGuildText))
	expect(t, "text channel, threads only", r, true, "not subscribed", "Send Messages", "Nothing was changed")
	unsubscribed("text channel, threads only")
	r = f.interact(in(threadsOnly, discordgo.ChannelTypeGuildNews))
	expect(t, "announcement channel, threads only", r, true, "not subscribed", "Send Messages")
	unsubscribed("announcement channel, threads only")
	r = f.interact(in(channelOnly, discordgo.ChannelTypeGuildPublicThread))
	expect(t, "thread, channel only", r, true, "not subscribed", "Send Messages in Threads")
	unsubscribed("thread, channel only")

	// Over the gateway, from the raw event Discord sends.
	raw := in(threadsOnly, discordgo.ChannelTypeGuildText)
	var id struct {
		ID string `json:"id"`
	}
	json.Unmarshal(raw, &id)
	f.adapter.onRawEvent(&discordgo.Event{Type: "INTERACTION_CREATE", RawData: raw})
	expect(t, "text channel, threads only, over the gateway", callback(t, f, id.ID), true, "not subscribed", "Send Messages")
	unsubscribed("over the gateway")

	expect(t, "thread, threads only", f.interact(in(threadsOnly, discordgo.ChannelTypeGuildPublicThread)), false, "subscribed to Shared News")
}
