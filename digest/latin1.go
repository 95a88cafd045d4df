package digest

import (
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// RepairUTF8 returns s with every byte that is not part of a valid UTF-8
// sequence read as Windows-1252, the charset that text which is not UTF-8
// is in all but always (Latin-1's letters are Windows-1252's, which adds
// curly quotes and dashes). A feed in undeclared Latin-1, or a search
// made by a Latin-1 form ("caf%E9"), comes out right, and so does UTF-8
// text with one Latin-1 word pasted in. Valid UTF-8 is returned as it is.
func RepairUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	out := make([]byte, 0, len(s)+len(s)/8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			out = utf8.AppendRune(out, charmap.Windows1252.DecodeByte(s[i]))
			i++
			continue
		}
		out = append(out, s[i:i+size]...)
		i += size
	}
	return string(out)
}
