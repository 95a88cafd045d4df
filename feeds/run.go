package feeds

import (
	"context"
	"sync"
	"time"

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
		if st := states[i]; st.ConsecutiveFailures > 0 && st.NextPollAt.After(now) {
			first = st.NextPollAt.Sub(now)
		}
		wg.Go(func() { p.loop(ctx, &p.sources[i], &states[i], sem, first) })
	}
	wg.Wait()
	return nil
}

// loop polls one feed whenever it is due until ctx ends.
func (p *Poller) loop(ctx context.Context, src *source, st *store.FeedState, sem chan struct{}, wait time.Duration) {
	for {
		if tasks.Sleep(ctx, wait) != nil {
			return
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return
		}
		release := releaser(sem)
		res := p.poll(ctx, src, st, release)
		release()
		if ctx.Err() != nil {
			return
		}
		wait = max(res.NextPollAt.Sub(p.now()), 0)
	}
}
