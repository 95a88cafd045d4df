package slack

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/slack-go/slack/slackutilsx"

	"github.com/sharednews/sharednews/digest"
)

// broadcastWords are the bare words some Slack surfaces still turn into
// @-mentions when a message is parsed loosely. A word joiner after the "@"
// keeps them looking the same but inert.
var broadcastWords = strings.NewReplacer("@channel", "@\u2060channel", "@here", "@\u2060here",
	"@everyone", "@\u2060everyone", "@Channel", "@\u2060Channel", "@Here", "@\u2060Here",
	"@Everyone", "@\u2060Everyone", "@CHANNEL", "@\u2060CHANNEL", "@HERE", "@\u2060HERE",
	"@EVERYONE", "@\u2060EVERYONE")

// escape makes untrusted text safe in mrkdwn: digest.CleanText, then
// Slack's three control characters as entities. "<" starts a link, a
// mention (<@U123>) or a broadcast (<!here>); escaped, text from feeds and
// members shows as typed and pings no one.
func escape(s string) string {
	return broadcastWords.Replace(slackutilsx.EscapeMessage(digest.CleanText(s)))
}

// textLen counts characters the way Slack's limits are safest read.
func textLen(s string) int { return digest.UTF16Len(s) }

// clipEscaped escapes s and clips the result to at most limit characters,
// ending with "…" when something was cut. It cuts between whole characters
// of s, never inside an entity.
func clipEscaped(s string, limit int) string {
	e := escape(s)
	if textLen(e) <= limit {
		return e
	}
	// Cut the raw text, each character at its escaped width (an "@" one
	// more, for a word joiner), and escape the kept part whole, no entity
	// or defused word split.
	raw := digest.CleanText(s)
	cut, n := 0, 0
	for i, r := range raw {
		w := textLen(slackutilsx.EscapeMessage(string(r)))
		if r == '@' {
			w++
		}
		if n+w > limit-1 {
			break
		}
		n += w
		cut = i + utf8.RuneLen(r)
	}
	return strings.TrimRightFunc(escape(raw[:cut]), unicode.IsSpace) + "…"
}

// clipPlain clips text for a plain_text object, which Slack shows as is.
func clipPlain(s string, limit int) string {
	return digest.ClipUTF16(digest.OneLine(s), limit, nil)
}

// link renders a linked label, "<url|label>", with the label escaped. A URL
// that is not absolute http(s) is not linked: the label alone is returned.
func link(rawURL, label string) string {
	return linkEscaped(rawURL, escape(digest.OneLine(label)))
}

// linkEscaped is link with the label already escaped.
func linkEscaped(rawURL, label string) string {
	u := linkURL(rawURL)
	if u == "" {
		return label
	}
	if label == "" {
		return "<" + u + ">"
	}
	return "<" + u + "|" + label + ">"
}

// linkURL returns raw ready to sit inside <…|…>: only absolute http and https
// URLs, with the bytes that would end the link early (space, "|", "<", ">")
// and anything outside printable ASCII percent-encoded, and "&" escaped.
func linkURL(raw string) string {
	return strings.ReplaceAll(digest.LinkURL(raw, "|<>"), "&", "&amp;")
}

// clipMarkup shortens escaped mrkdwn to at most limit characters, backing
// off to before an entity or a <…> link it would cut inside of.
func clipMarkup(s string, limit int) string {
	return digest.ClipUTF16(s, limit, func(out string) string {
		if lt := strings.LastIndexByte(out, '<'); lt > strings.LastIndexByte(out, '>') {
			out = out[:lt]
		}
		return beforeEntity(out)
	})
}

// beforeEntity is cut without an entity ("&amp;") that it ends inside of.
func beforeEntity(cut string) string {
	if amp := strings.LastIndexByte(cut, '&'); amp > strings.LastIndexByte(cut, ';') {
		return cut[:amp]
	}
	return cut
}
