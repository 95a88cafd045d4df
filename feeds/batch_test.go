package feeds

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// While other feeds are being read, the feed read first waits for them
// (minBatchFeeds) and all are stored in one transaction, however late
// they come; once none is being read, what was handed over is written.
func TestWriterWaitsForFeedsBeingRead(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, filepath.Join(t.TempDir(), "news.db"))
	var sources []config.FeedSource
	for i := range minBatchFeeds + 1 {
		sources = append(sources, src(fmt.Sprintf("http://127.0.0.1:1/feed/%d.xml", i)))
	}
	p := newPoller(t, st, feedsConfig(sources...))
	states, err := p.register(ctx)
	if err != nil {
		t.Fatal(err)
	}
	feed := func(i int) store.FeedEntries {
		var entries []store.NewswireEntry
		for j := range 3 {
			entries = append(entries, store.NewswireEntry{Story: digest.Story{
				URL:      fmt.Sprintf("https://council%d.example/news/%d", i, j),
				Headline: fmt.Sprintf("Council %d shares service %d", i, j),
				Sector:   "other", State: digest.StateQueued,
			}, GUID: fmt.Sprintf("story-%d", j)})
		}
		return store.FeedEntries{FeedID: states[i].ID, Entries: entries}
	}
	hand := func(i int, handed func(), done chan<- int) {
		res, err := p.addNewswire(ctx, feed(i), handed)
		if err != nil || len(res.Added) != 3 {
			t.Errorf("feed %d: %+v, %v", i, res, err)
		}
		done <- i
	}

	var handed []func()
	for range minBatchFeeds {
		handed = append(handed, p.batch.startRead())
	}
	done := make(chan int, minBatchFeeds+1)
	go hand(0, handed[0], done)
	// Long enough for a writer that does not wait to write the first feed alone.
	time.Sleep(100 * time.Millisecond)
	select {
	case i := <-done:
		t.Fatalf("feed %d stored while %d other feeds were being read", i, minBatchFeeds-1)
	default:
	}
	for i := 1; i < minBatchFeeds; i++ {
		go hand(i, handed[i], done)
	}
	for range minBatchFeeds {
		<-done
	}
	if p.batch.written != 1 {
		t.Errorf("%d feeds read together took %d transactions, want 1", minBatchFeeds, p.batch.written)
	}

	// Nothing else being read: the next feed is written at once.
	go hand(minBatchFeeds, func() {}, done)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("a feed handed over while none was being read waits")
	}
	if p.batch.written != 2 || p.batch.reading != 0 {
		t.Errorf("%d transactions, %d feeds being read; want 2 and 0", p.batch.written, p.batch.reading)
	}
	if n := len(allStories(t, st)); n != 3*(minBatchFeeds+1) {
		t.Errorf("%d stories stored, want %d", n, 3*(minBatchFeeds+1))
	}
}
