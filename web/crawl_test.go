package web

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/mmcdole/gofeed"

	"github.com/sharednews/sharednews/internal/browsertest"
)

// pageFacts is what the crawl reads of a page in the browser.
type pageFacts struct {
	Lang     string   `json:"lang"`
	Headings []int    `json:"headings"` // the levels, in document order
	NoAlt    []string `json:"noAlt"`    // images without an alt attribute
	Links    []string `json:"links"`    // every href and form action, resolved
	Scroll   float64  `json:"scroll"`
	Inner    float64  `json:"inner"`
	// Stories are the headlines of the page's stories, in order, each
	// with the edition it names ("" on an edition's own page).
	Stories [][2]string `json:"stories"`
}

const pageFactsJS = `JSON.stringify({
  lang: document.documentElement.lang,
  headings: [...document.querySelectorAll("h1,h2,h3,h4,h5,h6")].map(h => +h.tagName[1]),
  noAlt: [...document.querySelectorAll("img:not([alt])")].map(i => i.src),
  links: [...document.querySelectorAll("a[href], link[href]")].map(a => a.href)
    .concat([...document.querySelectorAll("form")].map(f => f.action)),
  scroll: document.scrollingElement.scrollWidth,
  inner: window.innerWidth,
  stories: [...document.querySelectorAll("main .story")].map(s => [
    s.querySelector("h2,h3").textContent.trim(),
    (s.querySelector(".from a") || {textContent: ""}).textContent.trim()]),
})`

// TestCrawlTheWholeSiteInABrowser follows, in headless Chromium, every
// link from the home page of the archive of the real past editions, as a
// crawler and a reader clicking through would: every page the site links
// is there (200, or a redirect to a page that is), has a language,
// headings that go down one level at a time from its one h1, images with
// alt text, and no sideways scroll at 320 px and at 1280 px; the feed's
// entries link pages that are there; a sector's stories come in their
// edition's order; and the search box and the email sign-up work with the
// keyboard alone.
func TestCrawlTheWholeSiteInABrowser(t *testing.T) {
	browser := browsertest.Start(t, 5*time.Minute, chromedp.WindowSize(1280, 900))
	f := newEmailFixture(t)
	importDigests(t, f.fixture)
	base := f.serveAtOwnAddress()
	b := &browserSession{t: t, ctx: browser, base: base}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	// status is what a link answers: after one deliberate redirect, the
	// page redirected to must be there.
	status := func(link string) (int, string) {
		resp, err := client.Get(link)
		if err != nil {
			t.Fatalf("GET %s: %v", link, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
			to := resp.Header.Get("Location")
			r2, err := client.Get(to)
			if err != nil {
				t.Fatalf("GET %s (from %s): %v", to, link, err)
			}
			r2.Body.Close()
			return r2.StatusCode, to
		}
		return resp.StatusCode, string(body)
	}

	pages, links := 0, 0
	checked := map[string]bool{}
	// The home page, and pages no link leads to: a search's results and
	// their second page (the form's), and a page that is not there.
	queue := []string{base + "/", base + "/search?q=May+2014", base + "/search?q=council+merger", base + "/no-such-page"}
	seen := map[string]bool{}
	for _, p := range queue {
		seen[p] = true
	}
	editions := map[string][]string{} // an edition's title in a story's "In Edition N" → its headlines in order
	var sectorPages []string
	sectorStories := map[string][][2]string{}
	for len(queue) > 0 {
		page := queue[0]
		queue = queue[1:]
		pages++
		var facts pageFacts
		for _, width := range []int64{320, 1280} {
			b.do(chromedp.EmulateViewport(width, 800), chromedp.Navigate(page), chromedp.WaitReady("body"))
			if err := json.Unmarshal([]byte(b.string(pageFactsJS)), &facts); err != nil {
				t.Fatal(err)
			}
			if facts.Scroll > facts.Inner {
				t.Errorf("%s scrolls sideways at %d px: %.0f px of page", page, width, facts.Scroll)
			}
		}
		if facts.Lang == "" {
			t.Errorf("%s has no lang", page)
		}
		if len(facts.Headings) == 0 || facts.Headings[0] != 1 {
			t.Errorf("%s does not start with an h1: %v", page, facts.Headings)
		}
		for i := 1; i < len(facts.Headings); i++ {
			if facts.Headings[i] > facts.Headings[i-1]+1 || facts.Headings[i] == 1 {
				t.Errorf("%s: heading levels %v skip or repeat the h1 at %d", page, facts.Headings, i)
				break
			}
		}
		for _, img := range facts.NoAlt {
			t.Errorf("%s: image %s has no alt", page, img)
		}
		path := strings.TrimPrefix(page, base)
		if n, ok := strings.CutPrefix(path, "/editions/"); ok {
			for _, s := range facts.Stories {
				editions["Edition "+n] = append(editions["Edition "+n], s[0])
			}
		}
		if strings.HasPrefix(path, "/sectors/") {
			sectorPages = append(sectorPages, page)
			sectorStories[page] = facts.Stories
		}
		for _, link := range facts.Links {
			link, fragment, _ := strings.Cut(link, "#")
			if !strings.HasPrefix(link, base+"/") || link == page && fragment != "" {
				continue // a story's own link, elsewhere, or a place on this page (the skip link)
			}
			links++
			if checked[link] {
				continue
			}
			checked[link] = true
			code, _ := status(link)
			if code != http.StatusOK {
				t.Errorf("%s links %s, which answers %d", page, link, code)
				continue
			}
			if strings.Contains(link, ".css") || strings.Contains(link, "/feed.atom") || seen[link] {
				continue
			}
			seen[link] = true
			queue = append(queue, link)
		}
	}

	// The feed's entries, as a feed reader follows them.
	feed, err := gofeed.NewParser().ParseURL(base + "/feed.atom")
	if err != nil {
		t.Fatalf("gofeed: %v", err)
	}
	for _, item := range feed.Items {
		links++
		if item.PublishedParsed == nil && item.UpdatedParsed == nil {
			t.Errorf("feed entry %q has no date", item.Title)
		}
		if code, _ := status(item.Link); code != http.StatusOK {
			t.Errorf("feed entry %q links %s, which answers %d", item.Title, item.Link, code)
		}
	}
	t.Logf("crawled %d pages and checked %d links (%d distinct)", pages, links, len(checked)+len(feed.Items))
	if pages < 10 {
		t.Errorf("the crawl reached only %d pages", pages)
	}

	// A sector's stories of one edition come in the edition's order.
	compared := 0
	for _, page := range sectorPages {
		last := map[string]int{}
		for _, s := range sectorStories[page] {
			order := editions[s[1]]
			i := slices.Index(order, s[0])
			if i < 0 {
				continue // an edition the crawl did not read
			}
			if prev, ok := last[s[1]]; ok && i < prev {
				t.Errorf("%s shows %q before a story that comes earlier in %s", page, s[0], s[1])
			}
			last[s[1]] = i
			compared++
		}
	}
	if compared < 10 {
		t.Errorf("only %d stories of the sector pages were found in their editions", compared)
	}

	// The search box, with the keyboard alone: Tab to it, type, Enter.
	b.do(chromedp.EmulateViewport(320, 800), chromedp.Navigate(base+"/"), chromedp.WaitVisible("main h1"))
	b.tabTo(`document.activeElement.id === "site-search-q"`, "the search box")
	b.do(chromedp.KeyEvent("merger"), chromedp.KeyEvent(kb.Enter))
	b.waitFor("Search: merger")

	// The email sign-up, the same way: the address, a sector (Space),
	// then the button (Enter).
	b.do(chromedp.Navigate(base+"/subscribe"), chromedp.WaitVisible("main h1"))
	b.tabTo(`document.activeElement.id === "subscribe-address"`, "the address field")
	b.do(chromedp.KeyEvent("reader@example.org"))
	b.tabTo(`document.activeElement.type === "checkbox"`, "a sector")
	b.do(chromedp.KeyEvent(" "))
	b.tabTo(`document.activeElement.type === "submit" && !!document.activeElement.closest("form.subscribe")`, "the Subscribe button")
	b.do(chromedp.KeyEvent(kb.Enter))
	b.waitFor("Check your inbox")
}

// tabTo presses Tab, as a keyboard reader does, until js (an expression
// about document.activeElement) holds.
func (b *browserSession) tabTo(js, what string) {
	b.t.Helper()
	for range 30 {
		if b.string(`String(`+js+`)`) == "true" {
			return
		}
		b.do(chromedp.KeyEvent(kb.Tab))
	}
	b.t.Fatalf("Tab never reaches %s", what)
}

// waitFor waits, after a form is submitted, for the page whose heading
// holds heading (the form's own page stays until the answer comes).
func (b *browserSession) waitFor(heading string) {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		// The page may be between documents: an error is a page not yet there.
		h, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(document.querySelector("main h1") || {textContent: ""}).textContent`))
		if err == nil && strings.Contains(h, heading) {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("the form led to %q at %s, not to %q (%v)", h, b.string(`location.href`), heading, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
