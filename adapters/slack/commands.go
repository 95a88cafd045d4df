package slack

import (
	"context"
	"regexp"
	"strings"

	slackgo "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/sharednews/sharednews/bot"
)

// ephemeral is the acknowledgement of a command that answers it at once,
// to the caller alone: Slack reads text as mrkdwn.
func ephemeral(text string) slackgo.WebhookMessage {
	return slackgo.WebhookMessage{ResponseType: slackgo.ResponseTypeEphemeral, Text: text}
}

// slashCommand takes a /shared command. Slack wants an acknowledgement
// within three seconds, which a submission fetching its page may take, so
// every command is acknowledged at once (nil, or a refusal) and answered
// from a background task through its response_url.
func (a *Adapter) slashCommand(sc slackgo.SlashCommand) any {
	if !completeCommand(sc) {
		return ephemeral(bot.Incomplete)
	}
	// A direct message between people ("directmessage", "mpdm-…" for a
	// group one) is one the app cannot post in; its own Messages tab is
	// read-only.
	direct := sc.ChannelName == "directmessage" || strings.HasPrefix(sc.ChannelName, "mpdm-") ||
		strings.HasPrefix(sc.ChannelID, "D")
	ch := bot.Channel{Platform: PlatformName, ID: sc.ChannelID, Name: sc.ChannelName, Direct: direct}
	// The payload's user name stands when users.info cannot say.
	req := func(ctx context.Context) bot.Request {
		return bot.Request{Caller: a.caller(ctx, sc.UserID, sc.UserName), Channel: ch, Text: commandText(sc.Text)}
	}
	if !a.bot.HandleLater(a.tasks, a.log, "slash command", req, func(ctx context.Context, r bot.Reply) error {
		return a.respond(ctx, sc.ResponseURL, sc.UserID, r)
	}) {
		// Shutting down, the adapter cannot promise an answer. The
		// sentence names the bot, so it is escaped as every answer is
		// (a form's errors, plain text, take it as it is).
		return ephemeral(escape(a.bot.Restarting().Text))
	}
	return nil
}

// completeCommand reports whether a slash command names its caller, its
// channel and its response_url, without which it would act blind
// ("subscribe" the channel "") with its answer lost.
func completeCommand(sc slackgo.SlashCommand) bool {
	return sc.UserID != "" && sc.ChannelID != "" && sc.ResponseURL != ""
}

// mention takes an @bot message: the words after the mention are a
// command, answered in the channel (or its thread) where it was made.
func (a *Adapter) mention(ev *slackevents.AppMentionEvent, botIDs []string) {
	if ev.User == "" || ev.BotID != "" || ev.Channel == "" {
		return // bots do not command the bot, least of all itself; nor does a mention from nowhere
	}
	raw := stripMention(ev.Text, botIDs)
	req := func(ctx context.Context) bot.Request {
		return bot.Request{Caller: a.caller(ctx, ev.User, ""), Channel: bot.Channel{Platform: PlatformName, ID: ev.Channel},
			Text: commandText(a.namedMentions(ctx, raw))}
	}
	if !a.bot.HandleLater(a.tasks, a.log, "mention", req, func(ctx context.Context, r bot.Reply) error {
		return a.answerInChannel(ctx, ev.Channel, ev.User, ev.ThreadTimeStamp, r)
	}) {
		a.log.Warn("mention dropped during shutdown", "user", ev.User, "channel", ev.Channel)
	}
}

// stripMention returns the command in a message that mentions the bot
// (<@U1> or <@U1|name> of botIDs); a message that mentions none of them
// but starts with a mention is taken as addressed to the bot all the same.
func stripMention(text string, botIDs []string) string {
	var mentions []string
	for _, id := range botIDs {
		mentions = append(mentions, "<@"+id+">", "<@"+id+"|")
	}
	if cmd, ok := bot.MentionedCommand(text, mentions); ok {
		return cmd
	}
	t := strings.TrimSpace(text)
	if cmd, ok := bot.MentionedCommand(t, []string{"<@"}); ok && strings.HasPrefix(t, "<@") {
		return cmd
	}
	return t
}

// slackMarkup is one piece of Slack's <…> message markup.
var slackMarkup = regexp.MustCompile(`<([^<>]*)>`)

// commandText turns a message or command as Slack delivers it back into
// what the person typed, links, mentions and channel names written out and
// entities decoded: "submit <https://x.org/a?b=1&amp;c=2>" is "submit
// https://x.org/a?b=1&c=2".
func commandText(s string) string {
	s = slackMarkup.ReplaceAllStringFunc(s, func(m string) string {
		target, label, _ := strings.Cut(m[1:len(m)-1], "|")
		switch {
		case label != "" && (strings.HasPrefix(target, "@") || strings.HasPrefix(target, "#")):
			return target[:1] + strings.TrimPrefix(label, target[:1])
		case label != "" && strings.HasPrefix(target, "!"):
			return label
		case strings.HasPrefix(target, "@"), strings.HasPrefix(target, "#"):
			return target
		case strings.HasPrefix(target, "!"):
			return "@" + target[1:]
		case strings.HasPrefix(target, "mailto:"):
			return strings.TrimPrefix(target, "mailto:")
		}
		return target // a link: the URL, not the text Slack displayed for it
	})
	return unescaper.Replace(s)
}

// unescaper decodes the three entities Slack writes in message text.
var unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
