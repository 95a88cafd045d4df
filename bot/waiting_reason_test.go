package bot

import (
	"context"
	"testing"
	"time"

	"github.com/sharednews/sharednews/store"
)

// TestWaitingReadsTheRecordedRateLimit: `/shared status` said why open
// deliveries wait by reading a rate limit from an empty error, true only
// while the worker wrote none for a 429: a 429 keeps the error of an
// outcome still unknown, and the status then said "last try: …" for a
// delivery the platform had asked to wait. The worker now records a rate
// limit in the ledger (store.RetryRateLimited), and the status reads it;
// a row put back before it was recorded reads as before.
func TestWaitingReadsTheRecordedRateLimit(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	page := pageServer(t)
	f.bot.DeliverWith(nil) // the run's worker is elsewhere: publish leaves them pending
	f.say(member, "submit "+page.URL+"/story health")
	f.say(editor, "approve 1")
	f.say(editor, "subscribe")
	f.say(editor, "publish")
	latest, err := f.store.LatestEdition(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := f.store.Deliveries(ctx, latest.Edition.ID)
	if err != nil || len(ds) == 0 {
		t.Fatalf("deliveries %+v, %v", ds, err)
	}
	d := ds[0]
	if d.RateLimited != nil {
		t.Errorf("a delivery never put back records no reason: %v", *d.RateLimited)
	}
	now := time.Now()
	const unknown = "the outcome of part 2 is unknown: the channel is read before it is sent again"
	if _, ok, err := f.store.ClaimDelivery(ctx, d.ID, "w", now, time.Minute); err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if err := f.store.RetryDelivery(ctx, d.ID, "w", now.Add(time.Minute), unknown, store.RetryRateLimited); err != nil {
		t.Fatal(err)
	}
	ds, err = f.store.Deliveries(ctx, latest.Edition.ID)
	if err != nil {
		t.Fatal(err)
	}
	limited := ds[0]
	if limited.RateLimited == nil || !*limited.RateLimited || limited.Error != unknown {
		t.Fatalf("rate limited %v, error %q", limited.RateLimited, limited.Error)
	}
	const rate = "Slack asked the bot to wait: rate limited (HTTP 429)"
	failed := limited
	no := false
	failed.RateLimited = &no
	old, oldFailed := limited, limited
	old.RateLimited, old.Error = nil, ""
	oldFailed.RateLimited, oldFailed.Error = nil, "Slack had a server error (HTTP 500)"
	for _, c := range []struct {
		name string
		d    store.Delivery
		want string
	}{
		{"rate limited, its error kept", limited, rate},
		{"a failed try", failed, "last try: " + unknown},
		{"from before 0033, no error", old, rate},
		{"from before 0033, an error", oldFailed, "last try: Slack had a server error (HTTP 500)"},
	} {
		if got := waitingOf([]store.Delivery{c.d}, false, now).Why; got != c.want {
			t.Errorf("%s: why %q, want %q", c.name, got, c.want)
		}
	}
}
