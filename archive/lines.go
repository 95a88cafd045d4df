package archive

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"

	"github.com/sharednews/sharednews/digest"
)

// MaxFileBytes is the largest file Parse reads. The real digests are 2 to
// 6 kB an edition, so 64 MiB holds ten thousand editions or more, two
// centuries of a weekly newsletter (importing 25 MB takes about 160 MB of
// memory); anything larger is not one newsletter file, and is refused
// before it fills memory.
const MaxFileBytes = 64 << 20

// line is one line of a file, cleaned: white space of every kind (no-break
// spaces, tabs) as single spaces, trimmed, invisible characters removed. A
// blank line has empty text.
type line struct {
	no int // 1-based, of the file as it is on disk
	// at is its place among the lines of the text decoded (TextLines),
	// 1-based: no, but in a mail whose text was decoded (readMail).
	at   int
	text string
	// breakBefore is set when the text starts a paragraph though the line
	// above is not blank: a form feed (a page break) stood before it, or
	// it is a date line that was joined to the line above.
	breakBefore bool
	// raw is the line as the file has it, before cleaning: a fold that
	// cut it whatever the words shows in its length and in whether a
	// space stands at its ends (foldCuts), which cleaning takes away.
	raw string
}

// readLines reads r as text and splits it into cleaned lines. It decodes
// UTF-16 (with a byte-order mark) and, when the bytes are not UTF-8,
// Windows-1252, which old blog exports and Word saves use, with a warning.
// What is not text at all (a PDF, a zip, an image, anything with NUL bytes)
// is refused with a *ParseError saying what it looks like.
//
// refused are the parts of the file that could not be read and are left
// out of its lines, each at its line: the damaged mails of an mbox. mails
// are where each mail's text is, in a file of mails.
func readLines(name string, r io.Reader) (lines []line, warnings []Warning, refused []*ParseError, mails []mailSpan, err error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > MaxFileBytes {
		return nil, nil, nil, nil, &ParseError{Name: name, Line: 1, Msg: fmt.Sprintf(
			"the file is larger than %d MiB, too large for one newsletter file; split it into several files", MaxFileBytes>>20)}
	}
	d, msg := decodeText(data)
	if msg != "" {
		return nil, nil, nil, nil, &ParseError{Name: name, Line: 1, Msg: msg}
	}
	text, warnings, refused, mails := d.text, d.warnings, d.refused, d.mails
	raw := strings.Split(text, "\n")
	lines = make([]line, len(raw))
	stripped := 0
	blank := true
	for i, s := range raw {
		var n int
		lines[i] = line{no: d.lineNo(i + 1), at: i + 1, text: cleanLine(s, &n), breakBefore: strings.Contains(s, "\f"), raw: s}
		if n > 0 && stripped == 0 {
			warnings = append(warnings, Warning{Line: lines[i].no, Msg: "control characters removed (the first on this line)"})
		}
		stripped += n
		blank = blank && lines[i].text == ""
	}
	if blank && len(refused) > 0 {
		return nil, warnings, refused, nil, nil // every mail of it refused
	}
	if blank && stripped == 0 {
		// Only a byte-order mark, white space or invisible characters.
		return nil, nil, nil, nil, &ParseError{Name: name, Line: 1, Msg: emptyFile}
	}
	lines, quoted := unquote(lines)
	warnings = append(warnings, quoted...)
	lines, headers, inText := dropMailHeaders(lines)
	warnings = append(warnings, headers...)
	mails = withMailsInText(mails, inText)
	if isOwnMarkdown(lines) {
		lines = fromOwnMarkdown(lines)
	}
	lines, refs := referenceLinks(lines)
	warnings = append(warnings, refs...)
	return lines, warnings, refused, mails, nil
}

// emptyFile is the refusal of a file with no text.
const emptyFile = "the file is empty; expected editions of the newsletter as plain text"

// TextLines returns the lines of a file as Parse reads them: decoded to
// UTF-8 as Parse decodes it and split at every kind of line end, but not
// cleaned; an edition starts at its TextLine among them (its Line, but in
// a mail whose text was decoded, whose lines Line counts in the file) (a Markdown export's are the plain text it stands for, cleaned). The error is a *ParseError when the file is not text.
func TextLines(name string, r io.Reader) ([]string, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	d, msg := decodeText(data)
	if msg != "" {
		return nil, &ParseError{Name: name, Line: 1, Msg: msg}
	}
	raw := strings.Split(d.text, "\n")
	// An edition exported as Markdown is parsed as the plain text it
	// stands for, line for line (fromOwnMarkdown): those are its lines.
	lines := make([]line, len(raw))
	for i, s := range raw {
		var n int
		lines[i] = line{no: i + 1, at: i + 1, text: cleanLine(s, &n)}
	}
	// Quoted lines are read without their quote marks (unquote), and
	// mails' headers in the text as blank lines (dropMailHeaders).
	dropHeaders := func(lines []line) ([]line, []Warning) {
		lines, warnings, _ := dropMailHeaders(lines)
		return lines, warnings
	}
	for _, read := range []func([]line) ([]line, []Warning){unquote, dropHeaders, referenceLinks} {
		if changed, ws := read(lines); len(ws) > 0 {
			for i, l := range changed {
				if l.text != lines[i].text {
					raw[i] = l.text
				}
			}
			lines = changed
		}
	}
	if isOwnMarkdown(lines) {
		for i, l := range fromOwnMarkdown(lines) {
			raw[i] = l.text
		}
	}
	return raw, nil
}

// fileText is a file's text as decodeText reads it.
type fileText struct {
	text string // UTF-8, "\n" line ends
	// nos is the line of the file each line of text is read from, when
	// it is not the line's own number (a mail's decoded text: readMail);
	// nil when they are the same.
	nos      []int
	warnings []Warning
	// refused are the mails of it that could not be read, at their lines;
	// none of their text is in text.
	refused []*ParseError
	mails   []mailSpan // where each mail's text is (readMail)
}

// lineNo is the line of the file that line n (1-based) of the text is
// read from.
func (t fileText) lineNo(n int) int {
	if n < 1 || n > len(t.nos) {
		return n
	}
	return t.nos[n-1]
}

// decodeText returns data as UTF-8 text with "\n" line ends, or why it is
// not text.
func decodeText(data []byte) (fileText, string) {
	parts := encodingParts(data)
	if len(parts) == 1 {
		return decodePart(data)
	}
	// Files joined by `cat` from different programs: each part in its
	// own encoding, its warnings at the file's lines.
	var b strings.Builder
	var out fileText
	lines := 0     // the file's lines before the part
	textLines := 0 // the text's line ends before the part, those of b
	for _, part := range parts {
		d, msg := decodePart(part)
		if msg == emptyFile {
			continue
		}
		if msg != "" {
			return fileText{}, msg
		}
		for _, w := range d.warnings {
			w.Line += lines
			out.warnings = append(out.warnings, w)
		}
		for _, r := range d.refused {
			r.Line += lines
			r.TextLine += textLines
			out.refused = append(out.refused, r)
		}
		for _, m := range d.mails {
			m.at += textLines
			m.end += textLines
			out.mails = append(out.mails, m)
		}
		n := strings.Count(d.text, "\n")
		if d.nos != nil || out.nos != nil {
			// A mail's decoded text among parts: every line numbered.
			for len(out.nos) < textLines {
				out.nos = append(out.nos, len(out.nos)+1)
			}
			for i := range n {
				out.nos = append(out.nos, lines+d.lineNo(i+1))
			}
		}
		lines += max(n, d.lineNo(n+1)-1)
		textLines += n
		b.WriteString(d.text)
	}
	if b.Len() == 0 && len(out.refused) == 0 {
		return fileText{}, emptyFile
	}
	if out.nos != nil {
		out.nos = append(out.nos, lines+1) // the last line, after the last line end
	}
	out.text = b.String()
	return out, ""
}

// encodingParts cuts data where files of other encodings were joined
// (`cat` of a UTF-16 file, with its byte-order mark, and a UTF-8 or
// Windows-1252 one, in either order): at a UTF-16 byte-order mark inside
// 8-bit text, and where a part that starts with one turns into 8-bit text.
// Data with no NUL byte has no UTF-16 in it and is one part.
func encodingParts(data []byte) [][]byte {
	if bytes.IndexByte(data, 0) < 0 {
		return [][]byte{data}
	}
	var parts [][]byte
	for len(data) > 0 {
		end := len(data)
		if bigEndian, ok := utf16BOM(data); ok {
			end = utf16End(data, bigEndian)
		} else if at := nextUTF16BOM(data); at > 0 {
			end = at
		}
		parts = append(parts, data[:end])
		data = data[end:]
	}
	return parts
}

// utf16BOM reports whether data starts with a UTF-16 byte-order mark, and
// which.
func utf16BOM(data []byte) (bigEndian, ok bool) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return false, true
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return true, true
	}
	return false, false
}

// nextUTF16BOM returns where, after its start, 8-bit text turns into
// UTF-16: a byte-order mark (bytes UTF-8 never has, and Windows-1252
// text all but never: "ÿþ") with UTF-16 text after it; 0 when it does not.
func nextUTF16BOM(data []byte) int {
	for at := 1; at < len(data)-1; at++ {
		if data[at] != 0xFF && data[at] != 0xFE {
			continue
		}
		if bigEndian, ok := utf16BOM(data[at:]); ok {
			if order, looks := utf16WithoutBOM(evenPrefix(data[at+2:], 64)); looks && order == bigEndian {
				return at
			}
		}
	}
	return 0
}

// evenPrefix is the first n bytes of b, or all of it, of an even length.
func evenPrefix(b []byte, n int) []byte {
	b = b[:min(len(b), n)]
	return b[:len(b)&^1]
}

// minASCIIRun is how many UTF-16 code units in a row, each two printable
// ASCII bytes (with at least two spaces among them), end a UTF-16 part:
// English in UTF-16 has a NUL in every other byte, so such a run is 8-bit
// text joined after it.
const minASCIIRun = 16

// utf16End returns where the UTF-16 text that data starts with (after its
// byte-order mark) ends: at a UTF-8 byte-order mark, one of UTF-16 in the
// other byte order, or a run of 8-bit text (minASCIIRun); else at the end
// of data.
func utf16End(data []byte, bigEndian bool) int {
	run, spaces := 0, 0
	for at := 2; at+1 < len(data); at += 2 {
		a, b := data[at], data[at+1]
		if bytes.HasPrefix(data[at:], []byte("\uFEFF")) || bigEndian && a == 0xFF && b == 0xFE || !bigEndian && a == 0xFE && b == 0xFF {
			return at // a UTF-8 byte-order mark, or UTF-16's in the other order
		}
		if asciiByte(a) && asciiByte(b) {
			run++
			if a == ' ' || b == ' ' {
				spaces++
			}
			if run >= minASCIIRun && spaces >= 2 {
				return at - 2*(run-1)
			}
			continue
		}
		run, spaces = 0, 0
	}
	return len(data)
}

// asciiByte reports whether c is printable ASCII or a line end or tab.
func asciiByte(c byte) bool {
	return c >= 0x20 && c < 0x7f || c == '\n' || c == '\r' || c == '\t'
}

// lineEnds turns every kind of line end a file may hold into "\n" (a
// paragraph separator into a blank line): decodePart reads a file's with
// it, and splitLineEnds a mail's text, which decodePart reads whole.
// "\r\n" is listed before "\r", and so is one line end.
var lineEnds = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u2028", "\n", "\u2029", "\n\n", "\u0085", "\n")

// decodePart is decodeText of data in one encoding.
func decodePart(data []byte) (fileText, string) {
	if len(bytes.TrimSpace(data)) == 0 {
		return fileText{}, emptyFile
	}
	if msg := savedDocument(data); msg != "" {
		return fileText{}, msg
	}
	var warnings []Warning
	var refused []*ParseError
	var nos []int
	var mails []mailSpan
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		data = decodeUTF16(data[2:], data[0] == 0xFE)
	case bytes.HasPrefix(data, []byte("\uFEFF")):
		data = data[3:]
	default:
		if bigEndian, ok := utf16WithoutBOM(data); ok {
			data = decodeUTF16(data, bigEndian)
			warnings = append(warnings, Warning{Line: 1, Msg: "the file has no byte-order mark but is UTF-16 text; read it as such"})
		}
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return fileText{}, "binary content (" + describeBinary(data) + "); expected editions of the newsletter as plain text"
	}
	if m, msg, ok := readMail(data); ok {
		if msg != "" {
			return fileText{}, msg
		}
		data = m.text
		warnings = append(warnings, m.warnings...)
		refused, nos, mails = m.refused, m.nos, m.mails
	} else if decoded, ok := decodeQuotedPrintable(data); ok {
		data = decoded
		warnings = append(warnings, Warning{Line: 1, Msg: `the file is quoted-printable, as a mail is sent ("=E2=80=99" for "’", "=" where a long line was broken): ` +
			"it was decoded and its broken lines joined, so the line numbers here are the decoded text's"})
	}
	if kind := http.DetectContentType(data); strings.HasPrefix(kind, "text/html") {
		data, warnings = readHTML(data, warnings)
	} else if !strings.HasPrefix(kind, "text/plain") && kind != "application/octet-stream" {
		return fileText{}, "this is " + describeType(kind) + ", not plain text; save the newsletter as a .txt file and import that"
	}
	if !utf8.Valid(data) {
		at := bytes.Count(data[:firstInvalidUTF8(data)], []byte("\n")) + 1
		decoded, mixed, err := decodeLinesAs(data, charmap.Windows1252)
		if err != nil {
			return fileText{}, "not UTF-8 text, and not Windows-1252 either; convert the file to UTF-8"
		}
		data = decoded
		msg := "the file is not UTF-8; read it as Windows-1252 (check the accents and quotes on this line)"
		if mixed {
			msg = "the file is partly UTF-8: the lines that are not (the first is this one) were read as Windows-1252 (check their accents and quotes)"
		}
		warnings = append(warnings, Warning{Line: fileText{nos: nos}.lineNo(at), Msg: msg})
	}
	if controls := countControls(data); controls*50 > utf8.RuneCount(data) {
		return fileText{}, "binary content (mostly control characters); expected editions of the newsletter as plain text"
	}
	text := lineEnds.Replace(string(data))
	if repaired, at := repairMojibake(text); at > 0 {
		text = repaired
		warnings = append(warnings, Warning{Line: fileText{nos: nos}.lineNo(at), Msg: `text that had been read as Windows-1252 though it was UTF-8 ("â€™" for "’", "Â£" for "£") was read again as UTF-8 (the first on this line)`})
	}
	if nos != nil {
		nos = fitLines(nos, strings.Count(text, "\n")+1)
	}
	return fileText{text: text, nos: nos, warnings: warnings, refused: refused, mails: mails}, ""
}

// repairMojibake reads again the text that was UTF-8 read as
// Windows-1252 and saved as UTF-8 ("Itâ€™s", "Â£5m"): in a line with such
// a pair of characters (mojibakeMark), each run of characters beyond
// ASCII whose Windows-1252 bytes are UTF-8 is those bytes' text; twice,
// for text that went through it twice. "café" or "Ångström" (no UTF-8 as
// Windows-1252 bytes) is left alone. at is the first repaired line's
// number, 0 for none.
func repairMojibake(text string) (out string, at int) {
	if !mojibakeMark.MatchString(text) {
		return text, 0
	}
	lines := strings.Split(text, "\n")
	enc := charmap.Windows1252.NewEncoder()
	for i, l := range lines {
		for range 2 {
			if !mojibakeMark.MatchString(l) {
				break
			}
			l = beyondASCII.ReplaceAllStringFunc(l, func(run string) string {
				if b, err := enc.String(run); err == nil && utf8.ValidString(b) {
					return b
				}
				return run
			})
		}
		if l != lines[i] && at == 0 {
			at = i + 1
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n"), at
}

// beyondASCII is a run of characters beyond ASCII.
var beyondASCII = regexp.MustCompile(`[^\x00-\x7f]+`)

// mojibakeMark is a lead byte of UTF-8 read as Windows-1252 ("Â", "Ã",
// "â" and the like) followed by a continuation byte read so ("€", "™",
// "£", a no-break space…).
var mojibakeMark = regexp.MustCompile(`[\x{00C2}-\x{00F4}][\x{0080}-\x{00BF}\x{20AC}\x{201A}\x{0192}\x{201E}\x{2026}\x{2020}\x{2021}\x{02C6}\x{2030}\x{0160}\x{2039}\x{0152}\x{017D}\x{2018}\x{2019}\x{201C}\x{201D}\x{2022}\x{2013}\x{2014}\x{02DC}\x{2122}\x{0161}\x{203A}\x{0153}\x{017E}\x{0178}]`)

// decodeLinesAs decodes the lines of data that are not UTF-8 from enc (an
// encoding of 8-bit text, whose line ends are ASCII's) and keeps the
// others: files joined from an old export and a new one mix the two.
// mixed reports whether a line with other than ASCII was UTF-8.
func decodeLinesAs(data []byte, enc encoding.Encoding) (out []byte, mixed bool, err error) {
	dec := enc.NewDecoder()
	out = make([]byte, 0, len(data)+len(data)/8)
	for len(data) > 0 {
		end := bytes.IndexAny(data, "\n\r") + 1
		if end == 0 {
			end = len(data)
		}
		line := data[:end]
		data = data[end:]
		if utf8.Valid(line) {
			mixed = mixed || !isASCII(line)
			out = append(out, line...)
			continue
		}
		decoded, err := dec.Bytes(line)
		if err != nil {
			return nil, false, err
		}
		out = append(out, decoded...)
	}
	return out, mixed, nil
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// utf16WithoutBOM reports whether data looks like UTF-16 text saved
// without a byte-order mark, and in which byte order: text in a Latin
// script has a NUL in every other byte (the high byte of each character)
// and none in the others.
func utf16WithoutBOM(data []byte) (bigEndian, ok bool) {
	if len(data) < 8 || len(data)%2 != 0 {
		return false, false
	}
	sample := data[:min(len(data), 4096)]
	var nul [2]int
	for i, c := range sample {
		if c == 0 {
			nul[i%2]++
		}
	}
	half := len(sample) / 2
	switch {
	case nul[0] == 0 && nul[1]*10 >= half*9:
		return false, true
	case nul[1] == 0 && nul[0]*10 >= half*9:
		return true, true
	}
	return false, false
}

func decodeUTF16(b []byte, bigEndian bool) []byte {
	units := make([]uint16, len(b)/2)
	for i := range units {
		if bigEndian {
			units[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			units[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	return []byte(string(utf16.Decode(units)))
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// countControls counts the control characters that are not white space.
func countControls(b []byte) int {
	n := 0
	for _, r := range string(b) {
		if unicode.IsControl(r) && !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// oleMagic starts an OLE compound file: what Outlook saves a mail as by
// default (.msg), and Word's and Excel's files before 2007. Its content is
// in streams of its own, often UTF-16, that only Office reads.
const oleMagic = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"

// savedDocument names a document an edition is often kept in that is not
// read here, by how its file starts, and says how to save the edition
// from its program as what is: "" for any other file. Refused as
// "binary content (it has NUL bytes)", or as no edition because its first
// line ("{\rtf1\ansi…") is not a date line, the editor was not told what
// the file is, nor what to do.
func savedDocument(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte(oleMagic)):
		return "this is an Outlook message (.msg) or an older Office document (.doc), not plain text; " +
			"save the mail from Outlook as Text Only (File › Save As) or drag it out of Outlook as an .eml, save a document from Word as Plain Text, and import that"
	case bytes.HasPrefix(bytes.TrimLeft(data, "\uFEFF \t\r\n"), []byte(`{\rtf`)):
		return "this is a Rich Text (RTF) document, as TextEdit, WordPad and Word save one, not plain text; " +
			"save it as plain text (TextEdit: Format › Make Plain Text; WordPad, Word: Save As › Plain Text) and import that"
	case bytes.HasPrefix(data, []byte("bplist00")):
		return "this is a Safari web archive (.webarchive), not plain text; save the page from Safari as Page Source (File › Save As), and import that"
	}
	return ""
}

// describeBinary names what binary data looks like, for the refusal.
func describeBinary(data []byte) string {
	kind := http.DetectContentType(data)
	if kind == "application/octet-stream" || strings.HasPrefix(kind, "text/") {
		return "it has NUL bytes"
	}
	return "it looks like " + describeType(kind)
}

func describeType(kind string) string {
	kind, _, _ = strings.Cut(kind, ";")
	switch {
	case kind == "application/pdf":
		return "a PDF document"
	case kind == "application/zip":
		return "a zip archive (a Word .docx file is one)"
	case kind == "text/html":
		return "an HTML page"
	case kind == "text/xml":
		return "an XML document"
	case strings.HasPrefix(kind, "image/"):
		return "an image (" + kind + ")"
	}
	return "a file of type " + kind
}

// cleanLine makes one line of the file into the text it shows: every kind of
// white space (no-break spaces, tabs) a single space, trimmed; control,
// bidirectional-override and zero-width characters removed (counted in
// *removed when they are control characters), as digest.CleanText does for
// everything the bot shows.
func cleanLine(s string, removed *int) string {
	s = DecodeEntities(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case r == '\u200B' || r == '\uFEFF' || r == '\u2060' || r == '\u00AD':
			continue // zero-width spaces and soft hyphens left by blog editors
		case unicode.IsControl(r):
			*removed++
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return digest.CleanText(b.String())
}

// entity is an HTML character reference written out in full, with its
// semicolon: "&amp;", "&rsquo;", "&#8217;", "&#x2019;", "&nbsp;".
var entity = regexp.MustCompile(`&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)

// DecodeEntities replaces the HTML character references in s with the
// characters they stand for. Text copied from a blog's or a mail's HTML
// source keeps them ("Fire &amp; Rescue", "council&rsquo;s"), and an
// import stored them as typed, so search, chat and the web archive showed
// them literally. A reference without its semicolon ("&copy 2014",
// "R&D") or of no known name ("&foo;") is text, kept.
func DecodeEntities(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return entity.ReplaceAllStringFunc(s, html.UnescapeString)
}

// readMore finds the newsletter's "Read more >>>" at the end of s, also
// written "Read More>>", "read more »", "Read more ->" (see cutArrow) or
// with a link after it, to which a colon may stand for the arrow ("Read
// more: https://…"). It returns
// the text before the marker (the summary, or "" when the marker stands
// alone), the link after it if one is there, and whether s has the marker.
func readMore(s string) (summary, link string, ok bool) {
	summary, links, ok := readMoreLinks(s)
	if len(links) > 0 {
		link = links[0]
	}
	return summary, link, ok
}

// readMoreLinks is readMore with every link after the marker, in order
// ("Read more >>> https://a.example https://b.example").
func readMoreLinks(s string) (summary string, links []string, ok bool) {
	summary, links, _, ok = readMoreSource(s)
	return summary, links, ok
}

// readMoreSource is readMoreLinks with the source an editor named in
// brackets after the link ("Read more >>> https://… (BBC News)").
func readMoreSource(s string) (summary string, links []string, source string, ok bool) {
	// Every line of a file is asked, several times over, and few hold the
	// marker: those without its last word have none, whatever their
	// spacing and links.
	if !containsFold(s, "more") && !containsFold(s, "full story") {
		return "", nil, "", false
	}
	s = cutLinkNotes(s)
	if before, src, named := cutSource(s); named {
		if summary, links, ok := readMoreLinks(before); ok && len(links) > 0 {
			return summary, links, src, true
		}
	}
	summary, links, ok = readMoreMarker(s)
	return summary, links, "", ok
}

// cutSource cuts a source named in brackets off the end of s, after a
// link ("… https://… (Valley Gazette)"), or after the brackets that
// describe that link ("… https://… (PDF) (Valley Gazette)"). A bracket
// that holds a link or brackets, ends like a sentence ("(see page 2.)"),
// is too long for a name or describes the link ("(PDF, 2MB)") is none.
func cutSource(s string) (before, source string, ok bool) {
	before, name, ok := cutBracket(s)
	if !ok || name == "" || strings.ContainsAny(name, "()<>[]") || utf8.RuneCountInString(name) > maxSourceRunes ||
		endsSentence(name) || containsFold(name, "http") || containsFold(name, "www.") || isLinkNote(name) {
		return "", "", false
	}
	before = cutLinkNotes(before)
	f := strings.Fields(before)
	if len(f) == 0 || bareLink(f[len(f)-1]) == "" {
		return "", "", false
	}
	return before, name, true
}

// maxSourceRunes is the longest source name read from brackets after a
// story's link.
const maxSourceRunes = 60

// readMoreMarker is readMoreLinks without a source.
func readMoreMarker(s string) (summary string, links []string, ok bool) {
	if summary, link, ok := markdownReadMore(s); ok {
		return summary, []string{link}, true
	}
	if summary, link, ok := slackReadMore(s); ok {
		return summary, []string{link}, true
	}
	s = spaceBeforeLink(closeBracketLink(s))
	f := strings.Fields(s)
	n := len(f)
	for n > 0 && bareLink(f[n-1]) != "" {
		n--
	}
	if n < len(f) {
		before := strings.Join(f[:n], " ")
		rest, _, ok := readMoreMarker(before)
		if b, colon := strings.CutSuffix(before, ":"); !ok && colon {
			// "Read more: https://…": a colon stands for the arrow when
			// a link follows it.
			if rest, ok = cutReadMore(strings.TrimRight(b, " ")); !ok {
				rest, ok = cutOtherMarker(strings.TrimRight(b, " "), true)
			}
		}
		if !ok {
			return "", nil, false
		}
		// "(Read more >>> https://…)": the bracket closes after the link.
		if r, open := strings.CutSuffix(rest, "("); open && strings.HasSuffix(f[len(f)-1], ")") {
			rest = strings.TrimRight(r, " ")
		}
		for _, w := range f[n:] {
			links = append(links, bareLink(w))
		}
		return rest, links, true
	}
	s = strings.TrimRight(s, " ")
	if inner, ok := strings.CutSuffix(s, ")"); ok {
		// "(Read more >>>)": the marker in brackets, as the whole of them.
		if at := strings.LastIndex(inner, "("); at >= 0 {
			if rest, _, ok := readMoreMarker(inner[at+1:]); ok && rest == "" {
				return strings.TrimRight(inner[:at], " "), nil, true
			}
		}
	}
	rest, arrow := cutArrow(s)
	if !arrow {
		if rest, links, ok := cutReadMoreDots(s); ok {
			return rest, links, ok
		}
		// "Read the full story" alone, as "Read more…" is read: with a
		// capital, alone or after a sentence's end.
		if before, ok := strings.CutSuffix(s, "Read the full story"); ok {
			if rest := strings.TrimRight(before, " "); startsSentence(rest) {
				return rest, nil, true
			}
		}
		return "", nil, false
	}
	words := rest
	if rest, ok = cutReadMore(words); !ok {
		rest, ok = cutOtherMarker(words, false)
	}
	return rest, nil, ok
}

// otherMarkers are the words other editors ended a summary with where
// the newsletter has "Read more", longest first: "Full story >>>", "Read
// the full story: https://…".
var otherMarkers = []string{"read the full story", "read full story", "full story"}

// cutOtherMarker cuts one of otherMarkers, in any case, off the end of
// rest, the arrow or colon after it already cut, and returns the text
// before it. linked is set when a link followed a colon after it: then
// "More" alone is the marker too ("More: https://…"), with its capital,
// alone or after a sentence's end, as an editor's "there is more:" is
// not. As with "Read more", the words must not end another word.
func cutOtherMarker(rest string, linked bool) (string, bool) {
	for _, w := range otherMarkers {
		if len(rest) < len(w) || !strings.EqualFold(rest[len(rest)-len(w):], w) {
			continue
		}
		before := rest[:len(rest)-len(w)]
		if r, _ := utf8.DecodeLastRuneInString(before); before != "" && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return "", false
		}
		return strings.TrimRight(before, " "), true
	}
	if before, ok := strings.CutSuffix(rest, "More"); linked && ok {
		before = strings.TrimRight(before, " ")
		if startsSentence(before) {
			return before, true
		}
	}
	return "", false
}

// bracketLink is a link alone in brackets with spaces inside them at the
// end of a line: "( https://… )".
var bracketLink = regexp.MustCompile(`\(\s*(\S+?)\s*\)$`)

// closeBracketLink closes up the spaces an editor typed inside the
// brackets around a link ("Read more >>> ( https://… )"), which split
// the link from its brackets into words of their own, so that it is read
// as "(https://…)" is.
func closeBracketLink(s string) string {
	m := bracketLink.FindStringSubmatchIndex(strings.TrimRight(s, " "))
	if m == nil || bareLink(s[m[2]:m[3]]) == "" || m[3]-m[2] == m[1]-m[0]-2 {
		return s
	}
	return s[:m[0]] + "(" + s[m[2]:m[3]] + ")"
}

// markdownReadMore reads the marker written as a Markdown link at the end
// of s, as an editor writing the newsletter in Markdown, or a program
// saving it from HTML, writes it: "[Read more >>>](https://…)", also
// "[Read more](https://…)", the link standing for the arrow. It returns
// the text before it and the link.
func markdownReadMore(s string) (summary, link string, ok bool) {
	m := markdownLinked.FindStringSubmatchIndex(strings.TrimRight(s, " "))
	if m == nil {
		return "", "", false
	}
	label, link := s[m[2]:m[3]], bareLink(s[m[4]:m[5]])
	if rest, _, marker := readMoreMarker(label); link == "" || (!marker || rest != "") && !strings.EqualFold(strings.TrimSpace(label), "read more") {
		return "", "", false
	}
	return strings.TrimRight(s[:m[0]], " "), link, true
}

// slackReadMore reads the marker written as a Slack link at the end of s,
// as a newsletter posted to Slack and copied out of its messages has it:
// "<https://…|Read more >>>>" (Slack's "&gt;" read as ">" already), the
// link before the bar and the words after it. Read as text, the summary
// kept "<https://…|" and the story lost its link. It returns the text
// before it and the link.
func slackReadMore(s string) (summary, link string, ok bool) {
	s = strings.TrimRight(s, " ")
	at := strings.LastIndex(s, "<")
	if at < 0 || !strings.HasSuffix(s, ">") {
		return "", "", false
	}
	address, label, bar := strings.Cut(s[at+1:len(s)-1], "|")
	if !bar || strings.ContainsAny(address, " \t") {
		return "", "", false
	}
	if link = bareLink(address); link == "" {
		return "", "", false
	}
	if rest, _, marker := readMoreMarker(label); (!marker || rest != "") && !strings.EqualFold(strings.TrimSpace(label), "read more") {
		return "", "", false
	}
	return strings.TrimRight(s[:at], " "), link, true
}

// cutReadMoreDots reads "Read more..." or "Read more…", dots for the
// arrow, at the end of s. Dots also end the editor's own sentences ("you
// can read more…"), so only "Read" with a capital, alone or after a
// sentence's end, is the marker.
func cutReadMoreDots(s string) (string, []string, bool) {
	rest, ok := strings.CutSuffix(s, "…")
	if !ok {
		rest, ok = strings.CutSuffix(s, "...")
	}
	if !ok {
		return "", nil, false
	}
	rest = strings.TrimRight(strings.TrimRight(rest, "."), " ")
	const more = "Read more"
	if len(rest) < len(more) || !strings.EqualFold(rest[len(rest)-len(more):], more) || rest[len(rest)-len(more)] != 'R' {
		return "", nil, false
	}
	rest = strings.TrimRight(rest[:len(rest)-len(more)], " ")
	if !startsSentence(rest) {
		return "", nil, false
	}
	return rest, nil, true
}

// startsSentence reports whether text written after before starts a
// sentence of its own: before is empty or ends a sentence (a mark, a
// closing quote or bracket). A marker without an arrow or link ("Read
// more…", "Read the full story") is one only so; after other words it
// is the end of the editor's own sentence.
func startsSentence(before string) bool {
	return before == "" || strings.ContainsAny(before[len(before)-1:], ".!?\"')") || strings.HasSuffix(before, "”") || strings.HasSuffix(before, "’")
}

// cutReadMore cuts "Read more", in any case, off the end of s, the arrow
// or colon after it already cut, and returns the summary before it.
func cutReadMore(rest string) (string, bool) {
	const more = "read more"
	if len(rest) < len(more) || !strings.EqualFold(rest[len(rest)-len(more):], more) {
		return "", false
	}
	rest = rest[:len(rest)-len(more)]
	// "…spread more >>>" is not the marker, but "…the summary.Read more >>>"
	// is: text pasted from an email often loses the space after the
	// summary's last mark.
	if r, _ := utf8.DecodeLastRuneInString(rest); rest != "" && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
		return "", false
	}
	return strings.TrimRight(rest, " "), true
}

// cutArrow cuts the arrow after "Read more" off the end of s: the
// newsletter's ">>>", and as editors typed it over the years, any number of
// ">" ("Read more >>>>"), spaced ("> > >"), "»", "›", "→", or drawn "->"
// or "=>". It reports whether s ended in one.
func cutArrow(s string) (string, bool) {
	rest := s
	for {
		r, size := utf8.DecodeLastRuneInString(rest)
		if !isArrowRune(r) {
			break
		}
		rest = strings.TrimRight(rest[:len(rest)-size], " ")
		if r == '>' {
			for _, shaft := range []string{"-", "=", "–"} {
				if cut, ok := strings.CutSuffix(rest, shaft); ok {
					rest = strings.TrimRight(cut, " ")
					break
				}
			}
		}
	}
	return rest, rest != s
}

func isArrowRune(r rune) bool {
	return r == '>' || r == '»' || r == '›' || r == '→'
}

// spaceBeforeLink puts a space between the arrow of "Read more>>>" and a
// link written straight after it ("Read more>>>https://…"), in angle
// brackets or brackets too: Outlook writes an HTML mail's link as text
// glued to the text it was on ("Read more >>><https://…>").
func spaceBeforeLink(s string) string {
	at := -1 // where the last "http" or "www." starts, in any case
	for i := len(s) - 4; i > 0 && at < 0; i-- {
		if c := s[i] | 0x20; c == 'h' && hasPrefixFold(s[i:], "http") || c == 'w' && hasPrefixFold(s[i:], "www.") {
			at = i
		}
	}
	if at > 1 && strings.ContainsRune("<([", rune(s[at-1])) {
		at-- // the bracket opens the link
	}
	if at <= 0 {
		return s
	}
	if r, _ := utf8.DecodeLastRuneInString(s[:at]); isArrowRune(r) || r == ':' {
		return s[:at] + " " + s[at:]
	}
	return s
}

// bareLink returns s as a link if it is one http or https URL, or one
// starting "www." (given "http://"), perhaps in angle brackets, parentheses
// or square brackets and followed by a full stop or comma, which are not
// part of it (RFC 3986, appendix C); "" otherwise. An opening bracket
// alone is allowed: the link may go on on the next line.
func bareLink(s string) string {
	if strings.ContainsAny(s, " \t") {
		return ""
	}
	s = strings.TrimRight(s, ".,;:!?")
	s = strings.TrimLeft(s, "<([")
	s = strings.TrimSuffix(strings.TrimSuffix(s, ">"), "]")
	if strings.HasSuffix(s, ")") && strings.Count(s, "(") < strings.Count(s, ")") {
		s = s[:len(s)-1]
	}
	s = strings.TrimRight(s, ".,;:!?")
	for _, scheme := range []string{"http://", "https://"} {
		if rest, ok := cutPrefixFold(s, scheme); ok && rest != "" {
			return s
		}
	}
	if rest, ok := cutPrefixFold(s, "www."); ok && strings.Contains(rest, ".") && !strings.HasPrefix(rest, ".") {
		return "http://" + s
	}
	return ""
}

// isRule reports whether s is a section rule: a row of at least three
// asterisks (the newsletter's own), or of dashes, underscores, equals signs
// or tildes. Spaced-out asterisks ("* * *") are text: that is how the
// renderer writes a line of asterisks that is not a rule.
func isRule(s string) bool {
	if len(s) < 3 {
		return false
	}
	return strings.Trim(s, s[:1]) == "" && strings.ContainsAny(s[:1], "*-_=~")
}

// isFooter reports whether s reads like the newsletter's footer, the offer
// to receive it by email ("Receive this Shared Service News Summary into
// your inbox every week. Just register on our website.").
func isFooter(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "receive this") || strings.Contains(l, "into your inbox") ||
		strings.Contains(l, "register on our website") || strings.HasPrefix(l, "to unsubscribe")
}

// IsDebris reports whether s, a line of an imported file, is blog chrome
// saved along with a post ("No comments:", "Post a Comment", "Posted by
// Alasdair at 09:12", "Share"), which an import drops at the end of an
// edition. Exported for archivetest, whose comparison of an edition with
// its original must drop what the parser drops, not a copy of the list.
func IsDebris(s string) bool { return isDebris(s) }

func isDebris(s string) bool {
	if len(s) > 80 {
		return false
	}
	l := strings.ToLower(s)
	switch l {
	case "no comments:", "post a comment", "newer post", "older post", "home", "share",
		"subscribe to: post comments (atom)", "subscribe to: posts (atom)",
		"email thisblogthis!share to twittershare to facebookshare to pinterest":
		return true
	}
	for _, p := range []string{"posted by ", "labels: ", "newer post older post"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	n, ok := strings.CutSuffix(l, " comments:")
	if !ok {
		n, ok = strings.CutSuffix(l, " comment:")
	}
	return ok && n != "" && strings.Trim(n, "0123456789") == ""
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// containsFold reports whether s holds word, in ASCII lower case, in any
// case.
func containsFold(s, word string) bool {
	for i := 0; i+len(word) <= len(s); i++ {
		if s[i]|0x20 == word[0] && hasPrefixFold(s[i:], word) {
			return true
		}
	}
	return false
}

// Hard-wrapped files: a newsletter saved from a plain-text mail is often
// folded at a fixed width (72 or 76 characters, RFC 2646 and mail
// clients' habit), so one paragraph stands on several lines and the
// headline above a summary is no longer the line before "Read more >>>".
const (
	minWrapWidth = 60  // narrower files are not taken for wrapped
	maxWrapWidth = 100 // a file with longer lines writes a paragraph a line
	// minWrapEvidence is how many lines must end where the next line's
	// first word would not have fit: a file with a few long headlines is
	// not wrapped.
	minWrapEvidence = 3
)

// unwrapLines joins the lines of a hard-wrapped file back into one line a
// paragraph, as the newsletter writes them, and says so in a warning; other
// files are returned as they are. A file is wrapped when no line of two
// words or more is longer than maxWrapWidth characters and at least
// minWrapEvidence lines break where the next line's first word would not
// have fit within the longest such line (in characters or in bytes); a
// line of one word, a link longer than the width, is left out of the
// width: no fold breaks a word, so it stands alone on a longer line. A
// line is then joined to the next when
// that word would not have fit after it. A line a word would have followed (a heading, a short
// headline, the end of a paragraph) stays a line of its own, as do rules
// and lines ending in "Read more >>>". A joined line keeps the number of
// its first line. A line a fold cut in the middle of a word goes on with
// no space (foldCuts).
func unwrapLines(lines []line) ([]line, *Warning) {
	// Widths in characters, as mail clients fold, and in bytes, as fold(1)
	// does: a line with curly quotes is shorter in characters.
	width, widthBytes := 0, 0
	for _, l := range lines {
		if !strings.Contains(l.text, " ") {
			continue // a link, say, longer than the fold (above)
		}
		width, widthBytes = max(width, utf8.RuneCountInString(l.text)), max(widthBytes, len(l.text))
	}
	if width < minWrapWidth || width > maxWrapWidth {
		return lines, nil
	}
	wraps := func(i int) bool {
		a, b := lines[i].text, lines[i+1].text
		if a == "" || b == "" || isRule(a) || isRule(b) {
			return false
		}
		if _, _, more := readMore(a); more {
			return false
		}
		first, _, _ := strings.Cut(b, " ")
		return utf8.RuneCountInString(a)+1+utf8.RuneCountInString(first) > width || len(a)+1+len(first) > widthBytes
	}
	joined := make([]bool, len(lines)) // joined[i]: line i goes on after line i-1
	evidence := 0
	for i := 1; i < len(lines); i++ {
		if joined[i] = wraps(i - 1); joined[i] {
			evidence++
		}
	}
	if evidence < minWrapEvidence {
		return lines, nil
	}
	cut := foldCuts(lines, joined)
	out := make([]line, 0, len(lines)-evidence)
	for i, l := range lines {
		if joined[i] || cut[i] {
			prev := &out[len(out)-1]
			switch {
			case cut[i]:
				prev.text += l.text // the fold cut a word in two: no space was there
			case brokenLink(prev.text):
				prev.text += l.text // the link goes on: no space was there
			default:
				prev.text += " " + l.text
			}
			continue
		}
		out = append(out, l)
	}
	msg := fmt.Sprintf("the file's lines are folded at %d characters; each paragraph was joined into one line", width)
	if n := countTrue(cut); n > 0 {
		msg += fmt.Sprintf(", and the %s the fold cut in two (as fold(1) cuts at the width whatever the words) were joined again", digest.Plural(n, "word", "words"))
	}
	return out, &Warning{Line: 1, Msg: msg}
}

// minFoldShare is the share of a wrapped file's joined lines that must be
// exactly the fold's width for the file to be taken for cut whatever the
// words (fold(1) without -s): a mail client breaks at a space, so only a
// line whose last word happens to end at the width is that long, while a
// cut file's every broken line is, but those cut at a space that was
// trimmed away after the fold.
const minFoldShare = 0.5

// foldCuts says which lines go on after the line above in the middle of a
// word, as a fold that cuts lines at a fixed width whatever the words
// leaves them: cut[i] is set when line i-1 is exactly the fold's width
// (in characters, or in bytes as fold(1) counts), in a file so cut at
// most of the lines unwrapLines joins (minFoldShare, and at least
// minWrapEvidence of them; joined[i]: line i goes on after line i-1).
//
// Where the cut fell is then told by the spaces at the lines' ends, as
// the file has them: a fold that cut at a space left it at the end of one
// line or the start of the next, so with no space on either side the cut
// was in a word ("coun" over "cil"). Even so, two halves that are each a
// word found elsewhere in the file, and whose join is none, stay two
// words. A file with no such space at any cut had them trimmed away after
// the fold, and the evidence with them: there two halves are joined only
// when the join is a word found elsewhere in the file and the halves are
// not both words, and never across a mark. A reader would rather see
// "coun cil" than "thecouncil".
func foldCuts(lines []line, joined []bool) []bool {
	none := make([]bool, len(lines))
	width, widthBytes := 0, 0
	for _, l := range lines {
		if strings.Contains(strings.TrimSpace(l.raw), " ") {
			width, widthBytes = max(width, utf8.RuneCountInString(l.raw)), max(widthBytes, len(l.raw))
		}
	}
	full := func(s string) bool { return utf8.RuneCountInString(s) == width || len(s) == widthBytes }
	cut := make([]bool, len(lines))
	joins, fulls, spaced := 0, 0, false
	for i := 1; i < len(lines); i++ {
		a, b := lines[i-1].raw, lines[i].raw
		if !full(a) || lines[i-1].text == "" || lines[i].text == "" {
			joins += btoi(joined[i])
			continue
		}
		joins, fulls = joins+btoi(joined[i]), fulls+btoi(joined[i])
		last, _ := utf8.DecodeLastRuneInString(a)
		first, _ := utf8.DecodeRuneInString(b)
		if unicode.IsSpace(last) || unicode.IsSpace(first) {
			spaced = true
			continue
		}
		cut[i] = true
	}
	if joins < minWrapEvidence || float64(fulls) < minFoldShare*float64(joins) {
		return none
	}
	// The words of the file away from the cuts: what a half, or a
	// join, must be to count as a word.
	words := map[string]bool{}
	for i, l := range lines {
		ws := wordsOf(l.text)
		if i+1 < len(lines) && cut[i+1] && len(ws) > 0 {
			ws = ws[:len(ws)-1]
		}
		if cut[i] && len(ws) > 0 {
			ws = ws[1:]
		}
		for _, w := range ws {
			words[w] = true
		}
	}
	for i := 1; i < len(lines); i++ {
		if !cut[i] {
			continue
		}
		a, b := lines[i-1].text, lines[i].text
		last, _ := utf8.DecodeLastRuneInString(a)
		first, _ := utf8.DecodeRuneInString(b)
		if !isWordRune(last) || !isWordRune(first) {
			// A cut beside a mark ("co-" over "operate", "Read more
			// >>" over ">") is weighed by the spaces alone.
			cut[i] = spaced
			continue
		}
		ha, tb := wordsOf(a), wordsOf(b)
		head, tail := ha[len(ha)-1], tb[0]
		twoWords := words[head] && words[tail]
		if spaced {
			cut[i] = !twoWords || words[head+tail]
		} else {
			cut[i] = !twoWords && words[head+tail]
		}
	}
	return cut
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// wordsOf is the words of s in lower case, each a run of letters and
// digits with the apostrophes inside it, in the text's order: "Council’s
// plan." is "council’s", "plan".
func wordsOf(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if w := strings.TrimRight(b.String(), "'’"); w != "" {
			out = append(out, strings.ToLower(w))
		}
		b.Reset()
	}
	for _, r := range s {
		switch {
		case isWordRune(r):
			b.WriteRune(r)
		case (r == '\'' || r == '’') && b.Len() > 0:
			b.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return out
}

func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// brokenLink reports whether s ends in a link that a fold broke after one
// of its hyphens, as folding tools that break words at hyphens do
// ("https://example.org/news/districts-agree-" over "to-share"): no link
// ends in a hyphen, so the line under it carries it on.
func brokenLink(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 {
		return false
	}
	last := f[len(f)-1]
	return strings.HasSuffix(last, "-") && bareLink(last) != ""
}

// splitGluedDateLines splits a line that ends in a date line with no
// space before it ("…register on our website.Thursday 20 November 2014"):
// files joined without a line end between them (the real digests end
// without one, and `cat` joins them so). The date line becomes a line of
// its own, with the same number, and the first such line is reported.
// Only where one file ended and the next began: the text before the date
// ends an edition (its footer, the blog's debris, a rule or a story's
// "Read more >>>"), or a title follows it; "Next
// meeting:Thursday 4 December 2014" in an intro is the editor's text.
func (p Parser) splitGluedDateLines(lines []line) ([]line, *Warning) {
	var out []line
	var warn *Warning
	for i, l := range lines {
		before, date, ok := gluedDateLine(l.text)
		if ok && !endsEdition(before) {
			ok = p.titleFollows(lines[i+1:])
		}
		// Text that is itself an edition's date line or title ("March
		// 2016Wednesday 1 March 2016") would be an edition of nothing
		// but that, on the same line as the next: two editions at one
		// place. No file ends with its date line alone, so such a line
		// is not two files joined.
		ok = ok && !p.startsEditionAlone(before)
		if !ok {
			if out != nil {
				out = append(out, l)
			}
			continue
		}
		if out == nil {
			out = append(make([]line, 0, len(lines)+1), lines[:i]...)
		}
		out = append(out, line{no: l.no, at: l.at, text: before, breakBefore: l.breakBefore}, line{no: l.no, at: l.at, text: date, breakBefore: true})
		if warn == nil {
			warn = &Warning{Line: l.no, Msg: fmt.Sprintf(
				"the date line %q is joined to the end of this line (files joined without a line end between them); read as the start of an edition", date)}
		}
	}
	if out == nil {
		return lines, nil
	}
	return out, warn
}

// startsEditionAlone reports whether s could start an edition by itself:
// a date line of any form the parser reads, or an edition's title.
func (p Parser) startsEditionAlone(s string) bool {
	for _, parse := range []func(string) (dateLine, bool){parseDateLine, parseBareDateLine, parseIssueLine, parseLabelledDateLine, parseMonthLine} {
		if _, ok := parse(s); ok {
			return true
		}
	}
	_, titled := p.titleDate(s)
	return titled
}

// endsEdition reports whether s is a line an edition's text ends with: its
// footer, the blog's debris, a rule, or the "Read more >>>" of its last
// story.
func endsEdition(s string) bool {
	_, _, story := readMore(s)
	return story || isFooter(s) || isDebris(s) || isRule(s)
}

// gluedDateLine finds a date line with a weekday at the end of s, joined
// to the text before it with no space, and returns the two.
func gluedDateLine(s string) (before, date string, ok bool) {
	if len(s) < len("Monday 1 May 2014")+1 {
		return "", "", false
	}
	from := max(len(s)-40, 1) // parseDateLine reads 40 bytes at most
	for i := from; i < len(s); i++ {
		if c := s[i]; c < 'A' || c > 'Z' || s[i-1] == ' ' {
			continue
		}
		if dl, found := parseDateLine(s[i:]); found && dl.problem == "" {
			return strings.TrimSpace(s[:i]), s[i:], true
		}
	}
	return "", "", false
}

// qpOnly is what only quoted-printable writes: a character of UTF-8
// beyond ASCII escaped byte by byte ("=E2=80=99", "=C2=A3"), or "=" or a
// space or tab at a line's end escaped ("=3D", "=20", "=09").
var qpOnly = regexp.MustCompile(`=[C-F][0-9A-F](?:=[89AB][0-9A-F])+|=3D|=20|=09`)

// decodeQuotedPrintable decodes data saved from a mail in its transfer
// encoding, quoted-printable (RFC 2045): "=E2=80=99" is the bytes of "’",
// and a line that ends in "=" goes on on the next (a soft line break).
// ok is false, and data is left alone, unless data is 7-bit text with at
// least one soft line break and one escape only such a file writes
// (qpOnly): "== Health ==", "2+2=4" or "A=BC" in a plain file is not
// quoted-printable.
func decodeQuotedPrintable(data []byte) ([]byte, bool) {
	for _, c := range data {
		if c >= 0x80 {
			return nil, false
		}
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	lines := strings.Split(text, "\n")
	soft := false
	for _, l := range lines {
		if strings.HasSuffix(l, "=") && !strings.HasSuffix(l, "==") {
			soft = true
			break
		}
	}
	if !soft || !qpOnly.MatchString(text) {
		return nil, false
	}
	var b bytes.Buffer
	for i, l := range lines {
		broken := strings.HasSuffix(l, "=")
		if broken {
			l = l[:len(l)-1]
		}
		for l != "" {
			at := strings.IndexByte(l, '=')
			if at < 0 {
				b.WriteString(l)
				break
			}
			b.WriteString(l[:at])
			if v, err := strconv.ParseUint(l[at+1:min(at+3, len(l))], 16, 8); err == nil && at+3 <= len(l) {
				b.WriteByte(byte(v))
				l = l[at+3:]
				continue
			}
			b.WriteByte('=')
			l = l[at+1:]
		}
		if !broken && i < len(lines)-1 {
			b.WriteByte('\n')
		}
	}
	return b.Bytes(), true
}
