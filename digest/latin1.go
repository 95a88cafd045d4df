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
	return string(RepairUTF8Bytes([]byte(s)))
}

// RepairUTF8Bytes is RepairUTF8 for a byte slice, for a feed's body: b
// itself when it is valid UTF-8, else one new slice, with no copy of b
// as a string and back (a body may be feeds.max_bytes long).
func RepairUTF8Bytes(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	out := make([]byte, 0, len(b)+len(b)/8)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			out = utf8.AppendRune(out, charmap.Windows1252.DecodeByte(b[i]))
			i++
			continue
		}
		out = append(out, b[i:i+size]...)
		i += size
	}
	return out
}
