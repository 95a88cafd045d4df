package email_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/email"
	"github.com/sharednews/sharednews/email/smtptest"
	"github.com/sharednews/sharednews/store"
)

// TestThousandReadersWithAFaultEveryFiftieth: one edition to 1,000
// readers through the test SMTP server, every 50th of whom meets a fault
// on the first try, in turn: a 4xx to RCPT, the connection dropped after
// the message's data (before the server's answer; it kept nothing), and
// an answer to the message two seconds late. Every reader gets the
// edition exactly once, the ledger counts 1,000 delivered, the faulted
// readers on their second try (the slow ones on their first: the
// answer comes within the sender's timeout) and nobody else on more than one, nothing
// counts against an address, editors are told of nothing, and the whole
// takes a bounded time: the slow answers wait side by side, not one after
// another.
func TestThousandReadersWithAFaultEveryFiftieth(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 1,000 mails")
	}
	const readers, every = 1000, 50
	fault := func(address string) string {
		var i int
		if _, err := fmt.Sscanf(address, "r%04d@", &i); err != nil || i%every != 0 {
			return ""
		}
		return [...]string{"4xx", "drop", "slow"}[(i/every)%3]
	}
	f := newFixtureWith(t, smtptest.Options{
		Recipient: func(address string, attempt int) error {
			if attempt == 1 && fault(address) == "4xx" {
				return smtptest.TempFail()
			}
			return nil
		},
		Message: func(to []string, attempt int) error {
			switch {
			case attempt > 1:
			case fault(to[0]) == "drop":
				return smtptest.ErrDrop
			case fault(to[0]) == "slow":
				time.Sleep(2 * time.Second)
			}
			return nil
		},
	}, email.SMTPOptions{}, delivery.Options{Backoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond})
	srv := f.server
	var addresses []string
	for i := 1; i <= readers; i++ {
		addresses = append(addresses, fmt.Sprintf("r%04d@example.org", i))
	}
	f.importReaders(addresses...)

	start := time.Now()
	pub := f.publish("health")
	took := time.Since(start)
	t.Logf("1,000 readers, a fault every 50th: %v", took.Round(time.Millisecond))
	if took > 20*time.Second {
		t.Errorf("the edition took %v, want well under 20s (1,000 mails at 1,000 a second, and slow answers of 2s side by side)", took)
	}

	got := map[string]int{}
	for _, m := range srv.Messages() {
		for _, to := range m.To {
			got[strings.ToLower(to)]++
		}
	}
	for _, a := range addresses {
		if got[a] != 1 {
			t.Errorf("%s got the edition %d times, want once", a, got[a])
		}
	}
	if len(got) != readers {
		t.Errorf("%d addresses mailed, want %d", len(got), readers)
	}
	ctx := context.Background()
	ds, err := f.store.Deliveries(ctx, pub.Edition.Edition.ID)
	if err != nil {
		t.Fatal(err)
	}
	states := map[store.DeliveryState]int{}
	for _, d := range ds {
		states[d.State]++
		sub, err := f.store.Subscriber(ctx, mustID(t, d.ChannelID))
		if err != nil {
			t.Fatal(err)
		}
		want := 1
		if f := fault(sub.Address); f == "4xx" || f == "drop" {
			want = 2 // a slow answer is waited for, within the sender's timeout
		}
		if d.Attempts != want {
			t.Errorf("%s (%s): %d attempts, want %d", sub.Address, fault(sub.Address), d.Attempts, want)
		}
		if sub.Bounces != 0 || sub.State != store.SubscriberConfirmed {
			t.Errorf("%s is %s with %d bounces after a %s", sub.Address, sub.State, sub.Bounces, fault(sub.Address))
		}
	}
	if states[store.DeliveryDelivered] != readers || len(ds) != readers {
		t.Errorf("ledger %v over %d deliveries, want %d delivered", states, len(ds), readers)
	}
	if len(f.reports.failed) != 0 {
		t.Errorf("editors told of %d failures, want none", len(f.reports.failed))
	}
}
