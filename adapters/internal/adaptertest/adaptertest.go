// Package adaptertest builds what the chat adapters' tests run against: a
// real bot on a real SQLite file (cfg.Bot.Database), fetching pages with
// private hosts allowed so that tests can serve them on loopback, and
// delivering editions through the real delivery worker to the adapter
// under test.
package adaptertest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/pagemeta"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// Bot validates cfg and opens the store and the bot it describes; pages
// are fetched with pageTimeout. The store closes when the test ends.
func Bot(t testing.TB, cfg *config.Config, pageTimeout time.Duration) (*bot.Bot, *store.Store) {
	t.Helper()
	return newBot(t, cfg, pagemeta.New(pagemeta.Options{Timeout: pageTimeout, AllowPrivateHosts: true}))
}

// OfflineBot is Bot without a page fetcher (bot.Options.Pages nil: a
// submission keeps what its command said), for a fuzz target, whose
// submissions name any host: with private hosts allowed, Bot would fetch
// them, and a test reaches nothing beyond loopback.
func OfflineBot(t testing.TB, cfg *config.Config) (*bot.Bot, *store.Store) {
	t.Helper()
	return newBot(t, cfg, nil)
}

func newBot(t testing.TB, cfg *config.Config, pages bot.PageReader) (*bot.Bot, *store.Store) {
	t.Helper()
	if ps := cfg.Validate(); len(ps) > 0 {
		t.Fatalf("test config: %v", ps)
	}
	st := storetest.Open(t, cfg.Bot.Database)
	b, err := bot.New(bot.Options{Config: cfg, Store: st, Pages: pages})
	if err != nil {
		t.Fatal(err)
	}
	return b, st
}

// Adapter is what an adapter's tests shut down and deliver to.
type Adapter interface {
	delivery.Destination
	Shutdown(ctx context.Context) error
}

// Wire makes b deliver to a through the delivery worker, and shuts a down
// when the test ends, before the store closes (cleanups run
// last-registered first).
func Wire(t testing.TB, b *bot.Bot, st *store.Store, a Adapter) {
	t.Helper()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := a.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	Deliver(t, b, st, a)
}

// Deliver makes b deliver through a new delivery worker to dest alone,
// with the worker's default backoffs: a test that changes what an
// adapter does mid-edition (RemovedMidway) or resumes a failed copy hands
// the bot a worker of its own.
func Deliver(t testing.TB, b *bot.Bot, st *store.Store, dest delivery.Destination) {
	t.Helper()
	deliverWith(t, b, st, dest, delivery.Options{})
}

// DeliverRetryingFast is Deliver with backoffs of milliseconds (1 ms
// doubling to 5 ms), so that a test sees a copy's retries, and a give-up,
// within a second.
func DeliverRetryingFast(t testing.TB, b *bot.Bot, st *store.Store, dest delivery.Destination) {
	t.Helper()
	deliverWith(t, b, st, dest, delivery.Options{Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
}

func deliverWith(t testing.TB, b *bot.Bot, st *store.Store, dest delivery.Destination, opts delivery.Options) {
	t.Helper()
	opts.Store, opts.Sectors, opts.Reporter, opts.Subscribe = st, b.Sectors(), b, b.ChatSubscribe
	w, err := delivery.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	w.Add(dest)
	b.DeliverWith(w)
}

// RemovedMidway is a destination whose channel stops taking its posts
// (Remove) once part After of a copy is in it: the bot's permission taken,
// or the app removed from the channel, while the edition was being posted.
type RemovedMidway struct {
	delivery.Destination
	After  int
	Remove func()
}

// PostEdition posts through the destination, calling Remove once part
// After is posted and before it is recorded.
func (r RemovedMidway) PostEdition(ctx context.Context, post delivery.Post, sent func(int, string) error) error {
	return r.Destination.PostEdition(ctx, post, func(part int, ref string) error {
		if part == r.After {
			r.Remove()
		}
		return sent(part, ref)
	})
}

// WaitFor polls cond until it holds, failing the test after five seconds:
// answers that follow an acknowledgement arrive after the HTTP response.
func WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// Run runs run (an adapter's Run) in the background and returns stop,
// which ends its context and waits for it to return: a test fails if it
// returns an error or takes more than ten seconds.
func Run(t testing.TB, run func(ctx context.Context) error) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx) }()
	return func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not return after its context ended")
		}
	}
}

// PostUntilKilled posts post's edition through dest as a worker killed
// once part reached the channel and before it was recorded: PostEdition
// returns with parts 0 to part posted, and the ledger knows none of them.
// The resume tests then ask the destination which parts it finds.
func PostUntilKilled(t testing.TB, dest delivery.Destination, post delivery.Post, part int) {
	t.Helper()
	killed := errors.New("killed")
	err := dest.PostEdition(context.Background(), post, func(p int, _ string) error {
		if p == part {
			return killed
		}
		return nil
	})
	if !errors.Is(err, killed) {
		t.Fatalf("posting until part %d: err = %v", part, err)
	}
}

// SubscribeWithApprovedStory subscribes channels (ID to name) on ed's
// platform and approves one story ed submitted, so that ed's next publish
// sends edition 1 to each of them: the delivery report tests then see how
// each channel's failure is told to the editors.
func SubscribeWithApprovedStory(t testing.TB, st *store.Store, ed digest.Person, channels map[string]string) {
	t.Helper()
	ctx := context.Background()
	for ch, name := range channels {
		if _, err := st.Subscribe(ctx, store.Subscription{Platform: ed.Platform, ChannelID: ch, ChannelName: name}); err != nil {
			t.Fatal(err)
		}
	}
	s, err := st.Submit(ctx, store.Submission{Story: digest.Story{URL: "https://example.org/a", Headline: "A",
		Sector: "health", Submitter: ed}, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Approve(ctx, store.Decision{StoryID: s.ID, By: ed}); err != nil {
		t.Fatal(err)
	}
}

// ApproveStories approves n stories ed submitted, each with a summary, so
// that the next edition is long enough to take several messages on every
// platform.
func ApproveStories(t testing.TB, st *store.Store, ed digest.Person, n int) {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		s, err := st.Submit(ctx, store.Submission{Story: digest.Story{URL: fmt.Sprintf("https://example.org/story-%d", i),
			Headline: fmt.Sprintf("Two district councils agree to share services, number %d", i),
			Summary:  "The councils expect to save money by sharing a chief executive, a management team and back-office services over the next three years.",
			Sector:   "local-government", Submitter: ed}, Limit: n + 1})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Approve(ctx, store.Decision{StoryID: s.ID, By: ed}); err != nil {
			t.Fatal(err)
		}
	}
}

// FailedOn is the day, as the bot tells it ("30 Nov", in bot.timezone),
// that the latest edition's copy for channel on platform was given up,
// read from the delivery ledger. Tests expecting that day in an answer
// take it from here, not from their own clock: the machine's time zone is
// not the bot's (in British Summer Time, 23:30 UTC is the next day in
// London), and the test's clock may have passed midnight since.
func FailedOn(t testing.TB, b *bot.Bot, st *store.Store, platform, channel string) string {
	t.Helper()
	ctx := context.Background()
	rec, err := st.LatestEdition(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := st.Deliveries(ctx, rec.Edition.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Platform == platform && d.ChannelID == channel {
			if d.State != store.DeliveryFailed {
				t.Fatalf("%s channel %s's copy of edition %d is %s, not failed", platform, channel, rec.Edition.Number, d.State)
			}
			return d.UpdatedAt.In(b.Location()).Format("2 Jan")
		}
	}
	t.Fatalf("%s channel %s has no copy of edition %d", platform, channel, rec.Edition.Number)
	return ""
}
