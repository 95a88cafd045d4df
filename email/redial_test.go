package email_test

import (
	"context"
	"strings"
	"testing"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/sharednews/sharednews/email"
	"github.com/sharednews/sharednews/email/smtptest"
)

// TestRefusedLoginIsNotRetriedPerMail: a relay that refuses the login is
// asked again only after RedialAfter, not once for every reader's every
// attempt (which locks the account on many relays); the mails meanwhile
// fail at once with the login's failure, for the ledger to retry.
func TestRefusedLoginIsNotRetriedPerMail(t *testing.T) {
	srv, err := smtptest.Start(smtptest.Options{Username: "news", Password: "right"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	const wait = 300 * time.Millisecond
	sender, err := email.NewSMTP(email.SMTPOptions{Host: srv.Host(), Port: srv.Port(), TLSConfig: srv.ClientTLS,
		Username: "news", Password: "wrong", PerSecond: 1000, RedialAfter: wait})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sender.Close() })
	send := func() error {
		m := gomail.NewMsg()
		if err := m.From("news@council.example"); err != nil {
			t.Fatal(err)
		}
		if err := m.To("ana@example.org"); err != nil {
			t.Fatal(err)
		}
		m.Subject("Edition")
		m.SetBodyString(gomail.TypeTextPlain, "Hello")
		return sender.Send(context.Background(), m)
	}
	start := time.Now()
	if err := send(); err == nil || !strings.Contains(err.Error(), "535") {
		t.Fatalf("first mail: %v, want the login refused", err)
	}
	once := srv.Sessions() // the sessions of one login (STARTTLS begins another)
	for i := range 20 {
		err := send()
		if err == nil {
			t.Fatal("a mail went out with a refused login")
		}
		if time.Since(start) < wait && (!strings.Contains(err.Error(), "not tried again before") || !strings.Contains(err.Error(), "535")) {
			t.Errorf("mail %d: %v", i, err)
		}
	}
	if time.Since(start) < wait {
		if n := srv.Sessions(); n != once {
			t.Errorf("%d sessions after 21 mails within %s, %d after the first", n, wait, once)
		}
	}
	time.Sleep(wait)
	if err := send(); err == nil || strings.Contains(err.Error(), "not tried again before") {
		t.Errorf("after the wait: %v, want a new login refused", err)
	}
	if n := srv.Sessions(); n <= once {
		t.Errorf("%d sessions after the wait, want a new login", n)
	}
}
