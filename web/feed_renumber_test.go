package web

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// An edition imported with an earlier date than those published renumbers
// every one after it (they are numbered by date). A feed read while that
// happened listed an edition under its old number and then found another
// edition under it, and the reader was answered 500 "Something went
// wrong" (2 of 966 requests while the back catalogue was imported under
// load, TestReadersWhileTheBotPublishesAndImports). The feed is read
// again as the archive is then, and each answer is a whole feed.
func TestFeedWhileAnImportRenumbersEditions(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for i := range 12 {
		f.publish(dateAfter("2020-01-02", 7*i), "", f.story("Councils share a chief executive, part "+itoa(i), "local-government",
			"https://example.org/renumber/"+itoa(i), "A shared chief executive."))
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				r := f.get("/feed.atom")
				mu.Lock()
				statuses[r.status]++
				mu.Unlock()
				if r.status != http.StatusOK {
					t.Errorf("GET /feed.atom while editions were renumbered: %d\n%.300s", r.status, r.body)
				}
			}
		})
	}
	first := time.Date(2019, time.December, 30, 0, 0, 0, 0, time.UTC)
	for i := range 40 {
		d := first.AddDate(0, 0, -i)
		e := digest.Edition{State: digest.EditionPublished, Title: "News Summary from " + d.Format("2 January 2006"), Date: d,
			Sections: []digest.Section{{Sector: digest.Sector{Slug: "health"}, Heading: "Health", Stories: []digest.Story{{
				URL: "urn:sharednews:archive:" + d.Format("2006-01-02") + ":care", Headline: "Care trusts share a board " + itoa(i), Sector: "health"}}}}}
		if _, err := f.store.ImportEdition(ctx, e); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	t.Logf("feeds read while 40 imports renumbered the editions: %v", statuses)
}
