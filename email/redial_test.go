package email_test

import (
	"context"
	"strings"
	"sync"
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
	o := senderTo(srv)
	o.Username, o.Password, o.RedialAfter = "news", "wrong", wait
	sender := newSender(t, o)
	send := func() error { return sender.Send(context.Background(), plainMsg(t, "ana@example.org"), nil) }
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

// TestServerGoneAwaySaysItCannotBeReached: a server that went away closed
// every connection the sender kept open. Each is found closed before any
// mail is said on it, and the mail then dials, so the failure is the
// dial's ("connect to the mail server: … connection refused", which
// editors read as "could not be reached"), not the second closed
// connection's "not connected to SMTP server", which the worker called a
// failure it does not recognise.
func TestServerGoneAwaySaysItCannotBeReached(t *testing.T) {
	var both sync.WaitGroup
	both.Add(2)
	srv, err := smtptest.Start(smtptest.Options{NoTLS: true, Message: func([]string, int) error {
		// Two mails at once: the sender opens two connections.
		both.Done()
		both.Wait()
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	sender := newSender(t, email.SMTPOptions{Host: srv.Host(), Port: srv.Port(), Insecure: true, Conns: 2})
	errs := make(chan error, 2)
	for _, to := range []string{"ana@example.org", "ben@example.org"} {
		go func() { errs <- sender.Send(context.Background(), plainMsg(t, to), nil) }()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	srv.Close()

	err = sender.Send(context.Background(), plainMsg(t, "cleo@example.org"), nil)
	if err == nil || !strings.Contains(err.Error(), "connect to the mail server") || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("mail after the server went away: %v, want that it could not be reached", err)
	}
}

// plainMsg is a short plain-text mail to to, for tests of the sender
// alone.
func plainMsg(t *testing.T, to string) *gomail.Msg {
	t.Helper()
	m := gomail.NewMsg()
	if err := m.From("news@council.example"); err != nil {
		t.Fatal(err)
	}
	if err := m.To(to); err != nil {
		t.Fatal(err)
	}
	m.Subject("Edition")
	m.SetBodyString(gomail.TypeTextPlain, "Hello")
	return m
}
