package feeds

import (
	"context"
	"sync"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/tasks"
)

// Run polls every feed now and then whenever it is due (every poll interval,
// later after failures) until ctx ends, each feed in its own goroutine and
// at most concurrency of them at a time. A feed that was backing off when
// the bot stopped keeps waiting; the others are polled at start. It returns
// nil when ctx ends, or an error if the feeds cannot be registered in the
// database.
func (p *Poller) Run(ctx context.Context) error {
	if len(p.sources) == 0 {
		p.log.InfoContext(ctx, "no feeds are configured; the newswire is off")
		<-ctx.Done()
		return nil
	}
	states, err := p.register(ctx)
	if err != nil {
		return err
	}
	sem := make(chan struct{}, p.concurrency)
	now := p.now()
	var wg sync.WaitGroup
	for i := range p.sources {
		first := time.Duration(0)
		if st := states[i]; st.ConsecutiveFailures > 0 && nextPollFrom(st, now).After(now) {
			first = nextPollFrom(st, now).Sub(now)
		}
		wg.Go(func() { p.loop(ctx, &p.sources[i], &states[i], sem, first) })
	}
	wg.Wait()
	return nil
}

// loop polls one feed whenever it is due until ctx ends.
//
// A wait longer than the poll interval is a back-off after failures, of
// up to twelve hours. It is slept an interval at a time, looking in
// between at what the last poll stored: another process on the database
// (a cron'd `sharednews ingest`) may have polled the feed meanwhile, and
// the feed then follows the time that poll set (after a success, the
// next interval) rather than the back-off this process remembers. One
// query an interval, and only for a feed that is failing.
func (p *Poller) loop(ctx context.Context, src *source, st *store.FeedState, sem chan struct{}, wait time.Duration) {
	due := p.now().Add(wait)
	for {
		if due.Sub(p.now()) > p.interval {
			if tasks.Sleep(ctx, p.interval) != nil {
				return
			}
			if p.readStored(ctx, src, st) {
				due = nextPollFrom(*st, p.now())
			}
			continue
		}
		if tasks.Sleep(ctx, max(due.Sub(p.now()), 0)) != nil {
			return
		}
		pl, err := takePlace(ctx, sem)
		if err != nil {
			return
		}
		if later := p.catchUp(ctx, src, st); later > 0 {
			pl.release()
			due = p.now().Add(later)
			continue
		}
		res := p.poll(ctx, src, st, pl)
		pl.release()
		if ctx.Err() != nil {
			return
		}
		due = res.NextPollAt
	}
}

// catchUp takes the feed's state as the last poll stored it (readStored).
// If another process polled it since this loop did and set a later time,
// catchUp returns how long to wait for that time, so that the feed is not
// polled twice in a row; else 0. One query a poll.
func (p *Poller) catchUp(ctx context.Context, src *source, st *store.FeedState) time.Duration {
	if !p.readStored(ctx, src, st) {
		return 0
	}
	now := p.now()
	if next := nextPollFrom(*st, now); next.After(now) {
		return next.Sub(now)
	}
	return 0
}

// nextPollFrom is when the feed's stored next poll falls due by the clock
// reading now. A poll stored as made after now was made by a clock since
// set back (NTP stepping a fast clock back an hour, a time zone put right,
// the clock of another process beside this one): the wait it set counts
// from now, or the feed would be polled that much later than its interval
// or back-off says, for as long as the clock was out.
func nextPollFrom(st store.FeedState, now time.Time) time.Time {
	if st.LastFetchAt.After(now) {
		return now.Add(st.NextPollAt.Sub(st.LastFetchAt))
	}
	return st.NextPollAt
}

// readStored takes the feed's state as the last poll stored it into *st,
// and reports whether another process polled the feed since this one
// did: the next poll builds on whichever polled last (its validators,
// failures in a row and move), not on what this process remembers. A
// state that cannot be read leaves *st as it was.
func (p *Poller) readStored(ctx context.Context, src *source, st *store.FeedState) bool {
	stored, err := p.store.FeedState(ctx, st.ID)
	if err != nil {
		if ctx.Err() == nil {
			p.log.WarnContext(ctx, "could not read a feed's stored state; polling it as this process last did", "feed", src.cfg.ShownURL(), "err", err)
		}
		return false
	}
	// The store keeps times to the second. A failed write of this
	// process's own last poll also shows as a difference; the stored
	// time is then the poll before's, which has passed, and the feed is
	// polled.
	other := stored.NextPollAt.Unix() != st.NextPollAt.Unix() || stored.ConsecutiveFailures != st.ConsecutiveFailures
	// The stored move is shown without a password or token, so it cannot
	// be asked at; a move this process does not know of is found again by
	// asking the configured URL.
	if to, ok := p.moved.Load(src.cfg.URL); ok && config.RedactURL(to.(string)) != stored.MovedTo {
		p.moved.Delete(src.cfg.URL)
	}
	*st = stored
	return other
}
