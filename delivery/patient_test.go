package delivery

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"

	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// weekendMail is a mail destination whose readers' server is down until
// back (a clock time), and whose every try comes half an hour after the
// one before on the test's clock: the worker's waits are milliseconds.
type weekendMail struct {
	*flaky
	clock *steppingClock
	back  time.Time
	never string // the channel whose server never comes back
	tries map[string]int
}

func (m *weekendMail) RetryFor() time.Duration { return 72 * time.Hour }

func (m *weekendMail) PostEdition(ctx context.Context, post Post, sent func(int, string) error) error {
	m.clock.step(30 * time.Minute)
	m.mu.Lock()
	m.tries[post.ChannelID]++
	m.mu.Unlock()
	if post.ChannelID == m.never || m.clock.now().Before(m.back) {
		return errors.New("dial tcp 192.0.2.1:25: connect: connection refused")
	}
	return m.flaky.PostEdition(ctx, post, sent)
}

// reportedAt is a Reporter that notes when, on the test's clock, each
// channel's failure was reported.
type reportedAt struct {
	mu    sync.Mutex
	clock *steppingClock
	at    map[string]time.Time
}

func (r *reportedAt) ReportFailedDeliveries(_ context.Context, failed []store.Delivery) []store.Delivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, d := range failed {
		r.at[d.ChannelID] = r.clock.now()
	}
	return nil
}

// TestMailIsTriedOverAWeekend: a copy was given up after twelve tries,
// an hour and three quarters, whatever its destination, and a reader
// whose mail server was down from Friday evening to Monday morning missed
// the edition (only `subscribers resend` sent it again, and only the
// latest). A Patient destination's copies are tried for its RetryFor
// (three days for mail) before they are given up; the copies of the
// others as before, and their failures are reported to the editors when
// the chat copies are settled, not three days later with the mail's. The
// store's and the worker's clock are the test's.
func TestMailIsTriedOverAWeekend(t *testing.T) {
	clock := &steppingClock{}
	st := storetest.OpenWith(t, "", store.Options{Now: clock.now})
	reports := &reportedAt{clock: clock, at: map[string]time.Time{}}
	w, err := New(Options{Store: st, Reporter: reports, Sectors: config.Default().DigestSectors(), Now: clock.now,
		Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{store: st, worker: w}
	ctx := context.Background()
	if _, err := st.ImportSubscribers(ctx, []store.ImportedSubscriber{{Address: "weekend@example.org"}, {Address: "gone@example.org"}}); err != nil {
		t.Fatal(err)
	}
	never, err := st.SubscriberByAddress(ctx, "gone@example.org")
	if err != nil {
		t.Fatal(err)
	}
	m := &weekendMail{flaky: newFlaky(1), clock: clock, back: clock.now().Add(60 * time.Hour), never: strconv.FormatInt(never.ID, 10), tries: map[string]int{}}
	m.name = store.EmailPlatform
	w.Add(m)
	chat := newFlaky(1)
	chat.name = "slack"
	chat.script["GONE"] = []error{&PermanentError{Reason: "the channel was not found"}}
	w.Add(chat)
	if _, err := st.Subscribe(ctx, store.Subscription{Platform: "slack", ChannelID: "GONE", ChannelName: "news-gone"}); err != nil {
		t.Fatal(err)
	}
	f.approveOne(t)
	if _, err := st.Publish(ctx, store.Publication{Title: "T", Date: clock.now(), Email: true}); err != nil {
		t.Fatal(err)
	}
	published := clock.now()
	w.Deliver(ctx)

	for ch, d := range f.states(t) {
		switch ch {
		case "GONE":
			// Each mail try moves the clock on half an hour, and a few may
			// come before the worker's next look for reports.
			if at, ok := reports.at[ch]; !ok || at.Sub(published) > 6*time.Hour {
				t.Errorf("the Slack channel's failure was reported %s after publication (reported: %v), want within hours, not with the mail's days",
					at.Sub(published), ok)
			}
		case m.never:
			over := clock.now().Sub(published)
			t.Logf("the reader whose server never came back: %s after %d tries, %s", d.State, m.tries[ch], d.Error)
			if d.State != store.DeliveryFailed || !strings.HasSuffix(d.Error, " over 3 days") || over < 72*time.Hour || over > 73*time.Hour {
				t.Errorf("the reader whose server never came back: %s %q after %d tries, %s after publication; want given up after 3 days",
					d.State, d.Error, m.tries[ch], over)
			}
			if _, ok := reports.at[ch]; !ok {
				t.Error("the reader given up on was not reported to the editors")
			}
		default:
			// Past the twelve tries a copy had; each reader's try moves the
			// clock on, so the two share the 60 hours.
			if d.State != store.DeliveryDelivered || m.tries[ch] <= 12 {
				t.Errorf("the reader whose server was down for 60 hours: %s %q after %d tries; want delivered when it came back",
					d.State, d.Error, m.tries[ch])
			}
		}
	}
}
