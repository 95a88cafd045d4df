package pagemeta

import (
	"html"
	"strings"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
)

// rawLimit bounds how much of any one value is kept from the page before
// cleaning. It is far more than the largest cap needs even after tags,
// entities and whitespace are removed, and it keeps a 10 MB <title> from
// costing more than a 64 KiB one once it has been tokenized.
const rawLimit = 64 << 10

// capRaw copies at most rawLimit bytes of b, not splitting a UTF-8
// sequence, so the copy can be held cheaply until cleaning.
func capRaw(b []byte) string {
	if len(b) <= rawLimit {
		return string(b)
	}
	n := rawLimit
	for i := 0; i < utf8.UTFMax && n > 0 && !utf8.RuneStart(b[n]); i++ {
		n--
	}
	return string(b[:n])
}

// clean turns a raw value from the page into display text of at most max
// runes: bytes that are not UTF-8 read as windows-1252, entities decoded
// (a second time, because double-escaped titles are common), tags removed,
// whitespace folded, invisible and control characters dropped, and a long
// value cut at a word boundary with "…".
func clean(s string, max int) string {
	s = digest.RepairUTF8(s)
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	s = stripTags(s)

	// capRaw bounded s already, so folding all of it before cutting is cheap.
	return digest.Shorten(digest.FoldText(s), max)
}

// stripTags removes anything that looks like markup: tags and comments.
// Page metadata often carries escaped HTML ("&lt;b&gt;") that the entity
// decoding above has turned back into tags. A "<" that does not start a tag
// ("a < b") is kept. The scan is linear: each "<" looks for its ">" once,
// and when there is none no later tag can close either.
func stripTags(s string) string {
	if strings.IndexByte(s, '<') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i:]
		if strings.HasPrefix(s, "<!--") {
			end := strings.Index(s[4:], "-->")
			if end < 0 {
				// An unterminated comment hides the rest, as in a browser.
				return b.String()
			}
			s = s[4+end+3:]
			continue
		}
		if len(s) < 2 || !digest.StartsTag(rune(s[1])) {
			b.WriteByte('<')
			s = s[1:]
			continue
		}
		end := strings.IndexByte(s, '>')
		if end < 0 {
			b.WriteString(s)
			return b.String()
		}
		if !inlineTag(s[1:end]) {
			// Block tags (<br>, <p>) separate words; inline ones do not.
			b.WriteByte(' ')
		}
		s = s[end+1:]
	}
}

// inlineTag reports whether the inside of a tag ("b", "/span class=x")
// names an inline formatting element, which does not separate words.
func inlineTag(inside string) bool {
	inside = strings.TrimPrefix(inside, "/")
	name := inside
	if i := strings.IndexAny(inside, " \t\n\r\f/"); i >= 0 {
		name = inside[:i]
	}
	switch strings.ToLower(name) {
	case "a", "abbr", "b", "bdi", "cite", "code", "em", "font", "i", "kbd", "mark",
		"q", "s", "small", "span", "strong", "sub", "sup", "time", "u", "wbr":
		return true
	}
	return false
}
