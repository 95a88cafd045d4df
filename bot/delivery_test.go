package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// flaky is a platform whose channels fail in scripted ways: each channel
// has a queue of errors returned by its next attempts (nil: success).
// Editions are posted in parts parts; failAtPart makes an attempt fail
// after that many parts of it went out.
type flaky struct {
	recorder
	mu2        sync.Mutex
	script     map[string][]error
	parts      int
	failAtPart map[string]int
	posted     map[string][]int // channel → part indexes, in order
}

func (f *flaky) Name() string { return "discord" }

func (f *flaky) PostEdition(_ context.Context, post EditionPost, sent func(int, string) error) error {
	f.mu2.Lock()
	defer f.mu2.Unlock()
	var err error
	if q := f.script[post.ChannelID]; len(q) > 0 {
		err, f.script[post.ChannelID] = q[0], q[1:]
	}
	for i := post.From; i < f.parts; i++ {
		if at, ok := f.failAtPart[post.ChannelID]; ok && at == i {
			delete(f.failAtPart, post.ChannelID)
			return errors.New("connection reset")
		}
		if err != nil {
			return err
		}
		f.posted[post.ChannelID] = append(f.posted[post.ChannelID], i)
		if err := sent(i, fmt.Sprintf("%s:%d", post.ChannelID, i)); err != nil {
			return err
		}
	}
	return nil
}

// publishTo subscribes channels on the "discord" platform, approves one
// story and publishes, returning the fixture and the platform.
func publishTo(t *testing.T, f *fixture, p *flaky, channels ...string) {
	t.Helper()
	ctx := context.Background()
	for _, ch := range channels {
		if err := f.store.Subscribe(ctx, store.Subscription{Platform: "discord", ChannelID: ch, ChannelName: "news-" + ch}); err != nil {
			t.Fatal(err)
		}
	}
	st, err := f.store.Submit(ctx, store.Submission{Story: digest.Story{URL: "https://example.org/a", Headline: "A",
		Sector: "health", Submitter: editor.Person}, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.Approve(ctx, store.Decision{StoryID: st.ID, By: editor.Person}); err != nil {
		t.Fatal(err)
	}
	f.bot.AddPlatform(p)
}

func newFlaky(parts int) *flaky {
	return &flaky{script: map[string][]error{}, parts: parts, failAtPart: map[string]int{}, posted: map[string][]int{}}
}

func deliveryStates(t *testing.T, f *fixture) map[string]store.Delivery {
	t.Helper()
	rec, err := f.store.LatestEdition(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ds, err := f.store.Deliveries(context.Background(), rec.Edition.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]store.Delivery{}
	for _, d := range ds {
		out[d.ChannelID] = d
	}
	return out
}

// TestDeliveryClassifiesFailures: a gone channel fails at once and is
// reported; a rate limit and passing errors are retried until the edition
// is delivered; errors that persist fail after the attempt limit. Every
// part reaches each channel once, in order, also after a failure midway.
func TestDeliveryClassifiesFailures(t *testing.T) {
	f := newFixture(t, nil)
	p := newFlaky(3)
	p.script["GONE"] = []error{&PermanentError{Reason: "the channel no longer exists (404)"}}
	p.script["LIMITED"] = []error{&RetryAfterError{After: 2 * time.Millisecond}, &RetryAfterError{After: time.Millisecond}}
	p.script["FLAKY"] = []error{errors.New("502 Bad Gateway"), errors.New("connection reset")}
	p.script["DOWN"] = []error{errors.New("503"), errors.New("503"), errors.New("503"), errors.New("503"), errors.New("503"), errors.New("503"), errors.New("503")}
	p.failAtPart["MIDWAY"] = 2
	publishTo(t, f, p, "OK", "GONE", "LIMITED", "FLAKY", "DOWN", "MIDWAY")

	r := f.say(editor, "publish")
	if !strings.Contains(text(r), "delivered to 4 of 6 channels, 2 failed") {
		t.Fatalf("publish: %q", text(r))
	}
	ds := deliveryStates(t, f)
	for _, ch := range []string{"OK", "LIMITED", "FLAKY", "MIDWAY"} {
		d := ds[ch]
		if d.State != store.DeliveryDelivered || d.PartsSent != 3 || d.MessageRef != ch+":0" {
			t.Errorf("%s: %+v", ch, d)
		}
		if got := fmt.Sprint(p.posted[ch]); got != "[0 1 2]" {
			t.Errorf("%s got parts %s, want each once in order", ch, got)
		}
	}
	if d := ds["LIMITED"]; d.Attempts != 1 {
		t.Errorf("rate limits counted as attempts: %+v", d)
	}
	if d := ds["FLAKY"]; d.Attempts != 3 {
		t.Errorf("FLAKY attempts %d, want 3", d.Attempts)
	}
	if d := ds["GONE"]; d.State != store.DeliveryFailed || d.Attempts != 1 || !strings.Contains(d.Error, "no longer exists") {
		t.Errorf("GONE: %+v", d)
	}
	if d := ds["DOWN"]; d.State != store.DeliveryFailed || d.Attempts != 6 || !strings.Contains(d.Error, "gave up after 6 attempts") {
		t.Errorf("DOWN: %+v", d)
	}
	if len(p.posted["DOWN"]) != 0 || len(p.posted["GONE"]) != 0 {
		t.Errorf("failed channels got parts: %v", p.posted)
	}
	// The editors are told once, in each platform's review channel.
	for _, rev := range [][]string{p.review, f.slack.review} {
		if len(rev) != 1 || !strings.Contains(rev[0], "Delivery of edition 1 failed in 2 channels") ||
			!strings.Contains(rev[0], "#news-GONE (discord GONE) — the channel no longer exists") || !strings.Contains(rev[0], "#news-DOWN") {
			t.Errorf("review channel got %q", rev)
		}
	}
	if err := f.bot.DeliverPending(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(p.review) != 1 {
		t.Errorf("failures reported again: %q", p.review)
	}
}

// TestDeliveryWorkerIsWokenByPublish: with the worker running, publish
// answers at once and the worker delivers; stopping the worker waits for
// its goroutines.
func TestDeliveryWorkerIsWokenByPublish(t *testing.T) {
	f := newFixture(t, nil)
	p := newFlaky(2)
	p.script["FLAKY"] = []error{errors.New("timeout")}
	publishTo(t, f, p, "A", "B", "FLAKY")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	f.bot.UseDeliveryWorker()
	go func() { done <- f.bot.RunDeliveries(ctx) }()

	r := f.say(editor, "publish")
	if !strings.Contains(text(r), "delivering to 3 of 3 channels — see `status`") {
		t.Errorf("publish: %q", text(r))
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		ds := deliveryStates(t, f)
		n := 0
		for _, d := range ds {
			if d.State == store.DeliveryDelivered {
				n++
			}
		}
		if n == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not delivered: %+v", ds)
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, ch := range []string{"A", "B", "FLAKY"} {
		if got := fmt.Sprint(p.posted[ch]); got != "[0 1]" {
			t.Errorf("%s got parts %s", ch, got)
		}
	}
}

// TestDeliveryResumesAnInterruptedSend: a delivery left "sending" by a
// killed process resumes at the first part not recorded, and a platform
// that can see what reached the channel moves it further on.
func TestDeliveryResumesAnInterruptedSend(t *testing.T) {
	f := newFixture(t, nil)
	p := &finder{flaky: newFlaky(4), inChannel: 2}
	publishTo(t, f, p.flaky, "C")
	f.bot.AddPlatform(p)
	f.bot.UseDeliveryWorker() // publish only records
	if _, err := f.bot.Publish(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	d := deliveryStates(t, f)["C"]
	// The killed process had recorded part 0 and posted part 1 unrecorded.
	if err := f.store.StartDelivery(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.store.RecordDeliveryPart(ctx, d.ID, 1, "C:0"); err != nil {
		t.Fatal(err)
	}
	if err := f.bot.DeliverPending(ctx); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(p.posted["C"]); got != "[2 3]" {
		t.Errorf("resumed with parts %s, want [2 3]", got)
	}
	if d := deliveryStates(t, f)["C"]; d.State != store.DeliveryDelivered || d.PartsSent != 4 || d.MessageRef != "C:0" {
		t.Errorf("delivery %+v", d)
	}
}

// finder is a flaky platform that reports how many parts are already in a channel.
type finder struct {
	*flaky
	inChannel int
}

func (f *finder) PostedParts(_ context.Context, post EditionPost) (int, string, error) {
	return f.inChannel, post.ChannelID + ":0", nil
}

func TestBackoffGrowsWithJitterAndCap(t *testing.T) {
	o := DeliveryOptions{Backoff: time.Second, MaxBackoff: 10 * time.Second}.withDefaults()
	for attempts, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 5: 10 * time.Second, 30: 10 * time.Second} {
		for range 50 {
			if got := o.backoff(attempts); got < want/2 || got >= want*3/2 {
				t.Fatalf("backoff(%d) = %s, want within ±50%% of %s", attempts, got, want)
			}
		}
	}
}

func TestInterleaveAlternatesPlatforms(t *testing.T) {
	var ds []store.Delivery
	for i, p := range []string{"slack", "slack", "slack", "discord", "discord"} {
		ds = append(ds, store.Delivery{ID: int64(i), Platform: p})
	}
	var got []int64
	for _, d := range interleave(ds) {
		got = append(got, d.ID)
	}
	if fmt.Sprint(got) != "[0 3 1 4 2]" {
		t.Errorf("interleave = %v", got)
	}
}
