package web

import (
	"context"
	"encoding/xml"
	"fmt"
	"html/template"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// oldEdition is a back-catalogue edition of one story, as an import makes.
func oldEdition(date, headline string) digest.Edition {
	d, _ := time.Parse("2006-01-02", date)
	return digest.Edition{State: digest.EditionPublished, Title: "News Summary of " + date, Date: d,
		Sections: []digest.Section{{Sector: digest.Sector{Slug: "health"}, Stories: []digest.Story{{
			URL: "urn:sharednews:archive:" + date, Headline: headline, Sector: "health"}}}}}
}

func (f *fixture) importEdition(e digest.Edition) {
	f.t.Helper()
	if _, err := f.store.ImportEdition(context.Background(), e); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) feedEntries() map[string]atomEntry {
	f.t.Helper()
	var feed parsedFeed
	if err := xml.Unmarshal([]byte(f.get("/feed.atom").body), &feed); err != nil {
		f.t.Fatal(err)
	}
	out := map[string]atomEntry{}
	for _, e := range feed.Entries {
		out[e.Title] = e
	}
	return out
}

func TestAPublicationRendersOneEdition(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	f.serve(publicURL) // a start: the feed's editions are rendered ahead
	if n := f.archive.editions.rendered(); n != 3 {
		t.Fatalf("starting rendered %d editions, want the feed's 3", n)
	}
	for _, p := range []string{"/feed.atom", "/", "/editions/1", "/editions/2", "/editions/3"} {
		f.get(p)
	}
	if n := f.archive.editions.rendered(); n != 3 {
		t.Fatalf("the pages of 3 editions rendered %d", n)
	}

	st := f.story("A brand new shared service", "housing", "https://example.org/brand-new", "")
	f.publish("2026-10-22", "", st)
	for _, p := range []string{"/feed.atom", "/", "/editions/1", "/editions/2", "/editions/3", "/editions/4"} {
		if r := f.get(p); r.status != 200 {
			t.Fatalf("%s = %d", p, r.status)
		}
	}
	if n := f.archive.editions.rendered(); n != 4 {
		t.Errorf("after publishing edition 4 the pages rendered %d editions in all, want one more than 3", n)
	}
	if r := f.get("/editions/3"); !strings.Contains(r.body, "Edition 4 →") {
		t.Error("/editions/3 does not link its new neighbour")
	}

	// An older edition imported renumbers the four: each renders again, with
	// its new number, and nothing shows an old one.
	f.importEdition(oldEdition("2014-05-15", "An old story"))
	for n, want := range map[string]string{"/editions/1": "An old story", "/editions/2": "Edition 2",
		"/editions/5": "A brand new shared service"} {
		if r := f.get(n); !strings.Contains(r.body, want) {
			t.Errorf("%s after renumbering does not show %q", n, want)
		}
	}
	if r := f.get("/editions/5"); !strings.Contains(r.body, `<p class="number" dir="auto">Edition 5</p>`) || strings.Contains(r.body, "Edition 4</p>") {
		t.Error("/editions/5 does not call itself edition 5")
	}
	feed := f.get("/feed.atom").body
	for _, want := range []string{"Edition 5", "Edition 2", publicURL + "/editions/5"} {
		if !strings.Contains(feed, want) {
			t.Errorf("the feed after renumbering lacks %q", want)
		}
	}
	if n := f.archive.editions.rendered(); n != 4+5 {
		t.Errorf("after renumbering %d renders in all, want 4 and the five editions now numbered anew", n)
	}
}

// RFC 4287: atom:updated is when an entry last changed in a way the
// publisher thinks significant. Renumbering changes an entry's title and
// content ("Edition N"), so it moves updated; published stays.
func TestFeedEntryIsUpdatedWhenRenumbered(t *testing.T) {
	f := newFixture(t)
	f.importEdition(oldEdition("2014-05-15", "A May story"))
	f.importEdition(oldEdition("2014-07-10", "A July story"))
	before := f.feedEntries()
	july := before["News Summary of 2014-07-10"]
	if july.Published != "2014-07-10T00:00:00Z" || july.Updated != july.Published {
		t.Fatalf("July before any renumbering: published %s, updated %s", july.Published, july.Updated)
	}

	f.importEdition(oldEdition("2014-06-12", "A June story"))
	after := f.feedEntries()
	list, _, err := f.store.PublishedEditions(context.Background(), 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		e := after[s.Title]
		switch s.Date.Format("2006-01-02") {
		case "2014-07-10": // 2 became 3
			if s.Number != 3 || s.RenumberedAt.IsZero() || e.Updated != atomTime(s.RenumberedAt) || e.Published != july.Published {
				t.Errorf("July renumbered at %v: published %s, updated %s", s.RenumberedAt, e.Published, e.Updated)
			}
			if !strings.Contains(e.Content.Body, `<p class="number" dir="auto">Edition 3</p>`) {
				t.Error("July's content does not show its new number")
			}
			if e.ID != july.ID {
				t.Errorf("July's id changed: %s → %s", july.ID, e.ID)
			}
		default: // May kept 1; June is new
			if !s.RenumberedAt.IsZero() || e.Updated != e.Published || e.Published != atomTime(s.Date) {
				t.Errorf("%s (renumbered %v): published %s, updated %s", s.Title, s.RenumberedAt, e.Published, e.Updated)
			}
		}
	}
}

func TestConcurrentReadersRenderAnEditionOnce(t *testing.T) {
	f := newFixture(t)
	// An edition long enough that rendering it takes a while, so that the
	// readers overlap.
	big := oldEdition("2014-05-15", "A story")
	for i := range 300 {
		big.Sections[0].Stories = append(big.Sections[0].Stories, digest.Story{URL: fmt.Sprintf("urn:sharednews:archive:big-%d", i),
			Headline: fmt.Sprintf("Story %d of a long edition", i), Summary: strings.Repeat("A council shares a service. ", 10), Sector: "health"})
	}
	f.importEdition(big)
	f.archive.cache.limit(0)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range 32 {
		wg.Go(func() {
			<-start
			if r := f.get("/editions/1"); r.status != 200 {
				t.Errorf("/editions/1 = %d", r.status)
			}
		})
	}
	close(start)
	wg.Wait()
	if n := f.archive.editions.rendered(); n != 1 {
		t.Errorf("32 readers of one edition rendered it %d times", n)
	}
}

func TestEditionCacheIsBounded(t *testing.T) {
	c := newEditionCache(10_000, 10_000)
	body := strings.Repeat("x", 3000)
	for id := int64(1); id <= 10; id++ {
		k := editionKey{id: id, number: int(id)}
		c.mu.Lock()
		c.editions.put(k, &renderedEdition{ID: id, Body: template.HTML(body)}, 3000)
		c.entries.put(k, body, 3000)
		c.mu.Unlock()
		if c.editions.bytes > 10_000 || c.entries.bytes > 10_000 {
			t.Fatalf("%d and %d bytes kept, over the bound", c.editions.bytes, c.entries.bytes)
		}
	}
	if _, ok := c.edition(editionKey{id: 10, number: 10}); !ok {
		t.Error("the newest edition was not kept")
	}
	if _, ok := c.entry(editionKey{id: 1, number: 1}); ok {
		t.Error("the oldest entry outlived the bound")
	}
	if _, ok := c.edition(editionKey{id: 10, number: 11}); ok {
		t.Error("an edition renumbered was found under its old rendering")
	}
}

// A crawl of every edition page pushes old renderings out, but not the
// feed's entries: the next feed, after a publication, renders only the new
// edition.
func TestACrawlDoesNotPushTheFeedOut(t *testing.T) {
	f := newFixture(t)
	for day := 1; day <= 12; day++ {
		f.importEdition(oldEdition(fmt.Sprintf("2014-05-%02d", day), fmt.Sprintf("Story of day %d", day)))
	}
	f.serve(publicURL) // a start: the newest ten editions' entries are kept
	one, err := f.archive.renderEdition(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	// Room for two renderings only.
	f.archive.editions.mu.Lock()
	f.archive.editions.editions.clear(2 * one.size())
	f.archive.editions.mu.Unlock()
	for n := 1; n <= 12; n++ {
		f.get(fmt.Sprintf("/editions/%d", n))
	}
	before := f.archive.editions.rendered()
	f.importEdition(oldEdition("2014-05-13", "Story of day 13"))
	if r := f.get("/feed.atom"); !strings.Contains(r.body, "Story of day 13") {
		t.Fatal("the feed does not show the new edition")
	}
	if n := f.archive.editions.rendered() - before; n != 1 {
		t.Errorf("the feed after a crawl and a publication rendered %d editions, want 1", n)
	}
}
