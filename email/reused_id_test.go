package email_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/email"
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

// TestRemovedReadersLinkNamesNobody: the unsubscribe link in a mail a
// removed reader had answers that its reader is no longer on the list,
// and leaves the reader added after them subscribed. The new reader took
// the removed one's number, and the link answered "not one this site
// made", which is untrue, though it acted on nobody.
func TestRemovedReadersLinkNamesNobody(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, smtptest.Options{})
	f.importReaders("ana@example.org")
	f.publish("health")
	msgs := f.server.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d mails, want 1", len(msgs))
	}
	h, err := msgs[0].Header()
	if err != nil {
		t.Fatal(err)
	}
	link := strings.Trim(h.Get("List-Unsubscribe"), "<>")
	token := link[strings.Index(link, "t=")+2:]
	if _, err := f.store.RemoveSubscriber(ctx, "ana@example.org"); err != nil {
		t.Fatal(err)
	}
	f.importReaders("ben@example.org")
	if _, err := f.service.Unsubscribe(ctx, token); !errors.Is(err, email.ErrNoReader) {
		t.Errorf("ana's link after she was removed: %v, want %v", err, email.ErrNoReader)
	}
	if ben, err := f.store.SubscriberByAddress(ctx, "ben@example.org"); err != nil || ben.State != store.SubscriberConfirmed {
		t.Errorf("ben after ana's link: %+v, %v; want confirmed", ben, err)
	}
}
