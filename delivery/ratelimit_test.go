package delivery

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sharednews/sharednews/store"
)

// throttled is a flaky destination whose throttled channels answer every
// try with a 429 asking to wait after.
type throttled struct {
	*flaky
	after     time.Duration
	throttled map[string]bool
	tries     map[string]int
}

func (d *throttled) PostEdition(ctx context.Context, post Post, sent func(int, string) error) error {
	d.mu.Lock()
	limited := d.throttled[post.ChannelID]
	d.tries[post.ChannelID]++
	d.mu.Unlock()
	if limited {
		return &RetryAfterError{After: d.after}
	}
	return d.flaky.PostEdition(ctx, post, sent)
}

// TestRateLimitedForEverIsReported: a channel whose every try is answered
// 429 was retried for ever, since rate limits count as no attempt: its
// copy never settled, so neither it nor the edition's other failures
// (reported once every copy is settled) ever reached the editors. Now a
// 429 that comes after the retry window the other passing failures get,
// and after as many 429s as a copy's attempts, ends the copy as a
// failure, reported with the rest.
func TestRateLimitedForEverIsReported(t *testing.T) {
	f := newFixture(t, Options{})
	d := &throttled{flaky: newFlaky(2), after: 20 * time.Millisecond, throttled: map[string]bool{"THROTTLED": true}, tries: map[string]int{}}
	d.script["GONE"] = []error{&PermanentError{Reason: "the channel no longer exists (404)"}}
	f.worker.Add(d)
	f.publish(t, "discord", "OK", "GONE", "THROTTLED")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	start := time.Now()
	f.worker.Deliver(ctx)
	if ctx.Err() != nil {
		t.Fatalf("still trying the throttled channel after %s", time.Since(start).Round(time.Millisecond))
	}
	ds := f.states(t)
	want := "Discord kept answering that the bot was sending too fast and never took the edition (HTTP 429, rate limited); gave up after "
	if th := ds["THROTTLED"]; th.State != store.DeliveryFailed || !strings.HasPrefix(th.Error, want) {
		t.Errorf("THROTTLED: %s %q", th.State, th.Error)
	}
	// It was given up only after the window (47 ms with the fixture's
	// backoffs).
	window := f.worker.opts.retryWindow()
	if took := time.Since(start); took < window || d.tries["THROTTLED"] < 2 {
		t.Errorf("given up after %s and %d tries, within the retry window of %s", took, d.tries["THROTTLED"], window)
	}
	if ds["OK"].State != store.DeliveryDelivered || ds["GONE"].State != store.DeliveryFailed {
		t.Errorf("OK %s, GONE %s", ds["OK"].State, ds["GONE"].State)
	}
	if r := f.reports.failed; len(r) != 1 || len(r[0]) != 2 {
		t.Errorf("reports %+v, want one naming GONE and THROTTLED", r)
	}
}

// steppingClock is a worker's clock that a test moves on.
type steppingClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *steppingClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *steppingClock) step(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// stepping is a destination an hour apart from one try to the next:
// STEADY's tries each post one part before a 429, STUCK's are all 429s.
type stepping struct {
	*flaky
	clock *steppingClock
	stuck int // STUCK's tries
}

func (s *stepping) PostEdition(ctx context.Context, post Post, sent func(int, string) error) error {
	s.clock.step(time.Hour)
	limited := &RetryAfterError{After: time.Millisecond}
	switch post.ChannelID {
	case "STUCK":
		s.mu.Lock()
		s.stuck++
		s.mu.Unlock()
		return limited
	case "STEADY":
		s.mu.Lock()
		s.posted[post.ChannelID] = append(s.posted[post.ChannelID], post.From)
		s.mu.Unlock()
		if err := sent(post.From, fmt.Sprintf("%s:%d", post.ChannelID, post.From)); err != nil {
			return err
		}
		if post.From+1 < s.parts {
			return limited
		}
		return nil
	}
	return s.flaky.PostEdition(ctx, post, sent)
}

// TestRateLimitsThatLetPartsThroughAreWaitedOut: the retry window of a
// copy met with 429s runs from its first 429 with no part getting
// through since, not from publication: a copy that waited its turn (or a
// stopped bot) for hours, or whose every try posts a part before its
// 429, is a copy paced by a busy limit, and is waited out however long
// that takes. One whose tries are all 429s for longer than the window,
// and as many of them as a copy's attempts, is given up, saying for how
// long.
func TestRateLimitsThatLetPartsThroughAreWaitedOut(t *testing.T) {
	clock := &steppingClock{}
	f := newFixture(t, Options{Now: clock.now})
	d := &stepping{flaky: newFlaky(4), clock: clock}
	d.script["LATE"] = []error{&RetryAfterError{After: time.Millisecond}}
	f.worker.Add(d)
	f.publish(t, "discord", "LATE", "STEADY", "STUCK")
	clock.step(3 * time.Hour) // the copies wait three hours for their turn
	f.worker.Deliver(context.Background())
	ds := f.states(t)
	for _, ch := range []string{"LATE", "STEADY"} {
		if ds[ch].State != store.DeliveryDelivered || d.got(ch) != "[0 1 2 3]" {
			t.Errorf("%s: %s %q, parts %s; want delivered whole", ch, ds[ch].State, ds[ch].Error, d.got(ch))
		}
	}
	// STUCK's first 429 began its run, and the one that made it as many
	// 429s as a copy's attempts, hours past the window, ended it.
	want := "Discord kept answering that the bot was sending too fast and never took the edition (HTTP 429, rate limited); gave up after "
	if st, n := ds["STUCK"], f.worker.opts.MaxAttempts; st.State != store.DeliveryFailed || !strings.HasPrefix(st.Error, want) || d.stuck != n {
		t.Errorf("STUCK: %s %q after %d tries\nwant %q… after %d", st.State, st.Error, d.stuck, want, n)
	}
}

// TestALongRetryAfterIsNoReasonToGiveUp: two 429s whose Retry-After is
// longer than the retry window (milliseconds where the backoffs are, as
// here; a slow machine under -race put LIMITED's two 429s of
// TestDeliveryClassifiesFailures further apart than that) are waited out:
// a copy is given up only after as many 429s as its attempts.
func TestALongRetryAfterIsNoReasonToGiveUp(t *testing.T) {
	f := newFixture(t, Options{})
	window := f.worker.opts.retryWindow()
	d := newFlaky(2)
	d.script["PATIENT"] = []error{&RetryAfterError{After: window + 20*time.Millisecond}, &RetryAfterError{After: window + 20*time.Millisecond}}
	f.worker.Add(d)
	f.publish(t, "discord", "PATIENT")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	f.worker.Deliver(ctx)
	if st := f.states(t)["PATIENT"]; st.State != store.DeliveryDelivered || d.got("PATIENT") != "[0 1]" {
		t.Errorf("PATIENT: %s %q, parts %s; want delivered whole after its two waits", st.State, st.Error, d.got("PATIENT"))
	}
}
