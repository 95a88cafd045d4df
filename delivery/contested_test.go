package delivery

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/sharednews/sharednews/store"
)

// contestRecorder is a finder that records, channel by channel, whether
// each post it was given was contested.
type contestRecorder struct {
	*finder
	mu        sync.Mutex
	contested map[string][]bool
}

func (c *contestRecorder) PostEdition(ctx context.Context, post Post, sent func(int, string) error) error {
	c.mu.Lock()
	c.contested[post.ChannelID] = append(c.contested[post.ChannelID], post.Contested)
	c.mu.Unlock()
	return c.finder.PostEdition(ctx, post, sent)
}

// TestPostIsContestedOnlyWhileAnotherWorkerMayBePosting: a post is
// contested (the destination makes sure its first part is the only copy)
// when the delivery was taken over from a worker that did not settle it,
// or after a try whose outcome is unknown; not on a first try, nor on a
// retry after a 429, which posted nothing, unless a worker holding it
// since was interrupted.
func TestPostIsContestedOnlyWhileAnotherWorkerMayBePosting(t *testing.T) {
	f := newFixture(t, Options{})
	rec := &contestRecorder{finder: &finder{flaky: newFlaky(2)}, contested: map[string][]bool{}}
	f.worker.Add(rec)
	f.publish(t, "discord", "FRESH", "TAKEN", "UNKNOWN", "LIMITED", "LIMITEDTAKEN")
	ctx := context.Background()
	ids := f.states(t)
	past := time.Now().Add(-time.Hour)
	claim := func(ch, owner string) {
		t.Helper()
		if _, ok, err := f.store.ClaimDelivery(ctx, ids[ch].ID, owner, past, time.Minute); !ok || err != nil {
			t.Fatalf("claim %s: %v %v", ch, ok, err)
		}
	}
	retry := func(ch, owner, why string, reason store.RetryReason) {
		t.Helper()
		if err := f.store.RetryDelivery(ctx, ids[ch].ID, owner, past, why, reason); err != nil {
			t.Fatal(err)
		}
	}
	claim("TAKEN", "frozen") // its lease ran out an hour ago, unsettled
	claim("UNKNOWN", "earlier")
	retry("UNKNOWN", "earlier", "the connection was dropped", store.RetryFailed)
	claim("LIMITED", "earlier")
	retry("LIMITED", "earlier", "the connection was dropped", store.RetryRateLimited)
	claim("LIMITEDTAKEN", "earlier")
	retry("LIMITEDTAKEN", "earlier", "the connection was dropped", store.RetryRateLimited)
	claim("LIMITEDTAKEN", "frozen")

	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- f.worker.Run(dctx) }()
	f.waitAllDelivered(t)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"FRESH": false, "TAKEN": true, "UNKNOWN": true, "LIMITED": false, "LIMITEDTAKEN": true}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for ch, contested := range want {
		if got := rec.contested[ch]; len(got) != 1 || got[0] != contested {
			t.Errorf("%s: posts contested %v, want [%v]", ch, got, contested)
		}
	}
}

// TestTakingBackOnlyWhenTheDeliveryWasTakenOver: the take-back runs when
// the record is refused because another worker holds the delivery, on a
// context that outlives the worker's (cancelled with its lease), and for
// no other refusal; the refusal is returned as it was.
func TestTakingBackOnlyWhenTheDeliveryWasTakenOver(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the lease has ended
	for _, refusal := range []error{nil, errors.New("disk full"), fmt.Errorf("record part: %w", ErrLeaseLost)} {
		var called []string
		record := TakingBack(ctx, func(int, string) error { return refusal }, func(look context.Context, part int, ref string) {
			called = append(called, fmt.Sprintf("%d %s %v", part, ref, look.Err()))
		})
		if err := record(2, "C/1"); err != refusal {
			t.Errorf("record returned %v, want %v", err, refusal)
		}
		want := "[]"
		if errors.Is(refusal, ErrLeaseLost) {
			want = "[2 C/1 <nil>]"
		}
		if got := fmt.Sprint(called); got != want {
			t.Errorf("refusal %v: take-back called %s, want %s", refusal, got, want)
		}
	}
}
