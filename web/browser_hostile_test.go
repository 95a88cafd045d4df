package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sharednews/sharednews/internal/browsertest"
	"github.com/sharednews/sharednews/store"
)

// TestHostileTextInARealBrowser publishes, beside the real past editions,
// an edition whose every field an editor or a feed fills holds markup
// (a script, an image whose onerror would run, a javascript: link),
// entities, a right-to-left override and words too long for a phone's
// line, and reads it in headless Chromium at 360 px wide wherever it
// shows: the edition, the home page, its sector, a search and the list of
// editions. The markup shows as the text it is and makes no element, no
// script changes the page (each would retitle it), and nothing scrolls
// sideways. The markup test of the pages' HTML (TestAllTextIsEscaped)
// reads what was sent; this reads what a browser made of it.
func TestHostileTextInARealBrowser(t *testing.T) {
	browser := browsertest.Start(t, 2*time.Minute, chromedp.WindowSize(1280, 900))
	f := newFixture(t)
	importDigests(t, f)
	const (
		script = `<script>document.title='PWNED'</script>`
		img    = `"><img src=x onerror="document.title='PWNED'">`
	)
	long := strings.Repeat("Collaboration", 20) // 260 letters, no place to break
	hostile := f.story(img+" Councils & friends "+long, "health", "https://example.org/"+strings.Repeat("a", 300)+"?x=1&y=2",
		"Summary "+script+" &amp; \u202eevil\u202c "+long)
	if _, err := f.store.EditStory(context.Background(), hostile.ID, store.StoryEdit{Commentary: ptr("Commentary " + img + " " + long)}); err != nil {
		t.Fatal(err)
	}
	linked := f.story("A story whose link is a script", "health", "javascript:document.title='PWNED'", "Its summary. "+long)
	pub := f.publish("2026-10-01", "Intro "+script+img+" "+long+" &amp; \u202eRTL", hostile, linked)
	base := f.serveAtOwnAddress()
	b := &browserSession{t: t, ctx: browser, base: base}

	b.do(chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2)))
	edition := "/editions/" + itoa(pub.Edition.Number)
	for _, p := range []string{edition, "/", "/sectors/health", "/search?q=councils+friends", "/search?q=script", "/editions"} {
		b.do(chromedp.Navigate(base+p), chromedp.WaitVisible("main h1"))
		if title := b.string("document.title"); strings.Contains(title, "PWNED") {
			t.Errorf("%s: a script ran: the title is %q", p, title)
		}
		if n := b.count(`main script, main img, main a[href^="javascript:"], main [onerror]`); n > 0 {
			t.Errorf("%s: the story's markup made %d elements", p, n)
		}
		b.noSidewaysScroll(p)
	}
	b.do(chromedp.Navigate(base+edition), chromedp.WaitVisible("main h1"))
	b.sees("article.edition-page", "Intro "+script, img+" Councils & friends", "Summary "+script+" &amp; ", "Commentary "+img)
}
