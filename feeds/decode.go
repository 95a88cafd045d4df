package feeds

import (
	"bytes"
	"fmt"
	"mime"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/internal/wordscan"
)

// toUTF8 returns a feed's bytes as UTF-8, whatever they were sent in, so
// that everything after it reads one encoding. In order:
//
//   - a byte order mark (UTF-8, UTF-16 or UTF-32, either byte order) decides,
//     unless more UTF-8 marks follow it among white space: marks one
//     after another, or after white space, are files included before the
//     feed (dropLeadingMarks), dropped before the rules below are applied;
//   - else the zero bytes around the first character tell UTF-16 and UTF-32
//     without a mark ("<" is 3C 00 in UTF-16LE, 00 00 00 3C in UTF-32BE);
//   - else bytes that are valid UTF-8 are UTF-8, whatever the labels say
//     (mislabelled UTF-8 is far more common than Latin-1 that happens to be
//     valid UTF-8);
//   - else bytes more of which are UTF-8 than not are UTF-8 with a few
//     stray bytes (mostlyUTF8), which are read as Windows-1252;
//   - else the Content-Type charset, unless it is a server's default
//     (isServerDefault), then the XML declaration's encoding, then the
//     Content-Type charset, read as browsers read them (WHATWG labels:
//     "ISO-8859-1", "latin1" and "US-ASCII" mean Windows-1252, so bytes
//     0x80–0x9F are its curly quotes and dashes, not invisible control
//     characters);
//   - else Windows-1252 for every byte that is not part of valid UTF-8.
//
// Byte order marks among the white space before the document are then
// dropped, the XML declaration, if any, is made to say UTF-8, so that the
// XML parser does not convert the text a second time, and version 1.0
// (declareVersion10), and the control characters XML forbids (all below
// 0x20 but tab, line feed and carriage return, U+FFFE and U+FFFF),
// written as themselves or as character references, are dropped.
func toUTF8(body []byte, contentType string) []byte {
	out := decodeText(body, contentType)
	out = dropLeadingMarks(out)
	out = dropControlBytes(out)
	out = dropForbiddenCharacters(out)
	return declareVersion10(declareUTF8(out))
}

// dropLeadingMarks removes the white space before a document when byte
// order marks are among it: a PHP file saved with a mark and included
// before the feed puts one after a line break, or a second after the
// first (a known WordPress fault), and a document that then starts with
// U+FEFF is neither XML nor JSON.
func dropLeadingMarks(b []byte) []byte {
	i, marks := 0, false
	for i < len(b) {
		switch {
		case b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n':
			i++
		case bytes.HasPrefix(b[i:], utf8BOM):
			i, marks = i+len(utf8BOM), true
		default:
			if marks {
				return b[i:]
			}
			return b
		}
	}
	return b
}

// xmlVersion matches an XML declaration's version and captures it.
var xmlVersion = regexp.MustCompile(`^\s*<\?xml\s+version\s*=\s*["']([^"']*)["']`)

// declareVersion10 makes an XML declaration say version 1.0: encoding/xml
// refuses any other, and a feed declaring XML 1.1 (or a version that does
// not exist) is read as other readers read it, as XML 1.0 (1.1 differs
// only in characters feeds do not use).
func declareVersion10(b []byte) []byte {
	return declare(b, xmlVersion, "1.0", func(v string) bool { return v == "1.0" })
}

func decodeText(body []byte, contentType string) []byte {
	if enc, bom := byOrderMark(body); enc != nil {
		return decodeWith(enc, body[bom:])
	}
	if bytes.HasPrefix(body, utf8BOM) && !moreMarks(body[len(utf8BOM):]) {
		return repairUTF8(body[len(utf8BOM):])
	}
	// Marks among the white space before the document are the debris of
	// files included before it (dropLeadingMarks) and say nothing of the
	// feed's encoding, which its own bytes and declaration then tell.
	body = dropLeadingMarks(body)
	if enc := byZeroBytes(body); enc != nil {
		return decodeWith(enc, body)
	}
	if enc := escapedEncoding(body, contentType); enc != nil {
		return decodeWith(enc, body)
	}
	if utf8.Valid(body) {
		return body
	}
	if mostlyUTF8(body) {
		return repairUTF8(body)
	}
	declared, sent := eightBitEncoding(declaredEncoding(body)), eightBitEncoding(headerCharset(contentType))
	if sent != nil && !isServerDefault(sent) {
		return decodeWith(sent, body)
	}
	for _, enc := range []encoding.Encoding{declared, sent} {
		if enc != nil {
			return decodeWith(enc, body)
		}
	}
	return repairUTF8(body)
}

// escapedEncoding returns ISO-2022-JP when the Content-Type charset or,
// failing that, the XML declaration names it and b has the escape byte
// (ESC, 0x1B) its sequences open with; else nil. ISO-2022-JP writes
// Japanese (and the Cyrillic and Greek of JIS X 0208) in 7-bit bytes
// between escape sequences, so a feed in it is valid UTF-8, which is read
// as UTF-8 whatever its label says, and its headlines came out as
// "$BFs$D$N5D2q(B" with the escapes dropped as controls. No UTF-8 feed
// has an escape byte: XML forbids it, JSON escapes it.
func escapedEncoding(b []byte, contentType string) encoding.Encoding {
	if bytes.IndexByte(b, 0x1B) < 0 {
		return nil
	}
	for _, label := range []string{headerCharset(contentType), declaredEncoding(b)} {
		if enc, err := htmlindex.Get(strings.TrimSpace(label)); err == nil {
			if name, _ := htmlindex.Name(enc); name == "iso-2022-jp" {
				return enc
			}
		}
	}
	return nil
}

// isServerDefault reports whether a charset from a Content-Type header is
// the one servers send when nobody set one (Apache's AddDefaultCharset,
// Tomcat and others: ISO-8859-1, read as Windows-1252, or US-ASCII), which
// says nothing of the feed; any other was set for it on purpose.
func isServerDefault(enc encoding.Encoding) bool {
	name, _ := htmlindex.Name(enc)
	return name == "windows-1252"
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// moreMarks reports whether byte order marks are among the white space at
// the start of b.
func moreMarks(b []byte) bool {
	return len(dropLeadingMarks(b)) != len(b)
}

// byOrderMark returns the encoding a UTF-16 or UTF-32 byte order mark at
// the start of b names, and the mark's length. UTF-32LE's mark starts like
// UTF-16LE's, so it is tried first.
func byOrderMark(b []byte) (encoding.Encoding, int) {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE, 0, 0}):
		return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), 4
	case bytes.HasPrefix(b, []byte{0, 0, 0xFE, 0xFF}):
		return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), 4
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), 2
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), 2
	}
	return nil, 0
}

// byZeroBytes recognises UTF-16 and UTF-32 without a byte order mark by
// where the zero bytes of the first character fall: a feed starts with
// "<", "{" or white space, all ASCII (XML 1.0, appendix F).
func byZeroBytes(b []byte) encoding.Encoding {
	if len(b) < 4 {
		return nil
	}
	z := [4]bool{b[0] == 0, b[1] == 0, b[2] == 0, b[3] == 0}
	switch z {
	case [4]bool{true, true, true, false}:
		return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM)
	case [4]bool{false, true, true, true}:
		return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM)
	case [4]bool{true, false, true, false}:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	case [4]bool{false, true, false, true}:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	}
	return nil
}

// decodeWith converts b to UTF-8 with enc; bytes enc cannot read become
// U+FFFD, which later cleaning drops. A Latin 8-bit charset (Windows-1252,
// what "ISO-8859-1" and "latin1" name, ISO-8859-2, Windows-1250,
// ISO-8859-15: keepsPastedUTF8) keeps the longer UTF-8 sequences pasted
// into it (digest.EightBitKeepingUTF8), as a Latin-1 or Latin-2 CMS
// passes on a UTF-8 dash copied from a word processor; an ISO 8859
// charset whose feed has bytes its Windows code page gives letters to is
// read in that code page (windowsCodePage).
func decodeWith(enc encoding.Encoding, b []byte) []byte {
	if cm, ok := windowsCodePage(enc, b).(*charmap.Charmap); ok && keepsPastedUTF8[cm] {
		return digest.EightBitKeepingUTF8(b, cm)
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return repairUTF8(b)
	}
	return bytes.ToValidUTF8(bytes.TrimPrefix(out, utf8BOM), []byte("\uFFFD"))
}

// keepsPastedUTF8 are the 8-bit charsets whose feeds keep the UTF-8
// pasted into them: those of Latin script, where bytes 0x80–0xBF are
// symbols, or letters seldom two or three in a row. In the others they
// are the script's letters, and letters in a row are valid UTF-8 as
// often as not ("лії" of "Італії" in Windows-1251 is EB B3 BF, a Hangul
// syllable, and "Ві" C2 B3, "³"), so those feeds are read in their
// charset alone, as they were before EightBitKeepingUTF8 took any
// charmap. It is never written after initialisation.
var keepsPastedUTF8 = map[*charmap.Charmap]bool{
	charmap.Windows1252: true, charmap.ISO8859_1: true, charmap.ISO8859_15: true,
	charmap.Windows1250: true, charmap.ISO8859_2: true,
}

// windowsCodePage returns the Windows code page a feed labelled with enc
// was written in, when enc is an ISO 8859 charset and b has bytes 0x80–0x9F
// outside the UTF-8 pasted into it: in ISO 8859 those are invisible
// controls, which no text has, and in the Windows code page of the same
// script letters and punctuation ("Ś" is 8C in Windows-1250), so their
// presence anywhere in the feed tells that a CMS set to Windows-1250
// labelled its feed ISO-8859-2, and every byte of it is read so, as
// browsers read "ISO-8859-1" as Windows-1252 throughout. Else enc.
func windowsCodePage(enc encoding.Encoding, b []byte) encoding.Encoding {
	var windows encoding.Encoding
	switch enc {
	case charmap.ISO8859_2:
		windows = charmap.Windows1250
	case charmap.ISO8859_15:
		windows = charmap.Windows1252
	default:
		return enc
	}
	pasted := digest.PastedIn(b)
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		if size := pasted.Len(b[i:]); size > 0 {
			i += size // pasted UTF-8, kept as it is ("ś" is C5 9B)
			continue
		}
		if b[i] <= 0x9F {
			return windows
		}
		i++
	}
	return enc
}

// eightBitEncoding returns the encoding a charset label names, read as
// browsers read labels, or nil when the label is empty, unknown, or names
// UTF-8, UTF-16 or UTF-32 (which the bytes themselves have already ruled
// out). A label browsers do not know is looked up in IANA's charset
// registry, which has names servers are set up with besides ("Latin-9"
// is ISO-8859-15's, "csISOLatin2" ISO-8859-2's), for an 8-bit charset
// only: the registry's UTF-32 is not one the bytes have been tried for.
func eightBitEncoding(label string) encoding.Encoding {
	label = strings.TrimSpace(label)
	if label == "" {
		return nil
	}
	enc, err := htmlindex.Get(label)
	if err != nil || enc == nil {
		if enc, err := ianaindex.IANA.Encoding(label); err == nil {
			if cm, ok := enc.(*charmap.Charmap); ok {
				return cm
			}
		}
		return nil
	}
	if name, _ := htmlindex.Name(enc); name == "utf-8" || strings.HasPrefix(name, "utf-16") {
		return nil
	}
	return enc
}

// xmlDeclaration matches an XML declaration and captures its encoding's
// value.
var xmlDeclaration = regexp.MustCompile(`^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']*)["']`)

// declaredEncoding returns the encoding an XML declaration at the start of
// b names, "" if none.
func declaredEncoding(b []byte) string {
	if m := xmlDeclaration.FindSubmatch(b[:min(len(b), 512)]); m != nil {
		return string(m[1])
	}
	return ""
}

// declareUTF8 makes the encoding of an XML declaration say UTF-8.
func declareUTF8(b []byte) []byte {
	return declare(b, xmlDeclaration, "UTF-8", func(v string) bool { return strings.EqualFold(v, "utf-8") })
}

// declare makes the value that re, matched against the start of b,
// captures in an XML declaration say want, unless it already says what
// ok accepts; b is copied only then.
func declare(b []byte, re *regexp.Regexp, want string, ok func(string) bool) []byte {
	m := re.FindSubmatchIndex(b[:min(len(b), 512)])
	if m == nil || ok(string(b[m[2]:m[3]])) {
		return b
	}
	out := make([]byte, 0, len(b)-(m[3]-m[2])+len(want))
	out = append(out, b[:m[2]]...)
	out = append(out, want...)
	return append(out, b[m[3]:]...)
}

// headerCharset returns the charset parameter of a Content-Type header.
func headerCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(params["charset"])
}

// mostlyUTF8 reports whether b has more multi-byte UTF-8 characters than
// bytes that are not UTF-8: a UTF-8 feed labelled ISO-8859-1 (a CMS set up
// for Latin-1 serving a UTF-8 database) with a stray Latin-1 byte in it,
// which read as its label says would turn every "é" into "Ã©". Text truly
// in an 8-bit or East Asian encoding has bytes that read as UTF-8 now and
// then ("Â£" in Windows-1252, many a GBK character), but far fewer than
// those that do not.
func mostlyUTF8(b []byte) bool {
	multi, bad := 0, 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			bad++
			i++
			continue
		}
		multi++
		i += size
	}
	return multi > bad
}

// repairUTF8 returns b with every byte that is not part of a valid UTF-8
// sequence read as Windows-1252 (digest.RepairUTF8Bytes). A feed in
// undeclared Latin-1 comes out right, and so does a UTF-8 feed with one
// Latin-1 title pasted in.
func repairUTF8(b []byte) []byte {
	return digest.RepairUTF8Bytes(b)
}

// dropControlBytes removes the control characters XML 1.0 forbids (and
// JSON forbids unescaped), which feeds carry by accident: all bytes below
// 0x20 but tab, line feed and carriage return. In UTF-8 such a byte is
// always a character of its own.
func dropControlBytes(b []byte) []byte {
	// The controls are ASCII, and no byte of a longer UTF-8 sequence (nor
	// any invalid byte) is below 0x80. Eight bytes at a time (every body
	// of every poll is scanned, and almost none has one), then byte by
	// byte from the word that has one.
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := wordscan.Load(b, i)
		if low := wordscan.Below(x, 0x20); low != 0 &&
			low&^(wordscan.Equal(x, '\t')|wordscan.Equal(x, '\n')|wordscan.Equal(x, '\r')) != 0 {
			break
		}
	}
	for i < len(b) && !isForbiddenControl(rune(b[i])) {
		i++
	}
	if i == len(b) {
		return b
	}
	out := append(make([]byte, 0, len(b)), b[:i]...)
	for _, c := range b[i:] {
		if c >= 0x20 || c == '\t' || c == '\n' || c == '\r' {
			out = append(out, c)
		}
	}
	return out
}

func isForbiddenControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r'
}

// dropForbiddenCharacters removes U+FFFE and U+FFFF, and the character
// references ("&#1;", "&#xFFFF;") to any character XML 1.0 forbids (section
// 2.2, the Char production), as encoding/xml reads references: one such
// character anywhere fails the whole document there, and feeds carry them
// by accident (text pasted from other programs, numbers written as
// references by a generator that escapes every control). Other parsers
// drop them too. A pair of references to the two UTF-16 halves of one
// character becomes a reference to that character. What else a reference
// names (a lone surrogate, a number past U+10FFFF) encoding/xml reads
// without failing, and it is left alone.
//
// What is dropped must not join what stood around it into a reference
// ("&#0&#1;;" would become "&#0;"): where the bytes on both sides could,
// it becomes a reference to U+FFFD instead, which ends the one before it
// and which plainText drops later.
func dropForbiddenCharacters(b []byte) []byte {
	if !bytes.Contains(b, []byte("&#")) && !bytes.Contains(b, []byte("\xef\xbf")) {
		return b
	}
	var out []byte // nil until something is dropped
	from := 0      // b[:from] is in out, when out is not nil
	drop := func(i, j int) {
		if out == nil {
			out = make([]byte, 0, len(b))
		}
		out = append(out, b[from:i]...)
		from = j
	}
	dropAlone := func(i, j int) {
		drop(i, j)
		if len(out) > 0 && j < len(b) && (isReferenceByte(out[len(out)-1]) || out[len(out)-1] == '&') &&
			(isReferenceByte(b[j]) || b[j] == ';') {
			out = append(out, "&#xFFFD;"...)
		}
	}
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case 0xEF:
			if i+2 < len(b) && b[i+1] == 0xBF && (b[i+2] == 0xBE || b[i+2] == 0xBF) {
				dropAlone(i, i+3)
				i += 2
			}
		case '&':
			end, r, ok := characterReference(b, i)
			switch {
			case !ok:
			case utf8.ValidRune(r) && !isXMLChar(r):
				dropAlone(i, end)
				i = end - 1
			case utf16.IsSurrogate(r):
				// A character outside the Basic Multilingual Plane
				// (an emoji) written as its two UTF-16 halves
				// ("&#55357;&#56832;"), as programs that count in
				// UTF-16 write it: each half alone reads as U+FFFD.
				if end2, low, ok := characterReference(b, end); ok {
					if c := utf16.DecodeRune(r, low); c != utf8.RuneError {
						drop(i, end2)
						out = fmt.Appendf(out, "&#x%X;", c)
						i = end2 - 1
					}
				}
			}
		}
	}
	if out == nil {
		return b
	}
	return append(out, b[from:]...)
}

// characterReference reads a character reference at b[i] ("&#65;",
// "&#x41;") as encoding/xml does: a lower-case "x" for hexadecimal, digits,
// then ";". end is just after the ";"; ok is false when there is no
// reference there or its number is past the last code point.
func characterReference(b []byte, i int) (end int, r rune, ok bool) {
	j := i + 2
	if j > len(b) || b[i+1] != '#' {
		return 0, 0, false
	}
	base := 10
	if j < len(b) && b[j] == 'x' {
		base, j = 16, j+1
	}
	start := j
	for j < len(b) && (isDigit(b[j]) || base == 16 && ('a' <= b[j] && b[j] <= 'f' || 'A' <= b[j] && b[j] <= 'F')) {
		j++
	}
	if j == start || j == len(b) || b[j] != ';' {
		return 0, 0, false
	}
	n, err := strconv.ParseUint(string(b[start:j]), base, 64)
	if err != nil || n > utf8.MaxRune {
		return 0, 0, false
	}
	return j + 1, rune(n), true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isReferenceByte reports whether c may stand inside a character
// reference, between its "&" and its ";".
func isReferenceByte(c byte) bool {
	return c == '#' || c == 'x' || isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// isXMLChar reports whether XML 1.0 allows r in a document (the Char
// production, as encoding/xml checks it).
func isXMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= utf8.MaxRune
}
