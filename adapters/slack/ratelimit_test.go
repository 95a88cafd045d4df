package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// runWorker starts a background delivery worker, as `sharednews run` has,
// over the fixture's SQLite ledger; stop cancels it and says how long Run
// took to return.
func (f *fixture) runWorker(t *testing.T, w *delivery.Worker) (stop func() time.Duration) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := w.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("run: %v", err)
		}
	}()
	stopped := false
	stop = func() time.Duration {
		if stopped {
			return 0
		}
		stopped = true
		start := time.Now()
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Fatal("run had not returned 30 s after it was stopped")
		}
		return time.Since(start)
	}
	t.Cleanup(func() { stop() })
	return stop
}

// waitFor polls cond every 10 ms for up to limit and says whether it held.
func waitFor(limit time.Duration, cond func() bool) bool {
	for end := time.Now().Add(limit); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}

// TestRateLimitedEditionIsLeftToTheLedger: a 429 on an edition's
// chat.postMessage was slept out inside slack-go (Retry-After, up to three
// times), holding a worker slot, unseen by the ledger, /metrics and the
// give-up rule for channels rate-limited for ever, with a stopping run
// waiting on it. It now leaves the worker at once with its Retry-After
// recorded in the ledger; a stopping run does not wait on it; and the
// edition is posted once, after the wait, by the next run.
func TestRateLimitedEditionIsLeftToTheLedger(t *testing.T) {
	f := newFixture(t)
	opts := delivery.Options{Store: f.store, Sectors: f.bot.Sectors(), Reporter: f.bot, Subscribe: f.bot.ChatSubscribe, Background: true}
	w, err := delivery.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	w.Add(f.ad)
	f.bot.DeliverWith(w)
	const retryAfter = 3 * time.Second
	f.slack.ThrottleFor("chat.postMessage", "CSLOW", retryAfter)
	adaptertest.SubscribeWithApprovedStory(t, f.store, digest.Person{Platform: PlatformName, ID: editorID, Name: "Ed"},
		map[string]string{"CSLOW": "slow-news", "COK": "ok-news"})
	stop := f.runWorker(t, w)
	ctx := context.Background()
	start := time.Now()
	if _, err := f.bot.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	// slack-go slept 3 s before each of its three retries: the ledger
	// heard of the 429 only after 9 s, and of the first after none.
	var slow store.Delivery
	recorded := waitFor(retryAfter/2, func() bool {
		slow = f.delivery(t, "CSLOW")
		return slow.State == store.DeliveryPending && !slow.NextAttempt.IsZero()
	})
	if !recorded {
		t.Fatalf("%s after publishing, CSLOW's copy is %+v: the 429 had not reached the ledger", time.Since(start).Round(time.Millisecond), slow)
	}
	if d := slow.NextAttempt.Sub(start); d < retryAfter-time.Second || d > retryAfter+time.Second {
		t.Errorf("CSLOW is to be tried again %s after publishing, want Slack's Retry-After, %s", d.Round(time.Millisecond), retryAfter)
	}
	if n := f.slack.Stats().RateLimited; n != 1 {
		t.Errorf("Slack answered %d posts 429, want 1: the adapter tried again itself", n)
	}
	if !waitFor(5*time.Second, func() bool { return f.delivery(t, "COK").State == store.DeliveryDelivered }) {
		t.Errorf("COK's copy: %+v", f.delivery(t, "COK"))
	}
	if took := stop(); took > time.Second {
		t.Errorf("a stopping run took %s to return: it waited on the rate limit", took.Round(time.Millisecond))
	}

	f.slack.Unthrottle("chat.postMessage", "CSLOW")
	f.runWorker(t, w)
	if !waitFor(10*time.Second, func() bool { return f.delivery(t, "CSLOW").State == store.DeliveryDelivered }) {
		t.Fatalf("CSLOW's copy after the wait: %+v", f.delivery(t, "CSLOW"))
	}
	if d := f.delivery(t, "CSLOW").UpdatedAt.Sub(start); d < retryAfter-time.Second {
		t.Errorf("CSLOW had the edition %s after publishing, before Slack's Retry-After of %s", d.Round(time.Millisecond), retryAfter)
	}
	if got, want := fmt.Sprint(f.editionParts("CSLOW")), fmt.Sprint(f.editionParts("COK")); got != want {
		t.Errorf("CSLOW got %s, want the edition once, as COK got it: %s", got, want)
	}
}

// TestRateLimitedLookIsLeftToTheLedger: the look in the channel before a
// resumed delivery posts (conversations.history, then the thread) slept
// out a 429 inside slack-go as the post did; it now returns at once with
// the Retry-After for the worker to record.
func TestRateLimitedLookIsLeftToTheLedger(t *testing.T) {
	f := newFixture(t)
	const retryAfter = 20 * time.Second
	post := delivery.Post{ChannelID: "CNEWS", Edition: digest.Edition{ID: 1, Number: 1, Title: "Shared News"},
		Key: "e1:slack:CNEWS"}
	for _, method := range []string{"conversations.history", "conversations.replies"} {
		if method == "conversations.replies" {
			// The first part is found, so the look goes on to its thread.
			f.slack.Unthrottle("conversations.history", "CNEWS")
			adaptertest.PostUntilKilled(t, f.ad, post, 0)
		}
		f.slack.ThrottleFor(method, "CNEWS", retryAfter)
		ctx, cancel := context.WithTimeout(context.Background(), retryAfter/2)
		start := time.Now()
		_, _, err := f.ad.PostedParts(ctx, post)
		took := time.Since(start)
		cancel()
		var limited *delivery.RetryAfterError
		if !errors.As(err, &limited) || limited.After != retryAfter {
			t.Errorf("%s answered 429: err = %v, want a RetryAfterError of %s", method, err, retryAfter)
		}
		if took > time.Second {
			t.Errorf("%s answered 429: PostedParts returned after %s, having waited itself", method, took.Round(time.Millisecond))
		}
	}
}

// TestRateLimitWithoutAWaitIsStillWaited: a 429 naming no wait
// (Retry-After: 0) was handed to the worker as a wait of none, so it tried
// again at once, as often as Slack answered; and one with no Retry-After at
// all (a proxy's) was taken for a server error, counted as a failed
// attempt. Each is now a rate limit with a wait of its own, as slack-go's
// retries had them.
func TestRateLimitWithoutAWaitIsStillWaited(t *testing.T) {
	for _, c := range []struct {
		retryAfter, want time.Duration
	}{{0, time.Second}, {-1, rateLimitWait}} {
		f := newFixture(t)
		f.slack.ThrottleFor("chat.postMessage", "CNEWS", c.retryAfter)
		post := delivery.Post{ChannelID: "CNEWS", Edition: digest.Edition{ID: 1, Number: 1, Title: "Shared News"},
			Key: "e1:slack:CNEWS"}
		err := f.ad.PostEdition(context.Background(), post, func(int, string) error { return nil })
		var limited *delivery.RetryAfterError
		if !errors.As(err, &limited) || limited.Wait() != c.want {
			t.Errorf("a 429 with Retry-After %v: err = %v, want a RetryAfterError of %s", c.retryAfter, err, c.want)
		}
	}
}

// TestRateLimitWithAnOddWaitIsWaited: Slack writes Retry-After in whole
// seconds, but a proxy in front of it may write a fraction or an HTTP
// date (RFC 9110 allows both), and slack-go reads whole seconds alone: it
// failed the try with a number it could not parse, counted as a failed
// attempt in words the editors could not act on ("the delivery failed in
// a way the bot does not recognise"). Each is now a rate limit waited
// out: a fraction rounded up, a date until then, and a wait it cannot
// read at all as one that names none.
func TestRateLimitWithAnOddWaitIsWaited(t *testing.T) {
	for _, c := range []struct {
		retryAfter  string
		least, most time.Duration
	}{
		{"1.5", 2 * time.Second, 2 * time.Second},
		{"0.2", time.Second, time.Second},
		{"3600", time.Hour, time.Hour},
		{"an hour from now", time.Hour - 5*time.Second, time.Hour + time.Second},
		{"soon", rateLimitWait, rateLimitWait},
	} {
		f := newFixture(t)
		if c.retryAfter == "an hour from now" {
			// An HTTP date (in whole seconds) an hour after the
			// adapter's clock, the fixture's, which stands still from
			// when the fixture was made: an hour after time.Now() read
			// later was over an hour ahead of it whenever building the
			// fixture took more than a second (under -race on a busy
			// machine: 1h0m3s).
			c.retryAfter = f.now.Add(time.Hour).UTC().Format(http.TimeFormat)
		}
		f.slack.ThrottleSaying("chat.postMessage", "CNEWS", c.retryAfter)
		post := delivery.Post{ChannelID: "CNEWS", Edition: digest.Edition{ID: 1, Number: 1, Title: "Shared News"},
			Key: "e1:slack:CNEWS"}
		err := f.ad.PostEdition(context.Background(), post, func(int, string) error { return nil })
		var limited *delivery.RetryAfterError
		if !errors.As(err, &limited) || limited.Wait() < c.least || limited.Wait() > c.most {
			t.Errorf("a 429 with Retry-After %q: err = %v, want a RetryAfterError of %s to %s", c.retryAfter, err, c.least, c.most)
		}
	}
}
