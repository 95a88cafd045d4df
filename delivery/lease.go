package delivery

import (
	"context"
	"sync"
	"time"

	"github.com/sharednews/sharednews/tasks"
)

// leases are the deliveries a worker's loop has claimed and is sending:
// for each, until when the claim is known to hold and how to stop the
// attempt when it no longer does.
type leases struct {
	mu   sync.Mutex
	held map[int64]*lease
}

type lease struct {
	until  time.Time
	cancel context.CancelCauseFunc
}

// leaseEnding is why an attempt is stopped when its claim is about to
// end, or was not among those renewed: the attempt's delivery is then
// released to be taken over when that claim ends (until, as the worker
// last knew it), not at once (see store.ReleaseDelivery).
type leaseEnding struct{ until time.Time }

func (leaseEnding) Error() string { return "the delivery's lease ends before it could be renewed" }

func newLeases() *leases { return &leases{held: map[int64]*lease{}} }

// add records a claim held until until and returns the context its
// attempt runs under, cancelled when the claim is lost.
func (l *leases) add(ctx context.Context, id int64, until time.Time) context.Context {
	ctx, cancel := context.WithCancelCause(ctx)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.held[id] = &lease{until: until, cancel: cancel}
	return ctx
}

// drop forgets a claim whose attempt has ended.
func (l *leases) drop(id int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if h, ok := l.held[id]; ok {
		h.cancel(nil)
		delete(l.held, id)
	}
}

func (l *leases) has(id int64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, ok := l.held[id]
	return ok
}

func (l *leases) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.held)
}

// renewed records that a claim now holds until until.
func (l *leases) renewed(id int64, until time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if h, ok := l.held[id]; ok && until.After(h.until) {
		h.until = until
	}
}

// ids lists the claims held.
func (l *leases) ids() []int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]int64, 0, len(l.held))
	for id := range l.held {
		out = append(out, id)
	}
	return out
}

// stopUnlessAmong records that the claims in kept now hold until until,
// and cancels the attempts of the claims in before that are not among
// them: they were finished meanwhile, or another worker took them over.
func (l *leases) stopUnlessAmong(before, kept []int64, until time.Time) {
	keep := make(map[int64]bool, len(kept))
	for _, id := range kept {
		keep[id] = true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, id := range before {
		h, ok := l.held[id]
		switch {
		case !ok:
		case keep[id]:
			if until.After(h.until) {
				h.until = until
			}
		default:
			h.cancel(leaseEnding{until: h.until})
		}
	}
}

// stopExpiring cancels the attempts whose claims have less than margin
// left, so that none is still posting when another worker may take its
// delivery over.
func (l *leases) stopExpiring(now time.Time, margin time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, h := range l.held {
		if h.until.Sub(now) < margin {
			h.cancel(leaseEnding{until: h.until})
		}
	}
}

// renewLeases renews every claim held, each quarter lease, until ctx is
// done, and between renewals stops any attempt whose claim is lost or has
// less than a quarter lease left (the database may be slow to answer), so
// that a delivery is only ever posted under a claim that holds.
func (w *Worker) renewLeases(ctx context.Context, held *leases) {
	margin := w.opts.Lease / 4
	watched := make(chan struct{})
	defer func() { <-watched }()
	go func() {
		defer close(watched)
		tasks.Every(ctx, margin/2, func() { held.stopExpiring(w.opts.Now(), margin) })
	}()
	tasks.Every(ctx, margin, func() {
		if held.count() == 0 {
			return
		}
		// Only claims already held count: one claimed after this renewal
		// began is renewed by it or holds a lease of its own.
		before := held.ids()
		until := w.opts.Now().Add(w.opts.Lease)
		kept, err := w.store.RenewLeases(ctx, w.owner, until)
		if err != nil {
			if ctx.Err() == nil {
				w.log.WarnContext(ctx, "renew delivery leases", "err", err)
			}
			return
		}
		held.stopUnlessAmong(before, kept, until)
	})
}
