package email_test

import (
	"testing"
	"time"

	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/email"
	"github.com/sharednews/sharednews/email/smtptest"
)

// TestMailIsTriedForDays: a reader's copy was given up with every other
// destination's, after twelve tries over about an hour and three
// quarters, and a reader whose mail server was down for a weekend missed
// the edition. The email edition is a delivery.Patient: its copies are
// tried for three days (delivery's TestMailIsTriedOverAWeekend has the
// worker do so), longer than a weekend and shorter than the week between
// two editions.
func TestMailIsTriedForDays(t *testing.T) {
	f := serverFixture(t, smtptest.Options{})
	svc := newService(t, f.store, newSender(t, senderTo(f.server)), email.Options{From: "news@council.example", PublicURL: "https://news.council.example"})
	p, ok := any(svc).(delivery.Patient)
	if !ok {
		t.Fatal("the email edition is not a delivery.Patient: its copies are given up after the worker's attempts")
	}
	if got := p.RetryFor(); got < 64*time.Hour || got >= 7*24*time.Hour {
		t.Errorf("a reader's copy is tried for %s, want past a weekend (Friday 18:00 to Monday 10:00, 64 h) and under a week", got)
	}
}
