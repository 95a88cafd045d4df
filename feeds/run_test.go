package feeds

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"

	"github.com/sharednews/sharednews/store/storetest"
)

// TestRunPollsAtStartAndOnSchedule runs the poller with a short interval:
// every feed is polled at once, again when due, and Run returns as soon as
// its context ends.
func TestRunPollsAtStartAndOnSchedule(t *testing.T) {
	fs := newFeedServer(t)
	a := fs.serveBody("/a.xml", rssOf(`<item><title>A story from feed A today</title><link>https://news.example.org/a</link></item>`))
	b := fs.serveBody("/b.xml", rssOf(`<item><title>A story from feed B today</title><link>https://news.example.org/b</link></item>`))
	f := feedsConfig(src(a), src(b))
	f.PollInterval.Duration = 100 * time.Millisecond
	st := storetest.Open(t, "")
	var (
		mu     sync.Mutex
		queued []string
	)
	p := newPoller(t, st, f, func(o *Options) {
		o.OnQueued = func(_ context.Context, stories []digest.Story) {
			mu.Lock() // called from each feed's goroutine
			defer mu.Unlock()
			for _, s := range stories {
				queued = append(queued, s.URL)
			}
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()

	deadline := time.Now().Add(5 * time.Second)
	for fs.hitCount("/a.xml") < 3 || fs.hitCount("/b.xml") < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("feeds polled %d and %d times in 5s", fs.hitCount("/a.xml"), fs.hitCount("/b.xml"))
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	if len(allStories(t, st)) != 2 {
		t.Errorf("stories %v", allStories(t, st))
	}
	health, err := st.FeedHealths(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if h := health[a]; h.LastStatus != string(StatusNotModified) || h.LastSuccessAt.IsZero() {
		t.Errorf("health of A: %+v", h)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(queued) != 2 {
		t.Errorf("OnQueued saw %v", queued)
	}
}

func TestRunWithoutFeedsWaits(t *testing.T) {
	p := newPoller(t, storetest.Open(t, ""), feedsConfig())
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := p.Run(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestRunBuildsOnAnIngestBeside has run's poller and a cron'd ingest (a
// second poller with its own store) poll one feed in one SQLite file: run
// polls it and fails, ingest polls it and succeeds, and run's next poll
// waits for the time ingest set, asks conditionally with ingest's ETag,
// and counts one failure in a row, not two. Run used to build on what it
// remembered: it polled again at its own time, asking for the whole feed,
// and stored 2 failures in a row.
func TestRunBuildsOnAnIngestBeside(t *testing.T) {
	feed := newOutageFeed(t, "A story polled by two processes", `"v2"`)
	srv, seen, setFailing := feed.srv, feed.seen, feed.setFailing

	// Run would poll again a second after failing (half its backoff of
	// twice the interval, without jitter); ingest sets its next poll three
	// seconds after it succeeds.
	ingest, ingestStore := runBeside(t, srv.URL+"/wire.xml", time.Second, 3*time.Second)
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("waited 10s for %s; requests %+v", what, seen())
			}
		}
	}
	failures := func() int {
		h, err := ingestStore.FeedHealths(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return h[srv.URL+"/wire.xml"].ConsecutiveFailures
	}
	waitFor("run's first poll to be stored", func() bool { return failures() == 1 })

	setFailing(false)
	results, err := ingest.PollOnce(context.Background())
	if err != nil || results[0].Status != StatusFetched {
		t.Fatalf("ingest: %+v, %v", results, err)
	}
	if n := failures(); n != 0 {
		t.Fatalf("after ingest's poll: %d failures in a row", n)
	}
	ingestNext := results[0].NextPollAt.Truncate(time.Second) // as the store keeps it
	setFailing(true)

	waitFor("run's second poll", func() bool { return len(seen()) == 3 })
	second := seen()[2]
	if second.agent != "run" || second.ifNoneMatch != `"v2"` {
		t.Errorf("run's poll after ingest's: %+v; want a conditional request with ingest's ETag", second)
	}
	if second.at.Before(ingestNext) {
		t.Errorf("run polled at %s, before the next poll ingest set (%s): the feed was polled twice in a row",
			second.at.Format(time.StampMilli), ingestNext.Format(time.StampMilli))
	}
	waitFor("run's failed poll to be stored", func() bool { return failures() != 0 })
	if n := failures(); n != 1 {
		t.Errorf("%d failures in a row stored after one failure since ingest's success", n)
	}
}

// TestRunForgetsAMoveAnIngestFoundUndone has run's poller follow a feed's
// permanent move; then the publisher moves it back and a cron'd ingest,
// on the same SQLite file, reads it at its configured address and stores
// that it has not moved. Run's next poll asks the configured address too,
// and does not fail at the address it remembered (now gone).
func TestRunForgetsAMoveAnIngestFoundUndone(t *testing.T) {
	var (
		mu     sync.Mutex
		moved  = true
		paths  []string
		agents []string
	)
	body := rssOf(`<item><title>A story of a feed that moved back</title><link>https://news.example.org/back</link></item>`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths, agents = append(paths, r.URL.Path), append(agents, r.UserAgent())
		m := moved
		mu.Unlock()
		switch {
		case m && r.URL.Path == "/old.xml":
			http.Redirect(w, r, "/new.xml", http.StatusMovedPermanently)
		case m == (r.URL.Path == "/new.xml"):
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write(body)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	count := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(paths)
	}

	feedURL := srv.URL + "/old.xml"
	ingest, ingestStore := runBeside(t, feedURL, time.Second, 2*time.Second)
	health := func() store.FeedHealth {
		h, err := ingestStore.FeedHealths(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return h[feedURL]
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				mu.Lock()
				defer mu.Unlock()
				t.Fatalf("waited 10s for %s; requests %v by %v", what, paths, agents)
			}
		}
	}
	waitFor("run's poll to store the move", func() bool { return health().MovedTo != "" })

	mu.Lock()
	moved = false
	mu.Unlock()
	results, err := ingest.PollOnce(context.Background())
	if err != nil || results[0].Status != StatusFetched || results[0].MovedTo != "" {
		t.Fatalf("ingest: %+v, %v", results, err)
	}
	polled := count()
	waitFor("run's next poll to be stored", func() bool {
		return count() > polled && health().LastFetchAt.After(results[0].NextPollAt.Add(-time.Second))
	})

	mu.Lock()
	got, by := paths[polled], agents[polled]
	mu.Unlock()
	if got != "/old.xml" || by != "run" {
		t.Errorf("run's poll after ingest's asked %s (by %s); want the configured /old.xml", got, by)
	}
	if h := health(); h.LastStatus == string(StatusFailed) || h.MovedTo != "" || h.ConsecutiveFailures != 0 {
		t.Errorf("after run's poll: %+v", h)
	}
}

// runBeside starts Run, as user agent "run", polling the one feed at url
// every runEvery into a new SQLite file, and returns a second poller, user
// agent "ingest" polling every ingestEvery, on the same file through its
// own connection, as a cron'd `sharednews ingest` beside run has it. Both
// poll without jitter; Run ends when the test does.
func runBeside(t *testing.T, url string, runEvery, ingestEvery time.Duration) (ingest *Poller, ingestStore *store.Store) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shared.db")
	runStore := storetest.Open(t, path)
	ingestStore = storetest.Open(t, path)
	runCfg := feedsConfig(src(url))
	runCfg.PollInterval.Duration, runCfg.UserAgent = runEvery, "run"
	ingestCfg := runCfg
	ingestCfg.PollInterval.Duration, ingestCfg.UserAgent = ingestEvery, "ingest"
	noJitter := func(o *Options) { o.Rand = func() float64 { return 0 } }
	run := newPoller(t, runStore, runCfg, noJitter)
	ingest = newPoller(t, ingestStore, ingestCfg, noJitter)

	startRun(t, run)
	return ingest, ingestStore
}

// TestRunEndsItsBackOffWhenAnIngestBesideSucceeds: a feed failing for a
// while backs off for up to twelve hours, and run slept the whole back-off
// in one go, so a cron'd ingest that read the feed again in the meantime
// changed nothing for run until that time: the newswire missed a
// recovered feed's stories for hours. Run now looks at what was stored
// once a poll interval while it backs off, and polls when the successful
// poll beside it said, conditionally with its ETag.
func TestRunEndsItsBackOffWhenAnIngestBesideSucceeds(t *testing.T) {
	feed := newOutageFeed(t, "A story of a feed back from an outage", `"back"`)
	srv := feed.srv
	byRun := func() []feedRequest {
		var out []feedRequest
		for _, r := range feed.seen() {
			if r.agent == "run" {
				out = append(out, r)
			}
		}
		return out
	}

	// Both read one configuration, as on a real machine: one interval.
	const interval = 250 * time.Millisecond
	path := filepath.Join(t.TempDir(), "shared.db")
	runStore, ingestStore := storetest.Open(t, path), storetest.Open(t, path)
	cfg := feedsConfig(src(srv.URL + "/wire.xml"))
	cfg.PollInterval.Duration = interval
	noJitter := func(o *Options) { o.Rand = func() float64 { return 0 } }
	ingestCfg := cfg
	ingestCfg.UserAgent = "ingest"
	ingest := newPoller(t, ingestStore, ingestCfg, noJitter)
	// Five failures in a row: the next try 2^5/2 intervals on, 4 s.
	for range 5 {
		if results, err := ingest.PollOnce(context.Background()); err != nil || results[0].Status != StatusFailed {
			t.Fatalf("ingest against the failing feed: %+v, %v", results, err)
		}
	}
	backOff := time.Now().Add(16 * interval)

	runCfg := cfg
	runCfg.UserAgent = "run"
	run := newPoller(t, runStore, runCfg, noJitter)
	startRun(t, run)
	time.Sleep(interval / 2) // run has read the stored back-off and waits
	if got := byRun(); len(got) != 0 {
		t.Fatalf("run polled a feed backing off for 4 s at once: %+v", got)
	}

	feed.setFailing(false)
	results, err := ingest.PollOnce(context.Background())
	if err != nil || results[0].Status != StatusFetched {
		t.Fatalf("ingest once the feed is back: %+v, %v", results, err)
	}
	ingestNext := results[0].NextPollAt.Truncate(time.Second) // as the store keeps it

	for deadline := time.Now().Add(10 * time.Second); len(byRun()) == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("run never polled the feed")
		}
	}
	first := byRun()[0]
	if !first.at.Before(backOff.Add(-time.Second)) {
		t.Errorf("run polled at %s, at the end of the back-off it remembered (%s), though ingest read the feed well before",
			first.at.Format(time.StampMilli), backOff.Format(time.StampMilli))
	}
	if first.at.Before(ingestNext) {
		t.Errorf("run polled at %s, before the next poll ingest set (%s)", first.at.Format(time.StampMilli), ingestNext.Format(time.StampMilli))
	}
	if first.ifNoneMatch != `"back"` {
		t.Errorf("run's poll after ingest's: %+v; want a conditional request with ingest's ETag", first)
	}
}

// feedRequest is a request an outageFeed answered.
type feedRequest struct {
	agent, ifNoneMatch string
	at                 time.Time
}

// outageFeed is a feed of one story that answers 503 while it is
// failing (as it starts), else the story with an ETag, or 304 to a
// request that has it; it keeps every request it answered.
type outageFeed struct {
	srv        *httptest.Server
	seen       func() []feedRequest
	setFailing func(bool)
}

func newOutageFeed(t *testing.T, headline, etag string) outageFeed {
	var (
		mu       sync.Mutex
		failing  = true
		requests []feedRequest
	)
	body := rssOf(`<item><title>` + headline + `</title><link>https://news.example.org/outage</link></item>`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requests = append(requests, feedRequest{r.UserAgent(), r.Header.Get("If-None-Match"), time.Now()})
		fail := failing
		mu.Unlock()
		if fail {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return outageFeed{
		srv: srv,
		seen: func() []feedRequest {
			mu.Lock()
			defer mu.Unlock()
			return slices.Clone(requests)
		},
		setFailing: func(f bool) {
			mu.Lock()
			defer mu.Unlock()
			failing = f
		},
	}
}

// startRun runs p.Run until the test ends, and fails the test if Run
// returns an error.
func startRun(t *testing.T, p *Poller) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
}

// TestAPollByAClockSinceSetBackSetsNoLongerWait: a cron'd ingest polled a
// feed, and then the machine's clock was stepped back an hour (NTP
// correcting a fast clock, a time zone put right). The next poll ingest
// stored is an interval after a time the clock now reaches only in an
// hour: run waited for it, and the newswire missed an hour of the feed
// (days of it, for a clock put right by days). Run now waits the interval
// that poll set, counted from the clock as it reads now; a failing feed
// its back-off, likewise.
func TestAPollByAClockSinceSetBackSetsNoLongerWait(t *testing.T) {
	for _, failing := range []bool{false, true} {
		name := map[bool]string{false: "fetched", true: "failing"}[failing]
		t.Run(name, func(t *testing.T) {
			fs := newFeedServer(t)
			url := fs.serveBody("/wire.xml", rssOf(`<item><title>A story before the clock went back</title><link>https://news.example.org/a</link></item>`))
			if failing {
				url = fs.URL + "/gone-for-now.xml" // answered 404: a failure, backed off
			}
			cfg := feedsConfig(src(url))
			cfg.PollInterval.Duration = 15 * time.Minute
			path := filepath.Join(t.TempDir(), "shared.db")
			noJitter := func(o *Options) { o.Rand = func() float64 { return 0 } }
			now := time.Now()
			run := newPoller(t, storetest.Open(t, path), cfg, noJitter, func(o *Options) { o.Now = func() time.Time { return now } })
			states, err := run.register(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			// Ingest's poll, an hour ahead of the clock as it reads now.
			ingest := newPoller(t, storetest.Open(t, path), cfg, noJitter, func(o *Options) { o.Now = func() time.Time { return now.Add(time.Hour) } })
			results, err := ingest.PollOnce(context.Background())
			if err != nil || len(results) != 1 {
				t.Fatalf("ingest: %+v, %v", results, err)
			}
			set := results[0].NextPollAt.Sub(now.Add(time.Hour)) // the wait ingest's poll set
			if set <= 0 || set > 12*time.Hour {
				t.Fatalf("ingest set its next poll %s after its poll", set)
			}
			wait := run.catchUp(context.Background(), &run.sources[0], &states[0])
			if wait > set {
				t.Errorf("run waits %s for the next poll, want at most the %s ingest's poll set: the hour the clock went back is added",
					wait.Round(time.Second), set)
			}
			if wait < set-2*time.Second { // the store keeps times to the second
				t.Errorf("run waits %s, want the %s ingest's poll set", wait.Round(time.Second), set)
			}
		})
	}
}
