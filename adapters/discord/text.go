package discord

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
)

// zeroWidthSpace breaks a mention without changing how the text reads.
const zeroWidthSpace = "\u200b"

// massMention matches @everyone and @here in any letter case.
var massMention = regexp.MustCompile(`(?i)@(everyone|here)\b`)

// orderedListItem matches "12." at the start of a line, which Discord
// would show as a numbered list.
var orderedListItem = regexp.MustCompile(`(?m)^(\s*\d+)\.`)

// neutralize makes text unable to mention anyone: "@everyone" and "@here"
// get a zero-width space after the "@", and "<@…>" (user and role
// mentions) one after the "<". Messages also go out with allowed_mentions
// empty; this is the second lock, and it keeps the text from even looking
// like a mention. It is idempotent.
func neutralize(s string) string {
	if strings.IndexByte(s, '@') < 0 {
		return s // nothing to neutralise, and no regular expression to run
	}
	s = massMention.ReplaceAllString(s, "@"+zeroWidthSpace+"$1")
	return strings.ReplaceAll(s, "<@", "<"+zeroWidthSpace+"@")
}

// unmask keeps text that quotes members from hiding a link behind other
// words: Discord shows Markdown's [text](url) in messages and embeds as
// "text" linking to url, a phishing aid. A backslash before the "(" makes
// it plain text, so the link text and the URL both show as typed. It is
// for sentences the bot composes around member text (which may use
// Markdown of their own, such as `code`); text shown on its own goes
// through md, which escapes every bracket.
func unmask(s string) string { return strings.ReplaceAll(s, "](", `]\(`) }

// markdownSpecial are the characters that format text, start a link or a
// mention anywhere in a line; lineStartSpecial only do at a line's start
// (headings, quotes, lists, subtext). A backslash before any of them shows
// it as typed.
const (
	markdownSpecial  = "\\*_~`|[]<"
	lineStartSpecial = "#>-+"
)

// md makes text from feeds and members safe to put in Discord markdown:
// cleaned of control characters, mentions neutralised, and every character
// that could format, link, quote or mention escaped. Line breaks are kept.
func md(s string) string {
	s = neutralize(digest.CleanText(s))
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	lineStart := true
	for _, r := range s {
		if r < utf8.RuneSelf && (strings.IndexByte(markdownSpecial, byte(r)) >= 0 ||
			lineStart && strings.IndexByte(lineStartSpecial, byte(r)) >= 0) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
		lineStart = r == '\n' || (lineStart && r == ' ')
	}
	if strings.IndexByte(s, '.') < 0 {
		return b.String() // no "12." to escape, and no regular expression to run
	}
	return orderedListItem.ReplaceAllString(b.String(), `$1\.`)
}

// plain makes text safe where Discord shows it without markdown (embed
// footers, select options, modal values): cleaned, one line, mentions
// neutralised, nothing escaped.
func plain(s string) string {
	return neutralize(digest.OneLine(s))
}

// embedURL returns raw as an embed's url, or "" when it is not an absolute
// http or https URL or is longer than Discord takes (2,048 characters). An
// embed's url is a JSON string, not Markdown, so brackets and parentheses
// stay as they are (escaping them could take a canonical link, at most
// digest.MaxURLLength long, past Discord's limit); only characters no URL
// may hold are percent-encoded.
func embedURL(raw string) string {
	u := digest.LinkURL(raw, "<>\"^`{|}\\")
	if length(u) > maxEmbedURL {
		return ""
	}
	return u
}

// mdLink is a markdown link with already escaped text, or the text alone
// when the URL is not an absolute http or https URL (a renderer does not
// trust the store to hold only canonical links). Characters of the URL
// that would end a link early are percent-encoded.
func mdLink(text, rawURL string) string {
	u := digest.LinkURL(rawURL, "()<>[]`\"")
	if u == "" {
		return text
	}
	return "[" + text + "](" + u + ")"
}

// length counts s as Discord's limits count characters (see
// digest.UTF16Len).
func length(s string) int { return digest.UTF16Len(s) }

// clip shortens s to at most max characters (as length counts), ending in
// "…" when it cuts, at a word boundary when there is one near the end.
func clip(s string, max int) string {
	if max < 1 {
		return ""
	}
	return digest.ClipUTF16(s, max, func(out string) string {
		if sp := strings.LastIndexAny(out, " \n"); sp > len(out)*3/4 {
			out = out[:sp]
		}
		// Never end on a lone escaping backslash: it would escape whatever
		// markdown follows the clipped text.
		return dropEscape(out)
	})
}

// dropEscape drops a lone escaping backslash that ends cut, which would
// otherwise escape whatever follows it, or be separated from the
// character it escapes.
func dropEscape(cut string) string {
	if trailing := len(cut) - len(strings.TrimRight(cut, `\`)); trailing%2 == 1 {
		return cut[:len(cut)-1]
	}
	return cut
}
