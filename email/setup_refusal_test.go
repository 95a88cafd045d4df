package email_test

import (
	"context"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/email"
	"github.com/sharednews/sharednews/email/smtptest"
	"github.com/sharednews/sharednews/store"
)

// TestMailRefusedUntilTLSOrALogin: a server that wants STARTTLS, or a
// login, before it takes mail answers MAIL FROM with 530 (RFC 3207 4,
// RFC 4954 6), as Postfix, Exchange and Gmail do when email.insecure =
// true skipped the STARTTLS they offer, or email.username is empty. That
// is the connection's set-up, not the sender's address: editors read what
// to change in the configuration, and the mail is retried with backoff, as
// when the server offers no STARTTLS at all, not failed at once as a
// refusal of email.from.
func TestMailRefusedUntilTLSOrALogin(t *testing.T) {
	const tries = "; gave up after 2 tries"
	for _, c := range []struct {
		name    string
		answers map[string]string
		want    string
	}{
		{"STARTTLS first", map[string]string{"EHLO": "250-mx.example.org\r\n250 STARTTLS", "MAIL": "530 5.7.0 Must issue a STARTTLS command first"},
			"the mail server takes no mail before STARTTLS (530 5.7.0 Must issue a STARTTLS command first), " +
				"and email.insecure = true sends without it: set email.insecure = false" + tries},
		{"a login first", map[string]string{"MAIL": "530 5.7.0 Authentication required"},
			"the mail server takes no mail before a login (530 5.7.0 Authentication required): " +
				"set email.username, and the password in SMTP_PASSWORD" + tries},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := failedMail(t, email.SMTPOptions{Host: "127.0.0.1", Port: scriptedSMTP(t, "220 mx.example.org ESMTP", c.answers, 0), Insecure: true})
			if d.State != store.DeliveryFailed || d.Attempts != 2 || d.Error != c.want {
				t.Errorf("%s after %d attempts: %q\nwant failed after 2: %q", d.State, d.Attempts, d.Error, c.want)
			}
		})
	}
}

// TestHeldRefusalNamesNoEarlierReader: while a 530 holds the sender, the
// next readers' mails fail with it at once. The answer held must not be
// the first mail's error, which names its recipient when the 530 answers
// RCPT TO (go-mail adds "affected recipient(s)"): each failure's log line
// masks only its own reader's address, so the first reader's would be
// logged in full beside every other's.
func TestHeldRefusalNamesNoEarlierReader(t *testing.T) {
	port := scriptedSMTP(t, "220 mx.example.org ESMTP", map[string]string{"RCPT": "530 5.7.0 Authentication required"}, 0)
	sender := newSender(t, email.SMTPOptions{Host: "127.0.0.1", Port: port, Insecure: true, Timeout: 5 * time.Second})
	send := func(to string) error { return sender.Send(context.Background(), plainMsg(t, to), nil) }
	if err := send("ana@example.org"); err == nil || !strings.Contains(err.Error(), "530") {
		t.Fatalf("first mail: %v, want the 530", err)
	}
	err := send("ben@example.org")
	if err == nil || !strings.Contains(err.Error(), "530") || !strings.Contains(err.Error(), "not tried again before") {
		t.Fatalf("second mail: %v, want the 530 held", err)
	}
	if strings.Contains(strings.ToLower(err.Error()), "ana@example.org") {
		t.Errorf("the second reader's failure names the first reader in full: %v", err)
	}
}

// TestSendingQuotaIsNotTheAddresssFault: a relay past its sending quota
// refuses each further recipient at RCPT with 550 5.4.5 (Gmail and
// Google Workspace: "Daily user sending quota exceeded", counted in
// recipients) or 5.4.6 (Zoho: "mail rate exceeded limit"). RFC 3463's
// X.4 is the network's and routing's status: only "no answer from host"
// (X.4.1, also Exchange Online's "Recipient address rejected") and
// "unable to route" (X.4.4, a domain with no mail server, most often
// mistyped) are about the address. A quota counted against every reader
// past it would stop, three editions on, most of a list whose relay is
// too small for it, for good.
func TestSendingQuotaIsNotTheAddresssFault(t *testing.T) {
	f := newFixture(t, smtptest.Options{Recipient: func(address string, _ int) error {
		switch {
		case strings.HasPrefix(address, "quota"):
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 4, 5}, Message: "Daily user sending quota exceeded. - gsmtp"}
		case strings.HasPrefix(address, "rate"):
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 4, 6}, Message: "mail rate exceeded limit"}
		case strings.HasPrefix(address, "noroute"):
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 4, 4}, Message: "Unable to route: no mail hosts for domain"}
		}
		return nil
	}})
	f.importReaders("quota@example.org", "rate@example.org", "noroute@example.org")
	ctx := context.Background()
	f.eachDelivery(store.MaxBounces, func(edition int, sub store.Subscriber, d store.Delivery) {
		if d.State != store.DeliveryFailed {
			t.Errorf("edition %d, %s: delivery %+v, want failed", edition, sub.Address, d)
		}
		if sub.Address == "quota@example.org" && d.Error != "the mail server refused mail to the address (550 5.4.5 Daily user sending quota exceeded. - gsmtp)" {
			t.Errorf("edition %d: editors read %q", edition, d.Error)
		}
	})
	for address, want := range map[string]store.SubscriberState{"quota@example.org": store.SubscriberConfirmed,
		"rate@example.org": store.SubscriberConfirmed, "noroute@example.org": store.SubscriberStopped} {
		if sub, _ := f.store.SubscriberByAddress(ctx, address); sub.State != want {
			t.Errorf("after %d editions refused: %s is %s with %d bounces, want %s", store.MaxBounces, address, sub.State, sub.Bounces, want)
		}
	}
}

// TestBadSenderAtRCPTIsNotTheAddresssFault: RFC 3463's X.1.7 and X.1.8
// are the sender's address ("550 5.1.8 Access denied, bad outbound
// sender", as Exchange Online answers for an account it stopped from
// sending). After the message they were already the sender's; at RCPT
// they counted against every reader, and three editions stopped them all.
func TestBadSenderAtRCPTIsNotTheAddresssFault(t *testing.T) {
	f := newFixture(t, smtptest.Options{Recipient: func(address string, _ int) error {
		switch {
		case strings.HasPrefix(address, "sender"):
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 8}, Message: "Access denied, bad outbound sender"}
		case strings.HasPrefix(address, "syntax"):
			return &smtp.SMTPError{Code: 553, EnhancedCode: smtp.EnhancedCode{5, 1, 7}, Message: "Sender address syntax invalid"}
		}
		return smtptest.NoSuchUser(address)
	}})
	f.importReaders("sender@example.org", "syntax@example.org", "gone@example.org")
	f.eachDelivery(store.MaxBounces, func(int, store.Subscriber, store.Delivery) {})
	for address, want := range map[string]store.SubscriberState{"sender@example.org": store.SubscriberConfirmed,
		"syntax@example.org": store.SubscriberConfirmed, "gone@example.org": store.SubscriberStopped} {
		if sub, _ := f.store.SubscriberByAddress(context.Background(), address); sub.State != want {
			t.Errorf("after %d editions refused: %s is %s with %d bounces, want %s", store.MaxBounces, address, sub.State, sub.Bounces, want)
		}
	}
}

// TestRefusedSenderIsTheSettingsToFix: a 5xx to MAIL FROM refuses
// email.from, the bot's own setting, not any reader: a relay that will not
// send as that address ("553 5.7.1 Sender address rejected: not owned by
// user", Postfix; "550 5.7.60 SMTP; Client does not have permissions to
// send as this sender", Exchange Online) refuses every reader the same. It
// failed each remaining reader's mail at once, for good, with nothing to
// send it again once the setting was fixed. It is held as a 530 is, the
// mail retried with backoff, and editors read what to change.
func TestRefusedSenderIsTheSettingsToFix(t *testing.T) {
	port := scriptedSMTP(t, "220 mx.example.org ESMTP",
		map[string]string{"MAIL": "553 5.7.1 <news@council.example>: Sender address rejected: not owned by user bot@council.example"}, 0)
	d := failedMail(t, email.SMTPOptions{Host: "127.0.0.1", Port: port, Insecure: true})
	want := "the mail server refused the bot's sender address (553 5.7.1 Sender address rejected: not owned by user bot@council.example): " +
		"set email.from to an address the server lets the bot send from; gave up after 2 tries"
	if d.State != store.DeliveryFailed || d.Attempts != 2 || d.Error != want {
		t.Errorf("%s after %d attempts: %q\nwant failed after 2: %q", d.State, d.Attempts, d.Error, want)
	}
}

// TestSenderFixedMidEditionReachesEveryReaderOnce: the relay refuses
// email.from for the first mails of an edition, then takes it (the
// operator fixed the setting, or the relay's owner the account). Every
// reader gets the edition exactly once, none of them is counted a bounce,
// and editors are told of no failure. The readers refused used to fail
// for good.
func TestSenderFixedMidEditionReachesEveryReaderOnce(t *testing.T) {
	f := newFixtureWith(t, smtptest.Options{Sender: func(_ string, attempt int) error {
		if attempt <= 3 {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 60}, Message: "Client does not have permissions to send as this sender"}
		}
		return nil
	}}, email.SMTPOptions{RedialAfter: 10 * time.Millisecond},
		delivery.Options{Backoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond, MaxAttempts: 50})
	readers := []string{"ana@example.org", "ben@example.org", "cat@example.org", "dan@example.org", "eve@example.org"}
	f.importReaders(readers...)
	pub := f.publish("health")
	ds, err := f.store.Deliveries(context.Background(), pub.Edition.Edition.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.State != store.DeliveryDelivered {
			t.Errorf("reader %s: %s after %d attempts (%s), want delivered", d.ChannelID, d.State, d.Attempts, d.Error)
		}
	}
	got := recipients(f.server.Messages())
	slices.Sort(got)
	if !slices.Equal(got, readers) {
		t.Errorf("mailed %q, want each of %q once", got, readers)
	}
	for _, a := range readers {
		if sub, _ := f.store.SubscriberByAddress(context.Background(), a); sub.Bounces != 0 || sub.State != store.SubscriberConfirmed {
			t.Errorf("%s is %s with %d bounces, want confirmed with none", a, sub.State, sub.Bounces)
		}
	}
	if len(f.reports.failed) != 0 {
		t.Errorf("editors told of %d failures, want none", len(f.reports.failed))
	}
}

// TestFailedMailIsSentAgainOnceFixed: an edition whose mails failed for
// good for the bot's own reason (email.from refused past every retry) is
// sent again once the operator has fixed it: store.ResendFailedMail
// (`sharednews subscribers resend`) puts the failed mails back, and each
// such reader gets the edition once. A reader whose server refused the
// address for this edition is not sent it again, and asking twice sends
// nobody anything twice.
func TestFailedMailIsSentAgainOnceFixed(t *testing.T) {
	var refused atomic.Bool
	refused.Store(true)
	f := newFixtureWith(t, smtptest.Options{
		Sender: func(string, int) error {
			if refused.Load() {
				return &smtp.SMTPError{Code: 553, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "Sender address rejected: not owned by user"}
			}
			return nil
		},
		Recipient: func(address string, _ int) error {
			if strings.HasPrefix(address, "gone") {
				return smtptest.NoSuchUser(address)
			}
			return nil
		},
	}, email.SMTPOptions{RedialAfter: time.Millisecond},
		delivery.Options{Backoff: time.Millisecond, MaxBackoff: time.Millisecond, MaxAttempts: 2})
	srv := f.server
	f.importReaders("ana@example.org", "ben@example.org", "gone@example.org")
	ctx := context.Background()
	pub := f.publish("health")
	if n := len(srv.Messages()); n != 0 || len(f.reports.failed) != 3 {
		t.Fatalf("while email.from is refused: %d mails, %d failures told; want none and 3", n, len(f.reports.failed))
	}

	refused.Store(false) // the operator fixed email.from
	r, err := f.store.ResendFailedMail(ctx)
	if err != nil || r.Edition != pub.Edition.Edition.Number || r.Mails != 3 {
		t.Fatalf("resend: %+v, %v; want edition %d's 3 mails", r, err, pub.Edition.Edition.Number)
	}
	f.worker.Deliver(ctx)
	got := recipients(srv.Messages())
	slices.Sort(got)
	if !slices.Equal(got, []string{"ana@example.org", "ben@example.org"}) {
		t.Errorf("mailed %q, want ana and ben once each", got)
	}
	// ana and ben have it; gone's server refused the address for this
	// edition, which counted against it.
	if r, err := f.store.ResendFailedMail(ctx); err != nil || r.Mails != 0 {
		t.Errorf("resend again: %+v, %v; want nothing sent again", r, err)
	}
}
