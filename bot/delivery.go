package bot

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/sharednews/sharednews/store"
)

// DeliveryOptions tune the delivery worker. Zero values take the defaults.
type DeliveryOptions struct {
	// Workers is how many channels are posted to at once (default 64).
	// Platforms limit messages per channel, so throughput comes from
	// posting to many channels side by side.
	Workers int
	// MaxAttempts is how many failed attempts a delivery gets before it is
	// given up and reported (default 6). Rate limits do not count.
	MaxAttempts int
	// Backoff is the delay before the first retry (default 5s); it doubles
	// with each failed attempt, up to MaxBackoff (default 10m), and is
	// jittered by ±50% so channels that failed together do not retry together.
	Backoff, MaxBackoff time.Duration
}

func (o DeliveryOptions) withDefaults() DeliveryOptions {
	if o.Workers <= 0 {
		o.Workers = 64
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 6
	}
	if o.Backoff <= 0 {
		o.Backoff = 5 * time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 10 * time.Minute
	}
	return o
}

// backoff is the jittered delay after the given number of failed attempts (from 1).
func (o DeliveryOptions) backoff(attempts int) time.Duration {
	d := o.Backoff
	for i := 1; i < attempts && d < o.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, o.MaxBackoff)
	return d/2 + rand.N(d) // uniformly in [d/2, 3d/2)
}

// UseDeliveryWorker tells the bot that RunDeliveries runs (or is about to),
// so Publish leaves deliveries to it rather than sending them itself. Call
// it before anything can publish, so that no delivery is sent by both.
func (b *Bot) UseDeliveryWorker() { b.workerRunning.Store(true) }

// wakeDeliveries tells a running worker that new deliveries are due.
func (b *Bot) wakeDeliveries() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// DeliverPending sends every open delivery on the platforms registered
// with this bot until each is delivered or failed, waiting out backoffs
// and rate limits, and tells the editors of failures. It is the worker run
// synchronously, for the console, tests and harnesses; it must not run
// beside RunDeliveries in the same process. Deliveries to platforms this
// process does not run (Slack from the console) are left to the worker of
// `sharednews run`.
func (b *Bot) DeliverPending(ctx context.Context) error {
	editions := newEditionCache(b)
	for {
		all, err := b.store.OpenDeliveries(ctx)
		if err != nil {
			return err
		}
		var open []store.Delivery
		for _, d := range interleave(all) {
			if _, ok := b.platform(d.Platform); ok {
				open = append(open, d)
			}
		}
		if len(open) == 0 {
			b.reportFailures(ctx)
			return nil
		}
		now := b.now()
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(b.delivery.Workers)
		var wait time.Duration = -1
		for _, d := range open {
			if d.NextAttempt.After(now) {
				if w := d.NextAttempt.Sub(now); wait < 0 || w < wait {
					wait = w
				}
				continue
			}
			wait = 0
			g.Go(func() error {
				_, err := b.deliverOne(gctx, d, editions)
				return err
			})
		}
		if err := g.Wait(); err != nil {
			return err
		}
		b.reportFailures(ctx)
		if wait > 0 {
			if err := sleep(ctx, wait); err != nil {
				return err
			}
		}
	}
}

// RunDeliveries is the delivery worker: it sends open deliveries as they
// fall due, up to DeliveryOptions.Workers channels at once, until ctx is
// done. Publish wakes it. Deliveries a previous process left in flight are
// resumed (after checking what reached the channel) when it starts.
func (b *Bot) RunDeliveries(ctx context.Context) error {
	b.UseDeliveryWorker()
	editions := newEditionCache(b)
	slots := make(chan struct{}, b.delivery.Workers)
	finished := make(chan finishedDelivery, b.delivery.Workers)
	inFlight := map[int64]bool{}
	ctx, cancel := context.WithCancel(ctx)
	defer func() {
		cancel()
		for range len(inFlight) {
			<-finished
		}
	}()
	for {
		wait, err := b.dispatchDue(ctx, editions, inFlight, slots, finished)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			b.log.ErrorContext(ctx, "delivery worker", "err", err)
			wait = time.Minute // the database may come back
		}
		b.reportFailures(ctx)
		if wait < 0 {
			// Nothing waits. Look again now and then all the same: another
			// process (the console) may have published into the ledger.
			wait = time.Minute
		}
		timer := time.NewTimer(wait)
		// Look at the ledger again when woken, when a retry falls due, or
		// when a delivery was put back or failed (or the last one ended):
		// not after every success, which changes nothing to wait for.
		for again := false; !again; {
			select {
			case <-ctx.Done():
				timer.Stop()
				return nil
			case <-b.wake:
				again = true
			case f := <-finished:
				delete(inFlight, f.id)
				again = !f.delivered || len(inFlight) == 0
			case <-timer.C:
				again = true
			}
		}
		timer.Stop()
	}
}

// finishedDelivery is a delivery goroutine's report to RunDeliveries.
type finishedDelivery struct {
	id        int64
	delivered bool
}

// dispatchDue starts a goroutine for every due delivery not already in
// flight, waiting for a free slot when all are busy. It returns how long
// until the next delivery falls due (-1: none is waiting).
func (b *Bot) dispatchDue(ctx context.Context, editions *editionCache, inFlight map[int64]bool,
	slots chan struct{}, finished chan finishedDelivery) (time.Duration, error) {
	open, err := b.store.OpenDeliveries(ctx)
	if err != nil {
		return -1, err
	}
	now := b.now()
	var wait time.Duration = -1
	for _, d := range interleave(open) {
		if inFlight[d.ID] {
			continue
		}
		if d.NextAttempt.After(now) {
			if w := d.NextAttempt.Sub(now); wait < 0 || w < wait {
				wait = w
			}
			continue
		}
		for acquired := false; !acquired; {
			select {
			case slots <- struct{}{}:
				acquired = true
			case f := <-finished:
				delete(inFlight, f.id)
			case <-ctx.Done():
				return -1, ctx.Err()
			}
		}
		inFlight[d.ID] = true
		go func() {
			delivered, err := b.deliverOne(ctx, d, editions)
			if err != nil && ctx.Err() == nil {
				b.log.ErrorContext(ctx, "delivery", "delivery", d.ID, "err", err)
			}
			<-slots
			finished <- finishedDelivery{id: d.ID, delivered: delivered && err == nil}
		}()
	}
	return wait, nil
}

// deliverOne makes one attempt at one delivery and records the outcome,
// reporting whether the delivery is now delivered. It returns an error
// only when the ledger could not be written (or ctx ended); the platform's
// errors are outcomes.
func (b *Bot) deliverOne(ctx context.Context, d store.Delivery, editions *editionCache) (bool, error) {
	p, ok := b.platform(d.Platform)
	if !ok {
		return false, b.store.FailDelivery(ctx, d.ID, "the "+d.Platform+" adapter is not running")
	}
	e, err := editions.channelEdition(ctx, d)
	if err != nil {
		return false, err
	}
	post := EditionPost{ChannelID: d.ChannelID, Edition: e,
		From: d.PartsSent, FirstRef: d.MessageRef, Key: DeliveryKey(d)}
	// A previous process stopped mid-send, or a previous attempt failed
	// with its outcome unknown (a dropped connection may hide a posted
	// message): look in the channel before posting again.
	if d.State == store.DeliverySending || d.Error != "" {
		if post, err = b.reconcile(ctx, p, d, post); err != nil {
			return false, b.attemptFailed(ctx, d, err)
		}
	}
	if err := b.store.StartDelivery(ctx, d.ID); err != nil {
		return false, err
	}
	parts, ref := post.From, post.FirstRef
	err = p.PostEdition(ctx, post, func(part int, r string) error {
		if part == 0 {
			ref = r
		}
		parts = part + 1
		return b.store.RecordDeliveryPart(ctx, d.ID, parts, ref)
	})
	if err == nil {
		return true, b.store.FinishDelivery(ctx, d.ID, parts, ref)
	}
	if ctx.Err() != nil {
		return false, ctx.Err() // left in flight: the next start checks the channel and resumes
	}
	return false, b.attemptFailed(ctx, d, err)
}

// reconcile asks the platform, for a delivery a previous process left in
// flight, which parts already reached the channel, so that none is posted twice.
func (b *Bot) reconcile(ctx context.Context, p Platform, d store.Delivery, post EditionPost) (EditionPost, error) {
	f, ok := p.(PostedPartsFinder)
	if !ok {
		return post, nil
	}
	n, first, err := f.PostedParts(ctx, post)
	if err != nil {
		return post, fmt.Errorf("check which parts reached %s %s: %w", d.Platform, d.ChannelID, err)
	}
	if n > post.From {
		b.log.InfoContext(ctx, "resuming delivery after parts already posted", "delivery", d.ID, "recorded", post.From, "found", n)
		post.From = n
		if first != "" {
			post.FirstRef = first
		}
		if err := b.store.RecordDeliveryPart(ctx, d.ID, n, post.FirstRef); err != nil {
			return post, err
		}
	}
	return post, nil
}

// attemptFailed records a failed attempt: a retry after a backoff or the
// platform's Retry-After, or a failure for good.
func (b *Bot) attemptFailed(ctx context.Context, d store.Delivery, err error) error {
	kind, after := classifyDeliveryError(err)
	log := b.log.With("platform", d.Platform, "channel", d.ChannelID, "delivery", d.ID, "err", err)
	switch {
	case kind == rateLimited:
		log.InfoContext(ctx, "delivery rate limited", "retry_after", after)
		return b.store.RetryDelivery(ctx, d.ID, b.now().Add(after), err.Error(), false)
	case kind == permanent:
		log.WarnContext(ctx, "delivery failed for good")
		return b.store.FailDelivery(ctx, d.ID, err.Error())
	case d.Attempts+1 >= b.delivery.MaxAttempts:
		log.WarnContext(ctx, "delivery failed after retries", "attempts", d.Attempts+1)
		return b.store.FailDelivery(ctx, d.ID, fmt.Sprintf("%v (gave up after %d attempts)", err, d.Attempts+1))
	default:
		wait := b.delivery.backoff(d.Attempts + 1)
		log.InfoContext(ctx, "delivery will be retried", "in", wait)
		return b.store.RetryDelivery(ctx, d.ID, b.now().Add(wait), err.Error(), true)
	}
}

// DeliveryKey names one delivery on the platforms: the edition's row and
// the channel, short enough for a Discord nonce's hash input and a Slack
// metadata field.
func DeliveryKey(d store.Delivery) string {
	return fmt.Sprintf("e%d:%s:%s", d.EditionID, d.Platform, d.ChannelID)
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
