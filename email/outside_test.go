package email_test

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/email"
	"github.com/sharednews/sharednews/email/smtptest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// The tests in this file hold the email edition to what mail servers the
// bot does not run answer in the wild.

// eachDelivery publishes editions editions in turn, handing check each
// edition's deliveries (editions counted from 1) with their readers.
func (f *fixture) eachDelivery(editions int, check func(edition int, sub store.Subscriber, d store.Delivery)) {
	f.t.Helper()
	ctx := context.Background()
	for edition := 1; edition <= editions; edition++ {
		pub := f.publish("health")
		ds, err := f.store.Deliveries(ctx, pub.Edition.Edition.ID)
		if err != nil {
			f.t.Fatal(err)
		}
		for _, d := range ds {
			sub, _ := f.store.Subscriber(ctx, mustID(f.t, d.ChannelID))
			check(edition, sub, d)
		}
	}
}

// TestPolicyBlockIsNotTheAddresssFault: a receiving server that refuses a
// recipient with 550 5.7.1 (RFC 3463: a security or policy status, such as
// a sending IP on a block list, or SPF that does not pass) says nothing of
// the address; 5.1.1 does (no such mailbox). Only the second counts
// towards stopping the reader's mail: a block the sender's domain is to
// lift would otherwise stop, after three editions, every reader at that
// provider for good. Each refused mail still fails at once and editors
// read why.
func TestPolicyBlockIsNotTheAddresssFault(t *testing.T) {
	f := newFixture(t, smtptest.Options{Recipient: func(address string, _ int) error {
		switch {
		case strings.HasPrefix(address, "blocked"):
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 1},
				Message: "Service unavailable, Client host [192.0.2.7] blocked using Spamhaus"}
		case strings.HasPrefix(address, "gone"):
			return smtptest.NoSuchUser(address)
		}
		return nil
	}})
	f.importReaders("blocked@example.org", "gone@example.org")
	ctx := context.Background()
	f.eachDelivery(store.MaxBounces, func(edition int, sub store.Subscriber, d store.Delivery) {
		if d.State != store.DeliveryFailed || d.Attempts != 1 {
			t.Errorf("edition %d, %s: delivery %+v, want failed at once", edition, sub.Address, d)
		}
		if sub.Address == "blocked@example.org" && d.Error != "the mail server refused mail to the address "+
			"(550 5.7.1 Service unavailable, Client host [192.0.2.7] blocked using Spamhaus)" {
			t.Errorf("edition %d: editors read %q", edition, d.Error)
		}
	})
	blocked, _ := f.store.SubscriberByAddress(ctx, "blocked@example.org")
	if blocked.State != store.SubscriberConfirmed || blocked.Bounces != 0 {
		t.Errorf("after %d editions blocked by policy: subscriber %s with %d bounces, want confirmed with none",
			store.MaxBounces, blocked.State, blocked.Bounces)
	}
	gone, _ := f.store.SubscriberByAddress(ctx, "gone@example.org")
	if gone.State != store.SubscriberStopped {
		t.Errorf("after %d editions refused as no such user: subscriber %s, want stopped", store.MaxBounces, gone.State)
	}
}

// TestSignUpBlockedByPolicyIsNotToldToCheckTheAddress: a confirmation mail
// a provider refuses by its policy (5.7.1) is no mistyped address: the
// sign-up form must not ask the reader to check it, as it does for 5.1.1.
func TestSignUpBlockedByPolicyIsNotToldToCheckTheAddress(t *testing.T) {
	f := newFixture(t, smtptest.Options{Recipient: func(address string, _ int) error {
		if strings.HasPrefix(address, "blocked") {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "Message rejected due to local policy"}
		}
		return smtptest.NoSuchUser(address)
	}})
	ctx := context.Background()
	if err := f.service.SignUp(ctx, "blocked@example.org", nil, "192.0.2.1"); !errors.Is(err, email.ErrNotSending) {
		t.Errorf("sign-up refused by policy: %v, want %v", err, email.ErrNotSending)
	}
	if err := f.service.SignUp(ctx, "gone@example.org", nil, "192.0.2.2"); !errors.Is(err, email.ErrAddressRefused) {
		t.Errorf("sign-up of no such user: %v, want %v", err, email.ErrAddressRefused)
	}
}

// plainEHLO is the answer of a server that offers no extension the
// sender could lean on: no 8BITMIME (RFC 6152), no ENHANCEDSTATUSCODES
// (RFC 2034), no PIPELINING, no SMTPUTF8, no STARTTLS; a multiline answer,
// as every real server's EHLO is.
const plainEHLO = "250-mx.example.org Hello\r\n250-SIZE 35882577\r\n250 HELP"

// plainServerFixture is a fixture sending, insecure, to a recordingSMTP
// server with plainEHLO and answers, giving received what it gets.
func plainServerFixture(t *testing.T, answers map[string]string, received func([]string, string) string) *fixture {
	t.Helper()
	answers["EHLO"] = plainEHLO
	port := recordingSMTP(t, answers, received)
	f := fixtureOver(t, storetest.Open(t, ""))
	f.sendWith(newSender(t, email.SMTPOptions{Host: "127.0.0.1", Port: port, Insecure: true, Timeout: 5 * time.Second}),
		email.Options{SiteName: "Shared News", From: "Shared News <news@council.example>", PublicURL: "https://news.council.example"},
		delivery.Options{Backoff: time.Millisecond, MaxBackoff: time.Millisecond, MaxAttempts: 2})
	return f
}

// TestMultilineRefusalsAsProvidersWriteThem: large providers refuse a
// recipient over several lines, each with the reply code and the
// enhanced status code (Gmail's "550-5.1.1 ..." lines), and give the
// enhanced code whether or not their EHLO offers ENHANCEDSTATUSCODES.
// Editors read the answer as one sentence, and the kind of refusal is read
// from it: no such user counts against the address; a block of the
// sending IP does not.
func TestMultilineRefusalsAsProvidersWriteThem(t *testing.T) {
	for _, c := range []struct {
		name, rcpt, want string
		bounces          int
	}{
		{"no such user",
			"550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n" +
				"550-5.1.1 double-checking the recipient's email address for typos or\r\n" +
				"550-5.1.1 unnecessary spaces. For more information, go to\r\n" +
				"550 5.1.1  https://support.google.com/mail/?p=NoSuchUser a1si123 - gsmtp",
			"the mail server refused the address (550 5.1.1 The email account that you tried to reach does not exist. " +
				"Please try double-checking the recipient's email address for typos or unnecessary spaces. " +
				"For more information, go to https://support.google.com/mail/?p=NoSuchUser a1si123 - gsmtp)", 1},
		{"sending IP not authorised",
			"550-5.7.1 [192.0.2.7] The IP you're using to send mail is not authorized to\r\n" +
				"550-5.7.1 send email directly to our servers. Please use the SMTP relay at your\r\n" +
				"550 5.7.1 service provider instead. https://support.google.com/mail/?p=NotAuthorizedError b2si456 - gsmtp",
			"the mail server refused mail to the address (550 5.7.1 [192.0.2.7] The IP you're using to send mail is not authorized to " +
				"send email directly to our servers. Please use the SMTP relay at your service provider instead. " +
				"https://support.google.com/mail/?p=NotAuthorizedError b2si456 - gsmtp)", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := plainServerFixture(t, map[string]string{"RCPT": c.rcpt}, nil)
			f.importReaders("ana@example.org")
			pub := f.publish("health")
			ctx := context.Background()
			ds, _ := f.store.Deliveries(ctx, pub.Edition.Edition.ID)
			if len(ds) != 1 || ds[0].State != store.DeliveryFailed || ds[0].Attempts != 1 || ds[0].Error != c.want {
				t.Errorf("deliveries %+v\nwant failed at once: %q", ds, c.want)
			}
			if sub, _ := f.store.SubscriberByAddress(ctx, "ana@example.org"); sub.Bounces != c.bounces {
				t.Errorf("%d bounces counted, want %d", sub.Bounces, c.bounces)
			}
		})
	}
}

// TestMultilineGreetingRefusal: a server too busy to take the connection
// says so over several lines; editors read it once, on one line.
func TestMultilineGreetingRefusal(t *testing.T) {
	port := scriptedSMTP(t, "421-4.7.0 mx.example.org is too busy to accept mail now.\r\n421 4.7.0 Please try again later.", nil, 0)
	d := failedMail(t, email.SMTPOptions{Host: "127.0.0.1", Port: port, Insecure: true})
	want := "the mail server turned the connection away for now (421 4.7.0 mx.example.org is too busy to accept mail now. Please try again later.); gave up after 2 tries"
	if d.State != store.DeliveryFailed || d.Error != want {
		t.Errorf("delivery %s %q\nwant failed: %q", d.State, d.Error, want)
	}
}

// messages keeps what a recordingSMTP server received, safe for its
// connections' goroutines; answer, when not nil, answers the nth message
// (from 1).
type messages struct {
	mu       sync.Mutex
	commands [][]string
	data     []string
	answer   func(n int) string
}

func (m *messages) received(commands []string, data string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.commands = append(m.commands, commands)
	m.data = append(m.data, data)
	if m.answer == nil {
		return ""
	}
	return m.answer(len(m.data))
}

func (m *messages) all() ([][]string, []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([][]string(nil), m.commands...), append([]string(nil), m.data...)
}

// TestMailDroppedBeforeItsAnswerIsSentAgainAsTheSameMessage: a server
// that reads the whole message and then drops the connection before its
// final 250 may have kept the mail; the sender cannot know. The mail is
// sent again, and it is the same message with the same Message-ID, so
// that a server or client that kept the first recognises the second as
// its copy (README: "a process killed in the gap ... the same
// Message-ID").
func TestMailDroppedBeforeItsAnswerIsSentAgainAsTheSameMessage(t *testing.T) {
	got := &messages{answer: func(n int) string {
		if n == 1 {
			return "DROP"
		}
		return ""
	}}
	f := plainServerFixture(t, map[string]string{}, got.received)
	f.importReaders("ana@example.org")
	pub := f.publish("health")
	ds, _ := f.store.Deliveries(context.Background(), pub.Edition.Edition.ID)
	if len(ds) != 1 || ds[0].State != store.DeliveryDelivered || ds[0].Attempts != 2 {
		t.Fatalf("deliveries %+v, want delivered on the second attempt", ds)
	}
	_, data := got.all()
	if len(data) != 2 {
		t.Fatalf("the server read %d messages, want 2", len(data))
	}
	var ids []string
	for _, d := range data {
		m, err := mail.ReadMessage(strings.NewReader(d))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.Header.Get("Message-Id"))
	}
	if ids[0] == "" || ids[0] != ids[1] {
		t.Errorf("Message-IDs %q: the mail sent again is not the same message", ids)
	}
	if ds[0].MessageRef != ids[1] {
		t.Errorf("the ledger keeps %q for the mail, want its Message-ID %q", ds[0].MessageRef, ids[1])
	}
}

// TestMailToAServerWithoutEightBitMIME: a server that offers no 8BITMIME
// (RFC 6152) takes only 7-bit mail: the envelope asks for no 8-bit body
// and every byte of the message is ASCII, while the text a reader sees,
// decoded, keeps the edition's £, curly quotes, dashes and emoji, and each
// story's link.
func TestMailToAServerWithoutEightBitMIME(t *testing.T) {
	got := &messages{}
	f := plainServerFixture(t, map[string]string{}, got.received)
	f.importReaders("ana@example.org")
	e := digest.Edition{ID: 3, Number: 3, State: digest.EditionPublished, Date: time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC),
		Title: "Councils’ “shared” services save £1m 🏛️"}
	e.Sections = []digest.Section{{Sector: f.sectors[0], Stories: []digest.Story{
		{ID: 1, URL: "https://example.org/a?x=1&y=2", Headline: "Councils’ “shared” chief — £1m 🏛️", Summary: "“Quoted” £2 🎉", Source: "LGC", Sector: f.sectors[0].Slug},
		{ID: 2, URL: "https://example.org/b", Headline: "Second story", Source: "BBC", Sector: f.sectors[0].Slug}}}}
	sub, err := f.store.SubscriberByAddress(context.Background(), "ana@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.service.PostEdition(context.Background(), delivery.Post{ChannelID: fmt.Sprint(sub.ID), Edition: e},
		func(int, string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	commands, data := got.all()
	if len(data) != 1 {
		t.Fatalf("the server read %d messages, want 1", len(data))
	}
	for _, c := range commands[0] {
		if u := strings.ToUpper(c); strings.Contains(u, "8BITMIME") || strings.Contains(u, "SMTPUTF8") {
			t.Errorf("%q asks for what the server did not offer", c)
		}
	}
	for i := 0; i < len(data[0]); i++ {
		if data[0][i] >= 0x80 {
			t.Fatalf("byte %d of the message is %#x: not 7-bit", i, data[0][i])
		}
	}
	w := checkWire(t, smtptest.Message{To: []string{"ana@example.org"}, Data: []byte(data[0])})
	if subject, err := new(mime.WordDecoder).DecodeHeader(w.header.Get("Subject")); err != nil || subject != e.Title {
		t.Errorf("Subject reads %q (%v), want %q", subject, err, e.Title)
	}
	for _, want := range []string{"Councils’ “shared” chief — £1m 🏛️", "“Quoted” £2 🎉", "https://example.org/a?x=1&y=2", "https://example.org/b"} {
		if !strings.Contains(w.text, want) {
			t.Errorf("the text part lacks %q", want)
		}
	}
	if !strings.Contains(w.html, "Councils’ “shared” chief — £1m 🏛️") || !strings.Contains(w.html, `href="https://example.org/a?x=1&amp;y=2"`) {
		t.Errorf("the HTML part lacks the headline or its link")
	}
}

// slowListener hands out connections that wait before each write: a
// server that takes its time over every reply.
type slowListener struct {
	net.Listener
	pause time.Duration
}

func (l slowListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return slowConn{c, l.pause}, nil
}

type slowConn struct {
	net.Conn
	pause time.Duration
}

func (c slowConn) Write(b []byte) (int, error) {
	time.Sleep(c.pause)
	return c.Conn.Write(b)
}

// TestSlowServerOutlastsTheLease: a server that answers every command
// after a pause (a relay checking each address with a slow directory)
// takes longer over one mail than a delivery's lease lasts. The lease is
// renewed while the mail is under way: the mail goes once, on the first
// attempt, and a second worker on the same database does not take it
// over and send it again.
func TestSlowServerOutlastsTheLease(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	const pause, lease = 300 * time.Millisecond, time.Second
	got := &messages{}
	answers := map[string]string{"EHLO": plainEHLO}
	port := serveRecording(t, slowListener{ln, pause}, "220 mx.example.org ESMTP", answers, 0, got.received)
	f := fixtureOver(t, storetest.Open(t, ""))
	f.sendWith(newSender(t, email.SMTPOptions{Host: "127.0.0.1", Port: port, Insecure: true, Timeout: 5 * time.Second}),
		email.Options{SiteName: "Shared News", From: "news@council.example", PublicURL: "https://news.council.example"},
		delivery.Options{Backoff: time.Millisecond, MaxBackoff: time.Millisecond, MaxAttempts: 2, Lease: lease})
	// A second worker, as a second `sharednews run` on the database
	// would be, takes over any delivery whose lease runs out.
	other, err := delivery.New(delivery.Options{Store: f.store, Sectors: f.sectors, Reporter: &reports{},
		Backoff: time.Millisecond, MaxBackoff: time.Millisecond, MaxAttempts: 2, Lease: lease})
	if err != nil {
		t.Fatal(err)
	}
	other.Add(f.service)
	f.importReaders("ana@example.org")
	done := make(chan struct{})
	go func() {
		defer close(done)
		time.Sleep(pause) // the first worker's mail is under way
		other.Deliver(context.Background())
	}()
	start := time.Now()
	pub := f.publish("health")
	took := time.Since(start)
	<-done
	ds, _ := f.store.Deliveries(context.Background(), pub.Edition.Edition.ID)
	if len(ds) != 1 || ds[0].State != store.DeliveryDelivered || ds[0].Attempts != 1 {
		t.Errorf("deliveries %+v, want delivered on the first attempt", ds)
	}
	if _, data := got.all(); len(data) != 1 {
		t.Errorf("the server read %d messages, want 1", len(data))
	}
	if took < lease {
		t.Errorf("the mail took %s, less than the lease of %s: the server was not slow enough to test it", took, lease)
	}
}

// TestNoSuchUserAfterTheMessage: some servers take every recipient and
// look the mailbox up only once they have the message (a filtering relay
// in front of the mail store), refusing it then with 550 5.1.1. Each mail
// has one recipient, so that refusal is about the address as much as one
// at RCPT is, and stops its mail after three editions; a refusal of the
// message for its content (5.6.0, 5.7.1 spam) does not.
func TestNoSuchUserAfterTheMessage(t *testing.T) {
	f := newFixture(t, smtptest.Options{Message: func(to []string, _ int) error {
		switch {
		case strings.HasPrefix(to[0], "gone"):
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "Recipient address rejected: User unknown in virtual mailbox table"}
		case strings.HasPrefix(to[0], "spam"):
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "Message rejected as spam by Content Filtering"}
		}
		return nil
	}})
	f.importReaders("gone@example.org", "spam@example.org")
	ctx := context.Background()
	f.eachDelivery(store.MaxBounces, func(edition int, sub store.Subscriber, d store.Delivery) {
		want := "the mail server refused the message (550 5.7.1 Message rejected as spam by Content Filtering)"
		if sub.Address == "gone@example.org" {
			want = "the mail server refused the address (550 5.1.1 Recipient address rejected: User unknown in virtual mailbox table)"
			if edition == store.MaxBounces {
				want += "; mail to this address is now stopped after 3 editions refused in a row"
			}
		}
		if d.State != store.DeliveryFailed || d.Error != want {
			t.Errorf("edition %d, %s: %s %q\nwant failed: %q", edition, sub.Address, d.State, d.Error, want)
		}
	})
	if gone, _ := f.store.SubscriberByAddress(ctx, "gone@example.org"); gone.State != store.SubscriberStopped {
		t.Errorf("after %d editions refused as no such user: subscriber %s, want stopped", store.MaxBounces, gone.State)
	}
	if spam, _ := f.store.SubscriberByAddress(ctx, "spam@example.org"); spam.State != store.SubscriberConfirmed || spam.Bounces != 0 {
		t.Errorf("after %d editions refused as spam: subscriber %s with %d bounces, want confirmed with none", store.MaxBounces, spam.State, spam.Bounces)
	}
}

// TestGreylistingKeepsTheConnection: a greylisting server answers the
// first RCPT of each new address with 451 4.7.1 and takes it when it comes
// back later. Each reader's mail is retried and arrives once; the refusal
// leaves the session usable (RFC 5321 4.1.1.5: RSET ends the transaction),
// so the sender does not hang up and dial again for every reader the
// server has not seen: a list of new readers at one provider would
// otherwise open a connection per reader, which providers count against a
// sender.
func TestGreylistingKeepsTheConnection(t *testing.T) {
	// Without STARTTLS, whose EHLO after the handshake go-smtp counts as a
	// session of its own, Sessions counts connections.
	f := newFixture(t, smtptest.Options{NoTLS: true, Recipient: func(_ string, attempt int) error {
		if attempt == 1 {
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 7, 1}, Message: "Greylisted, please try again later"}
		}
		return nil
	}})
	srv := f.server
	o := senderTo(srv)
	o.Conns, o.Insecure = 1, true
	f.sendWith(newSender(t, o), email.Options{SiteName: "Shared News", From: "news@council.example", PublicURL: "https://news.council.example"},
		delivery.Options{Backoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond})
	const readers = 10
	for i := range readers {
		f.importReaders(fmt.Sprintf("reader%d@example.org", i))
	}
	pub := f.publish("health")
	ds, _ := f.store.Deliveries(context.Background(), pub.Edition.Edition.ID)
	for _, d := range ds {
		if d.State != store.DeliveryDelivered || d.Attempts != 2 {
			t.Errorf("delivery %+v, want delivered on the second attempt", d)
		}
	}
	if n := len(srv.Messages()); n != readers {
		t.Errorf("%d mails accepted, want %d", n, readers)
	}
	t.Logf("%d connections for %d readers greylisted once each", srv.Sessions(), readers)
	if n := srv.Sessions(); n != 1 {
		t.Errorf("%d connections for %d readers greylisted once each, want 1", n, readers)
	}
}

// TestSendingRateHoldsAfterTheServerStalls: a server that stalls over one
// mail (a slow block-list lookup, a full queue on its disk) holds the
// connection. The mails behind it must still go at email.per_second when
// it recovers, not all at once: the rate's turns taken while they waited
// for the connection were spent on nothing, and the server (or the relay's
// own limit on the bot) met a burst of them at its speed.
func TestSendingRateHoldsAfterTheServerStalls(t *testing.T) {
	const perSecond, readers, stall = 5, 8, 2 * time.Second
	var mu sync.Mutex
	var at []time.Time
	port := recordingSMTP(t, map[string]string{"EHLO": plainEHLO}, func([]string, string) string {
		mu.Lock()
		at = append(at, time.Now())
		first := len(at) == 1
		mu.Unlock()
		if first {
			time.Sleep(stall)
		}
		return ""
	})
	f := fixtureOver(t, storetest.Open(t, ""))
	// One connection, which the stall holds, as it held every mail at
	// this rate before the sender kept two: the test is of the mails
	// behind it, not of a second connection's, whose turns the gaps
	// between the server's reads show only to within its round trips.
	f.sendWith(newSender(t, email.SMTPOptions{Host: "127.0.0.1", Port: port, Insecure: true, PerSecond: perSecond, Timeout: 10 * time.Second, Conns: 1}),
		email.Options{SiteName: "Shared News", From: "news@council.example", PublicURL: "https://news.council.example"},
		delivery.Options{Backoff: time.Millisecond, MaxBackoff: time.Millisecond})
	for i := range readers {
		f.importReaders(fmt.Sprintf("reader%d@example.org", i))
	}
	f.publish("health")
	mu.Lock()
	defer mu.Unlock()
	if len(at) != readers {
		t.Fatalf("the server read %d mails, want %d", len(at), readers)
	}
	// The first mail's answer came a stall after it was read.
	shortest := time.Hour
	for i := 2; i < len(at); i++ {
		shortest = min(shortest, at[i].Sub(at[i-1]))
	}
	t.Logf("shortest gap between mails after the stall: %s (per_second %d: %s)", shortest.Round(time.Millisecond), perSecond, time.Second/perSecond)
	if shortest < time.Second/perSecond*3/4 {
		t.Errorf("mails %s apart after the server stalled, want at least about %s (per_second = %d)", shortest.Round(time.Millisecond), time.Second/perSecond, perSecond)
	}
}

// TestCodelessRefusalCountsOnlyWhenItSaysTheAddress: RFC 5321 4.2.3 gives
// 550 for "mailbox unavailable (e.g., mailbox not found, no access, or
// command rejected for policy reasons)", and servers that write no RFC
// 3463 code use it for both: sendmail's "550 <a@b>... User unknown" and
// qmail's "(#5.1.1)" at the end of the text are the address's; vpopmail's
// "550 Sorry, no access for this ip" and a block list's "554 Service
// unavailable; Client host blocked" are the sender's standing. Every
// codeless refusal counted against the address, so a block that the
// sender's domain is to lift stopped, three editions on, every reader at
// that provider for good. It counts now only when its words say the
// mailbox is unknown, or it carries a code where qmail writes one.
func TestCodelessRefusalCountsOnlyWhenItSaysTheAddress(t *testing.T) {
	codeless := func(code int, msg string) error {
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.NoEnhancedCode, Message: msg}
	}
	f := newFixture(t, smtptest.Options{Recipient: func(address string, _ int) error {
		switch {
		case strings.HasPrefix(address, "noaccess"):
			return codeless(550, "Sorry, no access for this ip")
		case strings.HasPrefix(address, "listed"):
			return codeless(554, "Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org")
		case strings.HasPrefix(address, "unknown"):
			return codeless(550, "<"+address+">... User unknown")
		case strings.HasPrefix(address, "qmail"):
			return codeless(550, "sorry, no mailbox here by that name. (#5.1.1)")
		}
		return nil
	}})
	f.importReaders("noaccess@example.org", "listed@example.org", "unknown@example.org", "qmail@example.org")
	f.eachDelivery(store.MaxBounces, func(edition int, sub store.Subscriber, d store.Delivery) {
		if d.State != store.DeliveryFailed {
			t.Errorf("edition %d, %s: delivery %+v, want failed", edition, sub.Address, d)
		}
	})
	for address, want := range map[string]store.SubscriberState{"noaccess@example.org": store.SubscriberConfirmed,
		"listed@example.org": store.SubscriberConfirmed, "unknown@example.org": store.SubscriberStopped, "qmail@example.org": store.SubscriberStopped} {
		if sub, _ := f.store.SubscriberByAddress(context.Background(), address); sub.State != want {
			t.Errorf("after %d editions refused: %s is %s with %d bounces, want %s", store.MaxBounces, address, sub.State, sub.Bounces, want)
		}
	}
}
