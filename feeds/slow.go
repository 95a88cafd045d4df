package feeds

import (
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
// quickly may still read up to feeds.max_bytes; the parked places bound
// how many can.
const parkedBodyBytes = maxPooledBody

// watchSlow starts watching a fetch whose place among the feeds fetched at
// once release gives back, and read counts the body bytes it has read. If
// the fetch is still going after p.slowAfter, with no more than
// parkedBodyBytes read, and a parked place is free, it gives its place
// back and waits in the parked place instead: the next feed is fetched
// meanwhile. The returned fetched, called once the fetch is over, stops
// the watch; done, called once the poll is over, gives the parked place
// back. A parked fetch keeps that place while its body waits to be read
// and stored, so that the parked places bound the bodies held by fetches
// that hold no place among those fetched at once.
func (p *Poller) watchSlow(release func(), read *atomic.Int64) (fetched, done func()) {
	var (
		mu           sync.Mutex
		over, parked bool
	)
	timer := time.AfterFunc(p.slowAfter, func() {
		mu.Lock()
		defer mu.Unlock()
		if over || read.Load() > parkedBodyBytes {
			return
		}
		select {
		case p.parked <- struct{}{}:
			parked = true
			release()
		default:
			// Every parked place is taken: this fetch waits in its
			// place, as every fetch did before there were parked ones.
		}
	})
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

// countingReader counts the bytes read through it, for watchSlow.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n.Add(int64(n))
	return n, err
}
