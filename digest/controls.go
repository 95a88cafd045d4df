package digest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sharednews/sharednews/internal/wordscan"
)

// StripControls removes from s what a terminal would obey instead of
// printing: whole escape sequences (ESC [ … for colours and cursor moves,
// ESC ] … for window titles and hyperlinks, and their kin), their 8-bit
// forms (U+009B, U+009D, …), and every other control character except
// newline and tab. Line ends become "\n": a lone carriage return would send
// the cursor back to overwrite the line. Invalid UTF-8 becomes U+FFFD, since
// a stray 0x9B byte is a CSI to an 8-bit terminal. Bidirectional overrides
// go too (they make text read differently from what it says). Everything
// else, spaces included, is kept as it was.
//
// Text from members and feeds passes through it when it enters the store,
// and every renderer cleans with CleanText, which calls it: ESC and BEL
// reach no terminal, page or chat message.
func StripControls(s string) string {
	if printable(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\r':
			b.WriteByte('\n')
			if strings.HasPrefix(s[i+n:], "\n") {
				n++
			}
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == 0x1b:
			n += escapeLen(s[i+n:])
		case r >= 0x80 && r <= 0x9f:
			n += c1Len(r, s[i+n:])
		case unicode.IsControl(r) || isBidiControl(r):
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// StripEscapes removes from s each terminal control sequence whole (ESC
// [ … for colours and cursor keys, ESC ] … and its kin for titles and
// links, as StripControls drops them) and leaves everything else as it
// was. A command line is split into words at control characters; such a
// sequence dropped only by its ESC left "[31m" glued to the next word
// ("[31mhousing"). Dropped whole, as the store drops it, the text around
// it stays as typed ("Head\x1b[31mline" is "Headline"). An ESC before
// anything else is left alone: in a typed line it is a stray key, and the
// letter after it is the user's ("\x1bnews" is "news").
func StripEscapes(s string) string {
	if !strings.ContainsRune(s, 0x1b) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if s[i] == 0x1b && i+1 < len(s) && strings.IndexByte("[]PX^_", s[i+1]) >= 0 {
			i += 1 + escapeLen(s[i+1:])
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// printable reports whether StripControls would leave s unchanged: the
// common case, checked without allocating. Every story a feed gives is
// checked field by field as it is stored, and most of their text is ASCII
// with a few other characters ("£", "…"): each byte is looked at once, and
// only the others are decoded, not all that follow the first of them.
// Invalid UTF-8 decodes as utf8.RuneError, and is refused with it.
func printable(s string) bool {
	for i := 0; i < len(s); {
		// Eight bytes at a time while they are printable ASCII.
		for i+8 <= len(s) {
			x := wordscan.Load(s, i)
			if wordscan.Below(x, 0x20)|wordscan.Equal(x, 0x7f)|wordscan.NotASCII(x) != 0 {
				break
			}
			i += 8
		}
		if i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || unicode.IsControl(r) || isBidiControl(r) {
			return false
		}
		i += n
	}
	return true
}

// escapeLen is how many bytes after an ESC belong to its sequence.
func escapeLen(rest string) int {
	if rest == "" {
		return 0
	}
	switch c := rest[0]; {
	case c == '[':
		return 1 + csiLen(rest[1:])
	case c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_':
		return 1 + controlStringLen(rest[1:])
	case c >= 0x20 && c <= 0x2f: // intermediates, then one final byte (ESC ( B)
		n := 0
		for n < len(rest) && rest[n] >= 0x20 && rest[n] <= 0x2f {
			n++
		}
		if n < len(rest) && rest[n] >= 0x30 && rest[n] <= 0x7e {
			n++
		}
		return n
	case c >= 0x30 && c <= 0x7e: // ESC 7, ESC c, …
		return 1
	}
	return 0
}

// c1Len is how many bytes after an 8-bit control r belong to its sequence.
func c1Len(r rune, rest string) int {
	switch r {
	case 0x9b: // CSI
		return csiLen(rest)
	case 0x90, 0x98, 0x9d, 0x9e, 0x9f: // DCS, SOS, OSC, PM, APC
		return controlStringLen(rest)
	}
	return 0
}

// csiLen is the length of a control sequence's parameters, intermediates
// and final byte ("31m", "2J", "?25l").
func csiLen(rest string) int {
	n := 0
	for n < len(rest) && rest[n] >= 0x30 && rest[n] <= 0x3f {
		n++
	}
	for n < len(rest) && rest[n] >= 0x20 && rest[n] <= 0x2f {
		n++
	}
	if n < len(rest) && rest[n] >= 0x40 && rest[n] <= 0x7e {
		n++
	}
	return n
}

// controlStringLen is the length of an OSC, DCS or similar string up to
// and including its terminator (BEL, ESC \ or U+009C). An unterminated one
// ends at the line's end, so a stray ESC ] never swallows the paragraphs
// after it.
func controlStringLen(rest string) int {
	for i := 0; i < len(rest); i++ {
		switch rest[i] {
		case 0x07:
			return i + 1
		case '\n', '\r':
			return i
		case 0x1b:
			if i+1 < len(rest) && rest[i+1] == '\\' {
				return i + 2
			}
			return i // a new sequence begins: the caller strips it in turn
		case 0xc2:
			if i+1 < len(rest) && rest[i+1] == 0x9c {
				return i + 2
			}
		}
	}
	return len(rest)
}

func isBidiControl(r rune) bool {
	return r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069' ||
		r == '\u200E' || r == '\u200F' || r == '\u061C'
}

// WithoutControls is the story with StripControls applied to every text a
// member, an editor or a feed wrote, as it is stored.
func (s Story) WithoutControls() Story {
	for _, f := range []*string{&s.URL, &s.Headline, &s.Summary, &s.Source, &s.Commentary, &s.Afterword, &s.SubmitNote, &s.RejectReason,
		&s.Submitter.Name, &s.DecidedBy.Name} {
		*f = StripControls(*f)
	}
	return s
}
