package feeds

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sharednews/sharednews/store/storetest"
)

// TestGUIDsMadeUpAtEveryRequest: a feed whose GUIDs are new at every
// request (a session or the time in them), without validators, so that
// every poll reads it in full, gives no story twice and no longer grows
// the database without end: each story gets one key of its GUIDs besides
// its own, however many polls. A feed that changed its GUIDs' scheme
// once still finds each story by its new GUID when a link is renamed.
func TestGUIDsMadeUpAtEveryRequest(t *testing.T) {
	const stories = 20
	var (
		mu       sync.Mutex
		requests int
		scheme   = func(i, request int) string { return fmt.Sprintf("urn:session:%d:%d", request, i) }
		slug     = func(i int) string { return fmt.Sprintf("story-%d", i) }
		title    = "Story %d of the joint services"
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requests++
		var b strings.Builder
		for i := range stories {
			fmt.Fprintf(&b, `<item><title>%s</title><link>https://council.example.gov.uk/news/%s</link><guid isPermaLink="false">%s</guid><description>About %d.</description></item>`,
				fmt.Sprintf(title, i), slug(i), scheme(i, requests), i)
		}
		mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(rssOf(b.String()))
	}))
	t.Cleanup(srv.Close)
	path := filepath.Join(t.TempDir(), "news.db")
	st := storetest.Open(t, path)
	p := newPoller(t, st, feedsConfig(src(srv.URL+"/feed")))
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	poll := func(what string, wantNew int) {
		t.Helper()
		results, err := p.PollOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if r := results[0]; r.Status != StatusFetched || r.New != wantNew || len(r.HeldBack) != 0 || r.Duplicates != stories-wantNew {
			t.Errorf("%s: %s, new %d, held back %d, duplicates %d (%s); want new %d", what, r.Status, r.New, len(r.HeldBack), r.Duplicates, r.Reason, wantNew)
		}
	}
	guidKeys := func() int {
		t.Helper()
		var n int
		if err := raw.QueryRow(`SELECT count(*) FROM story_keys WHERE kind = 'guid'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	poll("first poll", stories)
	for n := range 6 {
		poll(fmt.Sprintf("poll %d", n+2), 0)
	}
	if n := guidKeys(); n > stories {
		t.Errorf("%d GUID keys after 7 polls of %d stories, want at most one a story", n, stories)
	}

	// Another feed that changed its scheme once, then renamed its pages.
	mu.Lock()
	scheme = func(i, _ int) string { return fmt.Sprintf("old-%d", i) }
	slug = func(i int) string { return fmt.Sprintf("other-%d", i) }
	title = "Another council's story %d"
	mu.Unlock()
	p = newPoller(t, st, feedsConfig(src(srv.URL+"/other")))
	poll("another feed's first poll", stories)
	mu.Lock()
	scheme = func(i, _ int) string { return fmt.Sprintf("tag:council.example.gov.uk,2026:%d", i) }
	mu.Unlock()
	poll("its new scheme", 0)
	mu.Lock()
	slug = func(i int) string { return fmt.Sprintf("other-%d-renamed", i) }
	mu.Unlock()
	poll("its pages renamed", 0)
	if got := len(allStories(t, st)); got != 2*stories {
		t.Errorf("%d stories, want %d", got, 2*stories)
	}
}
