package adaptertest

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/feeds"
	"github.com/sharednews/sharednews/store"
)

// Feed is an RSS feed on loopback whose items the test rewrites between
// polls, served with an ETag of its content as a publisher's site serves
// it: changed, it is answered in full; unchanged, with 304.
type Feed struct {
	URL  string
	mu   sync.Mutex
	body []byte
}

// NewFeed serves items (RSS <item> elements) until the test ends.
func NewFeed(t testing.TB, items string) *Feed {
	t.Helper()
	f := &Feed{}
	f.Set(items)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		body := f.body
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("ETag", fmt.Sprintf(`"%x"`, sha256.Sum256(body)))
		http.ServeContent(w, r, "", time.Time{}, strings.NewReader(string(body)))
	}))
	t.Cleanup(srv.Close)
	f.URL = srv.URL + "/feed.xml"
	return f
}

// Set makes the feed's items items from now on.
func (f *Feed) Set(items string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.body = []byte(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Publisher</title>` +
		`<link>https://www.example.org/</link>` + items + `</channel></rss>`)
}

// CorrectionFeed is two entries of a publisher's feed, as first published
// (version "") or as the publisher corrected them (version " corrected",
// added to each headline and summary): what the correction tests serve
// on a Feed between polls.
func CorrectionFeed(version string) string {
	return `<item><title>Two councils agree to share a chief executive` + version + `</title><link>https://news.example.org/a</link><guid>a</guid>
<description>The districts expect savings` + version + `.</description></item>
<item><title>Fire services merge control rooms` + version + `</title><link>https://news.example.org/b</link><guid>b</guid>
<description>Three services, one room` + version + `.</description></item>`
}

// Newswire is a poller of feed into st, wired to b as `run` wires it:
// the stories it queues get review cards, and the waiting stories its
// publisher corrects have their cards redrawn.
func Newswire(t testing.TB, b *bot.Bot, st *store.Store, feed *Feed) *feeds.Poller {
	t.Helper()
	fc := config.Default().Feeds
	fc.Sources = []config.FeedSource{{URL: feed.URL, Name: "Publisher", Include: []string{}, Exclude: []string{}}}
	p, err := feeds.New(feeds.Options{Feeds: fc, Sectors: b.Sectors(), Store: st,
		OnQueued: func(ctx context.Context, queued []digest.Story) {
			for _, s := range queued {
				b.PostReviewCards(ctx, s)
			}
		},
		OnCorrected: b.PublisherCorrected,
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Poll polls the newswire once and fails the test unless the feed was
// read: fetched, or not modified.
func Poll(t testing.TB, p *feeds.Poller) feeds.Result {
	t.Helper()
	results, err := p.PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 1 || results[0].Status == feeds.StatusFailed {
		t.Fatalf("poll: %+v", results)
	}
	return results[0]
}
