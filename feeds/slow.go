package feeds

import (
	"context"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// slowAfter is how long a fetch keeps its place among the feeds fetched
// at once (feeds.concurrency) before, still unanswered or trickling, it
// gives it to the next feed: a quarter of feeds.timeout, at most two
// seconds. A feed server answers in well under a second; one that has
// not by then is most often down or overloaded. Each held its place for
// the whole timeout: twenty dead feeds listed first among 500 kept the
// other 480 waiting, the last answered 44s into a 60s first pass at the
// default concurrency and timeout (cmd/feedbench -dead 20; 6s, and 24s,
// since).
func slowAfter(timeout time.Duration) time.Duration {
	return min(timeout/4, 2*time.Second)
}

// parkedPerPlace is how many slow fetches each place among the feeds
// fetched at once may stand for (Poller.parked): a slow fetch waits on the
// network and holds a connection and what little of its body arrived, so
// several can wait beside the fetches that hold the places, but not
// without bound (a thousand dead feeds would be a thousand connections).
const parkedPerPlace = 4

// parkedBodyBytes is the most of its body a slow fetch may have read and
// still give up its place: the places bound the memory of the bodies
// being read, and a body already large (a large feed on a slow link) is
// read in its place to the end. A parked fetch whose server then sends
// quickly reads no further than this before it takes a place again
// (place.retake): else each of the parked places could read up to
// feeds.max_bytes at once, five bodies a place, not one.
const parkedBodyBytes = maxPooledBody

// place is a feed's place among the feeds fetched at once, a token in
// sem, taken before its poll starts. The poll gives it back early, when
// its fetch is slow (watchSlow) or only the database is left to wait
// for, and a parked fetch takes one again to read a large body.
type place struct {
	sem  chan struct{}
	mu   sync.Mutex
	held bool
}

// takePlace waits for a place in sem, until ctx ends.
func takePlace(ctx context.Context, sem chan struct{}) (*place, error) {
	pl := &place{sem: sem}
	return pl, pl.retake(ctx)
}

// release gives the place back if it is held; it may be called any
// number of times.
func (pl *place) release() {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	if pl.held {
		<-pl.sem
		pl.held = false
	}
}

// retake waits for a place again, until ctx ends.
func (pl *place) retake(ctx context.Context) error {
	select {
	case pl.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	pl.mu.Lock()
	defer pl.mu.Unlock()
	pl.held = true
	return nil
}

// fetchClock is a fetch's feeds.timeout, which stands still while the
// fetch waits for a place among the feeds fetched at once again (a parked
// fetch whose body grew large: watchSlow). That wait is for the fetches
// in the places, each within its own timeout; counted against the parked
// fetch's, a slow host in the place timed out a feed whose server had
// sent all of it (TestAParkedFetchIsNotTimedOutByTheFetchInItsPlace).
// The timeout is the request's, from when it starts, as the wait for a
// place before it starts never counted.
type fetchClock struct {
	mu      sync.Mutex
	timer   *time.Timer
	left    time.Duration // of the timeout, when stopped
	since   time.Time     // when it last started
	stopped bool
}

// withFetchTimeout returns a context that ends when ctx does, or once the
// fetch it is for has run for timeout, with context.DeadlineExceeded as
// its cause (context.Cause, which net/http's errors carry), as
// context.WithTimeout's would; clock stops and starts its time. cancel
// releases it.
func withFetchTimeout(ctx context.Context, timeout time.Duration) (fctx context.Context, clock *fetchClock, cancel func()) {
	fctx, cancelCause := context.WithCancelCause(ctx)
	clock = &fetchClock{left: timeout, since: time.Now()}
	clock.timer = time.AfterFunc(timeout, func() { cancelCause(context.DeadlineExceeded) })
	return fctx, clock, func() {
		clock.timer.Stop()
		cancelCause(context.Canceled)
	}
}

// stop stops the clock, unless the time is already up.
func (c *fetchClock) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.stopped && c.timer.Stop() {
		c.left -= time.Since(c.since)
		c.stopped = true
	}
}

// start starts a stopped clock again, with the time it had left.
func (c *fetchClock) start() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		c.stopped, c.since = false, time.Now()
		c.timer.Reset(max(c.left, 0))
	}
}

// watchSlow starts watching a fetch in place pl, whose body meter counts
// what it has read. If the fetch is still going after p.slowAfter, with
// no more than parkedBodyBytes read, and a parked place is free, it gives
// its place back and waits in the parked place instead: the next feed is
// fetched meanwhile. If the body then grows past parkedBodyBytes, the
// meter waits for a place among the feeds fetched at once again (as
// long as ctx, the fetch's, allows, with its clock stopped meanwhile) and
// gives the parked place back. The returned fetched, called once the
// fetch is over, stops the watch; done, called once the poll is over,
// gives the parked place back. A parked fetch keeps that place while its
// body waits to be read and stored, so that the parked places bound the
// bodies held by fetches that hold no place among those fetched at once.
func (p *Poller) watchSlow(ctx context.Context, clock *fetchClock, pl *place, meter *bodyMeter) (fetched, done func()) {
	var (
		mu           sync.Mutex
		over, parked bool
	)
	timer := time.AfterFunc(p.slowAfter, func() {
		mu.Lock()
		defer mu.Unlock()
		if over || meter.n.Load() > parkedBodyBytes {
			return
		}
		select {
		case p.parked <- struct{}{}:
			parked = true
			pl.release()
		default:
			// Every parked place is taken: this fetch waits in its
			// place, as every fetch did before there were parked ones.
		}
	})
	meter.large = func() error {
		mu.Lock()
		wasParked := parked
		mu.Unlock()
		if !wasParked {
			// Not parked, and no longer parks: the timer reads the
			// count, past parkedBodyBytes before this is called.
			return nil
		}
		clock.stop()
		err := pl.retake(ctx)
		clock.start()
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		<-p.parked
		parked = false
		return nil
	}
	fetched = func() {
		timer.Stop()
		mu.Lock()
		defer mu.Unlock()
		over = true
	}
	done = func() {
		fetched()
		mu.Lock()
		defer mu.Unlock()
		if parked {
			<-p.parked
			parked = false
		}
	}
	return fetched, done
}

// bodyMeter counts the bytes of a fetch's body read so far, decompressed
// (what memory holds), and calls large, when set, at every read once
// they are more than parkedBodyBytes (watchSlow).
type bodyMeter struct {
	n     atomic.Int64
	large func() error
}

// countingReader counts the bytes read through it in its meter.
type countingReader struct {
	r     io.Reader
	meter *bodyMeter
}

func (c countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	if c.meter.n.Add(int64(n)) > parkedBodyBytes && c.meter.large != nil {
		if lerr := c.meter.large(); lerr != nil {
			return n, lerr
		}
	}
	return n, err
}
