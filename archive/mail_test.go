package archive_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"mime/quotedprintable"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/digest"
)

// mailHeader is the header of a mail as a mail program saves it (.eml).
const mailHeader = "From: SSA News <news@example.org>\r\nTo: reader@example.org\r\n" +
	"Subject: News Summary of Collaboration and Shared Services\r\nDate: Thu, 10 Jul 2014 09:12:00 +0100\r\n" +
	"Message-ID: <a1@example.org>\r\nMIME-Version: 1.0\r\n"

func toQP(t *testing.T, b []byte) string {
	t.Helper()
	var out bytes.Buffer
	w := quotedprintable.NewWriter(&out)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func toBase64(b []byte) string {
	s := base64.StdEncoding.EncodeToString(b)
	var out strings.Builder
	for len(s) > 76 {
		out.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	return out.String() + s + "\r\n"
}

func toCP1252(t *testing.T, b []byte) []byte {
	t.Helper()
	out, err := charmap.Windows1252.NewEncoder().Bytes(bytes.ReplaceAll(b, []byte("™"), []byte("(TM)")))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestMailExportsOfRealDigests reads the real digests as a mail program
// keeps them: an .eml with its headers, its text quoted-printable (its
// transfer encoding named in capitals or not) or base64, in UTF-8,
// windows-1252 or iso-8859-1 (with windows-1252's curly quotes, as mail
// programs send it); multipart/alternative, the edition as text and as
// HTML; an mbox of several mails; Outlook's text export. Before, the
// base64 mail was refused as no newsletter, the windows-1252 one kept
// every "=92" and broken line, and the HTML part was stored as the last
// edition's footer. Each must read as the original does, render back to
// it, and keep none of the mail's headers, MIME boundaries or HTML.
func TestMailExportsOfRealDigests(t *testing.T) {
	files := realDigestFiles(t)
	crlf := func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")) }
	plain := func(charset, encoding, body string) string {
		return mailHeader + "Content-Type: text/plain; charset=" + charset + "\r\nContent-Transfer-Encoding: " + encoding + "\r\n\r\n" + body
	}
	variants := map[string]func([]byte) string{
		"qp":         func(b []byte) string { return plain(`"utf-8"`, "quoted-printable", toQP(t, crlf(b))) },
		"QP capital": func(b []byte) string { return plain("UTF-8", "QUOTED-PRINTABLE", toQP(t, crlf(b))) },
		"8bit":       func(b []byte) string { return plain("utf-8", "8bit", string(crlf(b))) },
		"base64":     func(b []byte) string { return plain("utf-8", "base64", toBase64(crlf(b))) },
		"base64 windows-1252": func(b []byte) string {
			return plain("windows-1252", "base64", toBase64(toCP1252(t, crlf(b))))
		},
		"qp windows-1252": func(b []byte) string { return plain("windows-1252", "quoted-printable", toQP(t, toCP1252(t, crlf(b)))) },
		"qp iso-8859-1":   func(b []byte) string { return plain(`"iso-8859-1"`, "Quoted-Printable", toQP(t, toCP1252(t, crlf(b)))) },
		"alternative": func(b []byte) string {
			page := "<html><body><p>" + strings.ReplaceAll(string(b), "\n\n", "</p>\n<p>") + "</p></body></html>"
			return mailHeader + "Content-Type: multipart/alternative; boundary=\"=_b1\"\r\n\r\nThis is a multi-part message in MIME format.\r\n\r\n" +
				"--=_b1\r\nContent-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + toQP(t, crlf(b)) +
				"\r\n--=_b1\r\nContent-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + toQP(t, []byte(page)) + "\r\n--=_b1--\r\n"
		},
		"outlook": func(b []byte) string {
			return "From:\tSSA News <news@example.org>\r\nSent:\tThursday, July 10, 2014 9:12 AM\r\nTo:\treader@example.org\r\nSubject:\tNews Summary\r\n\r\n" + string(crlf(b))
		},
	}
	for vname, v := range variants {
		for name, data := range files {
			mail := []byte(v(data))
			checkVariant(t, vname, name, mail, parseReal(t, name, data))
			checkNoMailLeft(t, vname, name, mail)
		}
	}
	// An mbox: the three files' mails one after another, a body line
	// starting "From " escaped as ">From ".
	var mbox, joined strings.Builder
	for _, name := range []string{"2014-05-newsletter.txt", "2014-07-10-newsletter.txt", "2014-11-20-newsletter.txt"} {
		fmt.Fprintf(&mbox, "From news@example.org Thu Jul 10 09:12:00 2014\n%s\n%s\n", strings.ReplaceAll(variants["qp"](files[name]), "\r\n", "\n"), "")
		joined.WriteString(string(files[name]) + "\n\n")
	}
	checkVariant(t, "mbox", "editions.mbox", []byte(mbox.String()), parseReal(t, "editions.txt", []byte(joined.String())))
	checkNoMailLeft(t, "mbox", "editions.mbox", []byte(mbox.String()))
}

// TestMailWithLinksBrokenBySoftLineBreaks reads a mail whose long links
// quoted-printable broke over lines ("=" at the line's end, in the middle
// of the address): each story keeps its whole link.
func TestMailWithLinksBrokenBySoftLineBreaks(t *testing.T) {
	const link = "https://www.example.org/news/2014/07/councils-agree-to-share-a-chief-executive-and-services/%d?utm_source=newsletter&utm_medium=email"
	for name, data := range realDigestFiles(t) {
		linked, _ := afterEachReadMore(data, func(n int) string { return " " + fmt.Sprintf(link, n) })
		mail := mailHeader + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + toQP(t, linked)
		if !strings.Contains(mail, "=\r\n") {
			t.Fatal("no soft line break in the mail")
		}
		got, err := parser(t).ParseFile(name, strings.NewReader(mail))
		if err != nil || len(got.Refused) > 0 {
			t.Fatalf("%s: %v %v", name, err, got.Refused)
		}
		seen := 0
		for _, e := range got.Editions {
			for _, s := range e.Sections {
				for _, st := range s.Stories {
					seen++
					if want := fmt.Sprintf(link, seen); st.Link != want {
						t.Errorf("%s: %q has link %q, want %q", name, st.Headline, st.Link, want)
					}
				}
			}
		}
	}
}

// TestMailThatCannotBeRead: a mail with no text part (only an image), or whose text is not
// the base64 it says, is refused saying so, at its line.
func TestMailThatCannotBeRead(t *testing.T) {
	for _, c := range []struct{ name, mail, want string }{
		{"attachments only", mailHeader + "Content-Type: multipart/mixed; boundary=b3\r\n\r\n--b3\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b3--\r\n", "x.eml:1: the mail has no text part"},
		{"bad base64", mailHeader + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\nVGh1cnNkYXk*!\r\n", "x.eml:10: \"News Summary of Collaboration and Shared Services\": the mail's text is not valid base64"},
	} {
		if got := refusals(parser(t).ParseFile("x.eml", strings.NewReader(c.mail))); !strings.Contains(got, c.want) {
			t.Errorf("%s: %s, want %q", c.name, got, c.want)
		}
	}
}

// refusals is what ParseFile refused of a file: the file, or its
// editions and mails, a line each.
func refusals(f archive.File, err error) string {
	if err != nil {
		return err.Error()
	}
	var out []string
	for _, r := range f.Refused {
		out = append(out, r.Error())
	}
	return strings.Join(out, "\n")
}

// checkNoMailLeft fails when an edition read from a mail keeps any of the
// mail's headers, MIME boundaries, HTML or quoted-printable escapes.
func checkNoMailLeft(t *testing.T, vname, name string, mail []byte) {
	t.Helper()
	got, err := parser(t).ParseFile(name, bytes.NewReader(mail))
	if err != nil {
		return // checkVariant reports it
	}
	for _, e := range got.Editions {
		text := digest.RenderText(e.Edition())
		for _, left := range []string{"Content-Type", "Subject:", "--=_b1", "<p>", "=92", "=E2=80", "\u2019s\u2019", "â€"} {
			if strings.Contains(text, left) {
				t.Errorf("%s %s %s keeps %q: %s", vname, name, digest.DateLine(e.Date), left, clipAround(text, left))
			}
		}
	}
}

// TestQuotedEditionsOfRealDigests reads the real digests as a forwarded or
// answered mail saved them: every line quoted ("> ", ">" alone for a blank
// line, "> > " or ">> " a quote in a quote), under the mail's "On … wrote:"
// line. Before, each headline was read as ">" and the sections lost their
// stories. Each must read as the original does and render back to it.
func TestQuotedEditionsOfRealDigests(t *testing.T) {
	quote := func(mark, blank string) func([]byte) []byte {
		return func(b []byte) []byte {
			lines := strings.Split(string(b), "\n")
			for i, l := range lines {
				if l == "" {
					lines[i] = blank
				} else {
					lines[i] = mark + l
				}
			}
			return []byte("On Thu, 10 Jul 2014 at 09:12, SSA News <news@example.org> wrote:\n\n" + strings.Join(lines, "\n"))
		}
	}
	for vname, v := range map[string]func([]byte) []byte{
		"quoted":        quote("> ", ">"),
		"blank lines":   quote("> ", ""),
		"unspaced":      quote(">", ">"),
		"twice":         quote("> > ", "> >"),
		"twice close":   quote(">> ", ">>"),
		"spaced blanks": quote("> ", "> "),
	} {
		for name, data := range realDigestFiles(t) {
			checkVariant(t, vname, name, v(data), parseReal(t, name, data))
		}
	}
}

// TestQuotedPassageIsTheEditorsText: a line or two the editor quoted in
// their own text ("> …" from a report), with no edition in them, is kept as
// written.
func TestQuotedPassageIsTheEditorsText(t *testing.T) {
	data := realDigestFiles(t)["2014-07-10-newsletter.txt"]
	const passage = "> Councils must share or merge, the report says.\n> It is too late for silos."
	text := strings.Replace(string(data), "\nCouncil mergers:", "\n"+passage+"\n\nCouncil mergers:", 1)
	got, err := parser(t).ParseFile("2014-07-10-newsletter.txt", strings.NewReader(text))
	if err != nil || len(got.Editions) != 1 {
		t.Fatalf("%v %v", err, got.Refused)
	}
	if out := digest.RenderText(got.Editions[0].Edition()); !strings.Contains(out, passage) {
		t.Errorf("the quoted passage is not kept as written:\n%s", clipAround(out, "Councils must"))
	}
}

// TestLinksWrappedByMailServices gives the real digests' stories links as
// an Outlook reader's copy has them (Safe Links, carrying the page's link
// and the reader's address) and as Mailchimp's sent copy has them (a
// click-tracking link that does not carry its page). A story is stored
// with its page's link where the wrapper carries it, and with the tracked
// link as written where nothing else says where it leads.
func TestLinksWrappedByMailServices(t *testing.T) {
	const page = "https://www.example.org/news/%d"
	for vname, c := range map[string]struct {
		written func(n int) string
		want    string
	}{
		"safe links": {func(n int) string {
			return " https://eur01.safelinks.protection.outlook.com/?url=" + url.QueryEscape(fmt.Sprintf(page, n)) + "&data=02%7C01%7Creader%40council.gov.uk%7C&sdata=abc%3D&reserved=0"
		}, page},
		"mailchimp": {func(n int) string {
			return fmt.Sprintf(" https://sharedservice.us1.list-manage.com/track/click?u=8f2e1&id=%d&e=5a3b", n)
		}, "https://sharedservice.us1.list-manage.com/track/click?e=5a3b&id=%d&u=8f2e1"},
	} {
		for name, data := range realDigestFiles(t) {
			linked, _ := afterEachReadMore(data, c.written)
			got, err := parser(t).ParseFile(name, bytes.NewReader(linked))
			if err != nil || len(got.Refused) > 0 {
				t.Fatalf("%s %s: %v %v", vname, name, err, got.Refused)
			}
			seen := 0
			for _, e := range got.Editions {
				for _, s := range e.Edition().Sections {
					for _, st := range s.Stories {
						seen++
						if want := fmt.Sprintf(c.want, seen); st.URL != want {
							t.Errorf("%s %s: %q stored with %q, want %q", vname, name, st.Headline, st.URL, want)
						}
					}
				}
			}
		}
	}
}

// TestMailHeadersBetweenEditions reads the real digests saved one after
// another as mails in one text file: Outlook's text export of several
// mails ("From:", "Sent:", "To:", "Subject:" over each), editions
// forwarded and pasted together ("---------- Forwarded message ---------",
// "-----Original Message-----" over a header). Before, each header after
// the first was stored as the footer of the edition above, with the
// addresses it was sent to. Each edition must read as the original does
// and keep no header.
func TestMailHeadersBetweenEditions(t *testing.T) {
	files := realDigestFiles(t)
	names := []string{"2014-05-newsletter.txt", "2014-07-10-newsletter.txt", "2014-11-20-newsletter.txt"}
	for form, header := range map[string]string{
		"outlook":   "From:\tSSA News <news@example.org>\nSent:\tThursday, July 10, 2014 9:12 AM\nTo:\treader@council.gov.uk\nSubject:\tNews Summary\n",
		"forwarded": "---------- Forwarded message ---------\nFrom: SSA News <news@example.org>\nDate: Thu, 10 Jul 2014 at 09:12\nSubject: News Summary\nTo: <reader@council.gov.uk>\n",
		"original":  "-----Original Message-----\nFrom: SSA News <news@example.org>\nSent: 10 July 2014 09:12\nTo: reader@council.gov.uk\nSubject: News Summary\n",
	} {
		var joined, plain strings.Builder
		for _, name := range names {
			joined.WriteString(header + "\n" + string(files[name]) + "\n\n")
			plain.WriteString(string(files[name]) + "\n\n")
		}
		checkVariant(t, form, "mails.txt", []byte(joined.String()), parseReal(t, "editions.txt", []byte(plain.String())))
		got, err := parser(t).ParseFile("mails.txt", strings.NewReader(joined.String()))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range got.Editions {
			if text := digest.RenderText(e.Edition()); strings.Contains(text, "reader@council.gov.uk") {
				t.Errorf("%s: %s keeps a mail's header: %s", form, digest.DateLine(e.Date), clipAround(text, "reader@"))
			}
		}
	}
}

// toFlowed writes text as a mail program sends format=flowed (RFC 3676):
// each line broken to fit width after a space, which stays at the end of
// the broken line (with delsp, a space is added after it), trailing spaces of
// the lines written taken off, and a line that starts with a space, ">"
// or "From " space-stuffed.
func toFlowed(text string, width int, delsp bool) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimRight(l, " \t")
		for len(l) > width {
			cut := strings.LastIndex(l[:width], " ")
			if cut <= 0 {
				break
			}
			if delsp {
				out = append(out, l[:cut+1]+" ") // the break's space, deleted on reading
			} else {
				out = append(out, l[:cut+1])
			}
			l = l[cut+1:]
		}
		out = append(out, l)
	}
	for i, l := range out {
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, ">") || strings.HasPrefix(l, "From ") {
			out[i] = " " + l
		}
	}
	return strings.Join(out, "\r\n")
}

// TestFlowedMailsOfRealDigests reads the real digests sent as
// format=flowed text (Thunderbird's and Apple Mail's way), at 72 and 76
// characters, with delsp=yes or not. Before, the lines were read as
// folded at a fixed width and joined by guesswork, with a warning that
// said so, and a line broken before "Read more >>>"'s arrow was read as
// quoted. Each must read as the original does and render back to it.
func TestFlowedMailsOfRealDigests(t *testing.T) {
	for name, data := range realDigestFiles(t) {
		for _, width := range []int{72, 76} {
			for _, delsp := range []bool{false, true} {
				params := "format=flowed"
				if delsp {
					params += "; delsp=yes"
				}
				mail := mailHeader + "Content-Type: text/plain; charset=utf-8; " + params + "\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + toFlowed(string(data), width, delsp)
				checkVariant(t, fmt.Sprintf("%s %d", params, width), name, []byte(mail), parseReal(t, name, data))
			}
		}
	}
}

// TestMailMIMEFormsOfRealDigests reads the real digests in the MIME forms
// mail programs write that the other tests do not: a Subject in RFC 2047
// encoded words (quoted and base64, in UTF-8 and Windows-1252, folded over
// two lines), a boundary quoted with the odd characters RFC 2046 allows
// ("'()+_,-./:=?" and a space), multipart/mixed holding a
// multipart/alternative and an attachment, and transfer encodings named in
// capitals in a part's header. Each must read as the original does, keep
// none of the mail, and say at the line its text starts on that the text
// was decoded, naming the mail by its Subject, decoded: a reader of an
// mbox's report then knows which mail each warning is about.
func TestMailMIMEFormsOfRealDigests(t *testing.T) {
	crlf := func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")) }
	const subject = "News Summary – Thursday 10 July 2014 (Café edition)"
	header := "From: SSA News <news@example.org>\r\nTo: reader@example.org\r\n" +
		"Subject: =?UTF-8?Q?News_Summary_=E2=80=93_Thursday?= =?utf-8?B?IDEwIEp1bHkgMjAxNA==?=\r\n" +
		" =?windows-1252?Q?_=28Caf=E9_edition=29?=\r\nDate: Thu, 10 Jul 2014 09:12:00 +0100\r\nMIME-Version: 1.0\r\n"
	const odd = `----=_Part 0_1.2'(a)+b,c/d:e?f`
	forms := map[string]func([]byte) string{
		"encoded subject": func(b []byte) string {
			return header + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + toQP(t, crlf(b))
		},
		"odd boundary": func(b []byte) string {
			return header + "Content-Type: multipart/alternative;\r\n\tboundary=\"" + odd + "\"\r\n\r\n" +
				"--" + odd + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + toQP(t, crlf(b)) +
				"\r\n--" + odd + "\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>" + html.EscapeString(string(b)) + "</p>\r\n--" + odd + "--\r\n"
		},
		"mixed > alternative": func(b []byte) string {
			return header + "Content-Type: multipart/mixed; boundary=outer\r\n\r\nThis is a multi-part message in MIME format.\r\n" +
				"--outer\r\nContent-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n" +
				"--inner\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\nContent-Transfer-Encoding: BASE64\r\n\r\n" + toBase64(crlf(b)) +
				"--inner\r\nContent-Type: text/html; charset=\"UTF-8\"\r\nContent-Transfer-Encoding: QUOTED-PRINTABLE\r\n\r\n" + toQP(t, []byte("<p>"+html.EscapeString(string(b))+"</p>")) +
				"\r\n--inner--\r\n\r\n--outer\r\nContent-Type: image/png; name=\"logo.png\"\r\nContent-Disposition: attachment; filename=\"logo.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--outer--\r\n"
		},
		"capital encoding": func(b []byte) string {
			return header + "Content-Type: multipart/mixed; boundary=b4\r\n\r\n--b4\r\nContent-Type: TEXT/PLAIN; CHARSET=WINDOWS-1252\r\nContent-Transfer-Encoding: QUOTED-PRINTABLE\r\n\r\n" +
				toQP(t, toCP1252(t, crlf(b))) + "\r\n--b4--\r\n"
		},
	}
	for form, mail := range forms {
		for name, data := range realDigestFiles(t) {
			m := []byte(mail(data))
			want := data
			if form == "capital encoding" {
				want = bytes.ReplaceAll(data, []byte("™"), []byte("(TM)"))
			}
			checkVariant(t, form, name, m, parseReal(t, name, want))
			checkNoMailLeft(t, form, name, m)
			got, err := parser(t).ParseFile(name, bytes.NewReader(m))
			if err != nil {
				continue // checkVariant said so
			}
			// The warning that the text part was decoded is at the line
			// its body starts on: after the first blank line after the
			// "Content-Transfer-Encoding" that names its encoding.
			text := m[bytes.Index(m, []byte("Content-Transfer-Encoding")):]
			at := len(m) - len(text) + bytes.Index(text, []byte("\r\n\r\n")) + 4
			line := bytes.Count(m[:at], []byte("\n")) + 1
			found := false
			for _, w := range got.Warnings {
				if strings.Contains(w.Msg, "=?") {
					t.Errorf("%s %s: an encoded word in a warning: %s", form, name, w.Msg)
				}
				found = found || w.Line == line && strings.Contains(w.Msg, "was decoded") && strings.Contains(w.Msg, `"`+subject+`"`)
			}
			if !found {
				t.Errorf("%s %s: no warning at line %d that the text of %q was decoded: %v", form, name, line, subject, got.Warnings)
			}
		}
	}
}

// TestMailWithDamagedParts: a multipart mail whose last part has no
// closing boundary (a mail cut short when saved) is read to its end; one
// whose parts are not under the boundary it names is refused saying so,
// at the line its parts start on.
func TestMailWithDamagedParts(t *testing.T) {
	data := realDigestFiles(t)["2014-07-10-newsletter.txt"]
	unclosed := mailHeader + "Content-Type: multipart/mixed; boundary=b5\r\n\r\n--b5\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + string(data)
	checkVariant(t, "unclosed", "2014-07-10-newsletter.txt", []byte(unclosed), parseReal(t, "2014-07-10-newsletter.txt", data))
	wrong := mailHeader + "Content-Type: multipart/mixed; boundary=b6\r\n\r\n--b7\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + string(data) + "\r\n--b7--\r\n"
	got := refusals(parser(t).ParseFile("x.eml", strings.NewReader(wrong)))
	if want := `x.eml:9: "News Summary of Collaboration and Shared Services": the mail is multipart/mixed but its parts (boundary "b6") are not found`; !strings.Contains(got, want) {
		t.Errorf("wrong boundary: %s, want %q", got, want)
	}
}

// TestMboxWithADamagedMail reads an mbox of three mails, the real
// digests, whose second is damaged as saved mails are: its parts under
// another boundary than the one it names, a part's header broken, its
// base64 text broken. Before, the whole mbox was refused at its first
// line and none of its mails was read. Now the damaged mail alone is
// refused, at the line of the file where it is damaged, and the others
// read as the originals do.
func TestMboxWithADamagedMail(t *testing.T) {
	files := realDigestFiles(t)
	lf := func(b []byte) string { return strings.ReplaceAll(string(b), "\r\n", "\n") }
	mail := func(contentType, body string) string {
		return "From news@example.org Thu Jul 10 09:12:00 2014\n" + lf([]byte(mailHeader)) + "Content-Type: " + contentType + "\n\n" + body + "\n\n"
	}
	plain := func(b []byte) string {
		return mail("text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable", lf([]byte(toQP(t, b))))
	}
	second := files["2014-07-10-newsletter.txt"]
	broken64 := strings.Split(lf([]byte(toBase64(second))), "\n")
	broken64[6] = broken64[6][:30] + "*" + broken64[6][31:]
	for damage, c := range map[string]struct{ mail, mark, want string }{
		"part under another boundary": {
			mail("multipart/mixed; boundary=b6", "--b7\nContent-Type: text/plain; charset=utf-8\n\n"+string(second)+"\n--b7--"),
			"--b7\n", `the mail is multipart/mixed but its parts (boundary "b6") are not found`,
		},
		"broken part header": {
			mail("multipart/mixed; boundary=b8", "--b8\nContent-Type text/plain; charset=utf-8\n\n"+string(second)+"\n--b8--"),
			"Content-Type text/plain", "a part of the mail cannot be read (malformed MIME header: missing colon",
		},
		"broken base64": {
			mail("text/plain; charset=utf-8\nContent-Transfer-Encoding: base64", strings.Join(broken64, "\n")),
			broken64[6], "the mail's text is not valid base64",
		},
	} {
		mbox := plain(files["2014-05-newsletter.txt"]) + c.mail + plain(files["2014-11-20-newsletter.txt"])
		want := parseReal(t, "editions.txt", []byte(string(files["2014-05-newsletter.txt"])+"\n\n"+string(files["2014-11-20-newsletter.txt"])))
		got, err := parser(t).ParseFile("editions.mbox", strings.NewReader(mbox))
		if err != nil {
			t.Errorf("%s: the mbox is refused: %v", damage, err)
			continue
		}
		if shape(got) != shape(want) {
			t.Errorf("%s: the other mails read as\n%s\nwant\n%s", damage, shape(got), shape(want))
		}
		line := strings.Count(mbox[:strings.Index(mbox, c.mark)], "\n") + 1
		if len(got.Refused) != 1 || got.Refused[0].Line != line || !strings.Contains(got.Refused[0].Msg, c.want) ||
			!strings.HasSuffix(got.Refused[0].Msg, "; nothing of this mail was imported") {
			t.Errorf("%s: refused %v, want the second mail alone at line %d: %q…; nothing of this mail was imported", damage, got.Refused, line, c.want)
		}
		for _, e := range got.Editions {
			if text := digest.RenderText(e.Edition()); strings.Contains(text, "Dorset councils propose") {
				t.Errorf("%s: the damaged mail's text is in the edition of %s", damage, digest.DateLine(e.Date))
			}
		}
	}
}

// foldLines folds each line of text longer than width characters at its
// last space within width, as a mail program sends plain text.
func foldLines(text string, width int) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		for utf8.RuneCountInString(l) > width {
			cut := strings.LastIndex(string([]rune(l)[:width+1]), " ")
			if cut <= 0 {
				break
			}
			out = append(out, l[:cut])
			l = l[cut+1:]
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// TestMboxLineNumbersAfterADecodedMail reads an mbox of three mails, the
// real digests as a mail program sends them (folded at 72 characters),
// whose second is sent in base64, which has fewer lines than its text, or
// in quoted-printable. Before, every line after the base64 mail was
// reported as many lines down as its text has more (the third mail's
// edition at line 171 of a file whose date line is on line 126), and the
// decoded text ran on into the next mail's date line, which then began
// no edition: the third mail was read as the second's last lines.
// Now every edition is reported at the line of the file as it is on disk:
// the second mail's at the line its date line is encoded on.
func TestMboxLineNumbersAfterADecodedMail(t *testing.T) {
	files := realDigestFiles(t)
	lf := func(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
	mail := func(encoding, body string) string {
		return "From news@example.org Thu Jul 10 09:12:00 2014\n" + lf(mailHeader) +
			"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: " + encoding + "\n\n" + body + "\n\n"
	}
	first := foldLines(string(files["2014-07-10-newsletter.txt"]), 72)
	second := foldLines(string(files["2014-05-newsletter.txt"]), 72)
	// Under a title the configuration does not know, the third mail's
	// date line starts an edition only where a paragraph starts.
	third := foldLines(strings.Replace(string(files["2014-11-20-newsletter.txt"]),
		"News Summary of Collaboration and Shared Services from 19th November 2014", "Shared Services Weekly", 1), 72)
	want := parseReal(t, "editions.txt", []byte(first+"\n\n"+second+"\n\n"+third))
	sent := strings.ReplaceAll(second, "\n", "\r\n")
	for encoding, encoded := range map[string]string{
		"base64":           lf(toBase64([]byte(sent))),
		"quoted-printable": lf(toQP(t, []byte(sent))),
	} {
		if text, lines := strings.Count(second, "\n"), strings.Count(encoded, "\n"); encoding == "base64" && text <= lines {
			t.Fatalf("base64: the text has %d lines, no more than the %d sent", text, lines)
		}
		head := mail("8bit", first)
		mbox := head + mail(encoding, encoded) + mail("8bit", third)
		bodyAt := strings.Count(mbox[:len(head)+strings.Index(mbox[len(head):], "\n\n")+2], "\n") + 1
		// The line of the file each edition's date line is on, or is
		// encoded on.
		var lines []int
		for _, e := range want.Editions {
			date := e.DateLine
			if date == "" {
				date = digest.DateLine(e.Date)
			}
			switch {
			case strings.Contains(first, date) || strings.Contains(third, date):
				lines = append(lines, strings.Count(mbox[:strings.Index(mbox, "\n"+date+"\n")+1], "\n")+1)
			case encoding == "base64":
				lines = append(lines, bodyAt+strings.Index(sent, date)/3*4/76)
			default:
				lines = append(lines, bodyAt+strings.Count(encoded[:strings.Index(encoded, "\n"+date)+1], "\n"))
			}
		}
		got, err := parser(t).ParseFile("editions.mbox", strings.NewReader(mbox))
		if err != nil {
			t.Fatalf("%s: %v", encoding, err)
		}
		if shape(got) != shape(want) {
			t.Errorf("%s: read as\n%s\nwant\n%s", encoding, shape(got), shape(want))
			continue
		}
		for i, e := range got.Editions {
			if e.Line != lines[i] {
				t.Errorf("%s: the edition of %s is at line %d, want %d (its date line's in the file)", encoding, digest.DateLine(e.Date), e.Line, lines[i])
			}
		}
	}
}

// undatedMailText is the real edition of 10 July 2014 as a mail's text
// with no date line, under a title that names no date: only the mail's
// Subject can date it.
func undatedMailText(t *testing.T) string {
	t.Helper()
	lines := strings.Split(string(realDigestFiles(t)["2014-07-10-newsletter.txt"]), "\n")
	if !strings.HasPrefix(lines[0], "Thursday 10 July 2014") || !strings.HasPrefix(lines[2], "News Summary of") {
		t.Fatalf("the real edition starts otherwise: %q", lines[:3])
	}
	return "Shared Services Weekly\n" + strings.Join(lines[3:], "\n")
}

// TestMailDatedFromItsSubject: a mail whose text has no date line was
// refused ("no edition found"), though its Subject names its date. Now
// the Subject dates it ("14 March 2024"; "March 2024", a monthly's, the
// 1st), with a warning that says so and DatedFrom; a date line in the
// text still dates it; the Date header (when it was sent, or forwarded)
// never does, and a Subject with no date dates nothing. In an mbox, each
// mail is so dated on its own.
func TestMailDatedFromItsSubject(t *testing.T) {
	undated := undatedMailText(t)
	dated := string(realDigestFiles(t)["2014-07-10-newsletter.txt"])
	eml := func(subject, text string) string {
		return "From: SSA News <news@example.org>\nTo: reader@example.org\nSubject: " + subject +
			"\nDate: Thu, 10 Jul 2014 09:12:00 +0100\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n" + text
	}
	for _, c := range []struct{ name, subject, text, date, from string }{
		{"day", "Shared News – 14 March 2024", undated, "2024-03-14", archive.DatedFromSubject},
		{"month", "#212 (March 2024)", undated, "2024-03-01", archive.DatedFromSubject},
		{"encoded", "=?UTF-8?Q?Shared_News_=E2=80=93_14_March_2024?=", undated, "2024-03-14", archive.DatedFromSubject},
		{"date line wins", "Shared News – 14 March 2024", dated, "2014-07-10", ""},
		{"no date", "Shared News: this week's round-up (issue 212)", undated, "", ""},
	} {
		got, err := parser(t).ParseFile("edition.eml", strings.NewReader(eml(c.subject, c.text)))
		if c.date == "" {
			if err == nil && len(got.Editions) > 0 {
				t.Errorf("%s: dated %s from %q, which names no date", c.name, got.Editions[0].Date.Format("2006-01-02"), c.subject)
			}
			continue
		}
		if err != nil || len(got.Editions) != 1 || len(got.Refused) > 0 {
			t.Errorf("%s: %v %v, want one edition", c.name, err, got.Refused)
			continue
		}
		e := got.Editions[0]
		if e.Date.Format("2006-01-02") != c.date || e.DatedFrom != c.from || e.StoryCount() != 5 {
			t.Errorf("%s: dated %s from %q with %d stories, want %s from %q and 5", c.name, e.Date.Format("2006-01-02"), e.DatedFrom, e.StoryCount(), c.date, c.from)
		}
		if c.from != "" && !strings.Contains(warningsOf(e), "the edition is dated from the mail's Subject") {
			t.Errorf("%s: no warning says the Subject dates it: %s", c.name, warningsOf(e))
		}
	}

	// An mbox: a dated mail, one dated by its Subject alone, another.
	files := realDigestFiles(t)
	mbox := "From news@example.org Thu Jul 10 09:12:00 2014\n" + eml("News Summary", string(files["2014-11-20-newsletter.txt"])) + "\n\n" +
		"From news@example.org Thu Mar 14 09:12:00 2024\n" + eml("Shared News – 14 March 2024", undated) + "\n\n" +
		"From news@example.org Thu May 30 09:12:00 2014\n" + eml("News Summary", string(files["2014-05-newsletter.txt"])) + "\n"
	got, err := parser(t).ParseFile("editions.mbox", strings.NewReader(mbox))
	if err != nil || len(got.Refused) > 0 {
		t.Fatalf("mbox: %v %v", err, got.Refused)
	}
	var dates []string
	for _, e := range got.Editions {
		dates = append(dates, e.Date.Format("2006-01-02")+" "+e.DatedFrom)
	}
	if want := []string{"2014-11-20 ", "2024-03-14 " + archive.DatedFromSubject, "2014-05-30 ", "2014-05-21 ", "2014-05-15 "}; fmt.Sprint(dates) != fmt.Sprint(want) {
		t.Errorf("mbox: editions %q, want %q", dates, want)
	}
}

func warningsOf(e archive.ParsedEdition) string {
	var out []string
	for _, w := range e.Warnings {
		out = append(out, w.String())
	}
	return strings.Join(out, "\n")
}

// textExport is a mail as a mail client saves it as plain text (Outlook's
// "Save as: Text Only", Apple Mail, Thunderbird): its header written as
// lines of text, sent a day after the edition's date, then its text.
func textExport(subject, text string) string {
	return "From:\tJane Smith <jane@council.gov.uk>\nSent:\tFriday, 15 March 2024 09:12\nTo:\tShared Services Network <network@council.gov.uk>\n" +
		"Subject:\t" + subject + "\n\n" + strings.TrimRight(text, "\n") + "\n"
}

// TestTextExportDatedFromItsSubject: a mail client's text export whose
// text has no date line is dated from its Subject, as a mail is, and
// never from its Sent line. One export alone was, its header being read
// as a mail's; but an export with text above it, or the second of two
// exports joined in one file, had its header blanked as debris and its
// Subject lost: the one was refused ("no edition found"), the other read
// as an edition with no date after the footer above. The header is no
// edition's text (intro, footer), and a mail forwarded under a note is
// the one edition the note is the intro of.
func TestTextExportDatedFromItsSubject(t *testing.T) {
	undated := undatedMailText(t)
	dated := string(realDigestFiles(t)["2014-07-10-newsletter.txt"])
	march14 := textExport("Shared News – 14 March 2024", undated)
	march21 := textExport("Shared News – 21 March 2024", undated)
	type want struct{ date, from, intro string }
	for _, c := range []struct {
		name, text string
		want       []want
	}{
		{"one export", march14, []want{{"2024-03-14", archive.DatedFromSubject, ""}}},
		{"one export, header with spaces", strings.ReplaceAll(march14, ":\t", ": "), []want{{"2024-03-14", archive.DatedFromSubject, ""}}},
		{"its own date line", textExport("Shared News – 14 March 2024", dated), []want{{"2014-07-10", "", ""}}},
		{"text above", "Shared Services Weekly: the back catalogue\n\n" + march14, []want{{"2024-03-14", archive.DatedFromSubject, ""}}},
		{"two joined", march14 + "\n" + march21, []want{{"2024-03-14", archive.DatedFromSubject, ""}, {"2024-03-21", archive.DatedFromSubject, ""}}},
		{"dated, then undated", textExport("Shared News", dated) + "\n" + march21, []want{{"2014-07-10", "", ""}, {"2024-03-21", archive.DatedFromSubject, ""}}},
		{"forwarded under a note", textExport("FW: Shared News – 14 March 2024", "Hi all, worth a read this week.\n\nBob\n\n-----Original Message-----\n"+march14),
			[]want{{"2024-03-14", archive.DatedFromSubject, "Hi all, worth a read this week.\n\nBob\n\nShared Services Weekly"}}},
	} {
		got, err := parser(t).ParseFile("edition.txt", strings.NewReader(c.text))
		if err != nil || len(got.Refused) > 0 {
			t.Errorf("%s: %v %v", c.name, err, got.Refused)
			continue
		}
		var gots []want
		for _, e := range got.Editions {
			gots = append(gots, want{e.Date.Format("2006-01-02"), e.DatedFrom, e.Intro})
			if e.StoryCount() != 5 {
				t.Errorf("%s: edition of %s has %d stories, want 5", c.name, e.Date.Format("2006-01-02"), e.StoryCount())
			}
			for _, field := range []string{"Jane Smith", "Sent:", "Subject:", "network@council.gov.uk"} {
				if strings.Contains(e.Intro+e.Footer+e.Title, field) {
					t.Errorf("%s: the export's header is in the edition of %s: intro %q, footer %q", c.name, e.Date.Format("2006-01-02"), e.Intro, e.Footer)
				}
			}
		}
		if fmt.Sprintf("%q", gots) != fmt.Sprintf("%q", c.want) {
			t.Errorf("%s: editions %q, want %q", c.name, gots, c.want)
		}
	}
}

// TestMboxOfADamagedMailAndNoEdition: an mbox whose one mail that can be
// read holds no edition (a letter; minutes under their date), and whose
// other mail, the edition, is damaged. Before, the file was refused as
// "no edition found" and the damaged mail was not mentioned, though it
// is why nothing was found. Now the refusal names both, each at its
// line: the damaged mail and why, and that the mails read hold no
// edition.
func TestMboxOfADamagedMailAndNoEdition(t *testing.T) {
	lf := func(b []byte) string { return strings.ReplaceAll(string(b), "\r\n", "\n") }
	mail := func(subject, contentType, body string) string {
		return "From news@example.org Thu Jul 10 09:12:00 2014\nFrom: SSA News <news@example.org>\nTo: reader@example.org\nSubject: " + subject +
			"\nDate: Thu, 10 Jul 2014 09:12:00 +0100\nMIME-Version: 1.0\nContent-Type: " + contentType + "\n\n" + body + "\n\n"
	}
	broken64 := strings.Split(lf([]byte(toBase64(realDigestFiles(t)["2014-07-10-newsletter.txt"]))), "\n")
	broken64[6] = broken64[6][:30] + "*" + broken64[6][31:]
	damaged := mail("News Summary 10 July", "text/plain; charset=utf-8\nContent-Transfer-Encoding: base64", strings.Join(broken64, "\n"))
	for name, other := range map[string]string{
		"a letter": "Dear members,\n\nThe newsletter will not be sent next week while the office moves.\n\nBest wishes,\nJane",
		"minutes":  "Thursday 10 July 2014\n\nMinutes of the board meeting.\n\nPresent: the chair, the treasurer.\n\nThe accounts were approved.",
	} {
		for _, order := range []string{"damaged first", "damaged last"} {
			mbox := damaged + mail("Office move", "text/plain; charset=utf-8", other)
			if order == "damaged last" {
				mbox = mail("Office move", "text/plain; charset=utf-8", other) + damaged
			}
			_, err := parser(t).ParseFile("editions.mbox", strings.NewReader(mbox))
			var pe *archive.ParseError
			if err == nil || !errors.As(err, &pe) {
				t.Errorf("%s, %s: %v, want the file refused", name, order, err)
				continue
			}
			got := err.Error()
			refusal := fmt.Sprintf(`editions.mbox:%d: "News Summary 10 July": the mail's text is not valid base64`, strings.Count(mbox[:strings.Index(mbox, broken64[6])], "\n")+1)
			noEdition := fmt.Sprintf("editions.mbox:%d: no edition found in the mails not refused: ", strings.Count(mbox[:strings.Index(mbox, other)], "\n")+1)
			if !strings.Contains(got, refusal) || !strings.Contains(got, noEdition) {
				t.Errorf("%s, %s: refused as\n%s\nwant %q… and %q…", name, order, got, refusal, noEdition)
			}
		}
	}
}

// TestMailWhoseEditionIsInItsHTMLAlone reads the real digests sent as a
// mailing service sends them: multipart/alternative, the edition in the
// HTML part (base64 or quoted-printable) and in the text part only a
// line that stands in for it ("view it in your browser") or nothing.
// Before, the text part was read because it came first, and the mail
// refused as no edition ("the first line is \"This email is in
// HTML…\"") or as an empty file. Each must read as the original does,
// its stories with their links, and a warning must say the HTML was read
// and why; a text part that is the edition is still the one read.
func TestMailWhoseEditionIsInItsHTMLAlone(t *testing.T) {
	page := htmlPages()["mailing"]
	alternative := func(text, htmlPart string) string {
		return mailHeader + "Content-Type: multipart/alternative; boundary=\"b8\"\r\n\r\n" +
			"--b8\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n" +
			"--b8\r\nContent-Type: text/html; charset=utf-8\r\n" + htmlPart + "--b8--\r\n"
	}
	base64Part := func(b []byte) string { return "Content-Transfer-Encoding: base64\r\n\r\n" + toBase64(page(b)) }
	qpPart := func(b []byte) string {
		return "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + toQP(t, page(b)) + "\r\n"
	}
	forms := map[string]func([]byte) string{
		"a line for the text, base64": func(b []byte) string {
			return alternative("This email is in HTML. If you cannot read it, view it in your browser.\r\n", base64Part(b))
		},
		"mailchimp's line for the text": func(b []byte) string {
			return alternative("** View this email in your browser (https://mailchi.mp/example/news-summary)\r\n", qpPart(b))
		},
		"empty text": func(b []byte) string { return alternative("", base64Part(b)) },
	}
	for form, mail := range forms {
		for name, data := range realDigestFiles(t) {
			m := []byte(mail(data))
			checkVariant(t, form, name, m, parseReal(t, name, data))
			checkNoMailLeft(t, form, name, m)
			got, err := parser(t).ParseFile(name, bytes.NewReader(m))
			if err != nil {
				continue // checkVariant said so
			}
			n := 0
			for _, e := range got.Editions {
				for _, st := range e.Edition().Stories() {
					n++
					if want := fmt.Sprintf("https://example.org/s/%d", n); st.URL != want {
						t.Errorf("%s %s: %q stored with %q, want %q", form, name, st.Headline, st.URL, want)
					}
				}
			}
			if w := got.Warnings; !slices.ContainsFunc(w, func(w archive.Warning) bool { return strings.Contains(w.Msg, "its HTML part was read") }) {
				t.Errorf("%s %s: no warning says the HTML was read: %v", form, name, w)
			}
		}
	}
	// The text part is the edition: it is read, not the HTML, though the
	// HTML shows more (a mailing's links after each "Read more").
	for name, data := range realDigestFiles(t) {
		m := []byte(alternative(string(data), base64Part(data)))
		checkVariant(t, "text and html", name, m, parseReal(t, name, data))
		got, err := parser(t).ParseFile(name, bytes.NewReader(m))
		if err != nil {
			continue
		}
		for _, e := range got.Editions {
			for _, st := range e.Edition().Stories() {
				if strings.Contains(st.URL, "example.org/s/") {
					t.Errorf("text and html %s: %q has the HTML's link %q: the HTML was read, not the text", name, st.Headline, st.URL)
				}
			}
		}
	}
}
