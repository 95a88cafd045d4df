package email_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/email"
	"github.com/sharednews/sharednews/email/smtptest"
)

// TestOneStalledMailHoldsNoOtherBack: at email.per_second of 5 or less
// the sender kept one connection, and a mail whose answer the server
// stalled over (a content filter, for up to the answer's ten minutes)
// held every other reader's mail behind it: 40 readers at 5 a second,
// one answered 10 s late, had the others' mails 17.4 s after publication
// rather than 7.6 s. A second connection carries on meanwhile.
func TestOneStalledMailHoldsNoOtherBack(t *testing.T) {
	release := make(chan struct{})
	var released sync.Once
	answer := func() { released.Do(func() { close(release) }) }
	f := newFixtureWith(t, smtptest.Options{Message: func(to []string, attempt int) error {
		if strings.EqualFold(to[0], "slow@example.org") && attempt == 1 {
			<-release
		}
		return nil
	}}, email.SMTPOptions{PerSecond: 5}, delivery.Options{Backoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond})
	t.Cleanup(answer) // before the server closes
	others := []string{"ana@example.org", "ben@example.org", "cat@example.org", "dan@example.org"}
	f.importReaders(append([]string{"slow@example.org"}, others...)...) // the stalled one first in the queue
	f.record("Thanks for reading.", "health")
	done := make(chan struct{})
	go func() {
		defer close(done)
		f.worker.Deliver(context.Background())
	}()
	deadline := time.Now().Add(10 * time.Second) // four mails at 5 a second take one
	for len(f.server.Messages()) < len(others) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := len(f.server.Messages()); n < len(others) {
		t.Errorf("%d of the %d other readers had the edition 10 s after it was published, the server stalled over one mail: want all", n, len(others))
	}
	answer()
	<-done
	if n := len(f.server.Messages()); n != len(others)+1 {
		t.Errorf("%d mails in all, want one each for %d readers", n, len(others)+1)
	}
}
