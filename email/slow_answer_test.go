package email_test

import (
	"context"
	"testing"
	"time"

	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/email"
	"github.com/sharednews/sharednews/email/smtptest"
	"github.com/sharednews/sharednews/store"
)

// TestMailAnsweredAfterTheTimeoutGoesOnce: a server that has the whole
// message and takes longer than the sender's timeout to answer it (its
// content filter is busy) keeps the mail. The sender gave up on the
// answer at its timeout for every command, sent the mail again, and the
// reader had it twice (under the same Message-ID, which not every mail
// client folds into one). The answer to the message is waited for as
// RFC 5321 4.5.3.2.6 asks, longer than any other.
func TestMailAnsweredAfterTheTimeoutGoesOnce(t *testing.T) {
	answered := make(chan struct{})
	f := newFixtureWith(t, smtptest.Options{Message: func(_ []string, attempt int) error {
		if attempt == 1 {
			time.Sleep(1500 * time.Millisecond) // past the one-second timeout below
			defer close(answered)
		}
		return nil
	}}, email.SMTPOptions{Timeout: time.Second, DataTimeout: 10 * time.Second},
		delivery.Options{Backoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond})
	f.importReaders("ana@example.org")
	pub := f.publish("health")
	<-answered // the first copy is kept, whether or not the sender still waits for the answer
	if got := len(f.server.Messages()); got != 1 {
		t.Errorf("the server kept %d copies of the mail, want 1", got)
	}
	ds, err := f.store.Deliveries(context.Background(), pub.Edition.Edition.ID)
	if err != nil || len(ds) != 1 || ds[0].State != store.DeliveryDelivered || ds[0].Attempts != 1 {
		t.Errorf("deliveries %+v (%v), want delivered on the first attempt", ds, err)
	}
}
