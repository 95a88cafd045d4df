package email_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/email"
	"github.com/sharednews/sharednews/email/smtptest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestUnsubscribeWhileTheMailWaitsItsTurn: a reader who unsubscribes
// while their mail waits for its turn at email.per_second gets none
// (README: "mail not yet sent to the address is skipped"). The worker
// claims many mails at once and each waits for the rate; the reader's
// standing was read before that wait, so the mail went out after the
// unsubscribe. It is read again once the mail's turn has come.
func TestUnsubscribeWhileTheMailWaitsItsTurn(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, "")
	var once sync.Once
	srv, err := smtptest.Start(smtptest.Options{Message: func(to []string, _ int) error {
		once.Do(func() { // the first mail's reader is in; the other leaves
			other := "bob@example.org"
			if strings.EqualFold(to[0], other) {
				other = "ana@example.org"
			}
			sub, err := st.SubscriberByAddress(ctx, other)
			if err != nil {
				t.Error(err)
				return
			}
			if _, err := st.UnsubscribeSubscriber(ctx, sub.ID); err != nil {
				t.Error(err)
			}
		})
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	f := fixtureOver(t, st)
	o := senderTo(srv)
	o.PerSecond = 2 // the second mail waits half a second for its turn
	f.sendWith(newSender(t, o), email.Options{From: "news@council.example", PublicURL: "https://news.council.example"}, delivery.Options{})
	f.importReaders("ana@example.org", "bob@example.org")
	pub := f.publish("health")
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("%d mails sent, want 1: the reader who unsubscribed meanwhile got one", n)
	}
	ds, err := st.Deliveries(ctx, pub.Edition.Edition.ID)
	if err != nil {
		t.Fatal(err)
	}
	states := map[store.DeliveryState]int{}
	for _, d := range ds {
		states[d.State]++
	}
	if states[store.DeliveryDelivered] != 1 || states[store.DeliverySkipped] != 1 {
		t.Errorf("deliveries %+v, want one delivered and one skipped", ds)
	}
	if len(f.reports.failed) != 0 {
		t.Errorf("editors told of %d failures, want none", len(f.reports.failed))
	}
}
