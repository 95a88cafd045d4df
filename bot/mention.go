package bot

import (
	"fmt"
	"strings"
	"unicode"
)

// MentionedCommand finds the first of the bot's mentions in a chat message
// ("@Shared News news health") and returns the command addressed to it:
// the words after the mention or, when nothing follows, the words before
// it ("news health @Shared News"). Each of mentions is the text a mention
// of the bot starts with ("<@U123>", "<@U123|", "<@!42>"); a mention runs
// to its closing ">", as both platforms write them. Punctuation that sets
// the mention off ("@Shared News: news", "Hey @Shared News, news", "news -
// @Shared News") is part of addressing the bot, not of the command, and
// goes with it. found is false when the message has none of mentions.
func MentionedCommand(text string, mentions []string) (command string, found bool) {
	at, end := -1, -1
	for _, m := range mentions {
		i := strings.Index(text, m)
		if m == "" || i < 0 || at >= 0 && i >= at {
			continue
		}
		close := strings.IndexByte(text[i:], '>')
		if close < 0 {
			continue
		}
		at, end = i, i+close+1
	}
	if at < 0 {
		return "", false
	}
	if after := strings.TrimLeftFunc(text[end:], addressMark); after != "" {
		return strings.TrimSpace(after), true
	}
	return strings.TrimSpace(strings.TrimRightFunc(text[:at], addressMark)), true
}

// MessageCommand returns the command in a chat message: in a direct
// message with the bot the whole message, mention or not; elsewhere the
// command addressed to the bot (MentionedCommand), and none in a message
// that does not mention it.
func MessageCommand(text string, mentions []string, direct bool) (command string, ok bool) {
	if cmd, ok := MentionedCommand(text, mentions); ok {
		return cmd, true
	}
	if direct {
		return strings.TrimSpace(text), true
	}
	return "", false
}

// addressMark reports whether r may stand between a mention and the words
// addressed: space, or the colon, comma, semicolon or dash people type
// after a name.
func addressMark(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune(":,;-–—", r)
}

// NeedsChannelAdmin reports whether the answer to text, a command given in
// a chat message on platform, depends on whether its caller is a channel
// admin, which a platform whose messages do not say so must then look up
// (Discord's carry roles, not permissions): a command channel admins may
// run besides editors (subscribe), and help (a bare mention too), which
// lists what the caller may run.
func (b *Bot) NeedsChannelAdmin(platform, text string) bool {
	name := b.parse(text, b.CommandWord(platform)).Name
	spec, ok := b.commands[name]
	return name == "" || name == "help" || ok && spec.AdminToo
}

// DirectMessagesClosed is what a channel is told when the answer to text,
// a command given there in a message on platform, was for its caller
// alone and could not reach them as a direct message: nothing of the
// answer, and the slash command that shows it to them alone.
func (b *Bot) DirectMessagesClosed(platform, text string) Message {
	slash := b.CommandWord(platform)
	if spec, ok := b.commands[b.parse(text, slash).Name]; ok {
		slash += " " + spec.Name
	}
	return Message{Tone: Problem, Text: fmt.Sprintf(
		"I could not send you my answer as a direct message (your privacy settings do not allow them). "+
			"Use the slash command `%s` instead: its answer is shown to you alone.", slash)}
}
