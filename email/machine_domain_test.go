package email_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/email"
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

// TestAtMachineReadsADomainAsTyped: whether a stored address names a
// machine is read from the address as stored, internationalised or not:
// a top-level domain of another script starts with a letter of it and is
// no machine, where only an ASCII letter counted and such a reader, whose
// domain the mail could not carry in ASCII, was skipped as "a machine's
// IP address".
func TestAtMachineReadsADomainAsTyped(t *testing.T) {
	for address, want := range map[string]bool{
		"a@[127.0.0.1]": true, "a@10.0.0.1": true, "a@0x7f.1": true, "a@host.": true,
		"a@example.org": false, "a@münchen.example": false, "a@例え.テスト": false, "a@xn--zckzah.xn--zckzah": false,
	} {
		if got := email.AtMachine(address); got != want {
			t.Errorf("AtMachine(%q) = %v, want %v", address, got, want)
		}
	}
}
