package archive

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/htmlindex"
)

// A back catalogue kept in a mail program is saved as the mails
// themselves: an .eml file (one message) or an mbox (messages one after
// another, each after a "From " line), as sent: headers, then a body in a
// transfer encoding (quoted-printable, base64) and a charset
// (windows-1252, iso-8859-1), perhaps as multipart/alternative with the
// same edition as text and as HTML. readMail reads such a file for the
// text of its editions.

// mailHeaderLine is a header field as a mail or an Outlook text export
// writes it ("Subject: …", "Sent:\tThursday, July 10, 2014").
var mailHeaderLine = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*:(?:[ \t]|$)`)

// mailFields are the fields that make a block of header lines a mail's:
// two of them, or a Content-Type or MIME-Version, and a file starts with a
// mail rather than with a "Note: …" line.
var mailFields = map[string]bool{
	"From": true, "To": true, "Cc": true, "Date": true, "Sent": true, "Subject": true,
	"Message-Id": true, "Received": true, "Return-Path": true, "Reply-To": true,
	"Mime-Version": true, "Content-Type": true, "Content-Transfer-Encoding": true,
}

// mailBody is the text of one body part of a mail, decoded, and the line
// of the file its body starts on (0-based).
type mailBody struct {
	at   int
	text string
	// nos is the line of the file (1-based) each line of text is read
	// from: for text decoded from base64 or quoted-printable, the line its
	// first character is encoded on.
	nos  []int
	html bool // read from a text/html part (htmlText)
}

// mailText is what readMail reads of a file of mails.
type mailText struct {
	text []byte
	// nos is the line of the file (1-based) each line of text is read
	// from (mailBody.nos): the decoded text of a part has more lines than
	// the part as sent, and the lines reported are the file's.
	nos      []int
	warnings []Warning
	// refused are the mails that could not be read, at the line of the
	// file of their damage, and at the line of text where their text
	// would have been (TextLine); their Name is the caller's to set.
	refused []*ParseError
	// mails are where each mail's text is, with its Subject.
	mails []mailSpan
}

// mailSpan is the text of one mail: its lines [at, end) of the text
// (1-based), and its Subject, decoded, which may date an edition the text
// gives no date line (Parser.subjectEditionStarts).
type mailSpan struct {
	at, end int
	subject string
	// inText is set when the mail's header is lines of the text, blanked
	// (dropMailHeaders): a mail client's text export, or a mail forwarded
	// in another's text.
	inText bool
}

// mailDamage is why a mail cannot be read, and the line of the file
// (1-based) where it is damaged.
type mailDamage struct {
	line int
	msg  string
}

// readMail reads data as one mail or an mbox of several, when it is one:
// ok is false, and nothing is read, when data does not start with a mail's
// header. Each message's text parts (of a multipart/alternative, its plain
// text) are decoded from their transfer encoding and charset and placed
// at the line their body starts on, with blank lines for the headers, or
// under the text above it with a blank line when a decoded part above
// took more lines than it has in the file; each line of the text is
// numbered by the line of the file it is read from (mailText.nos). A mail
// that cannot be read (its parts not under the boundary it names, a part's
// header broken, text that is not the base64 it says) is refused alone,
// at the line of its damage: none of its text is read, and the other
// mails of the mbox are. msg is why the file cannot be read, when it
// cannot.
//
// The standard library reads each message: net/mail its header, mime its
// encoded words and media types, mime/multipart its parts and boundaries,
// mime/quotedprintable its text. Two things are ours: cutting an mbox into
// its messages at their "From " lines (no package of the standard
// library reads an mbox), and finding the line each part's body starts on
// (multipart.Reader gives no offsets; partAt).
func readMail(data []byte) (out mailText, msg string, ok bool) {
	src := strings.ReplaceAll(string(data), "\r\n", "\n")
	lines := strings.Split(src, "\n")
	first := 0
	for first < len(lines) && strings.TrimSpace(lines[first]) == "" {
		first++
	}
	mbox := first < len(lines) && strings.HasPrefix(lines[first], "From ")
	var messages [][2]int // [start, end) line ranges of each message's header and body
	if mbox {
		if _, _, ok := mailHeader(lines, first+1); !ok {
			return mailText{}, "", false
		}
		start := first + 1
		for i := start; i < len(lines); i++ {
			if strings.HasPrefix(lines[i], "From ") && strings.TrimSpace(lines[i-1]) == "" {
				if _, _, ok := mailHeader(lines, i+1); ok {
					messages = append(messages, [2]int{start, i})
					start = i + 1
				}
			}
		}
		messages = append(messages, [2]int{start, len(lines)})
	} else {
		if _, _, ok := mailHeader(lines, first); !ok {
			return mailText{}, "", false
		}
		messages = [][2]int{{first, len(lines)}}
	}
	var b strings.Builder
	read := false
	for _, m := range messages {
		body := lines[m[0]:m[1]]
		if mbox {
			body = unescapeMboxFrom(body)
		}
		bs, ws, damage := readMessage(strings.Join(body, "\n"), m[0])
		if damage != nil {
			out.refused = append(out.refused, &ParseError{Line: damage.line, TextLine: len(out.nos) + 1, Msg: damage.msg + "; nothing of this mail was imported"})
			continue
		}
		out.warnings = append(out.warnings, ws...)
		span := mailSpan{at: -1}
		if h, _, ok := mailHeader(body, 0); ok {
			span.subject = mailSubject(h.Get("Subject"))
		}
		for _, body := range bs {
			if read {
				b.WriteByte('\n') // ends the text above
			}
			read = true
			text, nos := splitLineEnds(body.text, body.nos)
			// Blank lines down to its own line (the headers above it),
			// one at least, so that its text starts a paragraph.
			pad := max(body.at-len(out.nos), 1)
			for k := range pad {
				b.WriteByte('\n')
				out.nos = append(out.nos, max(lastNo(out.nos), body.at-pad+k+1))
			}
			if span.at < 0 {
				span.at = len(out.nos) + 1
			}
			b.WriteString(text)
			out.nos = append(out.nos, nos...)
		}
		if span.at > 0 {
			span.end = len(out.nos) + 1
			out.mails = append(out.mails, span)
		}
	}
	switch {
	case !read && len(out.refused) == 0:
		return mailText{}, "the mail has no text part, only attachments; save the newsletter as a .txt file and import that", true
	case !read:
		return mailText{refused: out.refused}, "", true // every mail refused
	}
	b.WriteByte('\n')
	out.nos = append(out.nos, lastNo(out.nos)+1)
	out.text = []byte(b.String())
	return out, "", true
}

// lastNo is the last of nos, 0 for none.
func lastNo(nos []int) int {
	if len(nos) == 0 {
		return 0
	}
	return nos[len(nos)-1]
}

// splitLineEnds cuts text, whose lines are numbered nos, at the line
// ends decodePart reads in a file (lineEnds), so that a mail's lines keep
// their numbers: the lines cut from one keep its number.
func splitLineEnds(text string, nos []int) (string, []int) {
	lines := strings.Split(text, "\n")
	nos = fitLines(nos, len(lines))
	if !strings.ContainsAny(text, "\r\u2028\u2029\u0085") {
		return text, nos
	}
	var out []int
	for i, l := range lines {
		lines[i] = lineEnds.Replace(l)
		for range strings.Count(lines[i], "\n") + 1 {
			out = append(out, nos[i])
		}
	}
	return strings.Join(lines, "\n"), out
}

// fitLines returns nos for n lines: cut, or with the last number
// repeated, when a decoding did not keep the count of lines it was given
// (a charset whose line ends are not ASCII's).
func fitLines(nos []int, n int) []int {
	if len(nos) >= n {
		return nos[:n]
	}
	out := append(make([]int, 0, n), nos...)
	for len(out) < n {
		out = append(out, lastNo(out))
	}
	return out
}

// mailHeader tells a mail's header from text: it reads the header that
// starts at lines[from], returning its fields and the line its body starts
// on. ok is false unless the lines up to a blank line are all header
// fields (or their continuations) and name a mail (mailFields).
func mailHeader(lines []string, from int) (textproto.MIMEHeader, int, bool) {
	end := from
	for end < len(lines) && strings.TrimSpace(lines[end]) != "" {
		l := lines[end]
		if !mailHeaderLine.MatchString(l) && (end == from || l[0] != ' ' && l[0] != '\t') {
			return nil, 0, false
		}
		end++
	}
	if end == from || end == len(lines) {
		return nil, 0, false
	}
	r := textproto.NewReader(bufio.NewReader(strings.NewReader(strings.Join(lines[from:end], "\r\n") + "\r\n\r\n")))
	h, err := r.ReadMIMEHeader()
	if err != nil {
		return nil, 0, false
	}
	known := 0
	for k := range h {
		if mailFields[k] {
			known++
		}
	}
	if known < 2 && h.Get("Content-Type") == "" && h.Get("Mime-Version") == "" {
		return nil, 0, false
	}
	return h, end + 1, true
}

// mboxFrom is a body line an mbox escaped with ">" because it starts with
// "From " (">From ", ">>From " in mboxrd).
var mboxFrom = regexp.MustCompile(`^>+From `)

func unescapeMboxFrom(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		if mboxFrom.MatchString(l) {
			l = l[1:]
		}
		out[i] = l
	}
	return out
}

// readMessage reads a message (its header and body, "\n" line ends) whose
// header starts on line at of the file (0-based): an mbox's or an .eml's,
// or one attached as message/rfc822. Its Subject, decoded from RFC 2047's
// encoded words, names it in the warnings and refusals of its parts.
func readMessage(text string, at int) ([]mailBody, []Warning, *mailDamage) {
	m, err := mail.ReadMessage(strings.NewReader(text))
	if err != nil {
		return nil, nil, &mailDamage{at + 1, fmt.Sprintf("the mail's header cannot be read (%v); the mail is damaged", err)}
	}
	body, err := io.ReadAll(m.Body)
	if err != nil {
		return nil, nil, &mailDamage{at + 1, fmt.Sprintf("the mail cannot be read (%v)", err)}
	}
	bodyAt := at + strings.Count(text[:len(text)-len(body)], "\n")
	return mailEntity(textproto.MIMEHeader(m.Header), string(body), bodyAt, mailSubject(m.Header.Get("Subject")))
}

// mailSubject returns a message's Subject decoded from RFC 2047's encoded
// words in any charset x/text knows ("=?windows-1252?Q?Caf=E9?="), as
// it was written when a word cannot be decoded.
func mailSubject(raw string) string {
	dec := mime.WordDecoder{CharsetReader: func(label string, r io.Reader) (io.Reader, error) {
		return charset.NewReaderLabel(label, r)
	}}
	s, err := dec.DecodeHeader(raw)
	if err != nil {
		s = raw
	}
	return strings.Join(strings.Fields(s), " ")
}

// named puts the mail's subject, if it has one, before msg (clipped as a
// line is in other warnings): an mbox's report then says which of its
// mails each line is about.
func named(subject, msg string) string {
	if subject == "" {
		return msg
	}
	return fmt.Sprintf("%q: %s", clip(subject), msg)
}

// mailEntity reads one entity of a mail (a message, or a part of a
// multipart one): h is its header, body its body, which starts on line
// bodyAt of the file (0-based), and subject its message's. It returns the
// text of its text/plain parts: of a multipart/alternative only the plain
// text (the HTML is the same edition again), of any other multipart each
// text/plain part in turn.
func mailEntity(h textproto.MIMEHeader, body string, bodyAt int, subject string) ([]mailBody, []Warning, *mailDamage) {
	kind, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || kind == "" {
		kind, params = "text/plain", map[string]string{}
	}
	switch {
	case strings.HasPrefix(kind, "multipart/"):
		return multipartEntity(kind, params["boundary"], body, bodyAt, subject)
	case kind == "message/rfc822":
		return readMessage(body, bodyAt)
	case kind != "text/plain" && kind != "text/html":
		return nil, nil, nil
	}
	text, starts, w, damage := decodeMailBody(body, bodyAt, h.Get("Content-Transfer-Encoding"), params["charset"])
	if damage != nil {
		return nil, nil, &mailDamage{damage.line, named(subject, damage.msg)}
	}
	var warnings []Warning
	if w != "" {
		warnings = append(warnings, Warning{Line: bodyAt + 1, Msg: named(subject, w)})
	}
	if strings.EqualFold(params["format"], "flowed") && kind == "text/plain" {
		var joined []int
		text, joined = unflow(text, strings.EqualFold(params["delsp"], "yes"))
		for i, from := range joined {
			joined[i] = starts[min(from, len(starts)-1)]
		}
		starts = joined
		warnings = append(warnings, Warning{Line: bodyAt + 1, Msg: named(subject, "the mail's text is format=flowed; its lines broken to fit were joined")})
	}
	// The file's line of the text's line i (0-based).
	fileLine := func(i int) int { return bodyAt + starts[max(0, min(i, len(starts)-1))] + 1 }
	if kind == "text/html" {
		// htmlText puts a block at its line of the page when the text
		// above leaves room: near enough the page's line to take its
		// number.
		b, ws := readHTML([]byte(text), nil)
		for _, w := range ws {
			w.Line = fileLine(w.Line - 1)
			warnings = append(warnings, w)
		}
		return []mailBody{{at: bodyAt, text: string(b), nos: fileLines(string(b), fileLine), html: true}}, warnings, nil
	}
	return []mailBody{{at: bodyAt, text: text, nos: fileLines(text, fileLine)}}, warnings, nil
}

// fileLines numbers each line of text with fileLine.
func fileLines(text string, fileLine func(int) int) []int {
	nos := make([]int, strings.Count(text, "\n")+1)
	for i := range nos {
		nos[i] = fileLine(i)
	}
	return nos
}

// multipartEntity reads the parts of a multipart body (mailEntity) with
// mime/multipart: of a multipart/alternative the first text part (the
// plain text, or the HTML when there is none, or when the plain text only
// stands in for it: alternativeText), of the others every text part. A
// body whose last part has no closing boundary is read to its end.
func multipartEntity(kind, boundary, body string, bodyAt int, subject string) ([]mailBody, []Warning, *mailDamage) {
	// Parts not found under the boundary the mail names: the damage is
	// where its parts start, at the first line like a boundary, or else
	// where its body does.
	damaged := func() *mailDamage {
		at := bodyAt + 1
		for i, l := range strings.Split(body, "\n") {
			if strings.HasPrefix(l, "--") {
				at += i
				break
			}
		}
		return &mailDamage{at, named(subject, fmt.Sprintf("the mail is %s but its parts (boundary %q) are not found; the mail is damaged", kind, boundary))}
	}
	if boundary == "" {
		return nil, nil, damaged()
	}
	r := multipart.NewReader(strings.NewReader(body), boundary)
	var out, page, plain []mailBody
	var warnings, pageWarnings, plainWarnings []Warning
	cursor := 0       // where in body the last part read ends
	unclosed := false // the last part read had no closing boundary
	for n := 0; !unclosed; n++ {
		raw, header, err := nextPart(r)
		if err == io.EOF {
			break
		}
		// A part with no boundary after it goes to the body's end.
		if unclosed = errors.Is(err, io.ErrUnexpectedEOF); unclosed {
			err = nil
		}
		if err != nil {
			// No boundary at all: its parts are under another.
			if n == 0 && errors.Is(err, io.EOF) {
				return nil, nil, damaged()
			}
			if plain != nil {
				break // the text is read; a damaged HTML after it is not
			}
			line := bodyAt + partHeaderDamage(body, cursor, boundary) + 1
			return nil, nil, &mailDamage{line, named(subject, fmt.Sprintf("a part of the mail cannot be read (%v); the mail is damaged", err))}
		}
		at := partAt(body, cursor, boundary, raw)
		cursor = at + len(raw)
		bs, ws, damage := mailEntity(header, raw, bodyAt+strings.Count(body[:at], "\n"), subject)
		if damage != nil && plain != nil {
			break // as above
		}
		if damage != nil {
			return nil, nil, damage
		}
		if kind == "multipart/alternative" && len(bs) > 0 {
			// The same edition as text and as HTML: the first of
			// each is kept, and alternativeText chooses.
			switch {
			case !bs[0].html && plain == nil:
				plain, plainWarnings = bs, ws
			case bs[0].html && page == nil:
				page, pageWarnings = bs, ws
			}
			if plain != nil && page != nil {
				break
			}
			continue
		}
		warnings = append(warnings, ws...)
		out = append(out, bs...)
	}
	if kind == "multipart/alternative" {
		return alternativeText(plain, plainWarnings, page, pageWarnings, subject)
	}
	return out, warnings, nil
}

// alternativeText chooses between the plain text and the HTML of a
// multipart/alternative, either of which may be nil: the plain text, as
// written, unless it has fewer than half the words the HTML shows. A
// mailing service's text part often only stands in for the edition
// ("view this email in your browser") or is empty, and the HTML alone
// holds the stories; a text part that is the edition has about the words
// of its HTML, which adds no more than its links and a line or two.
func alternativeText(plain []mailBody, plainWarnings []Warning, page []mailBody, pageWarnings []Warning, subject string) ([]mailBody, []Warning, *mailDamage) {
	if plain == nil || page == nil {
		if plain != nil {
			return plain, plainWarnings, nil
		}
		return page, pageWarnings, nil
	}
	plainWords, pageWords := bodyWords(plain), bodyWords(page)
	if 2*plainWords >= pageWords {
		return plain, plainWarnings, nil
	}
	w := Warning{Line: page[0].at + 1, Msg: named(subject, fmt.Sprintf(
		"the mail's plain text has %d words and its HTML %d, so the text only stands in for the edition: its HTML part was read", plainWords, pageWords))}
	return page, append(pageWarnings, w), nil
}

// bodyWords counts the words of the text read from a mail's part.
func bodyWords(bs []mailBody) int {
	n := 0
	for _, b := range bs {
		n += len(strings.Fields(b.text))
	}
	return n
}

// partHeaderField is a line of a part's header, "Name:" and its value, as
// RFC 5322 allows the name (any printable character but the colon).
var partHeaderField = regexp.MustCompile(`^[!-9;-~]+:`)

// partHeaderDamage returns the line of body (0-based) that breaks the
// header of the part after from: the first of its lines that is no header
// field nor the continuation of one, or the line under its boundary.
func partHeaderDamage(body string, from int, boundary string) int {
	delim := strings.Index(body[from:], "--"+boundary)
	if delim < 0 {
		return strings.Count(body[:from], "\n")
	}
	at := strings.Count(body[:from+delim], "\n") + 1 // the line under the boundary
	lines := strings.Split(body, "\n")
	for i := at; i < len(lines) && strings.TrimSpace(lines[i]) != ""; i++ {
		if l := lines[i]; !partHeaderField.MatchString(l) && (i == at || l[0] != ' ' && l[0] != '\t') {
			return i
		}
	}
	return at
}

// nextPart reads r's next part, as it is written (its transfer encoding
// is read by decodeMailBody, whatever its case). err is io.EOF after the
// last part, io.ErrUnexpectedEOF with the part when no boundary ends it.
func nextPart(r *multipart.Reader) (raw string, h textproto.MIMEHeader, err error) {
	p, err := r.NextRawPart()
	if err != nil {
		return "", nil, err
	}
	b, err := io.ReadAll(p)
	return string(b), p.Header, err
}

// partAt returns where in body the raw body of its next part, after
// from, starts: past the part's boundary line and header, at the blank
// line's end. multipart.Reader gives a part's header and body but not
// where they were; the line numbers of the part's warnings are counted
// from here.
func partAt(body string, from int, boundary, raw string) int {
	delim := strings.Index(body[from:], "--"+boundary)
	if delim < 0 {
		return from
	}
	rest := from + delim
	if at := strings.Index(body[rest:], "\n\n"+raw); at >= 0 {
		return rest + at + 2
	}
	return rest
}

// decodeMailBody decodes a text part's body from its transfer encoding
// (whatever its case: "QUOTED-PRINTABLE") and charset to UTF-8 with "\n"
// line ends. A body with no charset, or one not known, is left as bytes
// for decodePart to read as it reads a file. starts is the line of raw
// (0-based) each line of text starts on: the line its first character is
// encoded on. warning says the text was decoded; damage names the line of
// the file (the body starting on line at, 0-based) where it is not the
// encoding it says.
func decodeMailBody(raw string, at int, encoding, label string) (text string, starts []int, warning string, damage *mailDamage) {
	var data []byte
	// rawLineOf is the line of raw a decoded byte is encoded on; nil
	// when the text is not encoded, its lines those of raw.
	var rawLineOf func(offset int) int
	switch enc := strings.ToLower(strings.TrimSpace(encoding)); enc {
	case "quoted-printable":
		b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(raw)))
		if err != nil {
			return "", nil, "", &mailDamage{at + qpDamage(raw) + 1, fmt.Sprintf("the mail's text is not valid quoted-printable (%v); the mail is damaged", err)}
		}
		data = b
		rawLineOf = qpLines(raw)
		warning = "the mail's text is quoted-printable; it was decoded and its broken lines joined (a line of it is reported at the line of the file it starts on)"
	case "base64":
		compact := strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, raw)
		b, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(compact, "="))
		if err != nil {
			line := at + 1
			var bad base64.CorruptInputError
			if errors.As(err, &bad) {
				line += base64Damage(raw, int(bad))
			}
			return "", nil, "", &mailDamage{line, fmt.Sprintf("the mail's text is not valid base64 (%v); the mail is damaged", err)}
		}
		data = b
		rawLineOf = base64Lines(raw)
		warning = "the mail's text is base64; it was decoded (a line of it is reported at the line of the file its first character is encoded on)"
	default: // 7bit, 8bit, binary, or none: the lines as they are
		data = []byte(raw)
	}
	if rawLineOf == nil {
		// The lines as they are: the line of raw is the line's number.
		for i := range bytes.Count(data, []byte("\n")) + 1 {
			starts = append(starts, i)
		}
	} else {
		starts = append(starts, rawLineOf(0))
		for i, c := range data {
			if c == '\n' {
				starts = append(starts, rawLineOf(i+1))
			}
		}
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	cs := strings.ToLower(strings.Trim(label, `" `))
	if cs != "" && cs != "utf-8" && cs != "utf8" && cs != "us-ascii" {
		// htmlindex reads charsets as browsers do: iso-8859-1 as
		// windows-1252, whose curly quotes mail programs send under it.
		if e, err := htmlindex.Get(cs); err == nil {
			if decoded, err := e.NewDecoder().Bytes(data); err == nil && utf8.Valid(decoded) {
				data = decoded
			}
		}
	}
	text = strings.TrimSuffix(string(data), "\n")
	return text, fitLines(starts, strings.Count(text, "\n")+1), warning, nil
}

// base64Lines returns, for raw base64 text, the line of raw (0-based)
// that the decoded byte at an offset is encoded on: three bytes are four
// characters, white space aside.
func base64Lines(raw string) func(offset int) int {
	// ends[i] is how many characters that are not white space lines 0
	// to i hold: a number a line, not a character, for a file of tens of
	// megabytes.
	var ends []int
	n := 0
	for _, r := range raw {
		switch r {
		case '\n':
			ends = append(ends, n)
		case ' ', '\t', '\r':
		default:
			n++
		}
	}
	ends = append(ends, n)
	return func(offset int) int {
		i, _ := slices.BinarySearch(ends, offset/3*4+1)
		return min(i, len(ends)-1)
	}
}

// qpLines returns, for raw quoted-printable text, the line of raw
// (0-based) that the decoded byte at an offset is read from: each line
// decoded alone gives its bytes, as the whole does line by line.
func qpLines(raw string) func(offset int) int {
	lines := strings.Split(raw, "\n")
	ends := make([]int, len(lines)) // the decoded offset each line's bytes end at
	end := 0
	for i, l := range lines {
		if i < len(lines)-1 {
			l += "\n"
		}
		b, _ := io.ReadAll(quotedprintable.NewReader(strings.NewReader(l)))
		end += len(b)
		ends[i] = end
	}
	return func(offset int) int {
		i, _ := slices.BinarySearch(ends, offset+1)
		return min(i, len(lines)-1)
	}
}

// base64Damage returns the line of raw (0-based) that holds its
// character number offset, white space aside: where base64 reports the
// text stops being base64.
func base64Damage(raw string, offset int) int {
	n, line := 0, 0
	for _, r := range raw {
		switch r {
		case '\n':
			line++
		case ' ', '\t', '\r':
		default:
			if n == offset {
				return line
			}
			n++
		}
	}
	return strings.Count(strings.TrimRight(raw, "\r\n"), "\n") // ends too soon: its last line
}

// qpDamage returns the first line of raw (0-based) that is not valid
// quoted-printable read alone, or 0.
func qpDamage(raw string) int {
	for i, l := range strings.Split(raw, "\n") {
		if _, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(l))); err != nil {
			return i
		}
	}
	return 0
}

// forwardMark is the line a mail program writes over a forwarded or
// quoted mail's header: "---------- Forwarded message ---------",
// "-----Original Message-----", "Begin forwarded message:", Outlook's
// row of underscores.
var forwardMark = regexp.MustCompile(`(?i)^(?:-{2,} ?(?:forwarded message|original message) ?-{2,}|begin forwarded message:|_{10,})$`)

// dropMailHeaders blanks the headers of mails saved one after another in
// a text file (Outlook's text export of several mails, editions forwarded
// and pasted together): at the start of a paragraph, a block of header
// fields that names a mail (mailHeader), perhaps under a forwardMark or
// an mbox's "From " line. They are not the edition's text: kept, they
// were stored as the footer of the edition above, with the addresses of
// the people the mail was sent to. Line numbers are kept; a warning names
// each header dropped. mails are the text under each header, up to the
// next one or the end, with its Subject (mailSpan.inText): it may date
// an edition as a mail's own Subject does.
func dropMailHeaders(lines []line) ([]line, []Warning, []mailSpan) {
	texts := make([]string, len(lines))
	for i, l := range lines {
		texts[i] = l.text
	}
	var out []line
	var warnings []Warning
	var mails []mailSpan
	for i := 0; i < len(lines); i++ {
		if i > 0 && texts[i-1] != "" || texts[i] == "" {
			continue
		}
		from := i
		if forwardMark.MatchString(texts[i]) || strings.HasPrefix(texts[i], "From ") {
			from = i + 1
		}
		h, bodyAt, ok := mailHeader(texts, from)
		if !ok {
			continue
		}
		if out == nil {
			out = append([]line(nil), lines...)
		}
		for k := i; k < bodyAt-1; k++ {
			out[k].text = ""
		}
		warnings = append(warnings, Warning{Line: lines[i].no, Msg: fmt.Sprintf(
			"a mail's header (lines %d to %d: %q…) is not the newsletter's text and is not imported", lines[i].no, lines[bodyAt-2].no, clip(texts[i]))})
		if n := len(mails); n > 0 {
			mails[n-1].end = lines[i].at
		}
		if bodyAt < len(lines) {
			mails = append(mails, mailSpan{at: lines[bodyAt].at, end: lines[len(lines)-1].at + 1, subject: mailSubject(h.Get("Subject")), inText: true})
		}
		i = bodyAt - 1
	}
	if out == nil {
		return lines, nil, nil
	}
	return out, warnings, mails
}

// withMailsInText adds the mails whose headers are lines of the text
// (dropMailHeaders) to mails, the mails of a file of mails (readMail), in
// the order of the text: one inside a mail (a mail forwarded in it) ends
// where that mail does.
func withMailsInText(mails, inText []mailSpan) []mailSpan {
	if len(inText) == 0 {
		return mails
	}
	for i, m := range inText {
		for _, outer := range mails {
			if outer.at <= m.at && m.at < outer.end {
				inText[i].end = min(m.end, outer.end)
			}
		}
	}
	all := append(slices.Clone(mails), inText...)
	slices.SortStableFunc(all, func(a, b mailSpan) int { return a.at - b.at })
	return all
}

// unflow joins the lines of format=flowed text (RFC 3676) as they were
// written: a line that ends in a space goes on on the next (less that
// space when delsp), but the signature's "-- " and a quoted line onto one
// of another depth; one space a sender put before a line is taken off.
// from is the line of text (0-based) each line of the joined text starts
// on.
func unflow(text string, delsp bool) (joined string, from []int) {
	var out []string
	open := false // the last line goes on
	for i, l := range strings.Split(text, "\n") {
		depth, _ := quoteDepth(l)
		l = strings.TrimPrefix(l, " ") // space-stuffing
		if open {
			prev := out[len(out)-1]
			if d, _ := quoteDepth(prev); d == depth {
				if depth > 0 {
					_, l = quoteDepth(l)
				}
				out[len(out)-1] = prev + l
				open = strings.HasSuffix(l, " ") && l != "-- "
				if open && delsp {
					out[len(out)-1] = strings.TrimSuffix(out[len(out)-1], " ")
				}
				continue
			}
		}
		out = append(out, l)
		from = append(from, i)
		open = strings.HasSuffix(l, " ") && l != "-- "
		if open && delsp {
			out[len(out)-1] = strings.TrimSuffix(l, " ")
		}
	}
	return strings.Join(out, "\n"), from
}
