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

// orderedListItem matches "12." starting a line, a numbered list to Discord.
var orderedListItem = regexp.MustCompile(`(?m)^(\s*\d+)\.`)

// neutralize makes text unable to mention anyone, with a zero-width space
// after the "@" of "@everyone" and "@here" and the "<" of "<@…>" (users,
// roles): a second lock beside allowed_mentions empty, which keeps the
// text from even looking like a mention. It is idempotent.
func neutralize(s string) string {
	if strings.IndexByte(s, '@') < 0 {
		return s // nothing to neutralise, and no regular expression to run
	}
	s = massMention.ReplaceAllString(s, "@"+zeroWidthSpace+"$1")
	return strings.ReplaceAll(s, "<@", "<"+zeroWidthSpace+"@")
}

// unmask keeps text that quotes members from hiding a link behind other
// words (Discord shows [text](url) as "text" linking to url, a phishing
// aid): a backslash before the "(" shows both as typed. It is for the
// bot's sentences around member text, whose own Markdown (`code`) stays;
// text shown on its own goes through md, which escapes every bracket.
func unmask(s string) string { return strings.ReplaceAll(s, "](", `]\(`) }

// markdownSpecial format text, start a link or a mention anywhere in a
// line; lineStartSpecial only at its start (headings, quotes, lists,
// subtext). A backslash before one shows it as typed.
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

// embedURL returns raw as an embed's url, or "" when it is not absolute
// http(s) or is longer than Discord takes. Only characters no URL may hold
// are percent-encoded: a JSON string, not Markdown, keeps its brackets,
// whose escapes could take a canonical link (digest.MaxURLLength) past it.
func embedURL(raw string) string {
	u := digest.LinkURL(raw, "<>\"^`{|}\\")
	if length(u) > maxEmbedURL {
		return ""
	}
	return u
}

// mdLink is a markdown link with escaped text, the URL's characters that
// would end it early percent-encoded; the text alone when the URL is not
// absolute http(s) (a renderer does not trust the store to hold only those).
func mdLink(text, rawURL string) string {
	u := digest.LinkURL(rawURL, "()<>[]`\"")
	if u == "" {
		return text
	}
	return "[" + text + "](" + u + ")"
}

// length counts s as Discord's limits count characters (digest.UTF16Len).
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
		return dropEscape(out)
	})
}

// dropEscape drops a lone escaping backslash ending cut, which would escape
// whatever follows it, or be parted from the character it escapes.
func dropEscape(cut string) string {
	if trailing := len(cut) - len(strings.TrimRight(cut, `\`)); trailing%2 == 1 {
		return cut[:len(cut)-1]
	}
	return cut
}
