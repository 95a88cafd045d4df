// Package delivery sends published editions to every subscribed channel.
// Publishing records one delivery per channel in the store's ledger; a
// Worker claims each due delivery with a lease, posts it through the
// channel's Destination (a chat adapter today, an email sender later),
// records every part as it goes and retries failures with backoff, so that
// every channel gets the edition exactly once, in order, across crashes
// and across several workers (processes) sharing one database.
package delivery

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	mrand "math/rand/v2"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/tasks"
)

// Options configure a Worker. Zero values take the defaults.
type Options struct {
	Store   *store.Store
	Sectors digest.Sectors // the configured sectors, in display order
	// Reporter is told of the channels an edition could not reach, once
	// per edition, when its last delivery is settled (and again, a minute
	// later, when no review channel took the report); its readers by mail,
	// tried for days, apart, when the last mail is. Nil: only logged.
	Reporter Reporter
	Logger   *slog.Logger
	Now      func() time.Time
	// Workers is how many channels are posted to at once (default 64).
	// Platforms limit messages per channel, so throughput comes from
	// posting to many channels side by side.
	Workers int
	// MaxAttempts is how many failed attempts a delivery gets before it is
	// given up and reported (default 12). Rate limits do not count.
	MaxAttempts int
	// RateLimitedFor is how long a delivery's tries may all be answered
	// 429, no part getting through, before it is given up and reported,
	// once at least MaxAttempts of them were (default: the retry window,
	// what MaxAttempts' backoffs add up to, about 1 h 43 min). A harness that shortens the backoffs to retry
	// faults fast, while a global rate limit holds copies back for most
	// of its run, sets it longer.
	RateLimitedFor time.Duration
	// Backoff is the delay before the first retry (default 5s); it doubles
	// with each failed attempt, up to MaxBackoff (default 30m), and is
	// jittered by ±50% so channels that failed together do not retry together.
	// With the defaults a delivery is retried for about an hour and three
	// quarters (TestOutageOfAnHourDelaysNotLoses) before it is given up: a
	// platform's or a mail relay's outage of that long delays the edition,
	// it does not lose it.
	Backoff, MaxBackoff time.Duration
	// Metrics counts attempts by outcome for /metrics; nil counts nothing.
	Metrics *Metrics
	// Background says that Run sends the deliveries (the worker of
	// `sharednews run`): Deliver only wakes it, even before Run starts, so
	// that no command ever sends deliveries itself.
	Background bool
	// Lease is how long a claim on a delivery lasts unless renewed (default
	// 1m). The worker renews it every quarter lease and with every part it
	// records; after a crash, another worker takes the delivery over once
	// the lease has run out.
	Lease time.Duration
	// InFlight is how long after a worker is found gone its claims end
	// (default 10s, at most Lease): a post it sent just before it was
	// killed is not taken back by the kill, and reaches the channel when
	// the platform has handled it. The worker taking the delivery over
	// looks in the channel before it posts, and a copy landing after that
	// look would stay beside its own (endLeasesOfTheGone).
	InFlight time.Duration
	// RebaseEvery is how often the worker looks for retries and leases
	// written before the clock stepped back (default 1m): at its first
	// look at the ledger, then at most this often, not at every look (a
	// run of 429s has it look many times a second, and the question reads
	// every open delivery), and at the latest this long after the last.
	// A step back then delays a retry or a lease by about this long at
	// most, not by the step.
	RebaseEvery time.Duration
	// WatchEvery is how often Run looks whether another process (the
	// console) recorded deliveries or put some back, which cannot wake it
	// (default 1s): a look reads an index, not the deliveries.
	WatchEvery time.Duration
	// Local names the platforms whose channels exist only while a process
	// of theirs runs (the console's terminal). A Background worker with no
	// destination for one skips its deliveries, saying why: nobody is
	// there to read them, and failing them would report a console
	// subscribed once, in the README's tour, to the editors every week.
	Local []string
	// Subscribe is how the members of a chat channel on platform get the
	// newsletter (bot.ChatSubscribe), which the footer of the copy posted
	// there says (digest.Edition.Subscribe): one rule for every chat
	// platform, rather than each destination filling it in. Nil leaves it
	// out; an email's is the mailer's own (its sign-up page).
	Subscribe func(platform string) string
	// HoldsRunLock says that this worker's process holds the database's
	// run lock (runlock.Acquire): it is the one `sharednews run` there
	// is. Its name says so, and it ends at once the claims of workers
	// whose names say they were of a run of another host or of this
	// process's own ID, which cannot be seen to be gone by their ID (a
	// container made anew, or restarted with the bot as PID 1 again):
	// their run no longer holds the lock, so it has ended (see
	// endLeasesOfTheGone).
	HoldsRunLock bool
}

func (o Options) withDefaults() Options {
	if o.Workers <= 0 {
		o.Workers = 64
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = defaultMaxAttempts
	}
	if o.Backoff <= 0 {
		o.Backoff = 5 * time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 30 * time.Minute
	}
	if o.Lease <= 0 {
		o.Lease = time.Minute
	}
	o.Lease = min(o.Lease, store.MaxAhead)
	if o.InFlight <= 0 {
		o.InFlight = defaultInFlight
	}
	o.InFlight = min(o.InFlight, o.Lease)
	if o.RebaseEvery <= 0 {
		o.RebaseEvery = time.Minute
	}
	if o.WatchEvery <= 0 {
		o.WatchEvery = time.Second
	}
	if o.RateLimitedFor <= 0 {
		o.RateLimitedFor = o.retryWindow()
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// defaultMaxAttempts is Options.MaxAttempts when none is set.
const defaultMaxAttempts = 12

// retryWindow is how long, on average, the worker keeps retrying a
// delivery that fails every attempt before it gives the delivery up: the
// sum of its backoffs without the jitter (about 1 h 43 min with the
// defaults). By default a delivery rate-limited on every try is given up
// after as long (RateLimitedFor).
func (o Options) retryWindow() time.Duration {
	var sum time.Duration
	for attempts := 1; attempts < o.MaxAttempts; attempts++ {
		sum += o.delay(attempts)
	}
	return sum
}

// delay is the backoff after the given number of failed attempts (from 1)
// before its jitter.
func (o Options) delay(attempts int) time.Duration {
	d := o.Backoff
	for i := 1; i < attempts && d < o.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, o.MaxBackoff)
}

// backoff is the jittered delay after the given number of failed attempts (from 1).
func (o Options) backoff(attempts int) time.Duration {
	d := o.delay(attempts)
	return d/2 + mrand.N(d) // uniformly in [d/2, 3d/2)
}

// Reporter tells editors about deliveries that failed for good; the bot
// is one.
type Reporter interface {
	// ReportFailedDeliveries tells the editors of failed (one edition's
	// deliveries: each edition's report is recorded once told), and returns
	// those it could tell nobody of (every review channel refused the
	// report), for the worker to report again later.
	ReportFailedDeliveries(ctx context.Context, failed []store.Delivery) (untold []store.Delivery)
}

// A report the editors could not be told of is tried again reportRetry
// later, for as long as reportFor after its deliveries failed: deliveries
// fail for good mostly when their platform is down for hours, and its
// review channel with it.
const (
	reportRetry = time.Minute
	reportFor   = 24 * time.Hour
	// A report's claim lasts this many delivery leases (ten minutes by
	// default): posting it is not renewed as a delivery's lease is, and a
	// slow review channel must not have it taken, and told, twice.
	reportLeases = 10
)

// Worker sends the ledger's deliveries to their destinations. It is safe
// for concurrent use.
type Worker struct {
	store *store.Store
	opts  Options
	log   *slog.Logger
	// owner names this worker in the claims it takes.
	owner string
	// limits are the runs of 429s of the deliveries it tries.
	limits *rateLimits
	// retries keeps alike retries to a log line a minute.
	retries retryLines
	// wake tells Run that new deliveries were recorded.
	wake chan struct{}

	// unrecorded are the parts posted (mails sent) whose record the
	// ledger refused (a full disk, a read-only database), by delivery:
	// recorded, not posted again, when the delivery is next tried here.
	unrecorded *unrecorded

	mu    sync.RWMutex
	dests map[string]Destination
	// reportAt is when failure reports are next looked for: after a report
	// nobody could be told of, not before reportRetry.
	reportAt time.Time
}

// New makes a worker. It sends nothing until Run or Deliver is called.
func New(opts Options) (*Worker, error) {
	if opts.Store == nil {
		return nil, errors.New("delivery worker: a store is required")
	}
	opts = opts.withDefaults()
	owner, err := ownerName(opts.HoldsRunLock)
	if err != nil {
		return nil, err
	}
	return &Worker{store: opts.Store, opts: opts, log: opts.Logger, owner: owner, limits: newRateLimits(),
		unrecorded: newUnrecorded(), wake: make(chan struct{}, 1), dests: map[string]Destination{}}, nil
}

// ownerName is "host:pid:random", unique among the workers of every
// process on every host, and readable in the ledger by an operator. The
// random part of a run's worker begins with runTag ("host:pid:run-…"), so
// that the next run knows its claims for a run's, and ends with when the
// process started where that can be read ("…@START"), so that a process
// of this host whose ID is in use again is known for gone
// (endLeasesOfTheGone). The start is in the last field, not beside the
// ID: an older release reads the name as before.
func ownerName(run bool) (string, error) {
	host, _ := os.Hostname()
	tag := make([]byte, 4)
	if _, err := rand.Read(tag); err != nil {
		return "", fmt.Errorf("delivery worker: name it: %w", err)
	}
	prefix := ""
	if run {
		prefix = runTag
	}
	suffix := ""
	if start, ok := processStart(os.Getpid()); ok {
		suffix = startSep + start
	}
	return fmt.Sprintf("%s:%d:%s%s%s", host, os.Getpid(), prefix, hex.EncodeToString(tag), suffix), nil
}

// Add registers a destination under its name; deliveries recorded for that
// platform go to it.
func (w *Worker) Add(d Destination) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.dests[d.Name()] = d
}

func (w *Worker) destination(name string) (Destination, bool) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	d, ok := w.dests[name]
	return d, ok
}

// platforms returns the names of the destinations added (none: empty,
// not nil).
func (w *Worker) platforms() []string {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return slices.AppendSeq(make([]string, 0, len(w.dests)), maps.Keys(w.dests))
}

// Run is the worker of `sharednews run`: it sends deliveries as they fall
// due, up to Options.Workers channels at once, until ctx is done. Deliver
// wakes it. A delivery left in flight by a stopped or crashed worker is
// taken over once its lease has run out, after checking what reached the
// channel. A delivery for a platform with no destination here fails.
func (w *Worker) Run(ctx context.Context) error {
	return w.loop(ctx, false)
}

// Deliver is told that deliveries were recorded. A Background worker's
// Run is woken and Deliver returns; otherwise (the console, tools) it
// sends every open delivery that has a destination here before it
// returns, waiting out backoffs and rate limits, and leaves the others to
// the worker of `sharednews run`.
func (w *Worker) Deliver(ctx context.Context) {
	if w.opts.Background {
		select {
		case w.wake <- struct{}{}:
		default:
		}
		return
	}
	if err := w.loop(ctx, true); err != nil && ctx.Err() == nil {
		w.log.ErrorContext(ctx, "deliver", "err", err)
	}
}

// finished is an attempt's report to the loop.
type finished struct {
	id        int64
	delivered bool
}

// loop is the worker: it claims and sends every due delivery, then waits
// until one falls due, an attempt ends, or Deliver wakes it. untilIdle
// returns once no delivery for a destination here is open; otherwise it
// runs until ctx is done.
func (w *Worker) loop(ctx context.Context, untilIdle bool) error {
	// A process stopped while it recorded a large email ledger left the
	// rest of its readers unrecorded: they are recorded before anything
	// is sent, or they would never get the edition.
	if n, err := w.store.FinishEmailLedgers(ctx); err != nil {
		w.log.ErrorContext(ctx, "finish email ledgers", "err", err)
	} else if n > 0 {
		w.log.InfoContext(ctx, "finished email ledgers a stopped process left", "editions", n)
	}
	w.endLeasesOfTheGone(ctx)
	editions := newEditionCache(w.store, w.opts.Sectors, w.opts.Subscribe)
	held := newLeases()
	slots := make(chan struct{}, w.opts.Workers)
	done := make(chan finished, w.opts.Workers)
	ctx, cancel := context.WithCancel(ctx)
	renewed, watched := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(renewed)
		w.renewLeases(ctx, held)
	}()
	go func() {
		defer close(watched)
		if !untilIdle {
			w.watchLedger(ctx)
		}
	}()
	defer func() {
		cancel()
		for range held.count() {
			<-done
		}
		<-renewed
		<-watched
	}()
	var rebasedAt time.Time // of the last rebaseWaits, on the monotonic clock
	for {
		if rebasedAt.IsZero() || time.Since(rebasedAt) >= w.opts.RebaseEvery {
			w.rebaseWaits(ctx)
			rebasedAt = time.Now()
		}
		wait, err := w.dispatchDue(ctx, editions, held, slots, done, untilIdle)
		if err != nil {
			if ctx.Err() != nil && !untilIdle {
				return nil
			}
			if untilIdle {
				return err
			}
			w.log.ErrorContext(ctx, "delivery worker", "err", err)
			wait = time.Minute // the database may come back
		}
		w.reportFailures(ctx, untilIdle)
		if untilIdle && wait < 0 && held.count() == 0 {
			return nil
		}
		if wait < 0 {
			// Nothing waits. Look again now and then all the same, in case
			// the watch below missed a change (see watchLedger).
			wait = time.Minute
		}
		// Look for waits set before a clock step when the next look is
		// due, whatever else waits: a retry or a lease that falls due
		// before then is read under a clock that may have stepped back
		// since, and its wait would be the step longer.
		wait = min(wait, w.opts.RebaseEvery-time.Since(rebasedAt))
		timer := time.NewTimer(wait)
		// Look at the ledger again when woken, when a retry falls due, or
		// when a delivery was put back or failed (or the last one ended):
		// not after every success, which changes nothing to wait for.
		for again := false; !again; {
			select {
			case <-ctx.Done():
				timer.Stop()
				if untilIdle {
					return ctx.Err()
				}
				return nil
			case <-w.wake:
				again = true
			case f := <-done:
				held.drop(f.id)
				again = !f.delivered || held.count() == 0
			case <-timer.C:
				again = true
			}
		}
		timer.Stop()
	}
}

// watchLedger wakes Run when the open deliveries change under it: the
// console, another process, publishes into the ledger and cannot wake
// this one, which waited a minute before it looked again, so an edition
// published there reached the channels up to a minute after the console
// said "delivering". A change of this worker's own (a delivery done)
// wakes it too, for one look more. A failed look is left to the loop's,
// which meets the same database and says so.
func (w *Worker) watchLedger(ctx context.Context) {
	var last store.LedgerMark
	tasks.Every(ctx, w.opts.WatchEvery, func() {
		mark, err := w.store.OpenDeliveriesMark(ctx)
		if err != nil || mark == last {
			return
		}
		last = mark
		select {
		case w.wake <- struct{}{}:
		default:
		}
	})
}

// rebaseWaits counts again from now the retries and leases written before
// the clock stepped back, which would otherwise wait the step longer (see
// store.RebaseDeliveryWaits); the loop calls it every Options.RebaseEvery.
// A failure is logged: the ledger's next look meets the same database and
// says so too.
func (w *Worker) rebaseWaits(ctx context.Context) {
	if n, err := w.store.RebaseDeliveryWaits(ctx); err != nil {
		if ctx.Err() == nil {
			w.log.ErrorContext(ctx, "count delivery waits again after the clock stepped back", "err", err)
		}
	} else if n > 0 {
		w.log.InfoContext(ctx, "the clock stepped back: delivery waits counted again from now", "deliveries", n)
	}
}

// dispatchDue claims and starts every due delivery not already in flight
// here, waiting for a free slot when all are busy. It returns how long
// until the next open delivery falls due (-1: none is waiting).
func (w *Worker) dispatchDue(ctx context.Context, editions *editionCache, held *leases,
	slots chan struct{}, done chan finished, untilIdle bool) (wait time.Duration, err error) {
	open, err := w.store.OpenDeliveries(ctx)
	if err != nil {
		return -1, err
	}
	now := w.opts.Now()
	wait = -1
	// An attempt that ends without delivering while this waits for a slot
	// may have been passed over above as in flight: look again at once.
	lookAgain := false
	defer func() {
		if lookAgain && err == nil {
			wait = 0
		}
	}()
	for _, d := range interleave(open) {
		if held.has(d.ID) {
			continue
		}
		if _, ok := w.destination(d.Platform); !ok && untilIdle {
			continue // left to the worker of `sharednews run`
		}
		ready := d.NextAttempt
		if d.State == store.DeliverySending {
			ready = d.LeaseUntil // another worker's, or a crashed one's
		}
		if ready.Sub(now) > store.MaxAhead {
			ready = now // set by a clock since put back (see store.MaxAhead)
		}
		if ready.After(now) {
			if w := ready.Sub(now); wait < 0 || w < wait {
				wait = w
			}
			continue
		}
		if ctx.Err() != nil {
			return -1, ctx.Err() // stopping: claim nothing more
		}
		for acquired := false; !acquired; {
			select {
			case slots <- struct{}{}:
				acquired = true
			case f := <-done:
				held.drop(f.id)
				lookAgain = lookAgain || !f.delivered
			case <-ctx.Done():
				return -1, ctx.Err()
			}
		}
		claimedAt := w.opts.Now()
		// The claim is written whole even when the stop comes while it
		// is: a claim the database took while its caller was told
		// "context canceled" was held by nobody, and the next run took
		// its delivery only when it found this process gone, 10 s after
		// it started (endLeasesOfTheGone). Claimed, the attempt gives it
		// back at once.
		claimed, ok, err := w.store.ClaimDelivery(context.WithoutCancel(ctx), d.ID, w.owner, claimedAt, w.opts.Lease)
		if err != nil || !ok {
			<-slots
			if err != nil {
				return -1, err
			}
			continue // another worker claimed it first
		}
		w.unrecorded.written()
		// Counted from the clock's reading, not the ledger's time: a
		// reading of time.Now carries the monotonic clock, so the claim
		// is not taken to hold the longer when the clock steps back
		// (another worker counts it again from the step, see
		// store.RebaseDeliveryWaits).
		actx := held.add(ctx, d.ID, claimedAt.Add(w.opts.Lease))
		go func() {
			delivered, err := w.attempt(actx, claimed, editions, held)
			if err != nil && ctx.Err() == nil {
				w.log.ErrorContext(ctx, "delivery", "delivery", d.ID, "err", err)
			}
			<-slots
			done <- finished{id: d.ID, delivered: delivered && err == nil}
		}()
	}
	return wait, nil
}

// sortReports sorts the failure reports claimed (failed) into those to
// try again (again: the editors could not be told, and the delivery failed
// less than reportFor ago) and those done with (done: told, or given up).
// An email edition whose every mail failed has a report per reader, all
// untold when the review channels are down too: again is a set, or sorting
// 250,000 of them took 23 s (BenchmarkSortReports).
func sortReports(failed, untold []store.Delivery, now time.Time) (again, done []int64) {
	retry := make(map[int64]bool, len(untold))
	for _, d := range untold {
		if now.Sub(d.UpdatedAt) < reportFor {
			again = append(again, d.ID)
			retry[d.ID] = true
		}
	}
	for _, d := range failed {
		if !retry[d.ID] {
			done = append(done, d.ID)
		}
	}
	return again, done
}

// reportFailures hands the editions whose delivery is over and that failed
// somewhere to the Reporter, once per edition whatever the workers.
func (w *Worker) reportFailures(ctx context.Context, untilIdle bool) {
	// A worker that sends only its own destinations' deliveries (the
	// console's) reports only theirs: the others' are for the editors the
	// worker of `sharednews run` reports to.
	var platforms []string
	if untilIdle {
		platforms = w.platforms()
	}
	now := w.opts.Now()
	w.mu.RLock()
	wait := now.Before(w.reportAt)
	w.mu.RUnlock()
	if wait {
		return
	}
	failed, err := w.store.ClaimFailureReports(ctx, platforms, now, reportLeases*w.opts.Lease)
	if err != nil {
		w.log.ErrorContext(ctx, "claim failure reports", "err", err)
		return
	}
	if len(failed) == 0 {
		return
	}
	if w.opts.Reporter == nil {
		w.log.WarnContext(ctx, "deliveries failed", "count", len(failed))
		w.settleReports(ctx, failed, nil, now)
		return
	}
	// Each edition's report is recorded as soon as it is posted, not with
	// the last edition's: a run killed while it posts one edition's report
	// has recorded those it posted before, which the next run, taking the
	// claim over once it has run out, would otherwise tell again.
	again, editions := 0, byEdition(failed)
	for i, eds := range editions {
		if ctx.Err() != nil {
			// Stopping: the editions not yet reported are given back
			// now, for the next run, rather than when the claim runs out.
			rest := slices.Concat(editions[i:]...)
			again += w.settleReports(ctx, rest, rest, now)
			break
		}
		again += w.settleReports(ctx, eds, w.opts.Reporter.ReportFailedDeliveries(ctx, eds), now)
	}
	if again == 0 {
		return
	}
	w.mu.Lock()
	w.reportAt = now.Add(reportRetry)
	w.mu.Unlock()
	w.log.WarnContext(ctx, "editors could not be told of failed deliveries", "count", again, "retry_in", reportRetry.String())
}

// settleReports records what was done with the failure reports claimed
// (failed), of which untold could be told to nobody, and returns how many
// were given back to be tried again. It is recorded even when ctx ends
// (run stopping while it posted the report): a report told is told, and
// one not told is given back now rather than when the claim runs out.
func (w *Worker) settleReports(ctx context.Context, failed, untold []store.Delivery, now time.Time) int {
	keep := context.WithoutCancel(ctx)
	again, done := sortReports(failed, untold, now)
	if err := w.store.FailureReportsTold(keep, done); err != nil {
		w.log.ErrorContext(ctx, "record failure reports told", "err", err)
	}
	if n := len(untold) - len(again); n > 0 {
		w.log.ErrorContext(ctx, "editors could not be told of failed deliveries; given up", "count", n, "after", reportFor.String())
	}
	if len(again) == 0 {
		return 0
	}
	if err := w.store.ReleaseFailureReports(keep, again); err != nil {
		w.log.ErrorContext(ctx, "release failure reports", "err", err)
		return 0
	}
	return len(again)
}

// byEdition splits the failure reports claimed by edition, the oldest
// edition first, each edition's in the order they came.
func byEdition(failed []store.Delivery) [][]store.Delivery {
	groups := map[int64][]store.Delivery{}
	for _, d := range failed {
		groups[d.EditionID] = append(groups[d.EditionID], d)
	}
	ids := slices.Sorted(maps.Keys(groups))
	out := make([][]store.Delivery, len(ids))
	for i, id := range ids {
		out[i] = groups[id]
	}
	return out
}
