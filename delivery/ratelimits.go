package delivery

import (
	"sync"
	"time"

	"github.com/sharednews/sharednews/store"
)

// rateLimits remembers, for each delivery this worker last met with a
// 429, since when its tries have been rate-limited with no part getting
// through. Rate limits count as no attempt, so this is what ends a copy
// the platform never lets through. It is kept in memory, not in the
// ledger: a restarted worker (or another one taking the copy over) starts
// the run afresh, which only lengthens the wait, and a copy paced by a
// busy limit, posting a part between 429s, or waiting its turn in the
// queue for long, never runs out of it.
type rateLimits struct {
	mu   sync.Mutex
	runs map[int64]limitRun
}

type limitRun struct {
	since, last time.Time // the run's first 429 and its latest
	parts       int       // the parts in the channel when it began
	count       int       // the 429s of the run
}

func newRateLimits() *rateLimits { return &rateLimits{runs: map[int64]limitRun{}} }

// limited records a 429 at now on delivery id, parts of which are in the
// channel, and returns since when its tries have been rate-limited
// without a part getting through, and how many 429s that run has had.
// Runs not seen for longer than forget (their copies settled elsewhere)
// are dropped on the way.
func (r *rateLimits) limited(id int64, parts int, now time.Time, forget time.Duration) (time.Time, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for other, run := range r.runs {
		if now.Sub(run.last) > forget {
			delete(r.runs, other)
		}
	}
	run, ok := r.runs[id]
	if !ok || run.parts != parts {
		run = limitRun{since: now, parts: parts}
	}
	run.last = now
	run.count++
	r.runs[id] = run
	return run.since, run.count
}

// ended forgets delivery id's run: a try of it was not rate-limited.
func (r *rateLimits) ended(id int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.runs, id)
}

// limitedSince records a 429 on d at now and reports whether its tries
// have now been rate-limited, with no part getting through, for longer
// than Options.RateLimitedFor (by default the retry window that ends the
// other passing failures) and at least MaxAttempts times over, and since
// when. Both, because the time alone would end a copy whose platform
// asked, once or twice, for a wait longer than the window (the window is
// milliseconds where backoffs are shortened, and a slow machine's two
// 429s can be further apart), and the count alone a copy Discord's global
// limit holds back for a minute.
func (w *Worker) limitedSince(d store.Delivery, now time.Time) (since time.Time, tooLong bool) {
	window := w.opts.RateLimitedFor
	since, count := w.limits.limited(d.ID, d.PartsSent, now, window+store.MaxAhead)
	return since, now.Sub(since) > window && count >= w.opts.MaxAttempts
}
