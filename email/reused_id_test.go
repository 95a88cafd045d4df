package email_test

import (
	"context"
	"testing"

	"github.com/sharednews/sharednews/email/smtptest"
	"github.com/sharednews/sharednews/store"
)

// TestRemovedReadersRetryReachesNobodyElse: a reader removed (`sharednews
// subscribers remove`, the data owner's erasure) while their mail of an
// edition waits for a retry after a 4xx is not mailed it, and nor is
// anybody else. SQLite gives a new row the highest number in use plus
// one, so a reader added next takes the removed reader's number when it
// was the highest; the retry, which names the reader by number, went to
// the new reader, who had not been on the list when the edition was
// published, with the removed reader's choice of sectors.
func TestRemovedReadersRetryReachesNobodyElse(t *testing.T) {
	ctx := context.Background()
	var f *fixture
	f = newFixture(t, smtptest.Options{Recipient: func(address string, attempt int) error {
		if address == "ana@example.org" && attempt == 1 {
			if _, err := f.store.RemoveSubscriber(ctx, "ana@example.org"); err != nil {
				t.Error(err)
			}
			f.importReaders("ben@example.org")
			return smtptest.TempFail()
		}
		return nil
	}})
	f.importReaders("ana@example.org")
	pub := f.publish("health")
	if got := recipients(f.server.Messages()); len(got) != 0 {
		t.Errorf("mailed %q, want nobody: ana was removed, ben joined after the edition", got)
	}
	ds, err := f.store.Deliveries(ctx, pub.Edition.Edition.ID)
	if err != nil || len(ds) != 1 {
		t.Fatalf("deliveries %+v, %v; want one", ds, err)
	}
	if ds[0].State == store.DeliveryDelivered {
		t.Errorf("the removed reader's mail is recorded delivered: %+v", ds[0])
	}
}
