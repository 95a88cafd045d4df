package email_test

import (
	"context"
	"errors"
	"regexp"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/email"
	"github.com/sharednews/sharednews/email/smtptest"
	"github.com/sharednews/sharednews/store"
)

// A connection that drops after the message's data, before the server's
// answer, is a temporary failure (PRODUCT.md 11: "temporary SMTP failures
// (4xx, connection) are retried with backoff"): the mail is sent again and
// arrives once, and nothing counts against the address.
func TestConnectionDroppedMidDataIsRetried(t *testing.T) {
	f := newFixture(t, smtptest.Options{Message: func(_ []string, attempt int) error {
		if attempt == 1 {
			return smtptest.ErrDrop
		}
		return nil
	}})
	f.importReaders("ana@example.org")
	pub := f.publish("health")
	if n := len(f.server.Messages()); n != 1 {
		t.Fatalf("%d mails accepted, want 1", n)
	}
	ds, _ := f.store.Deliveries(context.Background(), pub.Edition.Edition.ID)
	if len(ds) != 1 || ds[0].State != store.DeliveryDelivered || ds[0].Attempts != 2 {
		t.Errorf("delivery %+v, want delivered on the second attempt", ds)
	}
	if sub, _ := f.store.SubscriberByAddress(context.Background(), "ana@example.org"); sub.Bounces != 0 || sub.State != store.SubscriberConfirmed {
		t.Errorf("subscriber %+v: a dropped connection counted against the address", sub)
	}
}

// A 4xx answer to the message is retried too; a 5xx one fails that mail
// at once and is reported, but does not count towards stopping the
// address: it is about the message (or the sender), and would otherwise
// stop every reader at once.
func TestAnswersToTheMessage(t *testing.T) {
	for _, c := range []struct {
		name    string
		answer  func(attempt int) error // attempt counts across editions
		state   store.DeliveryState
		tries   int
		reports int
	}{
		{"421 then 250", func(n int) error {
			if n%2 == 1 { // the first try of each edition
				return &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 4, 2}, Message: "closing"}
			}
			return nil
		}, store.DeliveryDelivered, 2, 0},
		{"452 then 250", func(n int) error {
			if n%2 == 1 {
				return &smtp.SMTPError{Code: 452, EnhancedCode: smtp.EnhancedCode{4, 3, 1}, Message: "insufficient storage"}
			}
			return nil
		}, store.DeliveryDelivered, 2, 0},
		{"554", func(int) error {
			return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "message refused"}
		}, store.DeliveryFailed, 1, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, smtptest.Options{Message: func(_ []string, n int) error { return c.answer(n) }})
			f.importReaders("ana@example.org")
			ctx := context.Background()
			for range store.MaxBounces {
				pub := f.publish("health")
				ds, _ := f.store.Deliveries(ctx, pub.Edition.Edition.ID)
				if len(ds) != 1 || ds[0].State != c.state || ds[0].Attempts != c.tries {
					t.Fatalf("delivery %+v, want %s after %d attempts", ds, c.state, c.tries)
				}
				if c.state == store.DeliveryFailed && ds[0].Error != "the mail server refused the message (554 5.6.0 message refused)" {
					t.Errorf("error %q does not say in a sentence what the server answered", ds[0].Error)
				}
			}
			if sub, _ := f.store.SubscriberByAddress(ctx, "ana@example.org"); sub.State != store.SubscriberConfirmed {
				t.Errorf("after %d editions: subscriber is %s; a refusal of the message must not stop the address", store.MaxBounces, sub.State)
			}
			if len(f.reports.failed) != c.reports*store.MaxBounces {
				t.Errorf("editors told of %d failures, want %d", len(f.reports.failed), c.reports*store.MaxBounces)
			}
		})
	}
}

// A server that does not offer STARTTLS gets no edition in clear: each
// attempt is refused before MAIL FROM, retried with backoff, and when it
// persists the delivery fails and editors are told (README: "mail is
// refused without it").
func TestEditionIsNotSentWithoutSTARTTLS(t *testing.T) {
	f := newFixture(t, smtptest.Options{NoTLS: true})
	f.importReaders("ana@example.org")
	pub := f.publish("health")
	if n := len(f.server.Messages()); n != 0 {
		t.Fatalf("%d mails went out in clear", n)
	}
	ds, _ := f.store.Deliveries(context.Background(), pub.Edition.Edition.ID)
	if len(ds) != 1 || ds[0].State != store.DeliveryFailed || ds[0].Attempts < 2 || ds[0].Error != "the mail server does not offer STARTTLS, and mail is never sent unencrypted: "+
		"enable STARTTLS on it, or set email.insecure = true if it is on a network you trust; gave up after 12 tries" {
		t.Errorf("delivery %+v, want failed after retries, saying STARTTLS", ds)
	}
	if len(f.reports.failed) != 1 {
		t.Errorf("editors told of %d failures, want 1", len(f.reports.failed))
	}
	if sub, _ := f.store.SubscriberByAddress(context.Background(), "ana@example.org"); sub.Bounces != 0 {
		t.Errorf("a server without STARTTLS counted against the address: %+v", sub)
	}
}

// A confirmation link works for 7 days from its mail and then says it
// expired (PRODUCT.md 11); an expired link confirms nobody.
func TestConfirmationLinkExpiresAfterSevenDays(t *testing.T) {
	f := newFixture(t, smtptest.Options{})
	now := time.Now()
	svc := newService(t, f.store, newSender(t, senderTo(f.server)), email.Options{From: "news@council.example",
		PublicURL: "https://news.council.example", Now: func() time.Time { return now }})
	ctx := context.Background()
	if err := svc.SignUp(ctx, "ana@example.org", nil, "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	w := checkWire(t, f.server.Messages()[0])
	token := regexp.MustCompile(`confirm\?t=([A-Za-z0-9._-]+)`).FindStringSubmatch(w.text)
	if token == nil {
		t.Fatalf("no link in %q", w.text)
	}
	start := now
	now = start.Add(email.ConfirmValidity - time.Minute)
	if _, err := svc.CheckConfirmation(ctx, token[1]); err != nil {
		t.Errorf("a minute before 7 days: %v", err)
	}
	now = start.Add(email.ConfirmValidity + time.Minute)
	if _, err := svc.CheckConfirmation(ctx, token[1]); !errors.Is(err, email.ErrExpiredToken) {
		t.Errorf("a minute after 7 days: CheckConfirmation = %v, want ErrExpiredToken", err)
	}
	if _, err := svc.Confirm(ctx, token[1]); !errors.Is(err, email.ErrExpiredToken) {
		t.Errorf("a minute after 7 days: Confirm = %v, want ErrExpiredToken", err)
	}
	if sub, _ := f.store.SubscriberByAddress(ctx, "ana@example.org"); sub.State != store.SubscriberPending {
		t.Errorf("an expired link confirmed the reader: %s", sub.State)
	}
}

// A confirmation mail the server did not take is not one of the address's
// three a day: the form told the reader "try again in a few minutes", so
// a reader who tried while the relay was refusing gets the mail once it
// takes it, rather than the same "check your inbox" page and no mail for
// a day.
func TestUnsentConfirmationMailsDoNotUseUpTheDailyLimit(t *testing.T) {
	f := newFixture(t, smtptest.Options{Recipient: func(_ string, attempt int) error {
		if attempt <= 3 {
			return smtptest.TempFail()
		}
		return nil
	}})
	ctx := context.Background()
	for i := range 3 {
		if err := f.service.SignUp(ctx, "ana@example.org", nil, "192.0.2.1"); !errors.Is(err, email.ErrNotSending) {
			t.Fatalf("sign-up %d while the server says 451: %v, want ErrNotSending", i+1, err)
		}
	}
	if err := f.service.SignUp(ctx, "ana@example.org", nil, "192.0.2.1"); err != nil {
		t.Fatalf("sign-up once the server takes mail: %v", err)
	}
	if got := recipients(f.server.Messages()); len(got) != 1 || got[0] != "ana@example.org" {
		t.Fatalf("mails accepted = %v, want the one confirmation to ana@example.org", got)
	}
	// The limit still holds for mails that went out: two more, then none.
	for range 3 {
		if err := f.service.SignUp(ctx, "ana@example.org", nil, "192.0.2.2"); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(f.server.Messages()); n != 3 {
		t.Errorf("%d confirmation mails accepted in a day, want 3", n)
	}
}

// TestReasonsEditorsRead: what editors read for a mail that failed is one
// sentence with the server's reply in brackets, naming no address: a "try
// later" that lasted past the last retry, and a login the server refused
// (which says what to check).
func TestReasonsEditorsRead(t *testing.T) {
	f := newFixture(t, smtptest.Options{Recipient: func(string, int) error { return smtptest.TempFail() }})
	f.importReaders("ana@example.org")
	pub := f.publish("health")
	ds, _ := f.store.Deliveries(context.Background(), pub.Edition.Edition.ID)
	want := "the mail server turned the address away for now (451 4.3.0 temporary local problem, try again later); gave up after 12 tries"
	if len(ds) != 1 || ds[0].State != store.DeliveryFailed || ds[0].Error != want {
		t.Errorf("deliveries %+v\nwant failed: %q", ds, want)
	}

	// The server takes logins; the bot's password is not the one.
	g := newFixture(t, smtptest.Options{Username: "news", Password: "right"})
	wrong := senderTo(g.server)
	wrong.Username, wrong.Password = "news", "wrong"
	g.sendWith(newSender(t, wrong), email.Options{From: "news@council.example", PublicURL: "https://news.council.example"},
		delivery.Options{Backoff: time.Millisecond, MaxBackoff: time.Millisecond, MaxAttempts: 2})
	g.importReaders("ana@example.org")
	pub = g.publish("health")
	ds, _ = g.store.Deliveries(context.Background(), pub.Edition.Edition.ID)
	want = "the mail server refused the bot's login: check email.username and SMTP_PASSWORD; gave up after 2 tries"
	if len(ds) != 1 || ds[0].State != store.DeliveryFailed || ds[0].Error != want {
		t.Errorf("deliveries %+v\nwant failed: %q", ds, want)
	}
}

// TestNonASCIIMailboxWithoutSMTPUTF8: a reader whose address has letters
// beyond ASCII before the @ cannot be written in an envelope to a server
// that does not offer SMTPUTF8 (RFC 6531): no A-label form exists for a
// mailbox, as one does for a domain. That reader's mail fails with a
// sentence saying so, nothing is sent in raw UTF-8, it does not count
// against the address, and the other readers get theirs.
func TestNonASCIIMailboxWithoutSMTPUTF8(t *testing.T) {
	f := newFixture(t, smtptest.Options{})
	f.importReaders("müller@example.org", "ana@example.org")
	pub := f.publish("health")
	ctx := context.Background()
	ds, _ := f.store.Deliveries(ctx, pub.Edition.Edition.ID)
	for _, d := range ds {
		sub, _ := f.store.Subscriber(ctx, mustID(t, d.ChannelID))
		want := store.Delivery{State: store.DeliveryDelivered}
		if sub.Address == "müller@example.org" {
			want = store.Delivery{State: store.DeliveryFailed, Error: "the address has letters beyond ASCII before the @, " +
				"which the mail server does not accept (it does not offer SMTPUTF8)"}
		}
		if d.State != want.State || d.Error != want.Error {
			t.Errorf("%s: %s %q, want %s %q", sub.Address, d.State, d.Error, want.State, want.Error)
		}
		if sub.Bounces != 0 {
			t.Errorf("%s: %d bounces counted", sub.Address, sub.Bounces)
		}
	}
	var to [][]string
	for _, m := range f.server.Messages() {
		to = append(to, m.To)
	}
	if len(to) != 1 || len(to[0]) != 1 || to[0][0] != "ana@example.org" {
		t.Errorf("server accepted mails to %q, want only ana's", to)
	}

	// A server that offers SMTPUTF8 gets the address as it is.
	g := newFixture(t, smtptest.Options{SMTPUTF8: true})
	g.importReaders("müller@example.org")
	pub = g.publish("health")
	ds, _ = g.store.Deliveries(ctx, pub.Edition.Edition.ID)
	if msgs := g.server.Messages(); len(ds) != 1 || ds[0].State != store.DeliveryDelivered || len(msgs) != 1 || msgs[0].To[0] != "müller@example.org" {
		t.Errorf("with SMTPUTF8: deliveries %+v, %d mails", ds, len(msgs))
	}
}
