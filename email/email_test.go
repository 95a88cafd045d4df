package email_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/email"
	"github.com/sharednews/sharednews/email/smtptest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// fixture is a real store, a real SMTP server with STARTTLS, the email
// service sending through it, and a delivery worker.
type fixture struct {
	t       *testing.T
	store   *store.Store
	server  *smtptest.Server
	service *email.Service
	worker  *delivery.Worker
	sectors digest.Sectors
	reports *reports
}

type reports struct{ failed []store.Delivery }

func (r *reports) ReportFailedDeliveries(_ context.Context, failed []store.Delivery) []store.Delivery {
	r.failed = append(r.failed, failed...)
	return nil
}

func newFixture(t *testing.T, opts smtptest.Options) *fixture {
	t.Helper()
	return newFixtureAs(t, opts, "Shared News", "Shared News <news@council.example>")
}

// newFixtureAs is newFixture with another bot.name and email.from.
func newFixtureAs(t *testing.T, opts smtptest.Options, siteName, from string) *fixture {
	t.Helper()
	return newFixtureAt(t, opts, siteName, from, "https://news.council.example")
}

// newFixtureAt is newFixtureAs with another http.public_url.
func newFixtureAt(t *testing.T, opts smtptest.Options, siteName, from, publicURL string) *fixture {
	t.Helper()
	f := serverFixture(t, opts)
	o := senderTo(f.server)
	o.Username, o.Password = opts.Username, opts.Password
	f.sendWith(newSender(t, o), email.Options{SiteName: siteName, From: from, ReplyTo: "editor@council.example", PublicURL: publicURL},
		delivery.Options{Backoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond})
	return f
}

// newFixtureWith is a fixture whose sender has o's settings, sending to
// a new server answering as opts says, and whose worker works as work
// says.
func newFixtureWith(t *testing.T, opts smtptest.Options, o email.SMTPOptions, work delivery.Options) *fixture {
	t.Helper()
	f := serverFixture(t, opts)
	to := senderTo(f.server)
	o.Host, o.Port, o.TLSConfig = to.Host, to.Port, to.TLSConfig
	f.sendWith(newSender(t, o), email.Options{From: "news@council.example", PublicURL: "https://news.council.example"}, work)
	return f
}

// serverFixture is a fixture over a new store and a new server answering
// as opts says, with no service or worker yet: sendWith gives it those.
func serverFixture(t *testing.T, opts smtptest.Options) *fixture {
	t.Helper()
	srv, err := smtptest.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	f := fixtureOver(t, storetest.Open(t, ""))
	f.server = srv
	return f
}

// fixtureOver is a fixture over st with no mail server, service or
// worker yet: sendWith gives it the last two.
func fixtureOver(t *testing.T, st *store.Store) *fixture {
	return &fixture{t: t, store: st, sectors: digest.Sectors(config.Default().DigestSectors())}
}

// sendWith gives f a service over its store sending with sender, o
// giving the rest, and a worker delivering through it as work says,
// reporting failures to a new f.reports.
func (f *fixture) sendWith(sender email.Sender, o email.Options, work delivery.Options) {
	f.t.Helper()
	if o.RetryFor == 0 {
		// The fixtures' workers retry in milliseconds and mean their
		// attempts as the bound, not three days of them.
		o.RetryFor = time.Nanosecond
	}
	f.service = newService(f.t, f.store, sender, o)
	f.reports = &reports{}
	work.Store, work.Sectors, work.Reporter = f.store, f.sectors, f.reports
	w, err := delivery.New(work)
	if err != nil {
		f.t.Fatal(err)
	}
	w.Add(f.service)
	f.worker = w
}

// newService is the email service over st in the default sectors,
// sending with sender; o gives the rest.
func newService(t *testing.T, st *store.Store, sender email.Sender, o email.Options) *email.Service {
	t.Helper()
	o.Store, o.Sender, o.Sectors = st, sender, digest.Sectors(config.Default().DigestSectors())
	svc, err := email.New(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// senderTo is the address of srv, and client settings that trust its
// certificate.
func senderTo(srv *smtptest.Server) email.SMTPOptions {
	return email.SMTPOptions{Host: srv.Host(), Port: srv.Port(), TLSConfig: srv.ClientTLS}
}

// newSender sends as o says, at 1,000 mails a second unless o sets a
// pace, and is closed when the test ends.
func newSender(t *testing.T, o email.SMTPOptions) *email.SMTP {
	t.Helper()
	if o.PerSecond == 0 {
		o.PerSecond = 1000
	}
	sender, err := email.NewSMTP(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sender.Close() })
	return sender
}

// publish approves stories in the given sectors and publishes them with
// email deliveries, then sends them.
func (f *fixture) publish(sectors ...string) store.Published {
	f.t.Helper()
	return f.publishWithFooter("Thanks for reading.", sectors...)
}

// publishWithFooter is publish with the edition's footer as given.
func (f *fixture) publishWithFooter(footer string, sectors ...string) store.Published {
	f.t.Helper()
	pub := f.record(footer, sectors...)
	f.worker.Deliver(context.Background())
	return pub
}

// record is publishWithFooter without the sending: the edition and its
// deliveries are in the ledger, for a worker of the test's to send.
func (f *fixture) record(footer string, sectors ...string) store.Published {
	f.t.Helper()
	ctx := context.Background()
	editor := digest.Person{Platform: "console", ID: "ed"}
	for _, sec := range sectors {
		s, err := f.store.Submit(ctx, store.Submission{Limit: 100, Story: digest.Story{
			URL:      "https://example.org/" + sec + "/" + time.Now().Format("150405.000000000"),
			Headline: "Two councils in " + sec + " share a chief executive", Summary: "They expect to save £1m.",
			Source: "LGC", Sector: sec, Commentary: "Another <pair> & more.", Submitter: editor}})
		if err != nil {
			f.t.Fatal(err)
		}
		if _, err := f.store.Approve(ctx, store.Decision{StoryID: s.ID, By: editor}); err != nil {
			f.t.Fatal(err)
		}
	}
	pub, err := f.store.Publish(ctx, store.Publication{Title: "News Summary of Collaboration and Shared Services from 19th November 2014",
		Footer: footer, Email: true})
	if err != nil {
		f.t.Fatal(err)
	}
	return pub
}

func (f *fixture) importReaders(addresses ...string) {
	f.t.Helper()
	var rows []store.ImportedSubscriber
	for _, a := range addresses {
		rows = append(rows, store.ImportedSubscriber{Address: a})
	}
	if _, err := f.store.ImportSubscribers(context.Background(), rows); err != nil {
		f.t.Fatal(err)
	}
}

// parts reads a multipart/alternative message's text and HTML parts, the
// text as a client that knows format=flowed reads it.
func parts(t *testing.T, m smtptest.Message) (mail.Header, string, string) {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(string(m.Data)))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type = %q (%v), want multipart/alternative", msg.Header.Get("Content-Type"), err)
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	var text, html string
	for {
		p, err := r.NextPart() // decodes quoted-printable
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(p)
		switch ct, cp, _ := mime.ParseMediaType(p.Header.Get("Content-Type")); ct {
		case "text/plain":
			text = string(body)
			if strings.EqualFold(cp["format"], "flowed") {
				text = unflow(text) // as the reader's client shows it
			}
		case "text/html":
			html = string(body)
		}
	}
	if text == "" || html == "" {
		t.Fatalf("want a text and an HTML part, got text %d bytes, HTML %d bytes", len(text), len(html))
	}
	return msg.Header, text, html
}

func TestEditionMailHasBothPartsAndTheListHeaders(t *testing.T) {
	f := newFixture(t, smtptest.Options{Username: "news", Password: "pw"})
	f.importReaders("Ana@Example.org", "ben@example.org")
	pub := f.publish("health", "housing")
	msgs := f.server.Messages()
	if len(msgs) != 2 {
		t.Fatalf("%d mails, want one per reader", len(msgs))
	}
	ids := map[string]bool{}
	for _, m := range msgs {
		if !m.TLS || m.User != "news" {
			t.Errorf("mail to %v: TLS %v, user %q; want STARTTLS and the login", m.To, m.TLS, m.User)
		}
		h, text, html := parts(t, m)
		dec := new(mime.WordDecoder)
		subject, _ := dec.DecodeHeader(h.Get("Subject"))
		if subject != pub.Edition.Edition.Title {
			t.Errorf("Subject = %q, want the title", subject)
		}
		if got := h.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
			t.Errorf("List-Unsubscribe-Post = %q", got)
		}
		if !regexp.MustCompile(`^<https://news\.council\.example/unsubscribe\?t=u\.\d+\.[A-Za-z0-9_-]+>$`).MatchString(h.Get("List-Unsubscribe")) {
			t.Errorf("List-Unsubscribe = %q, want one https link", h.Get("List-Unsubscribe"))
		}
		if got := h.Get("List-Id"); got != "Shared News <edition.council.example>" {
			t.Errorf("List-Id = %q", got)
		}
		if got := h.Get("Reply-To"); !strings.Contains(got, "editor@council.example") {
			t.Errorf("Reply-To = %q", got)
		}
		id := h.Get("Message-ID")
		if !regexp.MustCompile(`^<edition-\d+\.[0-9a-f]{24}@council\.example>$`).MatchString(id) || ids[id] {
			t.Errorf("Message-ID = %q: want a distinct one per reader", id)
		}
		ids[id] = true
		for _, want := range []string{"Two councils in health share a chief executive", digest.ReadMore, "Thanks for reading.",
			"Unsubscribe in one click: https://news.council.example/unsubscribe?t=u."} {
			if !strings.Contains(text, want) {
				t.Errorf("text part lacks %q", want)
			}
		}
		for _, want := range []string{`<h3 dir="auto" style="`, `Another &lt;pair&gt; &amp; more.`, `href="https://example.org/health/`,
			`Read more &gt;&gt;&gt;</a>`, `>Unsubscribe</a>`, `https://news.council.example/editions/1`} {
			if !strings.Contains(html, want) {
				t.Errorf("HTML part lacks %q", want)
			}
		}
		for _, banned := range []string{"<style", "<section", "<footer", "<time", "class=\"commentary\">"} {
			if strings.Contains(html, banned) {
				t.Errorf("HTML part has %q, which mail clients drop or do not style", banned)
			}
		}
	}
	ds, _ := f.store.Deliveries(context.Background(), pub.Edition.Edition.ID)
	for _, d := range ds {
		if d.State != store.DeliveryDelivered || !strings.HasPrefix(d.MessageRef, "<edition-") {
			t.Errorf("delivery %+v, want delivered with its Message-ID", d)
		}
	}
}

// TestEditionMailFootIsASignatureBlock: the text part's foot, which holds
// the reader's own unsubscribe link, follows RFC 3676's signature
// separator, "-- " on a line of its own. Plain-text mail clients show what
// follows it as a signature and leave it out of a reply's quote; after the
// "--" (no space) it had, a reader's reply to the editor (Reply-To) quoted
// their one-click unsubscribe link to whoever read it.
func TestEditionMailFootIsASignatureBlock(t *testing.T) {
	f := newFixture(t, smtptest.Options{})
	f.importReaders("ana@example.org")
	f.publish("health")
	msgs := f.server.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d mails, want 1", len(msgs))
	}
	_, text, _ := parts(t, msgs[0])
	text = strings.ReplaceAll(text, "\r\n", "\n") // the mail's line ends
	body, foot, found := strings.Cut(text, "\n-- \n")
	if !found || strings.Contains(foot, "\n-- \n") {
		t.Fatalf("the text part has no one signature separator (\"-- \" on its own line):\n%s", text)
	}
	if !strings.Contains(foot, "/unsubscribe?t=") || strings.Contains(body, "/unsubscribe?t=") || !strings.Contains(body, digest.ReadMore) {
		t.Errorf("want the edition before the separator and the unsubscribe link after it; before:\n%s\nafter:\n%s", body, foot)
	}
}

func TestSectorChoiceAndUnconfirmedReaders(t *testing.T) {
	f := newFixture(t, smtptest.Options{})
	ctx := context.Background()
	if _, err := f.store.ImportSubscribers(ctx, []store.ImportedSubscriber{{Address: "housing@example.org", Sectors: []string{"housing"}},
		{Address: "health@example.org", Sectors: []string{"health"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.RecordSignUp(ctx, store.SignUp{Address: "unconfirmed@example.org", Window: time.Hour, PerWindow: 1}); err != nil {
		t.Fatal(err)
	}
	f.publish("health")
	msgs := f.server.Messages()
	if len(msgs) != 1 || msgs[0].To[0] != "health@example.org" {
		t.Fatalf("mails went to %v; want only the health reader (housing has no story; unconfirmed gets none)", recipients(msgs))
	}
}

func recipients(ms []smtptest.Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.To...)
	}
	return out
}

func TestTemporaryRefusalIsRetried(t *testing.T) {
	f := newFixture(t, smtptest.Options{Recipient: func(address string, attempt int) error {
		if attempt == 1 {
			return smtptest.TempFail()
		}
		return nil
	}})
	f.importReaders("later@example.org")
	pub := f.publish("health")
	if msgs := f.server.Messages(); len(msgs) != 1 {
		t.Fatalf("%d mails after 451 then 250, want exactly 1", len(msgs))
	}
	ds, _ := f.store.Deliveries(context.Background(), pub.Edition.Edition.ID)
	if ds[0].State != store.DeliveryDelivered || ds[0].Attempts != 2 {
		t.Errorf("delivery = %+v, want delivered on the second attempt", ds[0])
	}
}

func TestPermanentRefusalStopsMailAfterThreeEditions(t *testing.T) {
	f := newFixture(t, smtptest.Options{Recipient: func(address string, _ int) error {
		if strings.HasPrefix(address, "gone") {
			return smtptest.NoSuchUser(address)
		}
		return nil
	}})
	f.importReaders("gone@example.org", "here@example.org")
	ctx := context.Background()
	for edition := 1; edition <= 3; edition++ {
		pub := f.publish("health")
		ds, _ := f.store.Deliveries(ctx, pub.Edition.Edition.ID)
		for _, d := range ds {
			sub, _ := f.store.Subscriber(ctx, mustID(t, d.ChannelID))
			if sub.Address == "gone@example.org" {
				if d.State != store.DeliveryFailed || d.Attempts != 1 {
					t.Errorf("edition %d: refused delivery %+v, want failed at once", edition, d)
				}
				// One sentence, naming no address: the report names the
				// reader, masked.
				want := "the mail server refused the address (550 5.1.1 no such user here)"
				if edition == 3 {
					want += "; mail to this address is now stopped after 3 editions refused in a row"
				}
				if d.Error != want {
					t.Errorf("edition %d: editors read %q\nwant %q", edition, d.Error, want)
				}
			}
		}
	}
	gone, _ := f.store.SubscriberByAddress(ctx, "gone@example.org")
	if gone.State != store.SubscriberStopped {
		t.Fatalf("after 3 editions refused, subscriber is %s, want stopped", gone.State)
	}
	pub := f.publish("health")
	ds, _ := f.store.Deliveries(ctx, pub.Edition.Edition.ID)
	if len(ds) != 1 {
		t.Errorf("edition 4 recorded %d deliveries, want 1 (the stopped address gets none)", len(ds))
	}
	if len(f.reports.failed) != 3 {
		t.Errorf("editors were told of %d failures, want 3", len(f.reports.failed))
	}
	if n := len(f.server.Messages()); n != 4 {
		t.Errorf("%d mails accepted, want 4 (one per edition to the good address)", n)
	}
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	var id int64
	for _, c := range s {
		id = id*10 + int64(c-'0')
	}
	return id
}

func TestSTARTTLSIsRequiredUnlessInsecure(t *testing.T) {
	srv, err := smtptest.Start(smtptest.Options{NoTLS: true})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	st := storetest.Open(t, "")
	ctx := context.Background()
	send := func(insecure bool) error {
		sender := newSender(t, email.SMTPOptions{Host: srv.Host(), Port: srv.Port(), Insecure: insecure, PerSecond: 100})
		svc := newService(t, st, sender, email.Options{From: "news@council.example", PublicURL: "https://n.example"})
		return svc.SignUp(ctx, "reader@example.org", nil, "192.0.2.1")
	}
	if err := send(false); !errors.Is(err, email.ErrNotSending) {
		t.Errorf("a server without STARTTLS: err = %v, want the mail refused", err)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d mails went out in clear", n)
	}
	if err := send(true); err != nil {
		t.Errorf("insecure = true: %v", err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("insecure = true: %d mails, want 1", n)
	}
}

func TestParseAddressAndMask(t *testing.T) {
	for in, want := range map[string]string{
		" Ana.Smith@Council.example ":       "Ana.Smith@Council.example",
		"Ana <ana@example.org>":             "ana@example.org",
		"root@localhost":                    "",
		"not an address":                    "",
		"a@b.example\r\nBcc: x@example.org": "",
		"":                                  "",
		`"quoted"@example.org`:              "quoted@example.org", // the same mailbox
	} {
		got, err := email.ParseAddress(in)
		if (err != nil) != (want == "") || got != want {
			t.Errorf("ParseAddress(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if got := email.Mask("ana.smith@council.example"); got != "a***@council.example" {
		t.Errorf("Mask = %q", got)
	}
}

// RFC 5321 4.5.3.1: a local part of at most 64 octets, a path of 256
// (254 without its brackets), labels of at most 63 (RFC 1035 2.3.4), in
// the form SMTP carries (a domain's A-labels). Past them a server may
// refuse the address, and the reader would be told to try again later
// rather than that the address cannot be used.
func TestParseAddressKeepsToSMTPLengths(t *testing.T) {
	label := func(n int) string { return strings.Repeat("d", n) }
	for in, ok := range map[string]bool{
		strings.Repeat("a", 64) + "@example.org":                                               true,
		strings.Repeat("a", 65) + "@example.org":                                               false,
		"a@" + label(63) + ".example.org":                                                      true,
		"a@" + label(64) + ".example.org":                                                      false,
		strings.Repeat("a", 64) + "@" + label(63) + "." + label(63) + "." + label(57) + ".org": true,  // 254 octets, the path's limit
		strings.Repeat("a", 64) + "@" + label(63) + "." + label(63) + "." + label(58) + ".org": false, // 255
		"a@" + strings.Repeat("ü", 60) + ".example":                                            false, // its A-label is longer than 63
		// RFC 5321 4.1.2: a domain's labels are letters, digits and inner hyphens.
		"a@-council.example":   false,
		"a@council-.example":   false,
		"a@coun_cil.example":   false,
		"a@my-council.example": true,
		// An address literal names a machine, not a reader's mailbox: the
		// relay would deliver straight to that address (its own loopback,
		// an internal host).
		"a@[192.0.2.1]": false,
		"a@[127.0.0.1]": false,
		"a@[IPv6:::1]":  false,
		// Nor is a machine's address written bare, without the brackets:
		// a relay that reads "a@127.0.0.1" as "a@[127.0.0.1]" (Postfix's
		// resolve_numeric_domain), or a resolver that takes a dotted
		// quad, or inet_aton's shorter forms, for the address it spells,
		// delivers there. No top-level domain starts with a digit (RFC
		// 1123 2.1, RFC 3696 2).
		"a@192.0.2.1":        false,
		"a@127.0.0.1":        false,
		"a@10.1":             false,
		"a@0x7f.1":           false,
		"a@council.2026":     false,
		"a@2026.example":     true,
		"a@council.xn--p1ai": true,
	} {
		if got, err := email.ParseAddress(in); (err == nil) != ok {
			t.Errorf("ParseAddress(%q) = %q, %v; want ok %v", in, got, err, ok)
		}
	}
}

// A domain has several spellings that name one mailbox: in its own script
// or as A-labels, in capitals, in full-width letters, with an invisible
// soft hyphen pasted in with it; they all go out as the same ASCII domain.
// A reader who signs up under two of them is stored once and mailed once,
// not twice under two rows.
func TestOneMailboxWhateverTheDomainsSpelling(t *testing.T) {
	for _, spellings := range [][]string{
		{"ana@münchen.example", "ana@xn--mnchen-3ya.example", "ana@MÜNCHEN.example", "ana@XN--MNCHEN-3YA.example"},
		{"ana@example.org", "ana@ｅxample.org", "ana@exa\u00admple.org"},
	} {
		f := newFixture(t, smtptest.Options{})
		ctx := context.Background()
		for i, a := range spellings {
			if err := f.service.SignUp(ctx, a, nil, fmt.Sprintf("192.0.2.%d", i)); err != nil {
				t.Fatalf("SignUp(%q): %v", a, err)
			}
		}
		subs, err := f.store.Subscribers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(subs) != 1 {
			var stored []string
			for _, s := range subs {
				stored = append(stored, s.Address)
			}
			t.Errorf("signing up as %q stored %d readers %q, want one", spellings, len(subs), stored)
		}
		first, _ := email.ParseAddress(spellings[0])
		for _, a := range spellings[1:] {
			if got, err := email.ParseAddress(a); err != nil || !strings.EqualFold(got, first) {
				t.Errorf("ParseAddress(%q) = %q, %v; want %q, the same mailbox as %q", a, got, err, first, spellings[0])
			}
		}
	}
}

// A reader stored before ParseAddress wrote an internationalised domain
// one way (as its A-labels, "ana@xn--mnchen-3ya.example", the spelling
// sign-ups and imports kept as typed) is the same reader when they sign up
// again, in either spelling: they are not stored a second time, and not
// mailed every edition twice.
func TestSignUpFindsTheReaderStoredUnderALabels(t *testing.T) {
	f := newFixture(t, smtptest.Options{})
	ctx := context.Background()
	old := "ana@xn--mnchen-3ya.example"
	if _, err := f.store.ImportSubscribers(ctx, []store.ImportedSubscriber{{Address: old}}); err != nil {
		t.Fatal(err)
	}
	for i, a := range []string{old, "ana@münchen.example", "Ana@MÜNCHEN.example"} {
		if err := f.service.SignUp(ctx, a, nil, fmt.Sprintf("192.0.2.%d", i)); err != nil {
			t.Fatalf("SignUp(%q): %v", a, err)
		}
	}
	subs, err := f.store.Subscribers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 1 || subs[0].Address != old || subs[0].State != store.SubscriberConfirmed {
		var stored []string
		for _, s := range subs {
			stored = append(stored, s.Address+" "+string(s.State))
		}
		t.Errorf("signing up again stored %q, want only %s, confirmed", stored, old)
	}
	got, err := email.StoredAddress(ctx, f.store, "ana@münchen.example")
	if err != nil || got != old {
		t.Errorf("StoredAddress(ana@münchen.example) = %q, %v; want %q", got, err, old)
	}
	if got, err := email.StoredAddress(ctx, f.store, "ben@münchen.example"); err != nil || got != "ben@münchen.example" {
		t.Errorf("StoredAddress of a new reader = %q, %v; want it as given", got, err)
	}
}

// TestEditionMailFooterSpeaksToItsReaders: the default footer offers the
// newsletter to whoever reads it; in a mail it names the sign-up page,
// not the chat command a channel is subscribed by ("/shared subscribe"),
// which means nothing to a reader of the mail. Editions published under
// the former default, which gave the command to everyone, read so too.
func TestEditionMailFooterSpeaksToItsReaders(t *testing.T) {
	f := newFixture(t, smtptest.Options{})
	f.importReaders("ana@example.org")
	const former = "Receive this Shared Service News Summary every week: ask your editor to subscribe your channel with /shared subscribe."
	f.publishWithFooter(config.Default().Digest.Footer, "health")
	f.publishWithFooter(former, "housing")
	msgs := f.server.Messages()
	if len(msgs) != 2 {
		t.Fatalf("%d mails, want one per edition", len(msgs))
	}
	const want = "Receive this Shared Service News Summary every week: sign up at https://news.council.example/subscribe."
	// In HTML the address is a link (digest's HTML links every web
	// address), styled inline as the mail's other links are.
	const wantHTML, wantLink = `Receive this Shared Service News Summary every week: sign up at <a href="https://news.council.example/subscribe" style=`,
		`>https://news.council.example/subscribe</a>.</p>`
	for i, m := range msgs {
		_, text, html := parts(t, m)
		if !strings.Contains(text, want) || !strings.Contains(html, wantHTML) || !strings.Contains(html, wantLink) {
			t.Errorf("mail %d: the footer does not say %q:\n%s\n%s", i+1, want, text, html)
		}
		if strings.Contains(text+html, "/shared") || strings.Contains(text+html, "{subscribe}") {
			t.Errorf("mail %d speaks of a chat command:\n%s", i+1, text)
		}
	}
}

// TestEditionMailNamesTheReadersSectorsAsASentence: the footer's "because
// you subscribed to …" lists a reader's sectors as every sentence for
// users lists words ("a, b and c", bot.ListWords), as the confirm page
// and the web's "You are subscribed" name the same sectors; it said
// "Health & Social Care, Housing".
func TestEditionMailNamesTheReadersSectorsAsASentence(t *testing.T) {
	f := newFixture(t, smtptest.Options{})
	if _, err := f.store.ImportSubscribers(context.Background(), []store.ImportedSubscriber{
		{Address: "three@example.org", Sectors: []string{"housing", "health", "local-government"}}}); err != nil {
		t.Fatal(err)
	}
	f.publish("health")
	msgs := f.server.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d mails, want 1", len(msgs))
	}
	const want = "because you subscribed to Local Government, Health &amp; Social Care and Housing."
	_, text, html := parts(t, msgs[0])
	if plain := strings.ReplaceAll(want, "&amp;", "&"); !strings.Contains(text, plain) {
		t.Errorf("the plain part does not say %q:\n%s", plain, text)
	}
	if !strings.Contains(html, want) {
		t.Errorf("the HTML part does not say %q:\n%s", want, html)
	}
}
