package discord

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/adapters/discord/discordtest"
	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/delivery"
)

// componentsV2Message is a message another app posts with Discord's
// layout components (a Container holding a Text Display, a Separator and
// a Section with a Thumbnail; flag IS_COMPONENTS_V2), as Discord lists
// it: component types that discordgo v0.28 does not know and refuses to
// decode.
var componentsV2Message = map[string]any{
	"author": map[string]any{"id": "100000000000000077", "username": "Rota", "bot": true},
	"flags":  1 << 15, "content": "", "embeds": []any{},
	"components": []any{map[string]any{"type": 17, "id": 1, "accent_color": 703487, "spoiler": false, "components": []any{
		map[string]any{"type": 10, "id": 2, "content": "# This week's rota"},
		map[string]any{"type": 14, "id": 3, "divider": true, "spacing": 1},
		map[string]any{"type": 9, "id": 4,
			"components": []any{map[string]any{"type": 10, "id": 5, "content": "On call: Sam"}},
			"accessory":  map[string]any{"type": 11, "id": 6, "media": map[string]any{"url": "https://example.org/sam.png"}}},
	}}},
}

// ownParts fails the test unless the channel holds each of the bot's
// parts exactly once, and parts of them (the other app's message aside).
func ownParts(t *testing.T, api *discordtest.Fake, parts int) {
	t.Helper()
	nonces := slices.DeleteFunc(api.Nonces()[newsChannel], func(n string) bool { return n == "" })
	if slices.Sort(nonces); len(slices.Compact(slices.Clone(nonces))) != len(nonces) {
		t.Errorf("a part is in the channel twice: %q", nonces)
	}
	if len(nonces) != parts {
		t.Errorf("%d of the bot's messages in the channel, want %d", len(nonces), parts)
	}
}

// TestResumeReadsPastAnotherAppsLayout: a delivery interrupted after part
// 1, in a channel where another app has since posted a message built
// from layout components, is resumed from part 2: reading the channel
// back does not depend on knowing every component another app may use,
// which the bot never looks at. It failed on every try, so the edition
// never reached the channel (a worker retries a delivery whose last try
// failed only after reading the channel).
func TestResumeReadsPastAnotherAppsLayout(t *testing.T) {
	f, api := newResumeFixture(t, discordtest.Options{GlobalPerSecond: 1000, RouteLimit: 1000})
	ctx := context.Background()
	e := longEdition()
	parts := len(EditionPayloads(e))
	post := delivery.Post{ChannelID: newsChannel, Edition: e, Key: "e1:discord:" + newsChannel}
	adaptertest.PostUntilKilled(t, f.adapter, post, 1)
	api.PostFromAnotherApp(newsChannel, componentsV2Message)

	n, first, err := f.adapter.PostedParts(ctx, post)
	if err != nil || n != 2 || !strings.HasPrefix(first, newsChannel+":") {
		t.Fatalf("posted parts = %d %q %v, want 2 found past the other app's message", n, first, err)
	}
	post.From, post.FirstRef = n, first
	if err := f.adapter.PostEdition(ctx, post, func(int, string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	ownParts(t, api, parts)
}

// TestContestedPartReadsPastAnotherAppsLayout: a worker frozen past its
// lease and past Discord's nonce window posts part 0; another app posts a
// layout message; the worker that took the delivery over posts its own
// part 0. Looking for the earlier copy reads past the other app's
// message, so the later copy is taken back and the part is in the
// channel once (the copies were both left there).
func TestContestedPartReadsPastAnotherAppsLayout(t *testing.T) {
	f, api := newResumeFixture(t, discordtest.Options{GlobalPerSecond: 1000, RouteLimit: 1000, NonceWindow: time.Nanosecond})
	e := longEdition()
	post := delivery.Post{ChannelID: newsChannel, Edition: e, Key: "e1:discord:" + newsChannel}
	adaptertest.PostUntilKilled(t, f.adapter, post, 0)
	api.PostFromAnotherApp(newsChannel, componentsV2Message)
	post.Contested = true
	if err := f.adapter.PostEdition(context.Background(), post, func(int, string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	ownParts(t, api, len(EditionPayloads(e)))
}

// TestMentionReplyingToAnotherAppsLayout: a member who mentions the bot in
// a reply to another app's layout message is answered. Discord sends the
// message replied to within the reply (referenced_message), components
// and all, and discordgo v0.28, which does not know the layout
// components, decoded the whole reply as an empty message: the command
// was dropped without a word, to the member or in the log.
func TestMentionReplyingToAnotherAppsLayout(t *testing.T) {
	f := newFixtureWithAPI(t, discordtest.Options{}, nil)
	g := newFakeGateway(t)
	f.api.SetGateway("ws://" + g.srv.Listener.Addr().String() + "/")
	stop := adaptertest.Run(t, f.adapter.Run)
	defer stop()
	adaptertest.WaitFor(t, "the gateway session", func() bool { return f.adapter.self.Load() != nil })

	other := map[string]any{"id": "1100000000000000100", "channel_id": newsChannel, "type": 0,
		"timestamp": "2026-11-30T03:00:00.000000+00:00", "mentions": []any{}, "attachments": []any{}, "tts": false,
		"pinned": false, "mention_everyone": false, "mention_roles": []any{}, "edited_timestamp": nil}
	maps.Copy(other, componentsV2Message)
	var reply map[string]any
	if err := json.Unmarshal(messageEvent(t, "1100000000000000101", newsChannel, guildID, editor,
		"<@"+botUserID+"> subscribe health", theBot), &reply); err != nil {
		t.Fatal(err)
	}
	reply["type"] = 19 // a reply
	reply["message_reference"] = map[string]any{"type": 0, "message_id": other["id"], "channel_id": newsChannel, "guild_id": guildID}
	reply["referenced_message"] = other
	raw, err := json.Marshal(reply)
	if err != nil {
		t.Fatal(err)
	}
	from := f.api.count()
	g.send("MESSAGE_CREATE", raw)
	var msgs []map[string]any
	adaptertest.WaitFor(t, "the answer to a mention in a reply to a layout message", func() bool {
		msgs = messagesTo(f, from, newsChannel)
		return len(msgs) > 0
	})
	if got := contentOf(msgs); !strings.Contains(got, "Health") {
		t.Errorf("subscribe answer: %s", got)
	}
}

// TestDecodeMessageReadsPastComponents: a gateway message built from
// components discordgo does not know, itself or the message it replies
// to, is read for what the bot takes from it (its author, channel and
// content), its components left unread.
func TestDecodeMessageReadsPastComponents(t *testing.T) {
	msg := map[string]any{"id": "1100000000000000102", "channel_id": newsChannel, "type": 19, "content": "hello"}
	maps.Copy(msg, componentsV2Message)
	msg["content"] = "hello"
	msg["referenced_message"] = componentsV2Message
	raw, err := json.Marshal(msg)
	if err != nil {
		t.Fatal(err)
	}
	m, err := decodeMessage(raw)
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != msg["id"] || m.ChannelID != newsChannel || m.Content != "hello" || m.Author == nil || m.Author.Username != "Rota" ||
		m.Type != discordgo.MessageTypeReply || len(m.Components) != 0 || m.ReferencedMessage != nil {
		t.Errorf("decoded: %+v", m)
	}
}
