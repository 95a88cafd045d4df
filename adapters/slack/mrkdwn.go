package slack

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// escaper turns Slack's three control characters into entities. In mrkdwn,
// "<" starts a link, a user mention (<@U123>) or a broadcast (<!channel>,
// <!here>); with them escaped, text from feeds and members shows as typed
// and pings no one.
var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// broadcastWords are the bare words some Slack surfaces still turn into
// @-mentions when a message is parsed loosely. A word joiner after the "@"
// keeps them looking the same but inert.
var broadcastWords = strings.NewReplacer("@channel", "@\u2060channel", "@here", "@\u2060here",
	"@everyone", "@\u2060everyone", "@Channel", "@\u2060Channel", "@Here", "@\u2060Here",
	"@Everyone", "@\u2060Everyone", "@CHANNEL", "@\u2060CHANNEL", "@HERE", "@\u2060HERE",
	"@EVERYONE", "@\u2060EVERYONE")

// escape makes untrusted text safe to place in mrkdwn.
func escape(s string) string {
	return broadcastWords.Replace(escaper.Replace(clean(s)))
}

// textLen counts characters the way Slack's limits are safest read: in
// UTF-16 code units, so an emoji counts as two.
func textLen(s string) int {
	n := 0
	for _, r := range s {
		if utf16.RuneLen(r) == 2 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// clipEscaped escapes s and clips the result to at most limit characters,
// ending with "…" when something was cut. It cuts between whole characters
// of s, never inside an entity.
func clipEscaped(s string, limit int) string {
	e := escape(s)
	if textLen(e) <= limit {
		return e
	}
	// Cut the raw text, counting each character at its escaped width (and
	// an "@" at one more, for a word joiner), then escape the kept part
	// whole so that no entity or defused word is split.
	raw := clean(s)
	cut, n := 0, 0
	for i, r := range raw {
		w := textLen(escaper.Replace(string(r)))
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
	s = oneLine(s)
	if textLen(s) <= limit {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		w := utf16.RuneLen(r)
		if n+w > limit-1 {
			break
		}
		b.WriteRune(r)
		n += w
	}
	return strings.TrimRightFunc(b.String(), unicode.IsSpace) + "…"
}

// link renders a linked label, "<url|label>", with the label escaped. A URL
// that is not absolute http(s) is not linked: the label alone is returned.
func link(rawURL, label string) string {
	label = escape(oneLine(label))
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
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c <= ' ' || c >= 0x7f || c == '|' || c == '<' || c == '>':
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		case c == '&':
			b.WriteString("&amp;")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

const hexDigits = "0123456789ABCDEF"

// clean drops what must never reach a chat message from feed or member
// text: invalid UTF-8, control characters other than line breaks, and
// bidirectional overrides that make text read differently from what it is.
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\r', r == '\t':
			return ' '
		case unicode.IsControl(r), isBidiControl(r):
			return -1
		}
		return r
	}, s)
}

func isBidiControl(r rune) bool {
	return r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069' ||
		r == '\u200E' || r == '\u200F' || r == '\u061C'
}

// oneLine is clean text with every run of white space made one space.
func oneLine(s string) string {
	return strings.Join(strings.Fields(clean(s)), " ")
}

// paragraphs splits text at blank lines into trimmed, non-empty paragraphs.
func paragraphs(s string) []string {
	var out []string
	for p := range strings.SplitSeq(clean(s), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// italic renders text as italic mrkdwn, line by line (Slack's "_" does
// not span line breaks).
func italic(s string) string {
	var lines []string
	for line := range strings.SplitSeq(strings.TrimSpace(clean(s)), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, "_"+escape(line)+"_")
		}
	}
	return strings.Join(lines, "\n")
}

// quote renders text as a mrkdwn block quote.
func quote(s string) string {
	var lines []string
	for line := range strings.SplitSeq(strings.TrimSpace(clean(s)), "\n") {
		lines = append(lines, "> "+escape(strings.TrimSpace(line)))
	}
	return strings.Join(lines, "\n")
}

// clipMarkup shortens already-escaped mrkdwn to at most limit characters
// without cutting inside an entity or a <…> link: it backs off to before
// either.
func clipMarkup(s string, limit int) string {
	if textLen(s) <= limit {
		return s
	}
	cut, n := 0, 0
	for i, r := range s {
		w := textLen(string(r))
		if n+w > limit-1 {
			break
		}
		n += w
		cut = i + utf8.RuneLen(r)
	}
	out := s[:cut]
	if lt := strings.LastIndexByte(out, '<'); lt > strings.LastIndexByte(out, '>') {
		out = out[:lt]
	}
	if amp := strings.LastIndexByte(out, '&'); amp > strings.LastIndexByte(out, ';') {
		out = out[:amp]
	}
	return strings.TrimRightFunc(out, unicode.IsSpace) + "…"
}
