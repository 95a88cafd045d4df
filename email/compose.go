package email

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"html/template"
	"net/mail"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	gomail "github.com/wneessen/go-mail"

	"github.com/sharednews/sharednews/digest"
)

// Sender identity and the site's addresses, which every mail carries.
type identity struct {
	siteName string
	from     *mail.Address
	replyTo  *mail.Address // nil: replies go to from
	base     string        // http.public_url without a trailing "/"
	listID   string        // List-Id (RFC 2919)
	domain   string        // the right-hand side of Message-IDs
	oneClick bool          // base is https, so mails offer one-click unsubscribe
}

func newIdentity(siteName, from, replyTo, publicURL string) (identity, error) {
	f, err := mail.ParseAddress(from)
	if err == nil {
		f.Address, err = asciiDomain(f.Address)
	}
	if err != nil {
		return identity{}, fmt.Errorf("email.from %q: %w", from, err)
	}
	id := identity{siteName: digest.OneLine(siteName), from: f, base: strings.TrimRight(publicURL, "/")}
	// RFC 8058 3.1: a mail that offers one-click unsubscribe "MUST contain
	// one HTTPS URI" in List-Unsubscribe. The scheme is read as
	// check-config reads it (any case, RFC 3986 3.1), so that a public_url
	// it does not warn of gets the header.
	if u, err := url.Parse(publicURL); err == nil && u.Scheme == "https" {
		id.oneClick = true
	}
	if replyTo != "" {
		id.replyTo, err = mail.ParseAddress(replyTo)
		if err == nil {
			id.replyTo.Address, err = asciiDomain(id.replyTo.Address)
		}
		if err != nil {
			return identity{}, fmt.Errorf("email.reply_to %q: %w", replyTo, err)
		}
	}
	id.domain = strings.ToLower(f.Address[strings.LastIndexByte(f.Address, '@')+1:])
	id.listID = listID(id.siteName, id.domain)
	if id.siteName == "" {
		id.siteName = "Shared News"
	}
	return id, nil
}

// listID is the List-Id field's value (RFC 2919): name as its phrase, then
// <edition.DOMAIN>. go-mail writes the field as given, so the phrase is
// written here: bare when it is words of RFC 5322 atext, a quoted string
// when it is other ASCII (a phrase cannot hold ":" or "," bare), else RFC
// 2047 encoded words, since the header is ASCII. It is folded at its
// spaces so that a line keeps to RFC 5322 2.1.1's 78 characters where the
// words allow, and a line that holds encoded words to RFC 2047 2's 76: Go's
// encoder makes words of 75, the first of which, after "List-Id: ", made a
// line of 84 for a long name beyond ASCII.
func listID(name, domain string) string {
	const field = len("List-Id: ")
	limit := 78
	var words []string
	switch {
	case name == "":
	case isPlainPhrase(name):
		words = strings.Split(name, " ")
	case isPrintableASCII(name):
		words = strings.Split(`"`+strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(name)+`"`, " ")
	default:
		limit = 76
		words = qWords(name, limit-field, limit-1)
	}
	words = append(words, "<edition."+domain+">")
	var b strings.Builder
	n := field
	for i, w := range words {
		if i > 0 {
			if n+1+len(w) > limit {
				b.WriteString("\r\n")
				n = 0
			}
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

func isPlainPhrase(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' && !isAtext(s[i]) {
			return false
		}
	}
	return true
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// qWords writes s as RFC 2047 Q-encoded words in UTF-8, the first at most
// first characters long and the others at most rest, never splitting a
// character. Only letters, digits and "!*+-/" stand for themselves (space
// as "_"): RFC 2047 5(3) allows no more in a word inside a phrase, which
// Go's Q encoding exceeds (it leaves "," and "(" as they are).
func qWords(s string, first, rest int) []string {
	const open, end = "=?utf-8?q?", "?="
	var words []string
	var word strings.Builder
	limit := first
	for _, r := range s {
		var enc strings.Builder
		for _, c := range []byte(string(r)) {
			switch {
			case c == ' ':
				enc.WriteByte('_')
			case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!*+-/", c) >= 0:
				enc.WriteByte(c)
			default:
				fmt.Fprintf(&enc, "=%02X", c)
			}
		}
		if word.Len() > 0 && len(open)+word.Len()+enc.Len()+len(end) > limit {
			words = append(words, open+word.String()+end)
			word.Reset()
			limit = rest
		}
		word.WriteString(enc.String())
	}
	return append(words, open+word.String()+end)
}

// isAtext reports whether c is RFC 5322's atext.
func isAtext(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

func (id identity) newMsg(to, subject string) (*gomail.Msg, error) {
	m := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	m.FromMailAddress(id.from)
	to, err := asciiDomain(to)
	if err != nil {
		return nil, err
	}
	if err := m.To(to); err != nil {
		return nil, fmt.Errorf("address the mail: %w", err)
	}
	if id.replyTo != nil {
		m.ReplyToMailAddress(id.replyTo)
	}
	m.Subject(foldableSubject(subject))
	m.SetDate()
	// go-mail's own Message-ID is random characters, dots among them (so
	// at times ".." or a final ".", which RFC 5322's dot-atom-text does not
	// allow), at the machine's host name: every mail gets one of its own
	// on the sender's domain instead (an edition's is replaced by one
	// derived from the edition and the reader).
	m.SetMessageIDWithValue(rand.Text() + "@" + id.domain)
	return m, nil
}

// foldableSubject returns an ASCII subject with a word too long for a
// header line (a pasted link) as RFC 2047 Q-encoded words, which can be
// folded between them and read back as the subject (RFC 2047 6.2: the
// space between encoded words is dropped). go-mail folds only at spaces,
// and encodes only text outside ASCII (which it splits itself), so such a
// word went out as one line past RFC 5322 2.1.1's 998 octets.
func foldableSubject(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return s
		}
	}
	long := false
	for w := range strings.FieldsSeq(s) {
		long = long || len(w) > 76
	}
	if !long {
		return s
	}
	const open, end, room = "=?utf-8?q?", "?=", 75 - len("=?utf-8?q?") - len("?=")
	var words []string
	var word strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		enc := string(c)
		switch {
		case c == ' ':
			enc = "_"
		case c < ' ' || c > '~' || c == '=' || c == '?' || c == '_':
			enc = fmt.Sprintf("=%02X", c)
		}
		if word.Len()+len(enc) > room {
			words = append(words, open+word.String()+end)
			word.Reset()
		}
		word.WriteString(enc)
	}
	return strings.Join(append(words, open+word.String()+end), " ")
}

// renderedEdition is one edition as a set of readers with the same
// sectors receives it, rendered once for all of them: only the
// unsubscribe link differs from reader to reader.
type renderedEdition struct {
	subject string
	webURL  string
	text    string        // digest.RenderText
	body    template.HTML // digest.RenderHTMLBody with inline styles
	sectors string        // the sectors the reader chose, in words; "" for all
}

func (id identity) renderEdition(e digest.Edition, sectorNames []string) (*renderedEdition, error) {
	// The footer tells a reader of the mail (and whoever it is forwarded
	// to) of the sign-up page, not of a chat command.
	e.Subscribe = digest.SignUpAt(id.base + "/subscribe")
	fragment, err := digest.RenderHTMLBody(e)
	if err != nil {
		return nil, err
	}
	body, err := inlineStyles(fragment)
	if err != nil {
		return nil, err
	}
	r := &renderedEdition{
		subject: digest.OneLine(e.Title),
		webURL:  fmt.Sprintf("%s/editions/%d", id.base, e.Number),
		text:    digest.RenderText(e),
		body:    body,
		sectors: digest.ListWords(sectorNames),
	}
	if r.subject == "" {
		r.subject = fmt.Sprintf("%s: edition %d", id.siteName, e.Number)
	}
	return r, nil
}

// editionPage is the mail's HTML document around the edition: tables, as
// Outlook needs them for a centred column of fixed width, and inline styles.
// A table cell grows to hold its longest word, so the column's cell lets a
// word break anywhere (overflow-wrap, and the older word-break that
// WebKit-based mail clients read): a link left as a story's headline, or
// quoted in a summary, otherwise widened the 600 px column to its own
// length, and a phone scrolled sideways. The web archive's stylesheet does
// the same.
var editionPage = template.Must(template.New("edition").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>{{.Subject}}</title>
</head>
<body style="margin: 0; padding: 0; background-color: #f1f1ee;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color: #f1f1ee;">
<tr><td align="center" style="padding: 16px 8px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width: 100%; max-width: 600px; background-color: #ffffff;">
<tr><td style="padding: 24px; font-family: Georgia, 'Times New Roman', Times, serif; font-size: 16px; line-height: 24px; color: #1b1b1b; overflow-wrap: anywhere; word-break: break-word;">
<p style="margin: 0 0 16px; font-family: Arial, Helvetica, sans-serif; font-size: 13px; line-height: 18px; color: #4a4a4a;"><a href="{{.WebURL}}" style="color: #0a4fa8; text-decoration: underline;">Read this edition on the web</a></p>
{{.Body}}
<p style="margin: 28px 0 0; padding-top: 12px; border-top: 1px solid #d6d6d2; font-family: Arial, Helvetica, sans-serif; font-size: 13px; line-height: 18px; color: #4a4a4a;">You receive {{.Site}} by email because you subscribed{{if .Sectors}} to {{.Sectors}}{{end}}. <a href="{{.UnsubscribeURL}}" style="color: #0a4fa8; text-decoration: underline;">Unsubscribe</a> in one click, or change your sectors at <a href="{{.SubscribeURL}}" style="color: #0a4fa8; text-decoration: underline;">{{.SubscribeURL}}</a>.</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`))

// editionMsg is the mail of one edition to one reader: multipart/alternative
// with the text and the HTML, subject the edition's title, and the list
// headers of RFC 2369, 2919 and 8058.
func (id identity) editionMsg(r *renderedEdition, to, messageID, unsubscribeURL string) (*gomail.Msg, error) {
	m, err := id.newMsg(to, r.subject)
	if err != nil {
		return nil, err
	}
	m.SetMessageIDWithValue(messageID)
	m.SetGenHeaderPreformatted(gomail.HeaderListUnsubscribe, "<"+unsubscribeURL+">")
	// Under an http:// public_url (which check-config warns of) the link
	// is only RFC 2369's, opened in a browser: claiming one-click beside it
	// would be a false header (see oneClick).
	if id.oneClick {
		m.SetGenHeaderPreformatted(gomail.HeaderListUnsubscribePost, "List-Unsubscribe=One-Click")
	}
	m.SetGenHeaderPreformatted(gomail.Header("List-Id"), id.listID)
	m.SetGenHeader(gomail.HeaderPrecedence, "list")
	m.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	subscribeURL := id.base + "/subscribe"
	var text strings.Builder
	text.WriteString(r.text)
	// "-- " is RFC 3676's signature separator: plain-text clients leave
	// what follows (the reader's own unsubscribe link) out of a reply.
	fmt.Fprintf(&text, "\n-- \nRead this edition on the web: %s\n", r.webURL)
	fmt.Fprintf(&text, "You receive %s by email because you subscribed", id.siteName)
	if r.sectors != "" {
		fmt.Fprintf(&text, " to %s", r.sectors)
	}
	fmt.Fprintf(&text, ".\nUnsubscribe in one click: %s\nChange your sectors: %s\n", unsubscribeURL, subscribeURL)
	var html bytes.Buffer
	if err := editionPage.Execute(&html, map[string]any{
		"Subject": r.subject, "WebURL": r.webURL, "Body": r.body, "Site": id.siteName, "Sectors": r.sectors,
		"UnsubscribeURL": unsubscribeURL, "SubscribeURL": subscribeURL,
	}); err != nil {
		return nil, fmt.Errorf("render the edition mail: %w", err)
	}
	m.SetBodyString(textFlowed, flowed(text.String()))
	m.AddAlternativeString(gomail.TypeTextHTML, html.String())
	return m, nil
}

var confirmPage = template.Must(template.New("confirm").Parse(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{.Subject}}</title></head>
<body style="margin: 0; padding: 24px; background-color: #ffffff; font-family: Georgia, 'Times New Roman', Times, serif; font-size: 16px; line-height: 24px; color: #1b1b1b;">
<p style="margin: 0 0 12px;">Someone, probably you, asked to receive {{.Site}} by email at this address{{if .Sectors}}, for {{.Sectors}}{{end}}.</p>
{{if .Already}}<p style="margin: 0 0 12px;">{{.Already}}</p>
{{end}}{{if .Repeat}}<p style="margin: 0 0 12px;">{{.Repeat}}</p>
{{end}}<p style="margin: 0 0 12px;"><a href="{{.URL}}" style="color: #0a4fa8; text-decoration: underline; font-weight: bold;">{{.Action}}</a></p>
<p style="margin: 0 0 12px; font-size: 14px; color: #4a4a4a;">The link works once, until {{.Until}}. If you did not ask, ignore this mail: {{.Ignored}}</p>
</body>
</html>
`))

// confirmationMsg asks the reader to confirm a sign-up; until is the
// link's expiry in the time zone the mail states it in. current, when not
// nil, are the names of the sectors a reader already subscribed receives
// (empty: every sector): the mail says so, and that confirming changes
// them to sectorNames, rather than read as a first sign-up.
//
// repeat, when not empty, is said after that: that a confirmation link
// sent before still works, and when no more will be sent (repeatNote).
func (id identity) confirmationMsg(to, confirmURL string, sectorNames []string, current *[]string, repeat string, until time.Time) (*gomail.Msg, error) {
	subject := "Confirm your subscription to " + id.siteName
	m, err := id.newMsg(to, subject)
	if err != nil {
		return nil, err
	}
	m.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	sectors := digest.ListWords(sectorNames)
	// In bot.timezone (until's location), named, as the chat states times.
	untilText := until.Format("2 January 2006 at 15:04 MST")
	var text strings.Builder
	fmt.Fprintf(&text, "Someone, probably you, asked to receive %s by email at this address", id.siteName)
	if sectors != "" {
		fmt.Fprintf(&text, ", for %s", sectors)
	}
	text.WriteString(".\n\n")
	action, ignored, already := "Confirm your subscription", "nothing more will be sent to you.", ""
	if current != nil {
		// Confirming replaces the sectors the reader has: say what they
		// have and what they will have, and that ignoring keeps them.
		already = fmt.Sprintf("This address already receives %s by email, for %s. Confirming changes its sectors to %s.",
			id.siteName, sectorsOrEvery(*current), sectorsOrEvery(sectorNames))
		action, ignored = "Confirm the change", "nothing changes."
		text.WriteString(already + "\n\n")
	}
	if repeat != "" {
		text.WriteString(repeat + "\n\n")
	}
	fmt.Fprintf(&text, "%s: %s\n\nThe link works once, until %s. If you did not ask, ignore this mail: %s\n",
		action, confirmURL, untilText, ignored)
	var html bytes.Buffer
	if err := confirmPage.Execute(&html, map[string]any{"Subject": subject, "Site": id.siteName, "Sectors": sectors,
		"URL": confirmURL, "Until": untilText, "Already": already, "Repeat": repeat, "Action": action, "Ignored": ignored}); err != nil {
		return nil, fmt.Errorf("render the confirmation mail: %w", err)
	}
	m.SetBodyString(textFlowed, flowed(text.String()))
	m.AddAlternativeString(gomail.TypeTextHTML, html.String())
	return m, nil
}

// sectorsOrEvery names a reader's sectors as a sentence lists them, or
// "every sector" for a reader who chose none (and so receives all).
func sectorsOrEvery(names []string) string {
	if len(names) == 0 {
		return "every sector"
	}
	return digest.ListWords(names)
}
