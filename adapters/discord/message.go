package discord

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/bot"
)

// messageIntents are the gateway intents that bring "@Shared News news
// health" to the bot: messages in servers and in direct messages. Neither
// is privileged, and neither needs Message Content: Discord gives an app
// the content of the messages that mention it and of its direct messages
// without it.
const messageIntents = discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages

// onMessage takes a message that mentions the bot ("@Shared News news
// health"), or any message in a direct message with it, as a command, run
// through the same router as the slash command. Messages from bots and
// webhooks, the bot's own among them, are never commands.
func (a *Adapter) onMessage(m *discordgo.Message) {
	if m.Author == nil || m.Author.ID == "" || m.Author.Bot || m.WebhookID != "" || m.ChannelID == "" ||
		(m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply) {
		return
	}
	// The bot's user ID is the one READY gave, or before it (and for every
	// bot made since 2016 it is the same) the application ID.
	self := a.cfg.ApplicationID
	if id := a.self.Load(); id != nil {
		self = *id
	}
	text, ok := bot.MessageCommand(m.Content, a.mentionsOfSelf(self, m.GuildID), m.GuildID == "")
	if !ok || m.Author.ID == self {
		return
	}
	text = messageText(text, m.Mentions)
	req := func(ctx context.Context) bot.Request {
		caller, _ := callerOf(m.Author, m.Member) // an author, checked above
		caller = a.withServerRoles(ctx, caller, m.GuildID != "")
		if a.bot.NeedsChannelAdmin(PlatformName, text) {
			caller = a.withChannelAdmin(ctx, caller, m)
		}
		return bot.Request{Caller: caller, Channel: bot.Channel{Platform: PlatformName, ID: m.ChannelID}, Text: text}
	}
	if !a.bot.HandleLater(a.tasks, a.log, "mention", req, func(ctx context.Context, r bot.Reply) error {
		return a.answerMessage(ctx, m, text, r)
	}) {
		a.log.Warn("mention dropped during shutdown", "user", m.Author.ID, "channel", m.ChannelID)
	}
}

// decodeMessage reads a message as the gateway sends it (MESSAGE_CREATE)
// through discordgo's type, less its components and the message it
// replies to, which the bot never reads: discordgo refuses a message with
// one component of a type it does not know (v0.28 knows none of Discord's
// layout ones, which other apps post), and a member who mentioned the bot
// in a reply to such a message was not answered.
func decodeMessage(raw []byte) (*discordgo.Message, error) {
	// message is discordgo's type less its UnmarshalJSON, the one that
	// reads the components; ReferencedMessage, shallower, takes the
	// replied-to message's JSON and leaves it unread.
	type message discordgo.Message
	var v struct {
		message
		ReferencedMessage json.RawMessage `json:"referenced_message"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("decode a message: %w", err)
	}
	m := discordgo.Message(v.message)
	return &m, nil
}

// mentionsOfSelf are the ways a message in a server mentions the bot: its
// user (<@ID>, or <@!ID> as older clients write it) and the role Discord
// made for it in that server (<@&ROLE>), which Discord's mention picker
// offers beside the user under the same name.
func (a *Adapter) mentionsOfSelf(self, guildID string) []string {
	var out []string
	if self != "" {
		out = append(out, "<@"+self+">", "<@!"+self+">")
	}
	a.mu.Lock()
	role := a.botRoles[guildID][self]
	a.mu.Unlock()
	if guildID != "" && role != "" {
		out = append(out, "<@&"+role+">")
	}
	return out
}

// onGuild keeps the roles Discord made for bots in each server (READY,
// which says which is ours, may still be on its way), from the raw
// GUILD_CREATE of each server at connect and on joining one (discordgo
// v0.28 does not decode a role's tags). A server the bot left, or that was
// deleted (GUILD_DELETE), is forgotten, so that its roles are no longer
// looked up; one unavailable for an outage is kept, as Discord sends its
// GUILD_CREATE again when it is back.
func (a *Adapter) onGuild(event string, raw []byte) {
	var g struct {
		ID          string `json:"id"`
		Unavailable bool   `json:"unavailable"`
		Roles       []struct {
			ID   string `json:"id"`
			Tags *struct {
				BotID string `json:"bot_id"`
			} `json:"tags"`
		} `json:"roles"`
	}
	if json.Unmarshal(raw, &g) != nil || g.ID == "" {
		return
	}
	bots := map[string]string{}
	for _, r := range g.Roles {
		if r.Tags != nil && r.Tags.BotID != "" {
			bots[r.Tags.BotID] = r.ID
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if event == "GUILD_CREATE" {
		a.botRoles[g.ID] = bots
	} else if !g.Unavailable { // GUILD_DELETE
		delete(a.botRoles, g.ID)
	}
}

// discordMarkup is a user mention or a link in angle brackets, as a
// message's content carries them.
var discordMarkup = regexp.MustCompile(`<(@!?\d+|https?://[^\s<>]+)>`)

// messageText turns a message's content back into what the person meant:
// a link written <https://…> (so that Discord shows no preview) is the
// link, and a mention of a user is "@" and their name, as the message
// shows it.
func messageText(s string, mentions []*discordgo.User) string {
	return discordMarkup.ReplaceAllStringFunc(s, func(m string) string {
		inner := m[1 : len(m)-1]
		if !strings.HasPrefix(inner, "@") {
			return inner
		}
		id := strings.TrimLeft(inner, "@!")
		if i := slices.IndexFunc(mentions, func(u *discordgo.User) bool { return u != nil && u.ID == id }); i >= 0 {
			return "@" + cmp.Or(mentions[i].GlobalName, mentions[i].Username, id)
		}
		return m
	})
}

// answerMessage answers a command given in a message: a public answer, or
// any in a direct message, as a reply to it. One for the caller alone
// cannot be ephemeral outside an interaction, so it goes to them as a
// direct message; when they take none, the channel is told so in the bot's
// sentence, which gives nothing of the answer away.
func (a *Adapter) answerMessage(ctx context.Context, m *discordgo.Message, text string, r bot.Reply) error {
	payloads := renderReply(r)
	if r.Public || m.GuildID == "" {
		return a.postAll(ctx, m.ChannelID, m.ID, payloads)
	}
	err := a.sendDirect(ctx, m.Author.ID, payloads)
	if restErrorCode(err) != discordgo.ErrCodeCannotSendMessagesToThisUser { // sent, or failed otherwise
		return err
	}
	return a.postAll(ctx, m.ChannelID, m.ID, messagePayloads(a.bot.DirectMessagesClosed(PlatformName, text)))
}

// sendDirect sends payloads to a user as direct messages.
func (a *Adapter) sendDirect(ctx context.Context, userID string, payloads []Payload) error {
	var ch *discordgo.Channel
	err := a.again(ctx, "open a direct message", nil, func() (err error) {
		ch, err = a.session.UserChannelCreate(userID, within(ctx)...)
		return err
	})
	if err != nil {
		return fmt.Errorf("open a direct message to %s: %w", userID, err)
	}
	return a.postAll(ctx, ch.ID, "", payloads)
}

// postAll posts payloads to a channel in order, the first as a reply to
// message replyTo when it is set. A reply pings nobody: allowed_mentions
// leaves out the replied-to author.
func (a *Adapter) postAll(ctx context.Context, channelID, replyTo string, payloads []Payload) error {
	for i, p := range payloads {
		sent := p
		if i == 0 && replyTo != "" {
			// Sent false: Discord's default (true) would lose the answer to a
			// command whose message was deleted meanwhile.
			sent.Reference = &discordgo.MessageReference{MessageID: replyTo, FailIfNotExists: new(false)}
		}
		_, err := a.postMessage(ctx, channelID, sent)
		if sent.Reference != nil && restErrorCode(err) == discordgo.ErrCodeCannotReplyWithoutPermissionToReadMessageHistory {
			// A server that took the bot in without Read Message History:
			// the answer still goes to the channel, just not as a reply.
			_, err = a.postMessage(ctx, channelID, p)
		}
		if err != nil {
			return fmt.Errorf("message %d of %d to %s: %w", i+1, len(payloads), channelID, err)
		}
	}
	return nil
}

// postMessage posts one message, waiting out a 429 only while ctx has
// time for it (again, with nothing else tried again).
func (a *Adapter) postMessage(ctx context.Context, channelID string, p Payload) (m *discordgo.Message, err error) {
	err = a.again(ctx, "post to "+channelID, nil, func() (err error) {
		m, err = a.createMessage(ctx, channelID, p)
		return err
	})
	return m, err
}
