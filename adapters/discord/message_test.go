package discord

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/adapters/discord/discordtest"
	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
)

// guildID is the server the test messages are written in.
const guildID = "290926798626357999"

// messageEvent builds a MESSAGE_CREATE as Discord sends it (the message
// object of developers/resources/message, with the author and the partial
// member of a server message). guild "" makes it a direct message; users
// named in content as <@ID> are listed in mentions.
func messageEvent(t testing.TB, id, channel, guild string, p person, content string, mentioned ...map[string]any) []byte {
	t.Helper()
	name := map[string]string{editorID: "ed", roleEditorID: "rosa"}[p.id]
	if name == "" {
		name = "Mason"
	}
	m := map[string]any{
		"id": id, "channel_id": channel, "type": 0, "content": content, "tts": false,
		"timestamp": "2026-11-30T04:00:00.000000+00:00", "edited_timestamp": nil, "pinned": false,
		"author":           map[string]any{"id": p.id, "username": strings.ToLower(name), "global_name": name, "discriminator": "0", "avatar": nil},
		"mention_everyone": false, "mention_roles": []any{}, "mentions": mentioned,
		"attachments": []any{}, "embeds": []any{}, "flags": 0,
	}
	if mentioned == nil {
		m["mentions"] = []any{}
	}
	if guild != "" {
		m["guild_id"] = guild
		m["member"] = map[string]any{"roles": p.roles, "joined_at": "2017-03-13T19:19:14.040000+00:00", "deaf": false, "mute": false, "flags": 0}
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// theBot is the bot's user as a message's mentions list it.
var theBot = map[string]any{"id": botUserID, "username": "Shared News", "bot": true, "discriminator": "0"}

// messagesTo returns the messages created in a channel from call from on.
func messagesTo(f *fixture, from int, channel string) []map[string]any {
	var out []map[string]any
	for _, c := range find(f.api.since(from), "POST", "channels/"+channel+"/messages") {
		out = append(out, jsonOf(f.t, c))
	}
	return out
}

// contentOf is what a member reads in created messages.
func contentOf(msgs []map[string]any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(msgs)
	return b.String()
}

// TestMentionCommandsOverTheGateway sends messages that mention the bot
// through a live gateway, as Discord does, and checks each is run as a
// command and answered where only the right people see it: public answers
// as a reply in the channel (or thread), private ones by direct message, a
// direct message in the direct message, and a member whose direct
// messages are closed is told so in the channel without the answer.
func TestMentionCommandsOverTheGateway(t *testing.T) {
	blind := "1300000000000000001" // the bot may not read its history
	f := newFixtureWithAPI(t, discordtest.Options{ClosedDMs: []string{"100000000000000077"}, NoHistory: []string{blind}}, nil)
	a := f.adapter
	page := pageServer(t, 0, nil)
	g := newFakeGateway(t)
	f.api.SetGateway("ws://" + g.srv.Listener.Addr().String() + "/")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	adaptertest.WaitFor(t, "the gateway session", func() bool { return a.self.Load() != nil })

	// waitMessages sends an event and waits until n messages were created
	// in channel.
	waitMessages := func(what string, raw []byte, channel string, n int) []map[string]any {
		t.Helper()
		from := f.api.count()
		g.send("MESSAGE_CREATE", raw)
		var msgs []map[string]any
		defer func() {
			if t.Failed() {
				for _, c := range f.api.since(from) {
					t.Logf("%s %s %s", c.Method, c.Path, c.Body)
				}
			}
		}()
		adaptertest.WaitFor(t, what, func() bool {
			msgs = messagesTo(f, from, channel)
			return len(msgs) >= n
		})
		for _, m := range msgs {
			if am, _ := m["allowed_mentions"].(map[string]any); am == nil || len(am["parse"].([]any)) != 0 {
				t.Errorf("%s: allowed_mentions %v", what, m["allowed_mentions"])
			}
		}
		return msgs
	}

	// A private answer goes by direct message, mention by <@ID>; a link in
	// <…> (no preview) is the link, and a user mentioned in the note is
	// kept as their name.
	ana := map[string]any{"id": "300000000000000003", "username": "ana", "global_name": "Ana", "discriminator": "0"}
	msgs := waitMessages("a submission by mention",
		messageEvent(t, "1100000000000000001", newsChannel, guildID, member,
			"<@"+botUserID+"> submit <"+page.URL+"/story> health Thanks <@300000000000000003> @everyone", theBot, ana),
		"dm"+memberID, 1)
	if got := contentOf(msgs); !strings.Contains(got, "Queued as #1") {
		t.Errorf("submission answer: %s", got)
	}
	if msgs[0]["message_reference"] != nil {
		t.Errorf("a direct message answer refers to a message elsewhere: %v", msgs[0]["message_reference"])
	}
	if len(messagesTo(f, 0, newsChannel)) != 0 {
		t.Errorf("a private answer was posted in the channel: %s", contentOf(messagesTo(f, 0, newsChannel)))
	}
	s, err := f.bot.Story(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if s.Sector != "health" || s.SubmitNote != "Thanks @Ana @everyone" || s.Submitter.ID != memberID || s.Submitter.Name != "Mason" {
		t.Errorf("story: sector %q, note %q, submitter %+v", s.Sector, s.SubmitNote, s.Submitter)
	}

	// A public answer replies in the channel; <@!ID> is a mention too, and
	// the editor is known by user ID.
	msgs = waitMessages("subscribe by mention",
		messageEvent(t, "1100000000000000002", newsChannel, guildID, editor, "<@!"+botUserID+"> subscribe health", theBot),
		newsChannel, 1)
	if ref, _ := msgs[0]["message_reference"].(map[string]any); ref["message_id"] != "1100000000000000002" || ref["fail_if_not_exists"] != false {
		t.Errorf("the answer does not reply to the command: %v", msgs[0]["message_reference"])
	}
	if got := contentOf(msgs); !strings.Contains(got, "Health") {
		t.Errorf("subscribe answer: %s", got)
	}

	// In a thread, by an editor known by role (member.roles), with the
	// mention after the command.
	thread := "1200000000000000001"
	msgs = waitMessages("unsubscribe in a thread",
		messageEvent(t, "1100000000000000003", thread, guildID, roleEditor, "subscribe <@"+botUserID+">", theBot),
		thread, 1)
	if got := contentOf(msgs); strings.Contains(got, "Only editors") {
		t.Errorf("the role editor was refused: %s", got)
	}
	subscribed := func(channel string) bool {
		_, err := f.store.Subscription(context.Background(), PlatformName, channel)
		return err == nil
	}
	if !subscribed(newsChannel) || !subscribed(thread) {
		t.Errorf("subscribed: channel %v, thread %v", subscribed(newsChannel), subscribed(thread))
	}

	// Where the bot may not read the history, Discord refuses a reply: the
	// answer is posted plainly instead.
	msgs = waitMessages("subscribe where the bot may not reply",
		messageEvent(t, "1100000000000000009", blind, guildID, editor, "<@"+botUserID+"> subscribe", theBot), blind, 2)
	if len(msgs) != 2 || msgs[0]["message_reference"] == nil || msgs[1]["message_reference"] != nil ||
		!strings.Contains(contentOf(msgs[1:]), "subscribed") {
		t.Errorf("answer without a reply: %s", contentOf(msgs))
	}

	// A direct message needs no mention.
	msgs = waitMessages("a direct message", messageEvent(t, "1100000000000000004", "dm"+memberID, "", member, "news health"), "dm"+memberID, 1)
	if ref, _ := msgs[0]["message_reference"].(map[string]any); ref["message_id"] != "1100000000000000004" {
		t.Errorf("the DM answer does not reply to the command: %v", msgs[0])
	}
	if got := contentOf(msgs); !strings.Contains(got, "No stories in Health & Social Care") {
		t.Errorf("news answer: %s", got)
	}

	// Closed direct messages: the channel is told, and sees nothing of
	// the answer.
	closed := person{"100000000000000077", []string{}, "0"}
	msgs = waitMessages("an answer to someone whose DMs are closed",
		messageEvent(t, "1100000000000000005", newsChannel, guildID, closed, "<@"+botUserID+"> queue", theBot),
		newsChannel, 1)
	last := contentOf(msgs)
	if !strings.Contains(last, "direct message") || !strings.Contains(last, "`/shared queue`") || strings.Contains(last, "Only editors") {
		t.Errorf("closed DMs: %s", last)
	}

	// Discord's mention picker offers the bot's own role beside the bot
	// under the same name: a mention of that role is a mention of the bot;
	// another bot's role is not.
	ownRole, otherRole := "800000000000000001", "800000000000000002"
	guild, _ := json.Marshal(map[string]any{"id": guildID, "name": "Councils", "roles": []any{
		map[string]any{"id": guildID, "name": "@everyone", "permissions": "0"},
		map[string]any{"id": ownRole, "name": "Shared News", "managed": true, "tags": map[string]any{"bot_id": botUserID}},
		map[string]any{"id": otherRole, "name": "Other Bot", "managed": true, "tags": map[string]any{"bot_id": "900000000000000009"}},
	}})
	g.send("GUILD_CREATE", guild)
	adaptertest.WaitFor(t, "the server's roles", func() bool {
		a.mu.Lock()
		defer a.mu.Unlock()
		return a.botRoles[guildID] != nil
	})
	roleMention := messageEvent(t, "1100000000000000010", newsChannel, guildID, member, "<@&"+ownRole+"> sectors")
	roleMention = []byte(strings.Replace(string(roleMention), `"mention_roles":[]`, `"mention_roles":["`+ownRole+`"]`, 1))
	if got := contentOf(waitMessages("a mention of the bot's role", roleMention, "dm"+memberID, 1)); !strings.Contains(got, "Local Government") {
		t.Errorf("sectors by role mention: %s", got)
	}

	// A server message that does not mention the bot, and a bot's message
	// that does, are no commands, nor is a mention of another bot's role;
	// the next command is answered alone.
	from := f.api.count()
	g.send("MESSAGE_CREATE", messageEvent(t, "1100000000000000006", newsChannel, guildID, editor, "subscribe"))
	botMsg := messageEvent(t, "1100000000000000007", newsChannel, guildID, person{"400000000000000004", nil, "0"}, "<@"+botUserID+"> unsubscribe", theBot)
	botMsg = []byte(strings.Replace(string(botMsg), `"author":{`, `"author":{"bot":true,`, 1))
	g.send("MESSAGE_CREATE", botMsg)
	g.send("MESSAGE_CREATE", messageEvent(t, "1100000000000000011", newsChannel, guildID, editor, "<@&"+otherRole+"> unsubscribe"))
	waitMessages("status", messageEvent(t, "1100000000000000008", "dm"+editorID, "", editor, "status"), "dm"+editorID, 1)
	time.Sleep(100 * time.Millisecond)
	if got := find(f.api.since(from), "POST", "channels/"+newsChannel); len(got) != 0 {
		t.Errorf("messages that are no commands were answered: %v", got)
	}
	if !subscribed(newsChannel) {
		t.Error("a bot's message unsubscribed the channel")
	}
}

func TestMessageText(t *testing.T) {
	mentions := []*discordgo.User{{ID: "5", Username: "ana"}, {ID: "6", Username: "bo", GlobalName: "Bo"}}
	for in, want := range map[string]string{
		"submit <https://x.org/a?b=1&c=2> health": "submit https://x.org/a?b=1&c=2 health",
		"note 3 thanks <@5> and <@!6>":            "note 3 thanks @ana and @Bo",
		"note 3 <@9> <#10> <@&11> <:e:12>":        "note 3 <@9> <#10> <@&11> <:e:12>",
	} {
		if got := messageText(in, mentions); got != want {
			t.Errorf("messageText(%q) = %q, want %q", in, got, want)
		}
	}
}
