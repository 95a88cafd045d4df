package digest

import (
	"unicode"
	"unicode/utf8"
)

// FoldText makes untrusted one-line text (a feed entry, a page title) fit
// to show: runs of white space become single spaces, both ends are trimmed,
// invisible and control characters are dropped (see Unprintable), and no
// "<" is left right before a letter, where a renderer could take it for
// markup.
func FoldText(s string) string { return foldText(s, true) }

// FoldLiteralText is FoldText for text its source declares plain (an Atom
// title of type "text"): a "<" before a letter stays, because it is what
// the text says ("Use <main> for content") and every renderer escapes it.
func FoldLiteralText(s string) string { return foldText(s, false) }

func foldText(s string, dropTagStarts bool) string {
	if out, ok := fold(s, dropTagStarts); ok {
		return out
	}
	// Whole escape sequences go, not just their ESC.
	out, _ := fold(StripControls(s), dropTagStarts)
	return out
}

// fold is foldText without StripControls first: ok is false, and fold
// gives up, where StripControls would remove more than fold does: at an
// ESC, or a C1 control that starts a sequence. Everything else it removes
// (control characters, invalid UTF-8, bidirectional controls) fold drops
// as well, and its line ends are white space to fold, so text without
// escape sequences (all but hostile text) is read once, not checked by
// StripControls first.
func fold(s string, dropTagStarts bool) (string, bool) {
	out := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); {
		if foldsAsIs[s[i]] {
			// A run of visible ASCII other than '<' (most of any text):
			// copied whole. Only its first byte can follow a '<' in
			// out, so only it is looked at as a tag's start.
			start := i
			for i++; i < len(s) && foldsAsIs[s[i]]; i++ {
			}
			if space {
				out = append(out, ' ')
				space = false
			} else if dropTagStarts && StartsTag(rune(s[start])) {
				for len(out) > 0 && out[len(out)-1] == '<' {
					out = out[:len(out)-1]
				}
			}
			out = append(out, s[start:i]...)
			continue
		}
		if c := s[i]; c < utf8.RuneSelf {
			// ASCII, most text: the same steps as below, sooner.
			i++
			switch {
			case c == '\v' || c == '\f':
				continue // controls StripControls removes, not white space
			case c == ' ' || c-'\t' <= '\r'-'\t':
				space = len(out) > 0
				continue
			case c == 0x1b:
				return "", false
			case c < 0x20 || c == 0x7f:
				continue
			}
			if space {
				out = append(out, ' ')
				space = false
			} else if dropTagStarts && StartsTag(rune(c)) {
				for len(out) > 0 && out[len(out)-1] == '<' {
					out = out[:len(out)-1]
				}
			}
			out = append(out, c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r >= 0x80 && r <= 0x9f {
			// A C1 control, which StripControls removes (NEL too,
			// which is white space), with its sequence if it starts one.
			if c1Len(r, s[i:]) > 0 {
				return "", false
			}
			continue
		}
		if unicode.IsSpace(r) {
			space = len(out) > 0
			continue
		}
		if Unprintable(r) {
			continue
		}
		if space {
			out = append(out, ' ')
			space = false
		} else if dropTagStarts && StartsTag(r) {
			for len(out) > 0 && out[len(out)-1] == '<' {
				out = out[:len(out)-1]
			}
		}
		out = utf8.AppendRune(out, r)
	}
	return string(out), true
}

// foldsAsIs marks the bytes fold copies unchanged whatever surrounds them:
// visible ASCII but '<'. A byte-at-a-time switch cost about 50
// instructions a byte, and every headline and summary of every feed entry
// passes through fold. It is never written after initialisation.
var foldsAsIs = func() (t [256]bool) {
	for c := 0x21; c < 0x7f; c++ {
		t[c] = c != '<'
	}
	return t
}()

// StartsTag reports whether r, right after "<", would make a tag, end tag,
// comment or processing instruction.
func StartsTag(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '/' || r == '!' || r == '?'
}

// Unprintable reports whether FoldText removes r: control characters, the
// replacement character (it only marks garbage), soft hyphens,
// bidirectional controls (they can make a headline read backwards or
// disguise a link in chat), zero-width characters and noncharacters.
// Joiners (U+200C, U+200D) stay: emoji and several scripts need them.
func Unprintable(r rune) bool {
	switch {
	case unicode.IsControl(r), r == utf8.RuneError, r == 0x00AD:
		return true
	case r == 0x061C, r == 0x200E, r == 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200B, r >= 0x2060 && r <= 0x2064, r == 0xFEFF, r >= 0xFFF9 && r <= 0xFFFB:
		return true
	case r >= 0xFDD0 && r <= 0xFDEF, r&0xFFFE == 0xFFFE:
		return true
	}
	return false
}
