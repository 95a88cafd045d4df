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
	return readEightBit(b, charmap.Windows1252, 2)
}

// EightBitKeepingUTF8 reads b in the 8-bit charset cm, as a feed
// declaring Latin-1, Latin-2 or a Windows code page is read, but keeps the
// UTF-8 sequences of three and four bytes in it: a UTF-8 dash, curly
// quote or euro sign pasted into such a feed ("–" is E2 80 93) would else
// read as three characters ("â€“" in Windows-1252 and Windows-1250, "â"
// and two invisible controls in ISO-8859-2). Read in any of these
// charsets, such a sequence is a small letter followed by two or three
// symbols or controls, which no text has; two bytes of UTF-8 ("Â£" is
// C2 A3, "£") stay 8-bit, as a capital or small letter before a symbol is
// text an 8-bit feed may hold.
func EightBitKeepingUTF8(b []byte, cm *charmap.Charmap) []byte {
	return readEightBit(b, cm, 3)
}

// readEightBit reads every byte of b in cm but those of the valid UTF-8
// sequences of at least keep bytes, which stay as they are.
func readEightBit(b []byte, cm *charmap.Charmap, keep int) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			out = append(out, b[i])
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 || size < keep {
			out = utf8.AppendRune(out, cm.DecodeByte(b[i]))
			i++
			continue
		}
		out = append(out, b[i:i+size]...)
		i += size
	}
	return out
}
