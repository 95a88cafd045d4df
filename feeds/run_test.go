package feeds

import (
	"context"
	"github.com/sharednews/sharednews/digest"
	"sync"
	"testing"
	"time"

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
