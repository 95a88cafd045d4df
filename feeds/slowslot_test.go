package feeds

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestDeadFeedsDoNotHoldUpTheOthers: feeds whose servers take the
// request and never answer (a host that hangs, a slowloris) each keep
// their place among the feeds fetched at once only until they are slow,
// not for the whole feeds.timeout: the feeds behind them are fetched
// meanwhile, before the first dead one times out. Before, four dead feeds
// listed first at a concurrency of two held both places for two timeouts
// in a row, and every other feed waited for them. The dead feeds still
// fail, each for its timeout, and the live ones' stories all arrive.
func TestDeadFeedsDoNotHoldUpTheOthers(t *testing.T) {
	const timeout = 3 * time.Second
	hang := make(chan struct{})
	t.Cleanup(func() { close(hang) })
	dead := rawServer(t, func(conn net.Conn, path string) {
		if path == "/trickle.xml" {
			// Headers, then a byte at a time, slower than any feed.
			fmt.Fprint(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n\r\n")
			for {
				select {
				case <-hang:
					return
				case <-time.After(500 * time.Millisecond):
					if _, err := conn.Write([]byte(" ")); err != nil {
						return
					}
				}
			}
		}
		<-hang
	})
	start := time.Now()
	var (
		mu     sync.Mutex
		latest time.Duration // when the last live feed was asked, from start
	)
	live := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		latest = max(latest, time.Since(start))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/xml")
		w.Write(rssOf(fmt.Sprintf(`<item><title>Live story %s</title><link>https://news.example.org%s</link></item>`, r.URL.Path, r.URL.Path)))
	}))
	t.Cleanup(live.Close)

	var sources []config.FeedSource
	for i := range 4 {
		path := fmt.Sprintf("/dead-%d.xml", i)
		if i == 3 {
			path = "/trickle.xml"
		}
		sources = append(sources, src(dead+path))
	}
	for i := range 6 {
		sources = append(sources, src(fmt.Sprintf("%s/live-%d", live.URL, i)))
	}
	cfg := feedsConfig(sources...)
	cfg.Concurrency, cfg.Timeout.Duration = 2, timeout
	st := storetest.Open(t, "")
	p := newPoller(t, st, cfg)
	start = time.Now()
	results, err := p.PollOnce(context.Background())
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range results {
		switch {
		case i < 4 && (r.Status != StatusFailed || !strings.HasPrefix(r.Reason, "timed out after 3s (feeds.timeout)")):
			t.Errorf("dead feed %s: %s (%s), want failed for its timeout", r.Source.URL, r.Status, r.Reason)
		case i >= 4 && (r.Status != StatusFetched || r.New != 1):
			t.Errorf("live feed %s: %s, new %d (%s)", r.Source.URL, r.Status, r.New, r.Reason)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if latest >= timeout {
		t.Errorf("the last live feed was asked %s after the poll began, after the dead feeds' timeout (%s)", latest.Round(time.Millisecond), timeout)
	}
	if took >= 2*timeout {
		t.Errorf("the poll took %s, two timeouts or more", took.Round(time.Millisecond))
	}
	t.Logf("last live feed asked after %s; the poll took %s", latest.Round(time.Millisecond), took.Round(time.Millisecond))
}

// TestSlowFetchesAreBounded: slow fetches that gave up their places wait
// beside the fetches in them, parkedPerPlace of them a place and no more:
// a thousand dead feeds are not a thousand connections at once. Each dead
// feed still fails for its timeout.
func TestSlowFetchesAreBounded(t *testing.T) {
	const feeds = 8
	hang := make(chan struct{})
	t.Cleanup(func() { close(hang) })
	var (
		mu         sync.Mutex
		open, most int
	)
	dead := rawServer(t, func(conn net.Conn, path string) {
		mu.Lock()
		open++
		most = max(most, open)
		mu.Unlock()
		// Until the client hangs up (its timeout) or the test ends.
		gone := make(chan struct{})
		go func() {
			conn.Read(make([]byte, 1))
			close(gone)
		}()
		select {
		case <-gone:
		case <-hang:
		}
		mu.Lock()
		open--
		mu.Unlock()
	})
	var sources []config.FeedSource
	for i := range feeds {
		sources = append(sources, src(fmt.Sprintf("%s/dead-%d.xml", dead, i)))
	}
	cfg := feedsConfig(sources...)
	cfg.Concurrency, cfg.Timeout.Duration = 1, time.Second
	p := newPoller(t, storetest.Open(t, ""), cfg)
	// Slow well before the timeout, as feeds.timeout's default (20s)
	// is slow after 2s: each place could stand for ten slow fetches.
	p.slowAfter = 100 * time.Millisecond
	results, err := p.PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Status != StatusFailed || !strings.HasPrefix(r.Reason, "timed out after 1s (feeds.timeout)") {
			t.Errorf("dead feed %s: %s (%s), want failed for its timeout", r.Source.URL, r.Status, r.Reason)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if want := 1 + parkedPerPlace; most > want || most < 2 {
		t.Errorf("%d dead feeds fetched at once, want %d at most (one place, %d parked) and 2 at least", most, want, parkedPerPlace)
	}
}

// TestParkedFetchesBoundTheBodiesWaitingToBeRead: a slow fetch that gave
// up its place keeps its parked place until its poll is over, so that
// the bodies fetched and waiting to be parsed are bounded by the places
// and the parked places. Before, a parked fetch gave its parked place
// back as soon as its body arrived, and while parsing was busy every slow
// feed in turn parked, arrived and waited with its body, bounded by
// nothing.
func TestParkedFetchesBoundTheBodiesWaitingToBeRead(t *testing.T) {
	const feeds = 20
	var (
		mu     sync.Mutex
		served int
	)
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(150 * time.Millisecond)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>Slow</title><item><title>Story at %s</title><link>https://example.org%s</link></item></channel></rss>`, r.URL.Path, r.URL.Path)
		mu.Lock()
		served++
		mu.Unlock()
	}))
	t.Cleanup(slow.Close)
	var sources []config.FeedSource
	for i := range feeds {
		sources = append(sources, src(fmt.Sprintf("%s/slow-%d.xml", slow.URL, i)))
	}
	cfg := feedsConfig(sources...)
	cfg.Concurrency, cfg.Timeout.Duration = 1, 10*time.Second
	p := newPoller(t, storetest.Open(t, ""), cfg)
	p.slowAfter = 30 * time.Millisecond
	// Parsing is busy: every place to parse is taken until the test
	// gives them back.
	for range cap(p.cpu) {
		p.cpu <- struct{}{}
	}
	polled := make(chan error, 1)
	go func() {
		_, err := p.PollOnce(context.Background())
		polled <- err
	}()
	time.Sleep(1500 * time.Millisecond)
	mu.Lock()
	waiting := served
	mu.Unlock()
	for range cap(p.cpu) {
		<-p.cpu
	}
	if err := <-polled; err != nil {
		t.Fatal(err)
	}
	if want := cfg.Concurrency * (1 + parkedPerPlace); waiting > want {
		t.Errorf("%d bodies fetched while parsing was busy, want %d at most (the places and the parked places)", waiting, want)
	}
}

// meteredTransport counts, of the response bodies read through it, how
// many have been read past past bytes and not closed yet, and the most
// there were at once.
type meteredTransport struct {
	past      int64
	mu        sync.Mutex
	now, most int
}

func (m *meteredTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil {
		resp.Body = &meteredBody{ReadCloser: resp.Body, m: m}
	}
	return resp, err
}

type meteredBody struct {
	io.ReadCloser
	m          *meteredTransport
	read       int64
	past, done bool
}

func (b *meteredBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.read += int64(n)
	if !b.past && b.read > b.m.past {
		b.past = true
		b.m.mu.Lock()
		b.m.now++
		b.m.most = max(b.m.most, b.m.now)
		b.m.mu.Unlock()
	}
	return n, err
}

func (b *meteredBody) Close() error {
	if b.past && !b.done {
		b.done = true
		b.m.mu.Lock()
		b.m.now--
		b.m.mu.Unlock()
	}
	return b.ReadCloser.Close()
}

// TestParkedFetchReadsALargeBodyInAPlace: a slow fetch that gave up its
// place, and whose server then sends a large body quickly, takes a place
// among the feeds fetched at once again before it reads past
// parkedBodyBytes, so that the places bound the large bodies being read.
// Before, a parked fetch read on up to feeds.max_bytes: five feeds slow
// to answer, then sending 3 MiB each, were read past 1.5 MiB at once at a
// concurrency of one (the place and its four parked places).
func TestParkedFetchReadsALargeBodyInAPlace(t *testing.T) {
	const feeds = 6
	padding := "<!-- " + strings.Repeat("padding ", 3<<20/8) + "-->"
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond)
		body := rssOf(padding + fmt.Sprintf(`<item><title>Story at %s</title><link>https://example.org%s</link></item>`, r.URL.Path, r.URL.Path))
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		// 64 KiB every 5ms: fast, but each read takes what arrived.
		for len(body) > 0 {
			n := min(len(body), 64<<10)
			if _, err := w.Write(body[:n]); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			body = body[n:]
			time.Sleep(5 * time.Millisecond)
		}
	}))
	t.Cleanup(slow.Close)
	var sources []config.FeedSource
	for i := range feeds {
		sources = append(sources, src(fmt.Sprintf("%s/large-%d.xml", slow.URL, i)))
	}
	cfg := feedsConfig(sources...)
	cfg.Concurrency, cfg.Timeout.Duration, cfg.MaxBytes = 1, 20*time.Second, 4<<20
	m := &meteredTransport{past: parkedBodyBytes + parkedBodyBytes/2}
	p := newPoller(t, storetest.Open(t, ""), cfg, func(o *Options) { o.Client = &http.Client{Transport: m} })
	p.slowAfter = 50 * time.Millisecond
	results, err := p.PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Status != StatusFetched || r.New != 1 {
			t.Errorf("%s: %s, %d new (%s)", r.Source.URL, r.Status, r.New, r.Reason)
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.most > cfg.Concurrency {
		t.Errorf("%d bodies read past %d bytes at once, want %d at most (the places)", m.most, m.past, cfg.Concurrency)
	}
	t.Logf("at most %d bodies read past %d bytes at once", m.most, m.past)
}
