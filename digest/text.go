package digest

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Text helpers every renderer shares, so that the chat adapters and the
// edition formats count, clip, split, pack and link text the same way.

// Paragraphs splits text (cleaned as CleanText does) at blank lines. Each
// paragraph keeps its inner line breaks, which the editor put there, with
// trailing space trimmed from each line.
func Paragraphs(s string) []string {
	paras := paragraphs(s)
	out := make([]string, len(paras))
	for i, p := range paras {
		out[i] = p.Text()
	}
	return out
}

// JoinParagraphs joins the texts that are not empty as paragraphs, a
// blank line between two: how an imported edition's text is put back
// together when one edition is read from two files.
func JoinParagraphs(texts ...string) string {
	var kept []string
	for _, t := range texts {
		if t != "" {
			kept = append(kept, t)
		}
	}
	return strings.Join(kept, "\n\n")
}

// LinkURL returns raw ready to be a link's target: only an absolute http or
// https URL, with spaces, bytes outside printable ASCII and the bytes in
// special (those that would end the link early in the format at hand)
// percent-encoded. It returns "" for anything else: a renderer never links
// a "javascript:" URL, whatever the store holds.
func LinkURL(raw, special string) string {
	u := linkURL(raw)
	if u == "" {
		return ""
	}
	return escapeURL(u, special)
}

// UTF16Len counts s in UTF-16 code units, as Slack's and Discord's limits
// are safest read: a character outside the Basic Multilingual Plane (most
// emoji) counts as two. It is never less than the count of code points,
// so text within it is within a limit counted either way.
func UTF16Len(s string) int {
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

// Plural is "1 story" or "3 stories": n with the word that agrees with it.
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// UpperFirst writes s with its first letter in capitals ("3 stories" →
// "3 stories", "story" → "Story", "état" → "État"): one rune, however many
// bytes it takes.
func UpperFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 || r == utf8.RuneError || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// Thousands writes n with commas between its thousands ("1,000").
func Thousands(n int) string {
	s := strconv.Itoa(n)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// PrefixUTF16 is the longest prefix of s, in whole characters, that is at
// most n UTF-16 code units long: where a renderer cuts text to a limit.
func PrefixUTF16(s string, n int) string {
	used := 0
	for i, r := range s {
		w := utf16.RuneLen(r)
		if w < 1 {
			w = 1 // invalid UTF-8 is shown as one replacement character
		}
		if used+w > n {
			return s[:i]
		}
		used += w
	}
	return s
}

// ClipUTF16 shortens s to at most max UTF-16 code units (UTF16Len), ending
// in "…" when it cuts: the longest prefix that leaves room for the "…",
// passed through back (where a format steps back from a cut inside its
// markup or a word; nil keeps the cut), its trailing spaces trimmed.
func ClipUTF16(s string, max int, back func(cut string) string) string {
	if UTF16Len(s) <= max {
		return s
	}
	out := PrefixUTF16(s, max-1)
	if back != nil {
		out = back(out)
	}
	return strings.TrimRightFunc(out, unicode.IsSpace) + "…"
}

// SplitUTF16 splits s into pieces of at most max UTF-16 code units
// (UTF16Len), in order, each the longest prefix of what is left passed
// through back (where a format steps back from a cut inside its markup, or
// to a space; nil keeps the cut). Should back leave nothing, the rest is
// the last piece, whole. With trim, for text split between words, each
// piece and what is left after it lose their spaces at both ends, and an
// empty last piece is left out; without, the pieces join again into s.
func SplitUTF16(s string, max int, back func(cut string) string, trim bool) []string {
	var out []string
	for UTF16Len(s) > max {
		cut := PrefixUTF16(s, max)
		if back != nil {
			cut = back(cut)
		}
		if cut == "" {
			break
		}
		s = s[len(cut):]
		if trim {
			cut, s = strings.TrimSpace(cut), strings.TrimSpace(s)
		}
		out = append(out, cut)
	}
	if trim && s == "" {
		return out
	}
	return append(out, s)
}

// JoinWithin joins pieces with sep into as few strings as it can, each at
// most max UTF-16 code units (UTF16Len), in order and never splitting a
// piece: how chat renderers fill a platform's text boxes (Slack's
// sections, Discord's embed descriptions). A piece longer than max on its
// own is left whole; callers clip or split such pieces first.
func JoinWithin(pieces []string, sep string, max int) []string {
	return pack(len(pieces), func(i int) (string, string) { return pieces[i], sep }, max)
}
