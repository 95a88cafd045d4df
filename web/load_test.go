package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sharednews/sharednews/archive/archivetest"
	"github.com/sharednews/sharednews/internal/syncbuf"
)

// loadReaders is how many readers read the archive at once in
// TestReadersWhileTheBotPublishesAndImports.
const loadReaders = 200

// TestReadersWhileTheBotPublishesAndImports has 200 readers fetch pages
// (the home page, the list of editions, an edition, a sector, the feed,
// each now and then with the ETag they were sent) and search, over
// loopback, while the bot publishes editions and the import of the real
// back catalogue (store.ImportEdition, as `sharednews import` calls it)
// writes into the same SQLite file. No reader may be answered with a
// server error, nor be shown SQLite's "database is locked", and nothing is
// logged as a failed page; a reader's search told the site is busy (503,
// the search gate's answer) is counted apart. It logs each kind of answer
// and the readers' p50 and p99:
//
//	go test -run TestReadersWhileTheBotPublishesAndImports -v ./web/
func TestReadersWhileTheBotPublishesAndImports(t *testing.T) {
	if testing.Short() {
		t.Skip("200 readers at once are not short")
	}
	f := newFixture(t)
	ctx := context.Background()
	real := archivetest.RealEditions(t, "../../shared/testdata/digests", f.cfg.DigestSectors())
	for _, e := range real {
		if _, err := f.store.ImportEdition(ctx, e.Edition()); err != nil {
			t.Fatal(err)
		}
	}
	var logs syncbuf.Buffer
	a, err := New(ctx, Options{PublicURL: publicURL, SiteName: f.cfg.Bot.Name, Bot: f.bot, Store: f.store, Build: "test",
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	a.Mount(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	defer a.entryWriter.wait()
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = loadReaders
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}

	// The writers: the bot publishes an edition of new stories, and the
	// import writes the back catalogue again a day earlier, in turn.
	rounds, readers := 12, loadReaders
	if raceEnabled {
		// The race detector looks for unsynchronised access, which a
		// few rounds and readers reach as well; the figures are
		// measured without it.
		rounds, readers = 2, 20
	}
	done := make(chan struct{})
	var writeErr error
	go func() {
		defer close(done)
		for r := 1; r <= rounds && writeErr == nil; r++ {
			for i := range 3 {
				st := f.story(fmt.Sprintf("Councils share a merger office, round %d story %d", r, i), "local-government",
					fmt.Sprintf("https://example.org/load/%d/%d", r, i), "Two district councils merge their offices.")
				if _, err := f.store.Approve(ctx, storeDecision(f, st.Headline)); err != nil {
					writeErr = fmt.Errorf("approve: %w", err)
					return
				}
			}
			if _, err := f.bot.Publish(ctx); err != nil {
				writeErr = fmt.Errorf("publish round %d: %w", r, err)
				return
			}
			for _, pe := range real {
				e := pe.Edition()
				e.Date = e.Date.AddDate(0, 0, -r)
				if _, err := f.store.ImportEdition(ctx, e); err != nil {
					writeErr = fmt.Errorf("import round %d: %w", r, err)
					return
				}
			}
		}
	}()

	paths := []string{"/", "/editions", "/editions/1", "/editions/3", "/sectors/local-government", "/sectors/health", "/feed.atom",
		"/search?q=merger", "/search?q=shared+services", "/search?q=police", "/search?q=council+chief+executive"}
	var (
		mu        sync.Mutex
		latencies []time.Duration
		statuses  = map[int]int{}
		problems  []string
		requests  atomic.Int64
	)
	var wg sync.WaitGroup
	for reader := range readers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(reader), 7))
			etags := map[string]string{}
			var mine []time.Duration
			for {
				select {
				case <-done:
					mu.Lock()
					latencies = append(latencies, mine...)
					mu.Unlock()
					return
				default:
				}
				p := paths[rng.IntN(len(paths))]
				req, _ := http.NewRequest(http.MethodGet, srv.URL+p, nil)
				if tag := etags[p]; tag != "" && rng.IntN(2) == 0 {
					req.Header.Set("If-None-Match", tag)
				}
				start := time.Now()
				resp, err := client.Do(req)
				var body []byte
				if err == nil {
					body, err = io.ReadAll(resp.Body)
					resp.Body.Close()
				}
				mine = append(mine, time.Since(start))
				requests.Add(1)
				mu.Lock()
				switch {
				case err != nil:
					problems = append(problems, fmt.Sprintf("GET %s: %v", p, err))
				default:
					statuses[resp.StatusCode]++
					etags[p] = resp.Header.Get("ETag")
					text := string(body)
					busySearch := resp.StatusCode == http.StatusServiceUnavailable && strings.HasPrefix(p, "/search")
					if (resp.StatusCode >= 500 && !busySearch) || strings.Contains(text, "SQLITE_BUSY") || strings.Contains(text, "database is locked") {
						problems = append(problems, fmt.Sprintf("GET %s: %d %.200s", p, resp.StatusCode, text))
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if writeErr != nil {
		t.Errorf("a writer failed while readers read: %v", writeErr)
	}
	slices.Sort(latencies)
	pct := func(p float64) time.Duration { return latencies[int(p*float64(len(latencies)-1))] }
	t.Logf("%d readers, %d requests while %d editions were published and %d imported: answers %v; %d errors; p50 %.1f ms, p99 %.1f ms, max %.1f ms",
		readers, requests.Load(), rounds, rounds*len(real), statuses, len(problems), ms(pct(0.5)), ms(pct(0.99)), ms(latencies[len(latencies)-1]))
	for i, p := range problems {
		if i == 10 {
			t.Errorf("… and %d more", len(problems)-10)
			break
		}
		t.Error(p)
	}
	if statuses[http.StatusServiceUnavailable] > 0 {
		t.Logf("%d searches were told the site is busy (503)", statuses[http.StatusServiceUnavailable])
	}
	if l := logs.String(); strings.Contains(l, "level=ERROR") {
		t.Errorf("the archive logged failures:\n%.2000s", l)
	}
}
