package email_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"

	"github.com/sharednews/sharednews/email"
	"github.com/sharednews/sharednews/email/smtptest"
	"github.com/sharednews/sharednews/store"
)

// The tests in this file hold the email edition to what mail servers the
// bot does not run answer in the wild.

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
	for edition := 1; edition <= store.MaxBounces; edition++ {
		pub := f.publish("health")
		ds, _ := f.store.Deliveries(ctx, pub.Edition.Edition.ID)
		for _, d := range ds {
			sub, _ := f.store.Subscriber(ctx, mustID(t, d.ChannelID))
			if d.State != store.DeliveryFailed || d.Attempts != 1 {
				t.Errorf("edition %d, %s: delivery %+v, want failed at once", edition, sub.Address, d)
			}
			if sub.Address == "blocked@example.org" && d.Error != "the mail server refused mail to the address "+
				"(550 5.7.1 Service unavailable, Client host [192.0.2.7] blocked using Spamhaus)" {
				t.Errorf("edition %d: editors read %q", edition, d.Error)
			}
		}
	}
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
