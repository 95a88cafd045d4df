package discord

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/adapters/discord/discordtest"
	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/config"
)

// dmSlash is a slash command sent from a direct message with the bot: no
// server, no member (and so no roles), only the user, as Discord sends it.
func (f *fixture) dmSlash(p person, sub string, options ...map[string]any) []byte {
	return reshaped(f.t, f.slash(p, sub, options...), func(m map[string]any) {
		m["user"] = m["member"].(map[string]any)["user"]
		delete(m, "member")
		delete(m, "guild_id")
		m["channel_id"] = "dm" + p.id
		m["context"] = 1
	})
}

// TestRoleEditorInADirectMessage: Discord sends no roles with a command
// given in a direct message, so an editor known by role was refused there
// ("Only editors can …"). Their roles are looked up in the bot's servers;
// someone without the role, or in none of them, is still refused.
func TestRoleEditorInADirectMessage(t *testing.T) {
	f := newFixtureWithAPI(t, discordtest.Options{Members: map[string]map[string][]string{
		guildID: {roleEditorID: {"539082325061836999", editorRole}, memberID: {"539082325061836999"}},
	}}, func(cfg *config.Config, _ *Options) { cfg.Discord.GuildIDs = []string{guildID} })

	expect(t, "role editor's queue in a DM", f.interact(f.dmSlash(roleEditor, "queue")), true, "The review queue is empty.")
	r := f.interact(f.dmSlash(roleEditor, "help"))
	expect(t, "role editor's help in a DM", r, true, "**Editors**")
	expect(t, "member's queue in a DM", f.interact(f.dmSlash(member, "queue")), true, "Only editors can see the review queue.")
	stranger := person{"100000000000000055", nil, "0"}
	expect(t, "a stranger's queue in a DM", f.interact(f.dmSlash(stranger, "queue")), true, "Only editors can see the review queue.")
	expect(t, "editor by ID in a DM", f.interact(f.dmSlash(editor, "queue")), true, "The review queue is empty.")
	// In a server the roles come with the command: no look-up.
	n := f.api.count()
	expect(t, "role editor in the server", f.say(roleEditor, "queue"), true, "The review queue is empty.")
	if looked := find(f.api.since(n), "GET", "guilds/"); len(looked) != 0 {
		t.Errorf("a server command was looked up: %+v", looked)
	}
	if !strings.Contains(r.text(), "/shared publish") {
		t.Errorf("help: %s", r.text())
	}

	// The same for a command written as a direct message.
	n = f.api.count()
	f.adapter.onRawEvent(&discordgo.Event{Type: "MESSAGE_CREATE",
		RawData: messageEvent(t, "1100000000000000020", "dm"+roleEditorID, "", roleEditor, "queue")})
	if err := f.adapter.tasks.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := contentOf(messagesTo(f, n, "dm"+roleEditorID)); !strings.Contains(got, "The review queue is empty.") {
		t.Errorf("role editor's queue by direct message: %s", got)
	}
}

// TestServerLeftIsNotLookedUp: the servers whose roles a direct message's
// caller is looked up in are those the gateway says the bot is in. A
// server that removed the bot (GUILD_DELETE) was looked up on every
// command given in a direct message, spending the look-up's one second on
// a refusal and warning in the log each time; it is forgotten now. A
// server that is only unavailable for an outage (GUILD_DELETE with
// unavailable) comes back, and is kept.
func TestServerLeftIsNotLookedUp(t *testing.T) {
	const leftGuild = "290926798626358111"
	f := newFixtureWithAPI(t, discordtest.Options{Members: map[string]map[string][]string{
		guildID: {roleEditorID: {editorRole}},
	}}, nil)
	for _, g := range []string{leftGuild, guildID} {
		raw, _ := json.Marshal(map[string]any{"id": g, "name": "Council " + g, "roles": []any{}})
		f.adapter.onRawEvent(&discordgo.Event{Type: "GUILD_CREATE", RawData: raw})
	}
	lookedUp := func(since int, g string) bool {
		return len(find(f.api.since(since), "GET", "guilds/"+g+"/members/")) > 0
	}
	stranger := person{"100000000000000055", nil, "0"}

	n := f.api.count()
	expect(t, "a stranger in a DM", f.interact(f.dmSlash(stranger, "queue")), true, "Only editors")
	if !lookedUp(n, leftGuild) || !lookedUp(n, guildID) {
		t.Fatalf("both servers should be looked up: %+v", f.api.since(n))
	}

	f.adapter.onRawEvent(&discordgo.Event{Type: "GUILD_DELETE", RawData: []byte(`{"id":"` + leftGuild + `"}`)})
	f.adapter.onRawEvent(&discordgo.Event{Type: "GUILD_DELETE", RawData: []byte(`{"id":"` + guildID + `","unavailable":true}`)})
	n = f.api.count()
	expect(t, "a stranger in a DM, after", f.interact(f.dmSlash(stranger, "queue")), true, "Only editors")
	if lookedUp(n, leftGuild) {
		t.Errorf("the server that removed the bot was looked up: %+v", f.api.since(n))
	}
	expect(t, "the role editor in a DM", f.interact(f.dmSlash(roleEditor, "queue")), true, "The review queue is empty.")
}

// TestRoleLookUpKeepsItsBudgetWhenRateLimited: the look-up of a direct
// message caller's roles has one second, so that the command is still
// answered within Discord's three. discordgo waits out a 429's
// Retry-After, and then the bucket's reset, whatever the request's
// context, so a look-up that met Discord's rate limit held the command
// for seconds ("The application did not respond"), and so did the next
// look-ups until the bucket reset. The look-up now gives up at its budget.
func TestRoleLookUpKeepsItsBudgetWhenRateLimited(t *testing.T) {
	f := newFixtureWithAPI(t, discordtest.Options{Members: map[string]map[string][]string{
		guildID: {roleEditorID: {editorRole}},
	}}, func(cfg *config.Config, _ *Options) { cfg.Discord.GuildIDs = []string{guildID} })
	f.api.LimitOnceFor("guilds/"+guildID+"/members/"+roleEditorID, 4*time.Second)
	for _, what := range []string{"rate limited", "while the bucket resets"} {
		start := time.Now()
		r := f.interact(f.dmSlash(roleEditor, "queue"))
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("%s: the command was answered after %v", what, took.Round(time.Millisecond))
		}
		if r.text() == "" {
			t.Errorf("%s: no answer", what)
		}
	}
}

// TestChannelAdminByMention: a slash command carries the member's
// permissions in the channel, so a channel admin (Manage Channels, or
// Administrator) may subscribe it; a message carries only roles, so the
// same admin writing "@Shared News subscribe" was refused ("Only editors
// and channel admins…"). Their permissions are now worked out as Discord
// does: the server's roles, then the channel's overwrites (a thread's
// are its parent's); commands that do not depend on it look nothing up.
func TestChannelAdminByMention(t *testing.T) {
	const (
		adminRole  = "210000000000000001" // Manage Channels in the server
		deniedRole = "210000000000000002" // Manage Channels, denied in the locked channel
		ownerID    = "100000000000000090"
		locked     = "645027906669510700" // denies Manage Channels to deniedRole
		lockedDown = "645027906669510701" // grants it to one plain member
		threadID   = "1200000000000000050"
		missing    = "645027906669510799" // Get Channel answers 404
		plainID    = "100000000000000091"
	)
	manage, admin := int64(discordgo.PermissionManageChannels), int64(discordgo.PermissionAdministrator)
	view := int64(discordgo.PermissionViewChannel | discordgo.PermissionSendMessages)
	f := newFixtureWithAPI(t, discordtest.Options{
		Guilds: map[string]discordtest.Guild{guildID: {OwnerID: ownerID, Roles: map[string]int64{
			guildID: view, adminRole: manage, deniedRole: manage, "210000000000000003": admin}}},
		Channels: map[string]discordtest.Channel{
			newsChannel: {GuildID: guildID},
			locked: {GuildID: guildID, Overwrites: []discordtest.Overwrite{
				{ID: guildID, Allow: manage}, // @everyone allowed, but a role's deny weighs more
				{ID: deniedRole, Deny: manage}}},
			lockedDown: {GuildID: guildID, Overwrites: []discordtest.Overwrite{
				{ID: guildID, Deny: manage}, {ID: plainID, Member: true, Allow: manage}}},
			threadID: {GuildID: guildID, ParentID: locked, Type: int(discordgo.ChannelTypeGuildPublicThread)},
		},
	}, nil)
	id := 1100000000000000100
	mention := func(what string, p person, channel, text string) string {
		t.Helper()
		id++ // before READY the bot is mentioned by its application ID
		from := f.api.count()
		f.adapter.onRawEvent(&discordgo.Event{Type: "MESSAGE_CREATE",
			RawData: messageEvent(t, strconv.Itoa(id), channel, guildID, p, "<@"+appID+"> "+text)})
		var msgs []map[string]any
		adaptertest.WaitFor(t, what, func() bool {
			msgs = append(messagesTo(f, from, channel), messagesTo(f, from, "dm"+p.id)...)
			return len(msgs) > 0
		})
		return contentOf(msgs)
	}
	subscribed := func(channel string) bool {
		_, err := f.store.Subscription(context.Background(), PlatformName, channel)
		return err == nil
	}
	plain := person{plainID, []string{}, "0"}
	for _, c := range []struct {
		what    string
		p       person
		channel string
		allowed bool
	}{
		{"a member with Manage Channels", person{"100000000000000092", []string{adminRole}, "0"}, newsChannel, true},
		{"a member without it", plain, newsChannel, false},
		{"a role denied it in the channel", person{"100000000000000093", []string{deniedRole}, "0"}, locked, false},
		{"an Administrator, whatever the channel denies", person{"100000000000000094", []string{deniedRole, "210000000000000003"}, "0"}, locked, true},
		{"the server's owner", person{ownerID, []string{}, "0"}, lockedDown, true},
		{"a member granted it in the channel", plain, lockedDown, true},
		{"a thread, by its parent's overwrites", person{"100000000000000093", []string{deniedRole}, "0"}, threadID, false},
		{"a channel that cannot be looked up", person{"100000000000000092", []string{adminRole}, "0"}, missing, false},
	} {
		f.store.Unsubscribe(context.Background(), PlatformName, c.channel)
		got := mention(c.what, c.p, c.channel, "subscribe")
		if refused := strings.Contains(got, "Only editors and channel admins"); refused == c.allowed || subscribed(c.channel) != c.allowed {
			t.Errorf("%s: subscribed %v, answer %s", c.what, subscribed(c.channel), got)
		}
	}
	// Help lists subscribe to a channel admin, not to others.
	if got := mention("an admin's help", person{"100000000000000092", []string{adminRole}, "0"}, newsChannel, "help"); !strings.Contains(got, "subscribe") {
		t.Errorf("an admin's help: %s", got)
	}
	// A command whose answer does not depend on it looks nothing up.
	n := f.api.count()
	mention("news", plain, newsChannel, "news")
	if looked := append(find(f.api.since(n), "GET", "guilds/"), find(f.api.since(n), "GET", "channels/"+newsChannel)...); len(looked) != 0 {
		t.Errorf("news looked up permissions: %+v", looked)
	}
}
