package delivery

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/sharednews/sharednews/store"
)

// attempt makes one attempt at a delivery this worker has claimed and
// records the outcome, reporting whether the delivery is now delivered. It
// returns an error only when the ledger could not be written (or ctx
// ended); the destination's errors are outcomes.
func (w *Worker) attempt(ctx context.Context, d store.Delivery, editions *editionCache, held *leases) (bool, error) {
	// The ledger is written even after ctx ends (shutdown, a lost lease),
	// so that what was posted is recorded; SQLite's busy timeout bounds
	// each write.
	ledger := context.WithoutCancel(ctx)
	dest, ok := w.destination(d.Platform)
	if !ok {
		if slices.Contains(w.opts.Local, d.Platform) {
			return false, w.counted(d.Platform, outcomeSkipped,
				w.store.SkipDelivery(ledger, d.ID, w.owner, "the "+d.Platform+" was not open when the edition was sent"))
		}
		return false, w.counted(d.Platform, outcomeFailed,
			w.store.FailDelivery(ledger, d.ID, w.owner, "the "+d.Platform+" adapter is not running"))
	}
	e, err := editions.channelEdition(ctx, d)
	if err != nil && ctx.Err() != nil {
		// Stopped while it read the edition: nothing was posted, and the
		// delivery is given back for the next run to take at once, not
		// counted a failed try and put off for a backoff.
		return false, w.settle(ledger, ctx, d, err, false)
	}
	if err != nil {
		return false, w.attemptFailed(ledger, d, &TransientError{Reason: "the edition could not be composed for the channel (the log has the full error)", Err: fmt.Errorf("compose the edition: %w", err)})
	}
	// A stop lets a part on its way get its answer (followPosts): the
	// claim is then given back with nothing of it on its way, to be taken
	// at once by the next run.
	grace := answerGrace
	if _, ok := dest.(AnswerWaiter); ok {
		grace = 0
	}
	posts, endPosts := followPosts(ctx, grace)
	defer endPosts()
	post := Post{ChannelID: d.ChannelID, Edition: e, From: d.PartsSent, FirstRef: d.MessageRef, Key: Key(d),
		Recordable: posts.recordable(w.unrecorded.recordable)}
	if post, err = w.recordUnrecorded(ledger, d, post, held); err != nil {
		return false, err
	}
	d.PartsSent = post.From
	// A previous worker stopped mid-send, or a previous attempt failed
	// with its outcome unknown (a dropped connection may hide a posted
	// message): look in the channel before posting again.
	if d.Error != "" {
		if post, err = w.reconcile(ctx, dest, d, post); err != nil {
			return false, w.settle(ledger, ctx, d, err, false)
		}
		d.Error = "" // what reached the channel is known again
		// A worker before this one may still have a post on its way,
		// unless the platform refused its last try (a 429 posts nothing).
		post.Contested = d.RateLimited == nil || !*d.RateLimited
		// An unsubscribe skips only the copies it knows have not begun
		// (store.Unsubscribe); this one's first part was in doubt until
		// now. Nothing of it is in the channel: skip it as they are.
		if post.From == 0 && d.Platform != store.EmailPlatform {
			gone, err := w.unsubscribed(ledger, d)
			if err != nil {
				return false, err
			}
			if gone {
				return false, w.counted(d.Platform, outcomeSkipped, w.store.SkipDelivery(ledger, d.ID, w.owner, store.ChannelUnsubscribed))
			}
		}
	}
	parts, ref := post.From, post.FirstRef
	err = dest.PostEdition(posts.ctx, post, func(part int, r string) error {
		if part == 0 {
			ref = r
		}
		parts = part + 1
		// The part is out: a record given up would have it posted (a
		// mail sent) again. While another program holds the database,
		// the record is tried again, within the lease.
		for try := 1; ; try++ {
			until := w.opts.Now().Add(w.opts.Lease)
			err := w.store.RecordDeliveryPart(ledger, d.ID, w.owner, parts, ref, until)
			if err == nil {
				held.renewed(d.ID, until)
				w.unrecorded.written()
				posts.sent()
				return nil
			}
			if !errors.As(err, new(*store.BusyError)) || try >= recordTries(w.opts.Lease) {
				if !errors.Is(err, store.ErrLeaseLost) {
					w.unrecorded.keep(d.ID, parts, ref, err)
					w.log.ErrorContext(ledger, "posted, but the database could not record it: it is recorded, not posted again, "+
						"once the database can be written; if sharednews stops before then, it is posted again",
						"platform", d.Platform, "delivery", d.ID, "part", part, "err", err)
				}
				return err
			}
			w.log.WarnContext(ledger, "the database is busy; recording the part posted again", "delivery", d.ID, "part", part, "err", err)
		}
	})
	if err == nil {
		w.limits.ended(d.ID)
		return true, w.counted(d.Platform, outcomeDelivered, w.store.FinishDelivery(ledger, d.ID, w.owner, parts, ref))
	}
	d.PartsSent = parts // a run of 429s that let a part through starts again (rateLimits)
	return false, w.settle(ledger, ctx, d, err, posts.mayLand())
}

// recordUnrecorded records the parts of d this worker posted while the
// ledger could not record them (see unrecorded), and returns post to go
// on from them: they are not posted again.
func (w *Worker) recordUnrecorded(ledger context.Context, d store.Delivery, post Post, held *leases) (Post, error) {
	p, ok := w.unrecorded.of(d.ID)
	if !ok {
		return post, nil
	}
	if p.n > post.From {
		until := w.opts.Now().Add(w.opts.Lease)
		err := w.store.RecordDeliveryPart(ledger, d.ID, w.owner, p.n, p.ref, until)
		if errors.Is(err, store.ErrLeaseLost) {
			w.unrecorded.recorded(d.ID) // another worker's now; it looks for itself
		}
		if err != nil {
			return post, fmt.Errorf("record the parts posted while the database could not be written: %w", err)
		}
		held.renewed(d.ID, until)
		w.log.InfoContext(ledger, "recorded the parts posted while the database could not be written", "platform", d.Platform, "delivery", d.ID, "parts", p.n)
		post.From, post.FirstRef = p.n, p.ref
	}
	w.unrecorded.recorded(d.ID)
	return post, nil
}

// recordTries is how many times a posted part's record is tried while
// the database is busy, each waiting SQLite's busy timeout: six (half a
// minute), and never longer than half the lease, so that no other worker
// claims the delivery meanwhile (a lease shorter than a busy timeout
// gets one try, as before).
func recordTries(lease time.Duration) int {
	return max(1, min(6, int(lease/2/store.BusyTimeout)))
}

// unsubscribed reports whether d's channel no longer has a subscription.
func (w *Worker) unsubscribed(ctx context.Context, d store.Delivery) (bool, error) {
	_, err := w.store.Subscription(ctx, d.Platform, d.ChannelID)
	if errors.Is(err, store.ErrNotFound) {
		return true, nil
	}
	return false, err
}

// settle records an attempt that did not deliver: given back when the
// worker stopped or lost its claim, else a failed attempt. mayLand says
// that a part the attempt let go has no answer recorded (onItsWay).
func (w *Worker) settle(ledger, ctx context.Context, d store.Delivery, err error, mayLand bool) error {
	switch {
	case errors.Is(err, store.ErrLeaseLost):
		w.log.WarnContext(ledger, "delivery taken over by another worker", "delivery", d.ID, "err", err)
		return nil
	case ctx.Err() != nil:
		// Stopping (or the lease could not be renewed): the next worker
		// checks the channel and resumes, once a post cancelled here has
		// had the time to reach the channel that a killed worker's posts
		// are given (InFlight): the platform goes on with a request it was
		// sent whether or not its sender waits for the answer, and a run
		// started at once after a stop used to find nothing yet, post, and
		// leave the channel two copies. A stop lets a part on its way
		// get its answer first (followPosts): with none left without one,
		// nothing can land later, and the next run takes the delivery at
		// once. After a lease that could not be renewed, it is taken over
		// once that lease has ended.
		until := w.opts.Now().Add(w.opts.InFlight)
		if !mayLand {
			until = time.Time{}
		}
		if ending, ok := errors.AsType[leaseEnding](context.Cause(ctx)); ok {
			until = ending.until
		}
		err := w.store.ReleaseDelivery(ledger, d.ID, w.owner, until)
		if errors.Is(err, store.ErrLeaseLost) {
			w.log.WarnContext(ledger, "delivery stopped: its lease was taken over", "delivery", d.ID)
			return nil
		}
		if err != nil {
			return err
		}
		return ctx.Err()
	}
	return w.attemptFailed(ledger, d, err)
}

// reconcile asks the destination which parts of a delivery already reached
// the channel, so that none is posted twice.
func (w *Worker) reconcile(ctx context.Context, dest Destination, d store.Delivery, post Post) (Post, error) {
	f, ok := dest.(PostedPartsFinder)
	if !ok {
		return post, nil
	}
	n, first, err := f.PostedParts(ctx, post)
	if err != nil {
		return post, fmt.Errorf("check which parts reached %s %s: %w", d.Platform, d.ChannelID, err)
	}
	if n > post.From {
		w.log.InfoContext(ctx, "resuming delivery after parts already posted", "delivery", d.ID, "recorded", post.From, "found", n)
		post.From = n
		if first != "" {
			post.FirstRef = first
		}
		if err := w.store.RecordDeliveryPart(ctx, d.ID, w.owner, n, post.FirstRef, w.opts.Now().Add(w.opts.Lease)); err != nil {
			return post, err
		}
	}
	return post, nil
}

// attemptFailed records a failed attempt: a retry after a backoff or the
// destination's Retry-After, or a failure for good.
func (w *Worker) attemptFailed(ctx context.Context, d store.Delivery, err error) error {
	outcome, rerr := w.recordFailedAttempt(ctx, d, err)
	return w.counted(d.Platform, outcome, rerr)
}

// counted counts an attempt's outcome once the ledger has it (recorded is
// the ledger write's error), and returns that error.
func (w *Worker) counted(platform, outcome string, recorded error) error {
	if recorded == nil {
		w.opts.Metrics.count(platform, outcome)
	}
	return recorded
}

// recordFailedAttempt is attemptFailed's record in the ledger; it returns
// the attempt's outcome as Metrics labels it.
func (w *Worker) recordFailedAttempt(ctx context.Context, d store.Delivery, err error) (string, error) {
	kind, after := classify(err)
	// The ledger keeps the sentence editors read (Reason); the log line
	// keeps the whole error.
	reason := Reason(d.Platform, err)
	log := w.log.With("platform", d.Platform, "channel", d.ChannelID, "delivery", d.ID, "err", err)
	now := w.opts.Now()
	if kind != rateLimited {
		w.limits.ended(d.ID)
	} else if since, tooLong := w.limitedSince(d, now); tooLong {
		// A platform that answers 429 to every try (a channel or an app
		// throttled for good, a proxy that never lets go) would keep the
		// copy open for ever: never delivered, never reported, and holding
		// back the report of the edition's other failures, which waits for
		// every copy to settle.
		w.limits.ended(d.ID)
		log.WarnContext(ctx, "delivery rate limited past the retry window; given up", "for", now.Sub(since).String())
		return outcomeFailed, w.store.FailDelivery(ctx, d.ID, w.owner, fmt.Sprintf(
			"%s kept answering that the bot was sending too fast and never took the edition (HTTP 429, rate limited); gave up after %s",
			platformName(d.Platform), spoken(now.Sub(since))))
	}
	switch {
	case kind == rateLimited:
		after = min(after, store.MaxAhead)
		log.InfoContext(ctx, "delivery rate limited", "retry_after", after.String())
		// A 429 refused its request, and every part before it is recorded:
		// the next attempt need not read the channel first (a request the
		// platform counts against the limit it is enforcing), unless an
		// outcome is still unknown because that reading was the request
		// limited (d.Error, kept).
		return outcomeRateLimited, w.store.RetryDelivery(ctx, d.ID, w.owner, now.Add(after), d.Error, store.RetryRateLimited)
	case kind == skipped:
		log.InfoContext(ctx, "delivery no longer due")
		return outcomeSkipped, w.store.SkipDelivery(ctx, d.ID, w.owner, reason)
	case kind == permanent:
		log.WarnContext(ctx, "delivery failed for good")
		return outcomeFailed, w.store.FailDelivery(ctx, d.ID, w.owner, reason)
	case d.Attempts+1 >= w.opts.MaxAttempts && !w.patientWith(d, now):
		log.WarnContext(ctx, "delivery failed after retries", "attempts", d.Attempts+1)
		return outcomeFailed, w.store.FailDelivery(ctx, d.ID, w.owner, fmt.Sprintf("%s; gave up after %d tries%s", reason, d.Attempts+1, w.since(d, now)))
	default:
		wait := w.opts.backoff(d.Attempts + 1)
		switch quiet, alike := w.retries.next(d.Platform, reason, now); {
		case quiet:
			log.DebugContext(ctx, "delivery will be retried", "in", wait.String())
		case alike > 0:
			log.InfoContext(ctx, "delivery will be retried", "in", wait.String(),
				"alike_since_last_line", alike) // the others' lines went to Debug
		default:
			log.InfoContext(ctx, "delivery will be retried", "in", wait.String())
		}
		return outcomeRetry, w.store.RetryDelivery(ctx, d.ID, w.owner, now.Add(wait), reason, store.RetryFailed)
	}
}

// patientWith reports whether d's destination still tries it past its
// attempts: a Patient one, until RetryFor has passed since d fell due.
// Its tries go on at MaxBackoff, the longest wait between two.
func (w *Worker) patientWith(d store.Delivery, now time.Time) bool {
	dest, ok := w.destination(d.Platform)
	if !ok {
		return false
	}
	p, ok := dest.(Patient)
	return ok && now.Sub(d.UpdatedAt) < p.RetryFor()
}

// since says how long the tries of d went on, from when it became due
// (its edition's publication, or the channel's asking for it again) until
// now (" over 1 h 45 min"), or "" when that is under a minute.
func (w *Worker) since(d store.Delivery, now time.Time) string {
	span := now.Sub(d.UpdatedAt)
	if d.UpdatedAt.IsZero() || span < time.Minute {
		return ""
	}
	return " over " + spoken(span)
}

// spoken is a span as editors read it: "45 min", "1 h 45 min", "3 days".
func spoken(span time.Duration) string {
	span = span.Round(time.Minute)
	h, m := int(span/time.Hour), int(span%time.Hour/time.Minute)
	switch {
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case h >= 48:
		return fmt.Sprintf("%d days", h/24)
	case m == 0:
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %d min", h, m)
}
