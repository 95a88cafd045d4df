package email_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/email/smtptest"
)

// msgID is RFC 5322's msg-id without the obsolete forms (section 3.6.4):
// dot-atom-text "@" dot-atom-text, so no leading, trailing or doubled dot.
var msgID = regexp.MustCompile("^<[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*" +
	"@[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*>$")

// wireMail is a mail as the server received it, checked against the
// standards a receiving server and mail client hold it to.
type wireMail struct {
	header      mail.Header
	text, html  string
	contentType string
	// raw is the text part as a client that does not know format=flowed
	// shows it; text is as one that does reads it (unflow), when the
	// part's textFormat is "flowed".
	raw, textFormat string
}

// checkWire checks what an SMTP server without SMTPUTF8 received:
// RFC 5322 (CRLF only, lines of at most 998 octets, an ASCII header,
// Date, a well-formed Message-ID), RFC 2047 (every header decodes), RFC
// 2045/2046 (multipart/alternative, text before HTML, UTF-8 with a
// 7-bit transfer encoding), and returns the decoded parts.
func checkWire(t *testing.T, m smtptest.Message) wireMail {
	t.Helper()
	data := m.Data
	for i, line := range bytes.Split(data, []byte("\r\n")) {
		if bytes.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, clipBytes(line))
		}
		if len(line) > 998 {
			t.Errorf("line %d is %d octets, more than RFC 5322's 998: %q", i+1, len(line), clipBytes(line))
		}
	}
	end := bytes.Index(data, []byte("\r\n\r\n"))
	if end < 0 {
		t.Fatal("no end of header")
	}
	for i, b := range data[:end] {
		if b >= 0x80 || b == 0 {
			t.Errorf("header byte %d is %#x: a header is ASCII without SMTPUTF8 (RFC 5322 2.2; RFC 2047 for the rest): %q",
				i, b, clipBytes(data[max(0, i-40):min(end, i+40)]))
			break
		}
	}
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("net/mail cannot read the mail: %v", err)
	}
	h := msg.Header
	if _, err := h.Date(); err != nil {
		t.Errorf("Date %q: %v", h.Get("Date"), err)
	}
	if id := h.Get("Message-Id"); !msgID.MatchString(id) {
		t.Errorf("Message-ID %q is not RFC 5322's dot-atom-text@dot-atom-text", id)
	}
	if _, err := h.AddressList("From"); err != nil {
		t.Errorf("From %q: %v", h.Get("From"), err)
	}
	if to, err := h.AddressList("To"); err != nil || len(to) != 1 || !strings.EqualFold(to[0].Address, m.To[0]) {
		t.Errorf("To %q (%v), want the envelope's recipient %q", h.Get("To"), err, m.To)
	}
	dec := new(mime.WordDecoder)
	for k, vs := range h {
		for _, v := range vs {
			if _, err := dec.DecodeHeader(v); err != nil {
				t.Errorf("header %s %q does not decode (RFC 2047): %v", k, v, err)
			}
		}
	}
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type %q (%v), want multipart/alternative", h.Get("Content-Type"), err)
	}
	w := wireMail{header: h, contentType: mt}
	r := multipart.NewReader(msg.Body, params["boundary"])
	var order []string
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		ct, cp, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if err != nil || !strings.EqualFold(cp["charset"], "utf-8") {
			t.Errorf("part %q: want a charset of UTF-8 (%v)", p.Header.Get("Content-Type"), err)
		}
		// NextPart has decoded quoted-printable and removed the header;
		// what it leaves is the content.
		switch cte := strings.ToLower(p.Header.Get("Content-Transfer-Encoding")); cte {
		case "", "quoted-printable", "7bit", "base64":
		default:
			t.Errorf("part %s: Content-Transfer-Encoding %q to a server that did not offer 8BITMIME", ct, cte)
		}
		body, err := io.ReadAll(p)
		if err != nil {
			t.Fatalf("part %s: %v", ct, err)
		}
		if !utf8.Valid(body) {
			t.Errorf("part %s is not valid UTF-8", ct)
		}
		order = append(order, ct)
		switch ct {
		case "text/plain":
			w.raw, w.text, w.textFormat = string(body), string(body), strings.ToLower(cp["format"])
			if w.textFormat == "flowed" {
				w.text = unflow(w.raw)
			}
		case "text/html":
			w.html = string(body)
		}
	}
	if strings.Join(order, ",") != "text/plain,text/html" {
		t.Errorf("parts %v, want text/plain then text/html (RFC 2046 5.1.4: the richest last)", order)
	}
	return w
}

// fieldLines returns the lines of the header field name as the mail has
// them, folded.
func fieldLines(data []byte, name string) []string {
	head, _, _ := strings.Cut(string(data), "\r\n\r\n")
	var lines []string
	in := false
	for line := range strings.SplitSeq(head, "\r\n") {
		folded := strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t")
		if !folded {
			k, _, _ := strings.Cut(line, ":")
			in = strings.EqualFold(k, name)
		}
		if in {
			lines = append(lines, line)
		}
	}
	return lines
}

func clipBytes(b []byte) []byte {
	if len(b) > 120 {
		return b[:120]
	}
	return b
}

// postEdition mails e to the reader with address through the service, as
// the delivery worker does, and returns the mail the server received.
func (f *fixture) postEdition(e digest.Edition, address string) smtptest.Message {
	f.t.Helper()
	ctx := context.Background()
	sub, err := f.store.SubscriberByAddress(ctx, address)
	if err != nil {
		f.t.Fatal(err)
	}
	before := len(f.server.Messages())
	if err := f.service.PostEdition(ctx, delivery.Post{ChannelID: fmt.Sprint(sub.ID), Edition: e}, func(int, string) error { return nil }); err != nil {
		f.t.Fatal(err)
	}
	msgs := f.server.Messages()
	if len(msgs) != before+1 {
		f.t.Fatalf("%d mails sent, want 1", len(msgs)-before)
	}
	return msgs[len(msgs)-1]
}

// worstCaseEdition has every configured sector, several long stories in
// each, and member text with emoji, right-to-left script, markup, CSS,
// line breaks of every kind and text far longer than a mail line.
func worstCaseEdition(sectors digest.Sectors) digest.Edition {
	hostile := `مرحبا 🏛️👩🏽‍⚕️ שלום <script>alert(1)</script> <style>body{display:none}</style> ` +
		`<a href="javascript:alert(1)" style="position:fixed">x</a> "quotes" & 'apostrophes' =?UTF-8?B?SGk=?= ` +
		"\r\nBcc: victim@example.org\rline\u2028sep\u0085nel "
	long := strings.Repeat(hostile, 12) // about 4 kB in each field, many times a mail line
	e := digest.Edition{ID: 9, Number: 9, State: digest.EditionPublished, Date: time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC),
		Title: "News Summary of Collaboration and Shared Services from 19th November 2026 — édition 🏛️ עברית",
		Intro: long + "\n\n" + long, Footer: long}
	id := int64(1)
	for _, sec := range sectors {
		s := digest.Section{Sector: sec, Text: long}
		for range 3 {
			s.Stories = append(s.Stories, digest.Story{ID: id, URL: fmt.Sprintf("https://example.org/%d?a=1&b=<x>", id), Headline: long,
				Summary: long, Source: long, Commentary: long, Afterword: long, Sector: sec.Slug})
			id++
		}
		e.Sections = append(e.Sections, s)
	}
	return e
}

func TestWorstCaseEditionMailMeetsTheStandards(t *testing.T) {
	f := newFixture(t, smtptest.Options{})
	f.importReaders("ana@example.org")
	e := worstCaseEdition(f.sectors)
	w := checkWire(t, f.postEdition(e, "ana@example.org"))
	dec := new(mime.WordDecoder)
	if subject, err := dec.DecodeHeader(w.header.Get("Subject")); err != nil || subject != e.Title {
		t.Errorf("Subject decodes to %q (%v), want the title %q", subject, err, e.Title)
	}
	for _, name := range []string{"Bcc", "Cc"} {
		if got := w.header.Get(name); got != "" {
			t.Errorf("member text injected a %s header: %q", name, got)
		}
	}
	for _, want := range []string{"مرحبا 🏛️👩🏽‍⚕️ שלום", "<script>alert(1)</script>", digest.ReadMore} {
		if !strings.Contains(w.text, want) {
			t.Errorf("text part lacks %q", want)
		}
	}
	if strings.Count(w.text, digest.ReadMore) != 3*len(f.sectors) {
		t.Errorf("text part has %d %q, want one per story (%d)", strings.Count(w.text, digest.ReadMore), digest.ReadMore, 3*len(f.sectors))
	}
	for _, banned := range []string{"<script", "<style", `href="javascript:`, `<a href="javascript`} {
		if strings.Contains(w.html, banned) {
			t.Errorf("member text reached the HTML part as markup: %q", banned)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "مرحبا 🏛️👩🏽‍⚕️ שלום", `href="https://example.org/1?a=1&amp;b=%3cx%3e"`} {
		if !strings.Contains(w.html, want) {
			t.Errorf("HTML part lacks %q", want)
		}
	}
}

// A confirmation mail's Message-ID is on the site's own domain, like an
// edition's, and well-formed: go-mail's default is random characters that
// may hold ".." or end in "." (not RFC 5322's dot-atom-text) at the
// machine's host name, which leaks it and is no domain.
func TestConfirmationMailMeetsTheStandards(t *testing.T) {
	f := newFixture(t, smtptest.Options{})
	ctx := context.Background()
	const n = 60
	for i := range n {
		if err := f.service.SignUp(ctx, fmt.Sprintf("reader%d@example.org", i), []string{"health"}, fmt.Sprintf("192.0.2.%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	msgs := f.server.Messages()
	if len(msgs) != n {
		t.Fatalf("%d confirmation mails, want %d", len(msgs), n)
	}
	seen := map[string]bool{}
	for _, m := range msgs {
		w := checkWire(t, m)
		id := w.header.Get("Message-Id")
		if !strings.HasSuffix(id, "@council.example>") || seen[id] {
			t.Errorf("Message-ID %q: want a distinct one on the sender's domain, council.example", id)
		}
		seen[id] = true
		if !strings.Contains(w.text, "https://news.council.example/subscribe/confirm?t=c.") {
			t.Errorf("no confirmation link in:\n%s", w.text)
		}
	}
}

// bot.name is the List-Id's phrase (RFC 2919): a name with letters
// outside ASCII, or with a character a phrase cannot hold bare (":"), is
// written as RFC 2047 encoded words, which read back as the name. A long
// name is folded: each line of the field keeps to RFC 5322's 78
// characters, and one holding encoded words to RFC 2047 2's 76.
func TestListIdCarriesAnySiteName(t *testing.T) {
	for _, site := range []string{"Nouvelles partagées", "Shared News: Weekly", "Shared News 🏛️ (Wales) — Cymru, Dŵr",
		"Nouvelles partagées des collectivités territoriales de la région",
		"Collaboration and Shared Services News Summary for the East of England",
		"Shared Services: News Summary for Councils, Health and Blue Light Services",
		"Gwasanaethau a Rennir — Crynodeb Newyddion Wythnosol i Gynghorau, Iechyd a’r Gwasanaethau Brys"} {
		f := newFixtureAs(t, smtptest.Options{}, site, "news@council.example")
		f.importReaders("ana@example.org")
		m := f.postEdition(worstCaseEdition(f.sectors[:1]), "ana@example.org")
		for i, line := range fieldLines(m.Data, "List-Id") {
			limit := 78
			if strings.Contains(line, "=?") {
				limit = 76
			}
			if len(line) > limit {
				t.Errorf("site %q: List-Id's line %d is %d characters, more than %d: %q", site, i+1, len(line), limit, line)
			}
		}
		w := checkWire(t, m)
		raw := w.header.Get("List-Id")
		phrase, id, ok := strings.Cut(raw, "<")
		decoded, err := new(mime.WordDecoder).DecodeHeader(strings.TrimSpace(phrase))
		if !ok || id != "edition.council.example>" || err != nil || strings.Trim(decoded, `"`) != site {
			t.Errorf("site %q: List-Id %q reads as %q (%v), want the name and <edition.council.example>", site, raw, decoded, err)
		}
		if _, err := mail.ParseAddress(phrase + "<x@edition.council.example>"); err != nil {
			t.Errorf("site %q: List-Id's phrase %q is not an RFC 5322 phrase: %v", site, phrase, err)
		}
	}
}

// RFC 8058 3.1: a mail that offers one-click unsubscribe
// (List-Unsubscribe-Post) "MUST contain one HTTPS URI" in
// List-Unsubscribe. Under an http:// public_url, which check-config only
// warns of, the mail still carries the link for a browser (RFC 2369) but
// claims no one-click.
func TestOneClickIsOfferedOnlyOnAnHTTPSLink(t *testing.T) {
	for _, c := range []struct {
		publicURL string
		oneClick  bool
	}{{"https://news.council.example", true}, {"http://news.council.example", false}, {"http://127.0.0.1:8080/news", false},
		// A URL's scheme is any case (RFC 3986 3.1): check-config reads
		// this one as https and does not warn, so the mail must offer it.
		{"HTTPS://news.council.example", true}} {
		f := newFixtureAt(t, smtptest.Options{}, "Shared News", "news@council.example", c.publicURL)
		f.importReaders("ana@example.org")
		w := checkWire(t, f.postEdition(worstCaseEdition(f.sectors[:1]), "ana@example.org"))
		unsub := w.header.Get("List-Unsubscribe")
		if !strings.HasPrefix(unsub, "<"+c.publicURL+"/unsubscribe?t=u.") || !strings.HasSuffix(unsub, ">") {
			t.Errorf("%s: List-Unsubscribe %q, want the reader's link under it", c.publicURL, unsub)
		}
		post, ok := w.header["List-Unsubscribe-Post"]
		switch {
		case c.oneClick && (len(post) != 1 || post[0] != "List-Unsubscribe=One-Click"):
			t.Errorf("%s: List-Unsubscribe-Post %q, want one, List-Unsubscribe=One-Click", c.publicURL, post)
		case !c.oneClick && ok:
			t.Errorf("%s: List-Unsubscribe-Post %q beside an http link, which RFC 8058 does not allow", c.publicURL, post)
		}
	}
}

// Domains in other scripts (RFC 5890's U-labels) go out as their ASCII
// A-labels, in the envelope and the header alike: a server without
// SMTPUTF8 refuses or mangles 8-bit addresses, and the Message-ID and
// List-Id take the sender's domain.
func TestInternationalDomainsGoOutInASCII(t *testing.T) {
	f := newFixtureAs(t, smtptest.Options{}, "Shared News", "Équipe <news@bücher.example>")
	f.importReaders("ana@münchen.example")
	w := checkWire(t, f.postEdition(worstCaseEdition(f.sectors[:1]), "ana@münchen.example"))
	m := f.server.Messages()[0]
	if m.From != "news@xn--bcher-kva.example" || len(m.To) != 1 || m.To[0] != "ana@xn--mnchen-3ya.example" {
		t.Errorf("envelope from %q to %q, want news@xn--bcher-kva.example to ana@xn--mnchen-3ya.example", m.From, m.To)
	}
	if id := w.header.Get("Message-Id"); !strings.HasSuffix(id, "@xn--bcher-kva.example>") {
		t.Errorf("Message-ID %q, want one on xn--bcher-kva.example", id)
	}
	if got := w.header.Get("List-Id"); got != "Shared News <edition.xn--bcher-kva.example>" {
		t.Errorf("List-Id %q", got)
	}
	if err := f.service.SignUp(context.Background(), "ben@münchen.example", nil, "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	msgs := f.server.Messages()
	if c := msgs[len(msgs)-1]; c.To[0] != "ben@xn--mnchen-3ya.example" {
		t.Errorf("confirmation mail to %q, want ben@xn--mnchen-3ya.example", c.To)
	} else {
		checkWire(t, c)
	}
}

// A title with a word longer than a header line (a pasted link, say)
// cannot be folded at a space: it goes out as RFC 2047 encoded words, so
// that no header line passes RFC 5322's 998 octets, and reads back whole.
func TestLongUnbrokenTitleIsFolded(t *testing.T) {
	f := newFixture(t, smtptest.Options{})
	f.importReaders("ana@example.org")
	e := worstCaseEdition(f.sectors[:1])
	for _, title := range []string{
		"Shared services news from https://www.example.org/" + strings.Repeat("very-long-path-", 80) + " and more",
		strings.Repeat("x", 1200),
		"Édition " + strings.Repeat("é", 600) + strings.Repeat("y", 100),
	} {
		e.ID++ // another edition: the service renders an edition once
		e.Title = title
		w := checkWire(t, f.postEdition(e, "ana@example.org"))
		if got, err := new(mime.WordDecoder).DecodeHeader(w.header.Get("Subject")); err != nil || got != title {
			t.Errorf("Subject reads back as %q (%v), want the title", clip(got), err)
		}
	}
}

func clip(s string) string {
	if len(s) > 100 {
		return s[:100] + "…"
	}
	return s
}
