package email_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/email"
	"github.com/sharednews/sharednews/email/smtptest"
	"github.com/sharednews/sharednews/store"
)

// TestStopWhileTheServerOwesTheAnswer: run stopping (SIGTERM) while a
// stalled server owed the answer to a whole message waited for that
// answer up to its ten minutes (SMTPOptions.DataTimeout), and the run
// with it. The mail is now given StopGrace to be answered, then its
// connection is cut: the worker stops, and the mail, which the server
// may have kept (this one does), is left to the next run as
// interrupted, whose try carries the same Message-ID.
func TestStopWhileTheServerOwesTheAnswer(t *testing.T) {
	inData, release := make(chan struct{}), make(chan struct{})
	var entered, released sync.Once
	f := newFixtureWith(t, smtptest.Options{Message: func(_ []string, attempt int) error {
		if attempt == 1 {
			entered.Do(func() { close(inData) })
			<-release // stalled: the answer comes only when the test says
		}
		return nil
	}}, email.SMTPOptions{StopGrace: 300 * time.Millisecond}, delivery.Options{Backoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond})
	answer := func() { released.Do(func() { close(release) }) }
	t.Cleanup(answer) // before the server closes (cleanups run last first)
	f.importReaders("ana@example.org")
	pub := f.record("Thanks for reading.", "health")

	ctx, stop := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- f.worker.Run(ctx) }()
	select {
	case <-inData:
	case <-time.After(30 * time.Second):
		t.Fatal("the mail never reached the server")
	}
	stopped := time.Now()
	stop()
	select {
	case <-ran:
	case <-time.After(5 * time.Second):
		answer()
		<-ran
		t.Fatalf("the worker had not stopped 5 s after its context ended, the server still owing the answer (stopped %s after, once answered)",
			time.Since(stopped).Round(time.Millisecond))
	}
	took := time.Since(stopped)
	t.Logf("the worker stopped %s after its context ended (grace 300 ms)", took.Round(time.Millisecond))
	if took > 2*time.Second {
		t.Errorf("the worker stopped %s after its context ended, want within the 300 ms grace and a little", took)
	}

	answer() // late: the server keeps the mail
	for deadline := time.Now().Add(10 * time.Second); len(f.server.Messages()) == 0 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	ctx = context.Background()
	ds, err := f.store.Deliveries(ctx, pub.Edition.Edition.ID)
	if err != nil || len(ds) != 1 || ds[0].State == store.DeliveryDelivered || ds[0].Error != "interrupted while sending" {
		t.Fatalf("deliveries %+v (%v), want one not delivered and noted as interrupted", ds, err)
	}

	// The next run tries it again, under the same Message-ID.
	f.sendWith(newSender(t, senderTo(f.server)), email.Options{From: "news@council.example", PublicURL: "https://news.council.example"},
		delivery.Options{Backoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond})
	f.worker.Deliver(ctx)
	msgs := f.server.Messages()
	if len(msgs) != 2 {
		t.Fatalf("%d mails at the server, want the one kept after the stop and the next run's", len(msgs))
	}
	first, again := checkWire(t, msgs[0]).header.Get("Message-Id"), checkWire(t, msgs[1]).header.Get("Message-Id")
	if first != again {
		t.Errorf("the next run's try has Message-ID %s, the stopped one's %s: want the same, for the reader's client to fold them", again, first)
	}
	if ds, err := f.store.Deliveries(ctx, pub.Edition.Edition.ID); err != nil || ds[0].State != store.DeliveryDelivered {
		t.Errorf("deliveries %+v (%v), want delivered by the next run", ds, err)
	}
}
