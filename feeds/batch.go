package feeds

import (
	"context"
	"sync"

	"github.com/sharednews/sharednews/store"
)

// maxBatchFeeds bounds how many feeds' entries one transaction stores, so
// that the write lock is never held long (a member's submission waits for
// it).
const maxBatchFeeds = 32

// batcher stores what concurrent polls read together: a poll hands over
// its feed's entries, or only its outcome; the first to find no batch
// being written writes everything handed over by then in one transaction
// (waiting for a few feeds first while others are being read:
// minBatchFeeds), and again until nothing is left, while the others wait
// for their results. Feeds polled at the same moment (all of them, at start) then
// share a few transactions instead of taking one each (or two: the
// stories, then the poll's record), and only one poll at a time writes:
// the others queue here rather than on SQLite's busy timeout.
type batcher struct {
	mu      sync.Mutex
	pending []*batchItem
	busy    bool
	// reading counts the polls that have fetched a feed to read and not
	// handed its outcome over yet; arrived is signalled when one hands
	// over or gives up.
	reading int
	arrived sync.Cond
	written int // transactions written (for tests)
}

// minBatchFeeds is how many feeds' entries the writer waits for while
// other feeds are being read (never for a feed still being fetched, which
// may take up to feeds.timeout). A transaction costs about as much as 30
// stories whatever it holds: its commit writes every page it changed in
// each table and index (the search index's new segment among them),
// however few of its rows changed. Taking what was there, the writer of
// cmd/feedbench wrote 1.6 feeds a transaction and spent a quarter of its
// time on transactions; waiting for four takes it to about four.
const minBatchFeeds = 4

// startRead counts a poll that has fetched a feed to read, and returns
// what the poll calls, once or more, when it has handed its outcome over
// (addNewswire) or will not.
func (b *batcher) startRead() func() {
	b.mu.Lock()
	b.reading++
	b.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			b.mu.Lock()
			b.reading--
			b.arrived.Broadcast()
			b.mu.Unlock()
		})
	}
}

// batchItem is one feed's entries waiting to be stored.
type batchItem struct {
	feed store.FeedEntries
	res  store.NewswireResult
	err  error
	done chan struct{}
}

// addNewswire stores a feed's entries and the record of its poll, with
// those of other feeds being polled at the same time. handed is what the
// poll's startRead returned, or a no-op for a poll that read nothing.
func (p *Poller) addNewswire(ctx context.Context, feed store.FeedEntries, handed func()) (store.NewswireResult, error) {
	item := &batchItem{feed: feed, done: make(chan struct{})}
	b := &p.batch
	b.mu.Lock()
	b.pending = append(b.pending, item)
	b.arrived.Broadcast()
	b.mu.Unlock()
	handed()
	b.mu.Lock()
	if b.busy {
		b.mu.Unlock()
		<-item.done
		return item.res, item.err
	}
	b.busy = true
	for len(b.pending) > 0 {
		// While other feeds are being read, wait until a few have
		// been: they cost the transaction much less together.
		for len(b.pending) < minBatchFeeds && b.reading > 0 {
			b.arrived.Wait()
		}
		n := min(len(b.pending), maxBatchFeeds)
		batch := b.pending[:n:n]
		b.pending = b.pending[n:]
		b.written++
		b.mu.Unlock()
		p.storeBatch(ctx, batch)
		b.mu.Lock()
	}
	b.busy = false
	b.mu.Unlock()
	return item.res, item.err
}

// storeBatch writes a batch in one transaction and hands each feed its
// result.
func (p *Poller) storeBatch(ctx context.Context, batch []*batchItem) {
	feeds := make([]store.FeedEntries, len(batch))
	for i, it := range batch {
		feeds[i] = it.feed
	}
	results, err := p.store.AddNewswire(ctx, feeds...)
	for i, it := range batch {
		if err != nil {
			it.err = err
		} else {
			it.res = results[i]
		}
		close(it.done)
	}
}

// maxWaitingFeeds bounds the feeds read and waiting for the database, and
// so the memory their entries hold (not their bodies, which are dropped
// once read). While the writer is busy they gather into the next batch,
// and a larger batch costs the writer less per story: one transaction's
// commit, search-index segment and statements serve them all. In
// cmd/feedbench 4 made batches of 86 stories on average, for 15% more
// CPU in the first pass than 10 or more; past 10 the peak memory grew
// (34 MB at 10, as with 4; 35 at 12, 36-38 at 16) for no more speed.
const maxWaitingFeeds = 10

// waitingTurn runs fn, which waits for the database, once fewer than
// maxWaitingFeeds feeds are waiting.
func (p *Poller) waitingTurn(ctx context.Context, fn func() error) error {
	return p.turn(ctx, p.waiting, fn)
}

// turn runs fn once it has a place in sem.
func (p *Poller) turn(ctx context.Context, sem chan struct{}, fn func() error) error {
	select {
	case sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-sem }()
	return fn()
}
