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
	return readEightBit(b, charmap.Windows1252, anyUTF8)
}

// EightBitKeepingUTF8 reads b in the 8-bit charset cm, as a feed
// declaring Latin-1, Latin-2 or a Windows code page is read, but keeps the
// UTF-8 pasted into it (PastedUTF8): a UTF-8 dash, curly quote or euro
// sign copied from a word processor ("–" is E2 80 93) would else read as
// three characters ("â€“" in Windows-1252 and Windows-1250, "â" and two
// invisible controls in ISO-8859-2), and a name pasted from an email
// ("Renée", C3 A9 for "é") as "RenÃ©e".
func EightBitKeepingUTF8(b []byte, cm *charmap.Charmap) []byte {
	return readEightBit(b, cm, PastedIn(b).Len)
}

// PastedUTF8 tells the UTF-8 pasted into 8-bit text from the text's own
// bytes. Three and four bytes of valid UTF-8 are always pasted: read in
// an 8-bit charset they are a small letter followed by two or three
// symbols or controls, which no text has. Two bytes are a capital or
// "ß" followed by a symbol ("Ã©"), which text may hold, and only the
// whole text can say which it is: a pair that is a letter or sign of
// U+00A0–U+017F in UTF-8 ("é", "ł", "£"; its first byte C2–C5, "Â"
// to "Å" in Windows-1252) is pasted unless the text writes that first
// byte elsewhere as a character of its own, before a byte that could not
// follow it in UTF-8 ("SÃO PAULO"): text that writes "Ã" as a letter may
// write "Ã©" too, text that never does is not writing it here. Other
// pairs stay 8-bit: "groß…" (DF 85) is German, not an N'Ko letter.
type PastedUTF8 struct {
	// alone says, for each first byte C2–C5, whether the text writes
	// it as a character of its own.
	alone [4]bool
}

// PastedIn gathers the evidence of the whole of b.
func PastedIn(b []byte) PastedUTF8 {
	var p PastedUTF8
	for i, c := range b {
		if c >= 0xC2 && c <= 0xC5 && (i+1 == len(b) || b[i+1] < 0x80 || b[i+1] > 0xBF) {
			p.alone[c-0xC2] = true
		}
	}
	return p
}

// Len returns the length of the UTF-8 pasted at the start of b, 0 when b
// does not start with some.
func (p PastedUTF8) Len(b []byte) int {
	if len(b) == 0 || b[0] < utf8.RuneSelf {
		return 0
	}
	r, size := utf8.DecodeRune(b)
	switch {
	case r == utf8.RuneError && size <= 1:
		return 0
	case size >= 3:
		return size
	case r >= 0xA0 && r <= 0x17F && !p.alone[b[0]-0xC2]:
		return size
	}
	return 0
}

// anyUTF8 returns the length of the valid UTF-8 sequence at the start of
// b, 0 when there is none.
func anyUTF8(b []byte) int {
	if r, size := utf8.DecodeRune(b); r != utf8.RuneError || size > 1 {
		return size
	}
	return 0
}

// readEightBit reads every byte of b in cm but those of the UTF-8
// sequences that kept measures, which stay as they are.
func readEightBit(b []byte, cm *charmap.Charmap, kept func([]byte) int) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			out = append(out, b[i])
			i++
			continue
		}
		if size := kept(b[i:]); size > 0 {
			out = append(out, b[i:i+size]...)
			i += size
			continue
		}
		out = utf8.AppendRune(out, cm.DecodeByte(b[i]))
		i++
	}
	return out
}
