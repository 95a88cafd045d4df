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
	html bool // read from a text/html part (htmlText)
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
// at the line their body starts on, with blank lines for the headers, so
// that line numbers stay the file's as far as the decoding allows. A mail
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
func readMail(data []byte) (text []byte, warnings, refused []Warning, msg string, ok bool) {
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
			return nil, nil, nil, "", false
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
			return nil, nil, nil, "", false
		}
		messages = [][2]int{{first, len(lines)}}
	}
	var bodies []mailBody
	for _, m := range messages {
		body := lines[m[0]:m[1]]
		if mbox {
			body = unescapeMboxFrom(body)
		}
		bs, ws, damage := readMessage(strings.Join(body, "\n"), m[0])
		if damage != nil {
			refused = append(refused, Warning{Line: damage.line, Msg: damage.msg + "; nothing of this mail was imported"})
			continue
		}
		bodies = append(bodies, bs...)
		warnings = append(warnings, ws...)
	}
	if len(bodies) == 0 && len(refused) == 0 {
		return nil, nil, nil, "the mail has no text part, only attachments; save the newsletter as a .txt file and import that", true
	}
	var b strings.Builder
	n := 0 // lines written
	for _, body := range bodies {
		for ; n < body.at; n++ {
			b.WriteByte('\n')
		}
		b.WriteString(body.text)
		b.WriteByte('\n')
		n += strings.Count(body.text, "\n") + 1
	}
	return []byte(b.String()), warnings, refused, "", true
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
	text, w, damage := decodeMailBody(body, bodyAt, h.Get("Content-Transfer-Encoding"), params["charset"])
	if damage != nil {
		return nil, nil, &mailDamage{damage.line, named(subject, damage.msg)}
	}
	var warnings []Warning
	if w != "" {
		warnings = append(warnings, Warning{Line: bodyAt + 1, Msg: named(subject, w)})
	}
	if strings.EqualFold(params["format"], "flowed") && kind == "text/plain" {
		text = unflow(text, strings.EqualFold(params["delsp"], "yes"))
		warnings = append(warnings, Warning{Line: bodyAt + 1, Msg: named(subject, "the mail's text is format=flowed; its lines broken to fit were joined, so the line numbers from here are the joined text's")})
	}
	if kind == "text/html" {
		b, ws := readHTML([]byte(text), nil)
		for _, w := range ws {
			w.Line += bodyAt
			warnings = append(warnings, w)
		}
		return []mailBody{{at: bodyAt, text: string(b), html: true}}, warnings, nil
	}
	return []mailBody{{at: bodyAt, text: text}}, warnings, nil
}

// multipartEntity reads the parts of a multipart body (mailEntity) with
// mime/multipart: of a multipart/alternative the first text part (the
// plain text, or the HTML when there is none), of the others every text
// part. A body whose last part has no closing boundary is read to its end.
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
	var out, page []mailBody
	var warnings, pageWarnings []Warning
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
			line := bodyAt + partHeaderDamage(body, cursor, boundary) + 1
			return nil, nil, &mailDamage{line, named(subject, fmt.Sprintf("a part of the mail cannot be read (%v); the mail is damaged", err))}
		}
		at := partAt(body, cursor, boundary, raw)
		cursor = at + len(raw)
		bs, ws, damage := mailEntity(header, raw, bodyAt+strings.Count(body[:at], "\n"), subject)
		if damage != nil {
			return nil, nil, damage
		}
		if kind == "multipart/alternative" && len(bs) > 0 {
			// The same edition as text and as HTML: the text, as
			// written; the HTML only when there is no text.
			if !bs[0].html {
				return bs, ws, nil
			}
			if page == nil {
				page, pageWarnings = bs, ws
			}
			continue
		}
		warnings = append(warnings, ws...)
		out = append(out, bs...)
	}
	if kind == "multipart/alternative" {
		return page, pageWarnings, nil
	}
	return out, warnings, nil
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
// for decodePart to read as it reads a file. warning says when the line
// numbers after at are the decoded text's; damage names the line of the
// file (the body starting on line at, 0-based) where it is not the
// encoding it says.
func decodeMailBody(raw string, at int, encoding, label string) (text, warning string, damage *mailDamage) {
	var data []byte
	switch enc := strings.ToLower(strings.TrimSpace(encoding)); enc {
	case "quoted-printable":
		b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(raw)))
		if err != nil {
			return "", "", &mailDamage{at + qpDamage(raw) + 1, fmt.Sprintf("the mail's text is not valid quoted-printable (%v); the mail is damaged", err)}
		}
		data = b
		warning = "the mail's text is quoted-printable; it was decoded and its broken lines joined, so the line numbers from here are the decoded text's"
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
			return "", "", &mailDamage{line, fmt.Sprintf("the mail's text is not valid base64 (%v); the mail is damaged", err)}
		}
		data = b
		warning = "the mail's text is base64; it was decoded, so the line numbers from here are the decoded text's"
	default: // 7bit, 8bit, binary, or none: the lines as they are
		data = []byte(raw)
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
	return strings.TrimSuffix(string(data), "\n"), warning, nil
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
// each header dropped.
func dropMailHeaders(lines []line) ([]line, []Warning) {
	texts := make([]string, len(lines))
	for i, l := range lines {
		texts[i] = l.text
	}
	var out []line
	var warnings []Warning
	for i := 0; i < len(lines); i++ {
		if i > 0 && texts[i-1] != "" || texts[i] == "" {
			continue
		}
		from := i
		if forwardMark.MatchString(texts[i]) || strings.HasPrefix(texts[i], "From ") {
			from = i + 1
		}
		_, bodyAt, ok := mailHeader(texts, from)
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
		i = bodyAt - 1
	}
	if out == nil {
		return lines, nil
	}
	return out, warnings
}

// unflow joins the lines of format=flowed text (RFC 3676) as they were
// written: a line that ends in a space goes on on the next (less that
// space when delsp), but the signature's "-- " and a quoted line onto one
// of another depth; one space a sender put before a line is taken off.
func unflow(text string, delsp bool) string {
	var out []string
	open := false // the last line goes on
	for _, l := range strings.Split(text, "\n") {
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
		open = strings.HasSuffix(l, " ") && l != "-- "
		if open && delsp {
			out[len(out)-1] = strings.TrimSuffix(l, " ")
		}
	}
	return strings.Join(out, "\n")
}
