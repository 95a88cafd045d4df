package delivery

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// flaky is a destination whose channels fail in scripted ways: each
// channel has a queue of errors returned by its next attempts (nil:
// success). Editions are posted in parts parts; failAtPart makes an
// attempt fail after that many parts of it went out, with partErr (else a
// dropped connection).
type flaky struct {
	name       string
	mu         sync.Mutex
	script     map[string][]error
	parts      int
	failAtPart map[string]int
	partErr    map[string]error
	posted     map[string][]int // channel → part indexes, in order
}

func newFlaky(parts int) *flaky {
	return &flaky{name: "discord", script: map[string][]error{}, parts: parts, failAtPart: map[string]int{}, posted: map[string][]int{}}
}

func (f *flaky) Name() string { return f.name }

func (f *flaky) PostEdition(_ context.Context, post Post, sent func(int, string) error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	var err error
	if q := f.script[post.ChannelID]; len(q) > 0 {
		err, f.script[post.ChannelID] = q[0], q[1:]
	}
	for i := post.From; i < f.parts; i++ {
		if at, ok := f.failAtPart[post.ChannelID]; ok && at == i {
			delete(f.failAtPart, post.ChannelID)
			if err := f.partErr[post.ChannelID]; err != nil {
				return err
			}
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

func (f *flaky) got(channel string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return fmt.Sprint(f.posted[channel])
}

// reports records what the worker reported, edition by edition.
type reports struct {
	mu     sync.Mutex
	failed [][]store.Delivery
}

func (r *reports) ReportFailedDeliveries(_ context.Context, failed []store.Delivery) []store.Delivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed = append(r.failed, failed)
	return nil
}

type fixture struct {
	store   *store.Store
	worker  *Worker
	reports *reports
}

func newFixture(t *testing.T, opts Options) *fixture {
	t.Helper()
	return newFixtureOn(t, storetest.Open(t, ""), opts)
}

// newFixtureOn is newFixture on the store st.
func newFixtureOn(t *testing.T, st *store.Store, opts Options) *fixture {
	t.Helper()
	r := &reports{}
	opts.Store, opts.Reporter = st, r
	opts.Sectors = config.Default().DigestSectors()
	if opts.Backoff == 0 {
		opts.Backoff, opts.MaxBackoff = time.Millisecond, 5*time.Millisecond
	}
	w, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{store: st, worker: w, reports: r}
}

// publishFailed publishes to Slack channel ch, whose copy then fails for
// good (channel_not_found, as another process's worker recorded it).
func (f *fixture) publishFailed(t *testing.T, ch string) {
	t.Helper()
	ctx := context.Background()
	f.publish(t, "slack", ch)
	d := f.states(t)[ch]
	if _, ok, err := f.store.ClaimDelivery(ctx, d.ID, "run", time.Now(), time.Minute); err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if err := f.store.FailDelivery(ctx, d.ID, "run", "channel_not_found"); err != nil {
		t.Fatal(err)
	}
}

// approveOne submits one story and approves it into the draft.
func (f *fixture) approveOne(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	ed := digest.Person{Platform: "slack", ID: "UEDITOR", Name: "ed"}
	st, err := f.store.Submit(ctx, store.Submission{Story: digest.Story{URL: "https://example.org/a", Headline: "A",
		Sector: "health", Submitter: ed}, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.Approve(ctx, store.Decision{StoryID: st.ID, By: ed}); err != nil {
		t.Fatal(err)
	}
}

// publish subscribes channels on platform, approves one story and
// publishes, recording one pending delivery per channel.
func (f *fixture) publish(t *testing.T, platform string, channels ...string) {
	t.Helper()
	ctx := context.Background()
	for _, ch := range channels {
		if _, err := f.store.Subscribe(ctx, store.Subscription{Platform: platform, ChannelID: ch, ChannelName: "news-" + ch}); err != nil {
			t.Fatal(err)
		}
	}
	f.approveOne(t)
	if _, err := f.store.Publish(ctx, store.Publication{Title: "T", Date: time.Now()}); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) states(t *testing.T) map[string]store.Delivery {
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
	f := newFixture(t, Options{MaxAttempts: 6})
	p := newFlaky(3)
	p.script["GONE"] = []error{&PermanentError{Reason: "the channel no longer exists (404)"}}
	p.script["LIMITED"] = []error{&RetryAfterError{After: 2 * time.Millisecond}, &RetryAfterError{After: time.Millisecond}}
	p.script["FLAKY"] = []error{errors.New("502 Bad Gateway"), errors.New("connection reset")}
	p.script["DOWN"] = []error{errors.New("503"), errors.New("503"), errors.New("503"), errors.New("503"), errors.New("503"), errors.New("503"), errors.New("503")}
	p.failAtPart["MIDWAY"] = 2
	f.worker.Add(p)
	f.publish(t, "discord", "OK", "GONE", "LIMITED", "FLAKY", "DOWN", "MIDWAY")
	f.worker.Deliver(context.Background())

	ds := f.states(t)
	for _, ch := range []string{"OK", "LIMITED", "FLAKY", "MIDWAY"} {
		d := ds[ch]
		if d.State != store.DeliveryDelivered || d.PartsSent != 3 || d.MessageRef != ch+":0" || d.LeaseOwner != "" {
			t.Errorf("%s: %+v", ch, d)
		}
		if got := p.got(ch); got != "[0 1 2]" {
			t.Errorf("%s got parts %s, want each once in order", ch, got)
		}
	}
	if d := ds["LIMITED"]; d.Attempts != 1 {
		t.Errorf("rate limits counted as attempts: %+v", d)
	}
	if d := ds["FLAKY"]; d.Attempts != 3 {
		t.Errorf("FLAKY attempts %d, want 3", d.Attempts)
	}
	if d := ds["GONE"]; d.State != store.DeliveryFailed || d.Attempts != 1 || d.Error != "the channel no longer exists (404)" {
		t.Errorf("GONE: %+v", d)
	}
	if d := ds["DOWN"]; d.State != store.DeliveryFailed || d.Attempts != 6 ||
		d.Error != "the delivery failed in a way the bot does not recognise (the log has the full error); gave up after 6 tries" {
		t.Errorf("DOWN: %+v", d)
	}
	if p.got("DOWN") != "[]" || p.got("GONE") != "[]" {
		t.Errorf("failed channels got parts: %v", p.posted)
	}
	// The editors are told once, with both failures of the edition.
	if len(f.reports.failed) != 1 || len(f.reports.failed[0]) != 2 {
		t.Fatalf("reports = %+v", f.reports.failed)
	}
	f.worker.Deliver(context.Background())
	if len(f.reports.failed) != 1 {
		t.Errorf("failures reported again: %+v", f.reports.failed)
	}
}

// TestDeliverLeavesOtherPlatformsToRun: a worker without a destination
// for a platform (the console's) leaves its deliveries pending when it
// delivers until idle; the worker of `run` fails them, saying why.
func TestDeliverLeavesOtherPlatformsToRun(t *testing.T) {
	f := newFixture(t, Options{})
	f.publish(t, "slack", "C1")
	f.worker.Deliver(context.Background())
	if d := f.states(t)["C1"]; d.State != store.DeliveryPending {
		t.Fatalf("delivery for another platform: %+v", d)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.worker.Run(ctx) }()
	waitFor(t, "the delivery failed", func() bool { return f.states(t)["C1"].State == store.DeliveryFailed })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if d := f.states(t)["C1"]; !strings.Contains(d.Error, "the slack adapter is not running") {
		t.Errorf("failure: %+v", d)
	}
}

// TestRunIsWokenByDeliver: a Background worker's Deliver returns at once
// and Run delivers; stopping the worker waits for its goroutines.
func TestRunIsWokenByDeliver(t *testing.T) {
	f := newFixture(t, Options{Background: true})
	p := newFlaky(2)
	p.script["FLAKY"] = []error{errors.New("timeout")}
	f.worker.Add(p)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.worker.Run(ctx) }()
	f.publish(t, "discord", "A", "B", "FLAKY")
	start := time.Now()
	f.worker.Deliver(context.Background())
	if time.Since(start) > time.Second {
		t.Error("Deliver waited for the running worker")
	}
	f.waitAllDelivered(t)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, ch := range []string{"A", "B", "FLAKY"} {
		if got := p.got(ch); got != "[0 1]" {
			t.Errorf("%s got parts %s", ch, got)
		}
	}
}

// TestRunSeesAnotherProcessPublish: the console (another process, here
// another Store on the same file) publishes while run's worker waits with
// nothing to do. Nothing wakes that worker, and it looked at the ledger
// again only a minute later: an edition published from the console
// reached the channels up to a minute after the console said
// "delivering". It now notices the new deliveries within a second or so.
func TestRunSeesAnotherProcessPublish(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.db")
	f := newFixtureOn(t, storetest.Open(t, path), Options{Background: true})
	p := newFlaky(2)
	f.worker.Add(p)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.worker.Run(ctx) }()
	// An edition of its own delivered first: the worker is then idle,
	// waiting for nothing, when the console publishes.
	f.publish(t, "discord", "A")
	f.worker.Deliver(ctx)
	f.waitAllDelivered(t)
	console := storetest.Open(t, path)
	if _, err := console.Subscribe(ctx, store.Subscription{Platform: "discord", ChannelID: "B", ChannelName: "news-B"}); err != nil {
		t.Fatal(err)
	}
	ed := digest.Person{Platform: "console", ID: "ed", Name: "ed"}
	st, err := console.Submit(ctx, store.Submission{Story: digest.Story{URL: "https://example.org/b", Headline: "B",
		Sector: "health", Submitter: ed}, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := console.Approve(ctx, store.Decision{StoryID: st.ID, By: ed}); err != nil {
		t.Fatal(err)
	}
	if _, err := console.Publish(ctx, store.Publication{Title: "T", Date: time.Now()}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the console's edition delivered by run's worker", func() bool {
		for _, d := range f.states(t) {
			if d.State != store.DeliveryDelivered {
				return false
			}
		}
		return true
	})
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, ch := range []string{"A", "B"} {
		if got, want := p.got(ch), map[string]string{"A": "[0 1 0 1]", "B": "[0 1]"}[ch]; got != want {
			t.Errorf("%s got parts %s, want %s", ch, got, want)
		}
	}
}

// finder is a flaky destination that reports how many parts are already in a channel.
type finder struct {
	*flaky
	inChannel int
}

func (f *finder) PostedParts(_ context.Context, post Post) (int, string, error) {
	return f.inChannel, post.ChannelID + ":0", nil
}

// TestTakeOverAnInterruptedSend: a delivery left sending by a worker that
// died is taken over only once its lease has run out, and resumes at the
// first part not in the channel.
func TestTakeOverAnInterruptedSend(t *testing.T) {
	f := newFixture(t, Options{})
	p := &finder{flaky: newFlaky(4), inChannel: 2}
	f.worker.Add(p)
	f.publish(t, "discord", "C")
	ctx := context.Background()
	d := f.states(t)["C"]
	// The dead worker had claimed it, recorded part 0 and posted part 1 unrecorded.
	lease := 300 * time.Millisecond
	if _, ok, err := f.store.ClaimDelivery(ctx, d.ID, "dead", time.Now(), lease); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if err := f.store.RecordDeliveryPart(ctx, d.ID, "dead", 1, "C:0", time.Now().Add(lease)); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	f.worker.Deliver(ctx)
	if waited := time.Since(start); waited < lease/2 {
		t.Errorf("taken over after %s, before the dead worker's lease ran out", waited)
	}
	if got := p.got("C"); got != "[2 3]" {
		t.Errorf("resumed with parts %s, want [2 3]", got)
	}
	if d := f.states(t)["C"]; d.State != store.DeliveryDelivered || d.PartsSent != 4 || d.MessageRef != "C:0" {
		t.Errorf("delivery %+v", d)
	}
}

// TestTakeOverAfterTheClockSteppedBack: a worker died holding a claim
// written an hour before the clock stepped back (an NTP correction, a
// virtual machine restored). Another takes the delivery over once the
// claim, counted again from the step, has run out, as after any crash:
// not an hour later, when the clock comes round to the time it was
// written for. The store's and the worker's clock are the test's.
func TestTakeOverAfterTheClockSteppedBack(t *testing.T) {
	var offset atomic.Int64
	clock := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	f := newFixtureOn(t, storetest.OpenWith(t, "", store.Options{Now: clock}), Options{Now: clock})
	p := &finder{flaky: newFlaky(2)}
	f.worker.Add(p)
	f.publish(t, "discord", "C")
	d := f.states(t)["C"]
	const lease = 300 * time.Millisecond
	if _, ok, err := f.store.ClaimDelivery(context.Background(), d.ID, "dead", clock(), lease); !ok || err != nil {
		t.Fatal(ok, err)
	}
	offset.Store(int64(-time.Hour))
	// The hour is never waited: the test's deadline ends the wait.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	f.worker.Deliver(ctx)
	if d := f.states(t)["C"]; d.State != store.DeliveryDelivered || p.got("C") != "[0 1]" {
		t.Errorf("after the clock stepped back an hour: delivery %s, posted %s; want it taken over and delivered", d.State, p.got("C"))
	}
}

// TestRetryIsNotStretchedByAClockStepBack: the clock steps back an hour
// while a worker runs and a retry waits. At its next look for waits set
// before a step (Options.RebaseEvery) the worker counts the retry again
// from the step, and posts it after the wait it was given, not an hour
// later; the copy delivered before the step is not posted again. The
// store's and the worker's clock are the test's. RebaseEvery is shorter
// than the retry's wait, and longer: the retry's timer then fires before
// the next look for stepped waits is due, and must not wait the hour.
func TestRetryIsNotStretchedByAClockStepBack(t *testing.T) {
	for _, every := range []time.Duration{10 * time.Millisecond, 3 * time.Second} {
		t.Run(every.String(), func(t *testing.T) { testRetryAcrossStepBack(t, every) })
	}
}

func testRetryAcrossStepBack(t *testing.T, rebaseEvery time.Duration) {
	var offset atomic.Int64
	clock := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	const backoff = time.Second
	f := newFixtureOn(t, storetest.OpenWith(t, "", store.Options{Now: clock}),
		Options{Now: clock, Backoff: backoff, MaxBackoff: backoff, RebaseEvery: rebaseEvery})
	p := &finder{flaky: newFlaky(2)}
	p.script["C"] = []error{errors.New("connection reset")}
	f.worker.Add(p)
	f.publish(t, "discord", "C", "D")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.worker.Run(ctx) }()
	defer func() {
		cancel()
		<-done
	}()
	waitFor(t, "D delivered and C's first attempt failed", func() bool {
		s := f.states(t)
		return s["D"].State == store.DeliveryDelivered && s["C"].State == store.DeliveryPending && s["C"].Attempts == 1
	})
	offset.Store(int64(-time.Hour))
	// waitFor's ten seconds are well past the next look for stepped waits
	// and the retry's wait from it (1 s ± 50%), and well short of the hour.
	waitFor(t, "C's retry after the clock stepped back", func() bool {
		return f.states(t)["C"].State == store.DeliveryDelivered
	})
	if c, d := p.got("C"), p.got("D"); c != "[0 1]" || d != "[0 1]" {
		t.Errorf("posted C %s, D %s; want each part once", c, d)
	}
}

// stalling is a destination that posts part 0, then waits until its
// context ends before posting anything else. Only its first call posts:
// a later one (the worker claiming the delivery again) is counted and
// refused, for the test to report.
type stalling struct {
	flaky
	stalled, stopped chan struct{}
	calls            atomic.Int32
}

func (s *stalling) PostEdition(ctx context.Context, post Post, sent func(int, string) error) error {
	if s.calls.Add(1) > 1 {
		return errors.New("stalling: posted again")
	}
	defer close(s.stopped)
	if err := sent(0, post.ChannelID+":0"); err != nil {
		return err
	}
	close(s.stalled)
	<-ctx.Done()
	return ctx.Err()
}

// TestLostLeaseStopsTheAttempt: when another worker takes a delivery over
// (here: the ledger is changed under the worker), the renewal notices and
// the first worker stops posting and writes nothing more.
func TestLostLeaseStopsTheAttempt(t *testing.T) {
	// The lease is long enough for its renewals (every quarter lease) to
	// keep it under the race detector on a busy machine: at 80 ms one ran
	// late, the lease ran out before the takeover below, and the worker
	// rightly claimed the delivery again.
	f := newFixture(t, Options{Lease: time.Second})
	s := &stalling{flaky: flaky{name: "discord"}, stalled: make(chan struct{}), stopped: make(chan struct{})}
	f.worker.Add(s)
	f.publish(t, "discord", "C")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.worker.Run(ctx) }()
	<-s.stalled
	id := f.states(t)["C"].ID
	// Another worker takes it over as if the lease had run out.
	if _, ok, err := f.store.ClaimDelivery(ctx, id, "other", time.Now().Add(time.Hour), time.Hour); !ok || err != nil {
		t.Fatalf("takeover: %v %v", ok, err)
	}
	select {
	case <-s.stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("the worker kept sending a delivery it no longer holds")
	}
	time.Sleep(50 * time.Millisecond) // room for a write it must not make
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if d := f.states(t)["C"]; d.LeaseOwner != "other" || d.State != store.DeliverySending || d.PartsSent != 1 {
		t.Errorf("the worker wrote after losing its lease: %+v", d)
	}
	if n := s.calls.Load(); n != 1 {
		t.Errorf("posted %d times; the lease ran out before the takeover", n)
	}
}

func TestBackoffGrowsWithJitterAndCap(t *testing.T) {
	o := Options{Backoff: time.Second, MaxBackoff: 10 * time.Second}.withDefaults()
	for attempts, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 5: 10 * time.Second, 30: 10 * time.Second} {
		for range 50 {
			if got := o.backoff(attempts); got < want/2 || got >= want*3/2 {
				t.Fatalf("backoff(%d) = %s, want within ±50%% of %s", attempts, got, want)
			}
		}
	}
}

// TestOutageOfAnHourDelaysNotLoses: with the defaults a delivery that
// fails every attempt (a platform or the mail relay down) is retried for
// well over an hour before it is given up and reported.
func TestOutageOfAnHourDelaysNotLoses(t *testing.T) {
	o := Options{}.withDefaults()
	if w := o.retryWindow(); w < 90*time.Minute || w > 3*time.Hour {
		t.Errorf("default retry window %s, want between 1.5 and 3 hours", w)
	}
	// The jitter keeps the whole schedule within half and one and a half
	// times the window.
	var least, most time.Duration
	for a := 1; a < o.MaxAttempts; a++ {
		least, most = least+o.delay(a)/2, most+o.delay(a)*3/2
	}
	if least < time.Hour/2 {
		t.Errorf("a delivery may give up after %s", least)
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

// waitAllDelivered waits until every copy of the latest edition is
// delivered.
func (f *fixture) waitAllDelivered(t *testing.T) {
	t.Helper()
	waitFor(t, "every channel delivered", func() bool {
		for _, d := range f.states(t) {
			if d.State != store.DeliveryDelivered {
				return false
			}
		}
		return true
	})
}

// waitFor polls cond until it holds or ten seconds pass.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// TestClaimsMadeUnderAClockSinceSetBack: a run whose clock was far ahead
// (a virtual machine that booted with a wrong clock) claimed a delivery,
// posted part 0 and was killed; another put a delivery back for a retry.
// The clock was then put right. A lease or a retry time is never set more
// than store.MaxAhead ahead of the clock that wrote it, so these are taken
// over at once, checking the channel first, instead of waiting out the
// wrong clock's year with the edition undelivered and nobody told. A
// claim within that bound still holds.
func TestClaimsMadeUnderAClockSinceSetBack(t *testing.T) {
	f := newFixture(t, Options{})
	p := &finder{flaky: newFlaky(3), inChannel: 1}
	f.worker.Add(p)
	f.publish(t, "discord", "C", "D", "E")
	ctx := context.Background()
	byChannel := f.states(t)
	wrong := time.Now().AddDate(1, 0, 0)
	if _, ok, err := f.store.ClaimDelivery(ctx, byChannel["C"].ID, "dead", wrong, time.Minute); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if _, ok, err := f.store.ClaimDelivery(ctx, byChannel["D"].ID, "dead", wrong, time.Minute); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if err := f.store.RetryDelivery(ctx, byChannel["D"].ID, "dead", wrong.Add(time.Minute), "connection reset", store.RetryFailed); err != nil {
		t.Fatal(err)
	}
	// E is held by a live worker whose lease is long but within the bound.
	if _, ok, err := f.store.ClaimDelivery(ctx, byChannel["E"].ID, "live", time.Now(), store.MaxAhead-time.Minute); !ok || err != nil {
		t.Fatal(ok, err)
	}
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- f.worker.Run(dctx) }()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		s := f.states(t)
		if s["C"].State == store.DeliveryDelivered && s["D"].State == store.DeliveryDelivered {
			break
		}
	}
	cancel()
	<-done
	s := f.states(t)
	if s["C"].State != store.DeliveryDelivered || s["D"].State != store.DeliveryDelivered {
		t.Errorf("claims from a clock since set back a year: C %s %q, D %s %q", s["C"].State, s["C"].Error, s["D"].State, s["D"].Error)
	}
	if got := p.got("C"); got != "[1 2]" {
		t.Errorf("C resumed with parts %s, want [1 2] after the part already in the channel", got)
	}
	if s["E"].State != store.DeliverySending || s["E"].LeaseOwner != "live" || p.got("E") != "[]" {
		t.Errorf("a live claim within the bound was taken over: %+v, posted %s", s["E"], p.got("E"))
	}
}

// TestRunSkipsAConsoleNobodyHasOpen: the worker of `run` skips a delivery
// to a Local platform it has no destination for (a console subscribed
// once, in the README's tour), saying why, and reports only the others'
// failures to the editors.
func TestRunSkipsAConsoleNobodyHasOpen(t *testing.T) {
	f := newFixture(t, Options{Local: []string{"console"}})
	ctx := context.Background()
	if _, err := f.store.Subscribe(ctx, store.Subscription{Platform: "console", ChannelID: "console"}); err != nil {
		t.Fatal(err)
	}
	f.publish(t, "slack", "C1")
	run, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- f.worker.Run(run) }()
	waitFor(t, "both deliveries settled", func() bool {
		ds := f.states(t)
		return ds["console"].State == store.DeliverySkipped && ds["C1"].State == store.DeliveryFailed
	})
	waitFor(t, "the failure reported", func() bool {
		f.reports.mu.Lock()
		defer f.reports.mu.Unlock()
		return len(f.reports.failed) > 0
	})
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if d := f.states(t)["console"]; !strings.Contains(d.Error, "the console was not open") {
		t.Errorf("console delivery: %+v", d)
	}
	if r := f.reports.failed; len(r) != 1 || len(r[0]) != 1 || r[0][0].ChannelID != "C1" {
		t.Errorf("reported: %+v", r)
	}
}

// TestAConsoleReportsOnlyItsOwnFailures: a worker that delivers until idle
// (a console session) claims the failure reports of its own platforms
// only; another platform's failure stays for the worker of `run`, whose
// editors are on that platform.
func TestAConsoleReportsOnlyItsOwnFailures(t *testing.T) {
	f := newFixture(t, Options{})
	ctx := context.Background()
	console := newFlaky(1)
	console.name = "console"
	f.worker.Add(console)
	if _, err := f.store.Subscribe(ctx, store.Subscription{Platform: "console", ChannelID: "console"}); err != nil {
		t.Fatal(err)
	}
	f.publishFailed(t, "C1")
	f.worker.Deliver(ctx)
	if d := f.states(t)["console"]; d.State != store.DeliveryDelivered {
		t.Fatalf("console delivery: %+v", d)
	}
	if len(f.reports.failed) != 0 {
		t.Errorf("the console session reported slack's failure: %+v", f.reports.failed)
	}
	if failed, err := f.store.ClaimFailureReports(ctx, nil, time.Now(), time.Minute); err != nil || len(failed) != 1 || failed[0].ChannelID != "C1" {
		t.Errorf("left for run: %+v, %v", failed, err)
	}
}

// looking is a flaky destination that counts its looks in the channel
// (PostedParts), which find the parts it posted, and fails them as
// looks[channel] says (nil: success).
type looking struct {
	*flaky
	looks  map[string][]error
	looked map[string]int
}

func (l *looking) PostedParts(_ context.Context, post Post) (int, string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.looked[post.ChannelID]++
	if q := l.looks[post.ChannelID]; len(q) > 0 {
		err := q[0]
		l.looks[post.ChannelID] = q[1:]
		if err != nil {
			return 0, "", err
		}
	}
	return len(l.posted[post.ChannelID]), post.ChannelID + ":0", nil
}

// TestNoLookInTheChannelAfterARateLimit: a 429 refused its request and
// every part before it is recorded, so the next attempt posts the rest
// without first reading the channel. It read it after every 429, a
// request the platform counts against the same limits (Discord's global
// 50 a second, Slack's conversations.history at 50 a minute), at the
// moment it is already limiting the bot. An outcome still unknown (a
// dropped connection) is looked for even when the look was itself limited,
// and once only when a 429 follows the look.
func TestNoLookInTheChannelAfterARateLimit(t *testing.T) {
	f := newFixture(t, Options{})
	limited := &RetryAfterError{After: time.Millisecond, Err: errors.New("429")}
	l := &looking{flaky: newFlaky(3), looked: map[string]int{}, looks: map[string][]error{"DROPPED": {limited}}}
	l.name = "slack"
	// LIMITED: a 429 after part 0, then one at part 1 itself; DROPPED: the
	// connection drops after part 0.
	l.failAtPart["LIMITED"], l.partErr = 1, map[string]error{"LIMITED": limited}
	l.script["LIMITED"] = []error{nil, limited}
	l.failAtPart["DROPPED"] = 1
	// LOOKED: the connection drops after part 0, the look finds it, and the
	// next part meets a 429: what reached the channel is known again, so
	// the attempt after it does not look a second time.
	l.failAtPart["LOOKED"] = 1
	l.script["LOOKED"] = []error{nil, limited}
	f.worker.Add(l)
	f.publish(t, "slack", "LIMITED", "DROPPED", "LOOKED")
	f.worker.Deliver(context.Background())
	for ch, looks := range map[string]int{"LIMITED": 0, "DROPPED": 2, "LOOKED": 1} {
		if got := l.got(ch); got != "[0 1 2]" {
			t.Errorf("%s got parts %s, want [0 1 2]", ch, got)
		}
		if l.looked[ch] != looks {
			t.Errorf("%s: the channel was read %d times, want %d", ch, l.looked[ch], looks)
		}
	}
}

// unsubscribing is a destination whose first try at each channel is
// unsubscribed in the meantime and ends with the connection dropped,
// after the platform took part 0 where took says so.
type unsubscribing struct {
	*looking
	st    *store.Store
	took  map[string]bool
	tried map[string]bool
}

func (u *unsubscribing) PostEdition(ctx context.Context, post Post, sent func(int, string) error) error {
	u.mu.Lock()
	first := !u.tried[post.ChannelID]
	u.tried[post.ChannelID] = true
	if first && u.took[post.ChannelID] {
		u.posted[post.ChannelID] = append(u.posted[post.ChannelID], 0)
	}
	u.mu.Unlock()
	if first {
		if err := u.st.Unsubscribe(ctx, "slack", post.ChannelID); err != nil {
			return err
		}
		return errors.New("connection reset")
	}
	return u.looking.PostEdition(ctx, post, sent)
}

// TestUnsubscribedWhileInDoubt: a channel unsubscribed while its copy's
// last try ended without knowing whether part 0 arrived is not cut in
// half: the worker looks, skips the copy when nothing arrived, and
// finishes it when part 0 did.
func TestUnsubscribedWhileInDoubt(t *testing.T) {
	f := newFixture(t, Options{})
	l := &looking{flaky: newFlaky(3), looked: map[string]int{}, looks: map[string][]error{}}
	l.name = "slack"
	u := &unsubscribing{looking: l, st: f.store, took: map[string]bool{"ARRIVED": true}, tried: map[string]bool{}}
	f.worker.Add(u)
	f.publish(t, "slack", "NOTHING", "ARRIVED")
	f.worker.Deliver(context.Background())
	ds := f.states(t)
	if d := ds["NOTHING"]; d.State != store.DeliverySkipped || d.Error != "the channel unsubscribed" || l.got("NOTHING") != "[]" {
		t.Errorf("NOTHING: %s %q, parts %s; want skipped, nothing posted", d.State, d.Error, l.got("NOTHING"))
	}
	if d := ds["ARRIVED"]; d.State != store.DeliveryDelivered || l.got("ARRIVED") != "[0 1 2]" {
		t.Errorf("ARRIVED: %s, parts %s; want delivered whole", d.State, l.got("ARRIVED"))
	}
}

// stuckReporter is the editors' review channel while the process telling
// them is killed or stopped: the report is posted, and the post never
// comes back (until ctx ends, when stopOnCancel).
type stuckReporter struct {
	posting      chan struct{} // closed when the report is being posted
	stopOnCancel bool
	release      chan struct{}
}

func (r *stuckReporter) ReportFailedDeliveries(ctx context.Context, failed []store.Delivery) []store.Delivery {
	close(r.posting)
	if r.stopOnCancel {
		<-ctx.Done()
		return failed // the post was cut off: nobody was told
	}
	<-r.release
	return failed
}

// TestAReportCutOffIsToldAfterAll: the run telling the editors that a
// channel failed is killed (kill -9) or stopped (a deploy) while it posts
// the report. The next run tells them: once the claim has run out after a
// kill, at once after a stop, which gives the report back. It used to be
// marked reported when it was claimed, and the editors were never told.
func TestAReportCutOffIsToldAfterAll(t *testing.T) {
	for _, stop := range []bool{false, true} {
		name := "killed"
		if stop {
			name = "stopped"
		}
		t.Run(name, func(t *testing.T) {
			const lease = 30 * time.Millisecond
			f := newFixture(t, Options{Lease: lease})
			ctx := context.Background()
			f.publishFailed(t, "C1")

			stuck := &stuckReporter{posting: make(chan struct{}), stopOnCancel: stop, release: make(chan struct{})}
			first, err := New(Options{Store: f.store, Reporter: stuck, Lease: lease, Sectors: config.Default().DigestSectors()})
			if err != nil {
				t.Fatal(err)
			}
			firstCtx, stopFirst := context.WithCancel(ctx)
			ended := make(chan struct{})
			go func() { defer close(ended); first.Run(firstCtx) }()
			t.Cleanup(func() { close(stuck.release); stopFirst(); <-ended })
			select {
			case <-stuck.posting:
			case <-time.After(10 * time.Second):
				t.Fatal("the first run never posted the report")
			}
			if stop {
				stopFirst()
				<-ended
			}

			// The next run, after a kill once the claim has run out.
			if !stop {
				time.Sleep(reportLeases*lease + 50*time.Millisecond)
			}
			next := newFlaky(1)
			next.name = "slack"
			f.worker.Add(next)
			f.worker.Deliver(ctx)
			if len(f.reports.failed) != 1 || len(f.reports.failed[0]) != 1 || f.reports.failed[0][0].ChannelID != "C1" {
				t.Fatalf("the next run told the editors %+v, want C1's failure", f.reports.failed)
			}
			// Told once: never taken again.
			time.Sleep(reportLeases*lease + 50*time.Millisecond)
			f.worker.Deliver(ctx)
			if len(f.reports.failed) != 1 {
				t.Errorf("told %d times", len(f.reports.failed))
			}
		})
	}
}

// TestWorkerStartFinishesAStoppedEmailLedger: Publish records an email
// edition's readers a batch of 20,000 a transaction, and a process stopped
// between batches leaves the rest of its readers with no delivery, so
// they would never get the edition. The worker records them when it
// starts, before it sends anything: here a console's Deliver, which has no
// email destination and leaves the mails to `run`.
func TestWorkerStartFinishesAStoppedEmailLedger(t *testing.T) {
	const readers = 20_001 // one more than Publish records with the edition
	f := newFixture(t, Options{})
	ctx := context.Background()
	rows := make([]store.ImportedSubscriber, readers)
	for i := range rows {
		rows[i].Address = fmt.Sprintf("reader%d@council.example", i)
	}
	if _, err := f.store.ImportSubscribers(ctx, rows); err != nil {
		t.Fatal(err)
	}
	f.approveOne(t)
	stop, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		// The publishing process stops once the edition and its first
		// batch are in, in the pause before the next.
		for {
			if _, err := f.store.LatestEdition(ctx); err == nil {
				cancel()
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	if _, err := f.store.Publish(stop, store.Publication{Title: "T", Date: time.Now(), Email: true}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Publish stopped between batches: %v", err)
	}
	if n := len(f.states(t)); n >= readers {
		t.Fatalf("%d of %d readers recorded when publishing stopped; want fewer", n, readers)
	}

	f.worker.Deliver(ctx)
	ds := f.states(t)
	if len(ds) != readers {
		t.Errorf("%d readers have a delivery after the worker started, want all %d", len(ds), readers)
	}
	for _, d := range ds {
		if d.Platform != store.EmailPlatform || d.State != store.DeliveryPending {
			t.Fatalf("delivery %+v, want an email one pending for `run`", d)
		}
	}
}

// TestRecordTriesStayWithinHalfTheLease: a posted part's record is tried
// while the database is busy for at most half the lease (each try waits
// a busy timeout), so no other worker can claim the delivery meanwhile;
// six tries with the default minute, one with a lease under ten seconds.
func TestRecordTriesStayWithinHalfTheLease(t *testing.T) {
	for lease, want := range map[time.Duration]int{time.Minute: 6, 10 * time.Minute: 6, 20 * time.Second: 2, 5 * time.Second: 1, time.Millisecond: 1} {
		if got := recordTries(lease); got != want {
			t.Errorf("recordTries(%s) = %d, want %d", lease, got, want)
		}
	}
}

// TestARateLimitWithoutAWaitIsWaitedASecond: a 429 whose Retry-After is 0
// (or that the destination read as none) is tried again after a second,
// not at once, as often as the platform answers; a wait it names, even
// one under a second (Discord's are fractional), is waited as named.
func TestARateLimitWithoutAWaitIsWaitedASecond(t *testing.T) {
	for after, want := range map[time.Duration]time.Duration{0: time.Second, -time.Second: time.Second,
		300 * time.Millisecond: 300 * time.Millisecond, 5 * time.Second: 5 * time.Second} {
		err := &RetryAfterError{After: after, Err: errors.New("429")}
		kind, got := classify(fmt.Errorf("post: %w", err))
		if kind != rateLimited || got != want {
			t.Errorf("Retry-After %s: kind %d, wait %s; want rate limited, %s", after, kind, got, want)
		}
		// The log says the wait the worker makes.
		if msg := err.Error(); !strings.Contains(msg, "retry after "+want.String()) {
			t.Errorf("Retry-After %s: error %q, want it to say the wait, %s", after, msg, want)
		}
	}
}

// TestARateLimitIsRecordedInTheLedger: the worker records that a 429 put
// a delivery back (store.Delivery.RateLimited), so that `/shared status`
// reads it rather than infer it from an empty error, which a 429 leaves
// as the try before it had it.
func TestARateLimitIsRecordedInTheLedger(t *testing.T) {
	f := newFixture(t, Options{})
	fl := newFlaky(2)
	fl.script["LIMITED"] = []error{&RetryAfterError{After: time.Hour, Err: errors.New("429")}}
	f.worker.Add(fl)
	f.publish(t, "discord", "LIMITED")
	// Deliver waits out the hour: the try and its 429 are over long
	// before the context ends it.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	f.worker.Deliver(ctx)
	d := f.states(t)["LIMITED"]
	if d.State != store.DeliveryPending || d.RateLimited == nil || !*d.RateLimited || d.Attempts != 0 {
		t.Errorf("state %s, rate limited %v, attempts %d; want pending, rate limited, no attempt counted", d.State, d.RateLimited, d.Attempts)
	}
}

// TestAttemptStoppedAsItsLeaseEndsIsReleasedAtTheLeaseEnd: an attempt the
// worker stops because its lease ends before it could renew it may have
// cancelled a post the platform still takes, so its delivery is released
// to be taken over when that lease ends, for the next worker's look in
// the channel to find the post; one stopped because the worker is
// stopping may have cancelled a post too, and is released once the time a
// killed worker's posts are given (InFlight) has passed. It used to be
// released at once, and a run started just after a stop posted a second
// copy beside the stopped run's post, which reached the channel later.
// One stopped with nothing on its way (its posts answered, see
// followPosts) is released at once: nothing of it can land later.
func TestAttemptStoppedAsItsLeaseEndsIsReleasedAtTheLeaseEnd(t *testing.T) {
	for _, c := range []struct {
		name    string
		stop    func(held *leases, cancel context.CancelFunc, until time.Time)
		mayLand bool
		free    time.Duration // after the claim, when the delivery may be taken over (0: at once)
	}{
		{"lease ending", func(held *leases, _ context.CancelFunc, until time.Time) { held.stopExpiring(until, time.Second) }, true, time.Minute},
		{"worker stopping", func(_ *leases, cancel context.CancelFunc, _ time.Time) { cancel() }, true, defaultInFlight},
		{"worker stopping with nothing on its way", func(_ *leases, cancel context.CancelFunc, _ time.Time) { cancel() }, false, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, Options{Lease: time.Minute})
			f.publish(t, "discord", "C")
			id := f.states(t)["C"].ID
			claimedAt := time.Now()
			d, ok, err := f.store.ClaimDelivery(context.Background(), id, f.worker.owner, claimedAt, time.Minute)
			if !ok || err != nil {
				t.Fatalf("claim: %v %v", ok, err)
			}
			until := claimedAt.Add(time.Minute)
			parent, cancel := context.WithCancel(context.Background())
			defer cancel()
			held := newLeases()
			actx := held.add(parent, id, until)
			c.stop(held, cancel, until)
			if actx.Err() == nil {
				t.Fatal("the attempt's context was not stopped")
			}
			if err := f.worker.settle(context.Background(), actx, d, actx.Err(), c.mayLand); !errors.Is(err, context.Canceled) {
				t.Fatalf("settle: %v", err)
			}
			got := f.states(t)["C"]
			if got.LeaseOwner != "" || got.State != store.DeliverySending {
				t.Errorf("released delivery %+v, want in flight with no owner", got)
			}
			if c.free == 0 {
				if !got.LeaseUntil.IsZero() {
					t.Errorf("released delivery free from %s, want at once", got.LeaseUntil)
				}
				return
			}
			// The release is written a moment after the claim.
			if from, to := claimedAt.Add(c.free-time.Millisecond), time.Now().Add(c.free); got.LeaseUntil.Before(from) || got.LeaseUntil.After(to) {
				t.Errorf("released delivery free from %s (claimed at %s), want %s after the claim", got.LeaseUntil, claimedAt, c.free)
			}
		})
	}
}

// killedAfterFirst is the Reporter of a run killed while it tells the
// editors: it tells them of the first edition it is given and is killed
// posting the next (it never returns).
type killedAfterFirst struct {
	mu     sync.Mutex
	told   []int64 // editions told
	killed chan struct{}
}

func (r *killedAfterFirst) ReportFailedDeliveries(ctx context.Context, failed []store.Delivery) []store.Delivery {
	r.mu.Lock()
	for _, d := range failed {
		if len(r.told) == 0 {
			r.told = append(r.told, d.EditionID)
		}
		if d.EditionID != r.told[0] {
			r.mu.Unlock()
			close(r.killed)
			<-ctx.Done() // the process is gone: nothing of this call is recorded
			return failed
		}
	}
	r.mu.Unlock()
	return nil
}

// TestAReportToldIsNotToldAgainAfterAKill: failures of two editions wait
// to be reported, and the run telling the editors is killed (kill -9)
// after it has told them of the first edition, while it posts the
// second's. Once the claim has run out, the next run tells them of the
// second edition only. The first's report was recorded only with the
// second's, so the next run told it again, ten minutes later by default.
func TestAReportToldIsNotToldAgainAfterAKill(t *testing.T) {
	const lease = 30 * time.Millisecond
	f := newFixture(t, Options{Lease: lease})
	ctx := context.Background()
	f.publishFailed(t, "C1")
	ed := digest.Person{Platform: "slack", ID: "UEDITOR", Name: "ed"}
	s, err := f.store.Submit(ctx, store.Submission{Story: digest.Story{URL: "https://example.org/b", Headline: "B",
		Sector: "health", Submitter: ed}, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.Approve(ctx, store.Decision{StoryID: s.ID, By: ed}); err != nil {
		t.Fatal(err)
	}
	second, err := f.store.Publish(ctx, store.Publication{Title: "T2", Date: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	d := f.states(t)["C1"]
	if d.EditionID != second.Edition.Edition.ID {
		t.Fatalf("C1's latest delivery is of edition %d, want %d", d.EditionID, second.Edition.Edition.ID)
	}
	if _, ok, err := f.store.ClaimDelivery(ctx, d.ID, "run", time.Now(), time.Minute); err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if err := f.store.FailDelivery(ctx, d.ID, "run", "channel_not_found"); err != nil {
		t.Fatal(err)
	}

	killed := &killedAfterFirst{killed: make(chan struct{})}
	first, err := New(Options{Store: f.store, Reporter: killed, Lease: lease, Sectors: config.Default().DigestSectors()})
	if err != nil {
		t.Fatal(err)
	}
	firstCtx, kill := context.WithCancel(ctx)
	ended := make(chan struct{})
	go func() { defer close(ended); first.Run(firstCtx) }()
	t.Cleanup(func() { kill(); <-ended })
	select {
	case <-killed.killed:
	case <-time.After(10 * time.Second):
		t.Fatal("the first run never posted the second edition's report")
	}
	if len(killed.told) != 1 {
		t.Fatalf("the first run told %v", killed.told)
	}

	time.Sleep(reportLeases*lease + 50*time.Millisecond) // the claim runs out
	next := newFlaky(1)
	next.name = "slack"
	f.worker.Add(next)
	f.worker.Deliver(ctx)
	var again []int64
	for _, ds := range f.reports.failed {
		for _, d := range ds {
			again = append(again, d.EditionID)
		}
	}
	if fmt.Sprint(again) != fmt.Sprint([]int64{second.Edition.Edition.ID}) {
		t.Errorf("the next run told the editors of the failures of editions %v, want %d's only (%d's was told before the kill)",
			again, second.Edition.Edition.ID, killed.told[0])
	}
}

// frozenPost is a destination whose first post hangs until its attempt is
// stopped, and which then writes a renewal of its worker's leases before
// it returns, as the worker's renewal, woken with the process, can: the
// process was frozen (SIGSTOP) past its lease while it posted. Later
// posts go through.
type frozenPost struct {
	store   *store.Store
	owner   string
	posting chan struct{}
	mu      sync.Mutex
	calls   int
}

func (f *frozenPost) Name() string { return "discord" }

func (f *frozenPost) PostEdition(ctx context.Context, post Post, sent func(int, string) error) error {
	f.mu.Lock()
	f.calls++
	first := f.calls == 1
	f.mu.Unlock()
	if !first {
		return sent(0, post.ChannelID+":0")
	}
	close(f.posting)
	<-ctx.Done()
	if _, err := f.store.RenewLeases(context.Background(), f.owner, time.Now().Add(time.Hour)); err != nil {
		return err
	}
	return ctx.Err()
}

// TestAnAttemptStoppedAsItsLeaseEndsIsTakenOverThen: a worker's process is
// frozen past the lease of a delivery it is posting, and when it wakes,
// its check of the leases stops the attempt while its renewal writes a
// new lease on the delivery. The delivery is taken over when the lease the
// attempt was stopped for ends, already passed: at once. It used to be
// given back with the renewed lease, and waited that out with no worker
// sending it (a real run frozen for 65 s left one of 400 channels without
// the edition for a minute after it woke).
func TestAnAttemptStoppedAsItsLeaseEndsIsTakenOverThen(t *testing.T) {
	const lease = 2 * time.Second
	var frozenFor atomic.Int64
	f := newFixture(t, Options{Lease: lease, Now: func() time.Time { return time.Now().Add(time.Duration(frozenFor.Load())) }})
	dest := &frozenPost{store: f.store, owner: f.worker.owner, posting: make(chan struct{})}
	f.worker.Add(dest)
	f.publish(t, "discord", "C")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	go func() {
		<-dest.posting
		frozenFor.Store(int64(lease + time.Second)) // woken past the lease
	}()
	start := time.Now()
	f.worker.Deliver(ctx)
	if d := f.states(t)["C"]; d.State != store.DeliveryDelivered {
		t.Errorf("%s after the attempt was stopped the delivery is %s, with a lease until %s: %+v",
			time.Since(start).Round(time.Millisecond), d.State, time.Until(d.LeaseUntil).Round(time.Second), d)
	}
}
