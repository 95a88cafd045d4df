package digest

import "strings"

// ListWords joins words as a sentence does: "a", "a and b", "a, b and c".
// Every list of words in a sentence for users is joined by it, whatever
// the platform: chat (bot.ListWords is this one), the web and the mails,
// which cannot import the bot.
func ListWords(words []string) string {
	var b strings.Builder
	for i, w := range words {
		b.WriteString(ListSeparator(i, len(words)))
		b.WriteString(w)
	}
	return b.String()
}

// ListSeparator is what ListWords writes before the i-th of n words ("",
// ", " or " and "), for a list whose words are not plain text (the web's
// links to editions).
func ListSeparator(i, n int) string {
	switch {
	case i == 0:
		return ""
	case i == n-1:
		return " and "
	default:
		return ", "
	}
}
