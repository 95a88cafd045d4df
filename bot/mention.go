package bot

import (
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
