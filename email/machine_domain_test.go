package email_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/email/smtptest"
	"github.com/sharednews/sharednews/store"
)

// TestReaderAtAMachinesAddressIsNotMailed: the sign-up form and the import
// refuse an address whose domain is a machine's IP address, as a literal
// ("a@[127.0.0.1]") or bare ("a@10.0.0.1"): the relay would deliver
// straight to that machine, its own loopback or a host inside the
// network. Readers stored before that check was made were still mailed
// every edition. Their mail is skipped, saying why and what to do, and
// every other reader's goes as before.
func TestReaderAtAMachinesAddressIsNotMailed(t *testing.T) {
	f := newFixture(t, smtptest.Options{})
	f.importReaders("literal@[127.0.0.1]", "bare@127.0.0.1", "hex@0x7f.1", "ok@example.org")
	pub := f.publish("health")
	if got := recipients(f.server.Messages()); !slices.Equal(got, []string{"ok@example.org"}) {
		t.Errorf("mailed %q, want only ok@example.org", got)
	}
	ds, err := f.store.Deliveries(context.Background(), pub.Edition.Edition.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		sub, _ := f.store.Subscriber(context.Background(), mustID(t, d.ChannelID))
		if sub.Address == "ok@example.org" {
			continue
		}
		if d.State != store.DeliverySkipped || !strings.Contains(d.Error, "IP address") || !strings.Contains(d.Error, "subscribers remove") {
			t.Errorf("%s: %s (%s), want skipped saying why and what to do", sub.Address, d.State, d.Error)
		}
		if sub.State != store.SubscriberConfirmed || sub.Bounces != 0 {
			t.Errorf("%s is %s with %d bounces, want left as it was", sub.Address, sub.State, sub.Bounces)
		}
	}
}
