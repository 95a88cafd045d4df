package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/sharednews/sharednews/archive/archivetest"
	"github.com/sharednews/sharednews/internal/browsertest"
)

// screenshotsEnv names a folder to save the browser test's screenshots in
// (the README's are in docs/).
const screenshotsEnv = "SHAREDNEWS_SCREENSHOTS"

// TestInARealBrowser drives headless Chromium through the archive of the
// real past editions as a reader would: the latest edition, an older one,
// a sector, a search and the second page of another; at a phone's width
// and a desktop's. It checks what is visible, that nothing scrolls
// sideways, that the stylesheet applies under the
// Content-Security-Policy, and that no request leaves the site.
func TestInARealBrowser(t *testing.T) {
	browser := browsertest.Start(t, 90*time.Second, chromedp.WindowSize(1280, 900))
	f := newFixture(t)
	importDigests(t, f)
	base := f.serveAtOwnAddress()

	var mu sync.Mutex
	var requested []string
	if err := chromedp.Listen(browser, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			requested = append(requested, e.Request.URL)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatalf("listen to the browser's requests: %v", err)
	}
	b := &browserSession{t: t, ctx: browser, base: base}

	// A phone first: 360 CSS pixels wide.
	b.do(chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2)))
	b.do(chromedp.Navigate(base + "/"))
	b.do(chromedp.WaitVisible("article.edition-page h1"))
	b.sees("article.edition-page h1", "News Summary of Collaboration and Shared Services from 19th November 2014")
	b.sees("article.edition-page", "Thursday 20 November 2014", "Local Government", "Gloucester councils propose the sharing of senior staff")
	b.sees("footer.site", "Sectors", "Health & Social Care")
	b.noSidewaysScroll("the latest edition")
	b.styled()
	b.readable("the latest edition")
	b.screenshot("web-latest-edition-phone.png")
	b.skipsTheHeader("the latest edition")

	// An older edition, by its link in the list of earlier editions.
	older := b.text(".earlier .edition-list li:first-child a")
	b.click(".earlier .edition-list li:first-child a", "/editions/")
	b.sees("article.edition-page h1", older)
	b.sees(".pager", "Edition 5 →")
	b.noSidewaysScroll("an older edition")

	// A sector, from the list at the foot of every page.
	b.click(`footer.site a[href$="/sectors/local-government"]`, "/sectors/local-government")
	b.sees("main h1", "Local Government")
	b.sees("main", "stories from published editions", "Gloucester councils propose the sharing of senior staff", "In Edition 5")
	b.noSidewaysScroll("a sector page")
	b.readable("a sector page")
	if n := b.count("main article.story"); n < 3 {
		t.Errorf("the sector page shows %d stories", n)
	}

	// A search, typed into the box in the header and submitted.
	b.do(chromedp.SendKeys("#site-search-q", "merger"))
	b.click(`.site-search button[type="submit"]`, "/search?q=merger")
	b.sees("main h1", "Search: merger")
	b.sees("main", "First two Welsh councils move closer to voluntary merger")
	b.noSidewaysScroll("search results")

	// The audit's search: May 2014 has eleven stories; the first page
	// shows ten and links the rest, and the second page links back.
	b.do(chromedp.Navigate(base+"/search?q=May+2014"), chromedp.WaitVisible("main h1"))
	if n := b.count("main article.story"); n != 10 {
		t.Errorf("the first page of May 2014 shows %d stories, want 10", n)
	}
	b.click(".pager .newer a", "page=2")
	b.sees("main h1", "Search: May 2014")
	b.sees(".pager", "Previous results", "Page 2 of")
	if n := b.count("main article.story"); n < 1 {
		t.Error("the second page of May 2014 shows no story")
	}
	b.noSidewaysScroll("a second page of search results")
	b.screenshot("web-search-page-2.png")

	// A desktop: the text keeps a readable measure.
	b.do(chromedp.EmulateViewport(1280, 900))
	b.do(chromedp.Navigate(base + "/editions/5"))
	b.do(chromedp.WaitVisible("article.edition-page h1"))
	width := b.number(`document.querySelector("main").getBoundingClientRect().width`)
	if width < 500 || width > 760 {
		t.Errorf("on a desktop the text column is %.0f px wide", width)
	}
	b.noSidewaysScroll("a desktop edition")
	b.screenshot("web-edition-desktop.png")

	// The past editions have no links; a new one's stories each end in
	// "Read more >>>", which a screen reader's list of links tells apart.
	f.publish("2014-11-27", "",
		f.story("Two councils share a chief executive", "local-government", "https://www.example.org/chief", "A shared chief executive."),
		f.story("Two trusts share a board", "health", "https://www.example.org/board", "A shared board."))
	for _, page := range []string{"/", "/search?q=share"} {
		b.do(chromedp.Navigate(base+page), chromedp.WaitVisible("main h1"))
		b.linksTellApart(page, "Read more: Two councils share a chief executive", "Read more: Two trusts share a board")
	}

	// Printed, as a reader in dark mode prints an edition to read on paper.
	b.do(chromedp.Navigate(base+"/"), chromedp.WaitVisible("main h1"))
	b.printsWell("the latest edition", "https://www.example.org/chief")
	b.do(chromedp.Navigate(base+"/search?q=share"), chromedp.WaitVisible("main h1"))
	b.printsWell("search results", "https://www.example.org/board")

	// A story in a right-to-left script reads from the right, its final
	// "!" at the left, in an edition and in a list of stories, on pages
	// whose language is English.
	const hebrew = "מועצת העיר משתפת פעולה עם 3 מועצות!"
	f.publish("2014-12-04", "", f.story(hebrew, "health", "https://www.example.org/rtl", "שירותים משותפים יחסכו 5 מיליון ליש\"ט."))
	b.do(chromedp.Navigate(base+"/"), chromedp.WaitVisible("main h1"))
	b.readsRightToLeft("the latest edition", "main .story h3 a", hebrew)
	b.do(chromedp.Navigate(base+"/sectors/health"), chromedp.WaitVisible("main h1"))
	b.readsRightToLeft("a sector page", "main article.story h2 a", hebrew)

	mu.Lock()
	defer mu.Unlock()
	if len(requested) < 6 {
		t.Errorf("the browser made only %d requests: %v", len(requested), requested)
	}
	for _, u := range requested {
		if !strings.HasPrefix(u, base+"/") {
			t.Errorf("a request left the site: %s", u)
		}
	}
}

// browserSession is a tab and the checks the test makes in it; a failed
// browser call ends the test.
type browserSession struct {
	t    *testing.T
	ctx  context.Context
	base string
}

func (b *browserSession) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

func (b *browserSession) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(sel))
	if err != nil {
		b.t.Fatalf("browser: text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// sees checks that the visible text of sel holds every one of want.
func (b *browserSession) sees(sel string, want ...string) {
	b.t.Helper()
	got := b.text(sel)
	for _, w := range want {
		if !strings.Contains(got, w) {
			b.t.Errorf("%s does not show %q; it shows:\n%.500s", sel, w, got)
		}
	}
}

func (b *browserSession) number(js string) float64 {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[float64](js))
	if err != nil {
		b.t.Fatalf("browser: %s: %v", js, err)
	}
	return v
}

func (b *browserSession) count(sel string) int {
	b.t.Helper()
	return int(b.number(fmt.Sprintf("document.querySelectorAll(%q).length", sel)))
}

// click follows a link (or submits a form) and waits for the page whose
// address holds path.
func (b *browserSession) click(sel, path string) {
	b.t.Helper()
	b.do(chromedp.WaitVisible(sel), chromedp.Click(sel))
	deadline := time.Now().Add(15 * time.Second)
	for {
		loc, err := chromedp.Run(b.ctx, chromedp.Location())
		if err == nil && strings.Contains(loc, path) {
			break
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("clicking %s did not lead to %s (at %s, %v)", sel, path, loc, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.do(chromedp.WaitVisible("main h1"))
}

// skipsTheHeader presses Tab on a freshly loaded page, as a keyboard
// reader does: the first stop is a link, shown in the window, that Enter
// follows past the header to the page's <main>; the next Tab is then
// inside <main>, not back in the header.
func (b *browserSession) skipsTheHeader(what string) {
	b.t.Helper()
	b.do(chromedp.KeyEvent(kb.Tab))
	focused, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(() => {
  const el = document.activeElement, r = el.getBoundingClientRect();
  const shown = r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
  return el.tagName + " " + (el.getAttribute("href") || "") + " " + el.textContent.trim() + (shown ? "" : " (not shown)");
})()`))
	if err != nil {
		b.t.Fatalf("browser: %v", err)
	}
	if !strings.HasPrefix(focused, "A #content ") || strings.HasSuffix(focused, "(not shown)") {
		b.t.Errorf("%s: the first Tab stops on %q, not on a visible link to the content", what, focused)
		return
	}
	b.do(chromedp.KeyEvent(kb.Enter), chromedp.KeyEvent(kb.Tab))
	next, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](
		`document.querySelector("main").contains(document.activeElement) ? "" : document.activeElement.outerHTML.slice(0, 120)`))
	if err != nil {
		b.t.Fatalf("browser: %v", err)
	}
	if next != "" {
		b.t.Errorf("%s: after the skip link, Tab goes to %s, outside <main>", what, next)
	}
}

// linksTellApart checks, in Chromium's accessibility tree (what a screen
// reader lists as the page's links), that links of one name go to one
// place (every story's "Read more >>>" was alike there), and that it
// lists the links named want.
func (b *browserSession) linksTellApart(what string, want ...string) {
	b.t.Helper()
	tree, err := chromedp.Run(b.ctx, func(ctx context.Context, t *chromedp.Target) (accessibility.GetFullAXTreeResult, error) {
		return cdp.Call(ctx, t, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
	})
	if err != nil {
		b.t.Fatalf("browser: the accessibility tree: %v", err)
	}
	str := func(v *accessibility.Value) string {
		var s string
		if v != nil {
			json.Unmarshal(v.Value, &s)
		}
		return s
	}
	to := map[string]string{}
	links := 0
	for _, n := range tree.Nodes {
		if n.Ignored || str(n.Role) != "link" {
			continue
		}
		links++
		name, href := str(n.Name), ""
		for _, p := range n.Properties {
			if p.Name == accessibility.PropertyNameURL {
				href = str(p.Value)
			}
		}
		if other, seen := to[name]; seen && other != href {
			b.t.Errorf("%s: a screen reader lists links named %q to %s and to %s", what, name, other, href)
		}
		to[name] = href
	}
	for _, name := range want {
		if _, ok := to[name]; !ok {
			b.t.Errorf("%s: no link is named %q (%d links)", what, name, links)
		}
	}
}

// noSidewaysScroll checks that the page is no wider than the window.
func (b *browserSession) noSidewaysScroll(what string) {
	b.t.Helper()
	scroll := b.number("document.scrollingElement.scrollWidth")
	inner := b.number("window.innerWidth")
	if scroll > inner {
		b.t.Errorf("%s scrolls sideways: %.0f px of page in a %.0f px window", what, scroll, inner)
	}
}

// printsWell checks the page as the browser prints it, for a reader whose
// system is in dark mode: dark text on white paper, none of the screen's
// controls (the site's menu, the search box, the pager, the list of
// sectors), and each story's link written out after its headline, which
// paper cannot follow.
func (b *browserSession) printsWell(what, link string) {
	b.t.Helper()
	b.emulateMedia("print", "dark")
	defer b.emulateMedia("", "")
	if colour := b.string(`getComputedStyle(document.body).color`); colour != "rgb(0, 0, 0)" {
		b.t.Errorf("%s prints its text in %s, not black", what, colour)
	}
	for _, sel := range []string{".site-nav", ".site-search", ".skip-link", ".pager", `footer.site nav[aria-label="Sectors"]`} {
		if b.count(sel) > 0 && b.string(fmt.Sprintf(`getComputedStyle(document.querySelector(%q)).display`, sel)) != "none" {
			b.t.Errorf("%s prints %s, a control that is no use on paper", what, sel)
		}
	}
	after := b.string(fmt.Sprintf(`[...document.querySelectorAll(%q)].map(a => getComputedStyle(a, "::after").content).join(" ")`,
		fmt.Sprintf("main a[href=%q]", link)))
	if !strings.Contains(after, link) {
		b.t.Errorf("%s prints no address after the link to %s (its links print %s)", what, link, after)
	}
	b.sees("main", "Two councils share a chief executive")
}

// readsRightToLeft checks that the link sel with the text text, in a
// right-to-left script and ending in "!", starts at its heading's right
// edge with its first letter and ends at the left with the "!".
func (b *browserSession) readsRightToLeft(what, sel, text string) {
	b.t.Helper()
	got := b.string(fmt.Sprintf(`(() => {
  const a = [...document.querySelectorAll(%q)].find(a => a.textContent === %q);
  if (!a) return "missing";
  const t = a.firstChild, r = document.createRange(), box = a.parentElement.getBoundingClientRect();
  r.setStart(t, 0); r.setEnd(t, 1);
  const first = r.getBoundingClientRect();
  r.setStart(t, t.length - 1); r.setEnd(t, t.length);
  const last = r.getBoundingClientRect();
  if (Math.abs(first.right - box.right) > 2) return "its first letter ends " + Math.round(box.right - first.right) + " px short of the right edge";
  if (last.right > first.left) return "its final \"!\" is right of its first letter";
  return "";
})()`, sel, text))
	if got != "" {
		b.t.Errorf("%s shows the right-to-left headline %q wrongly: %s", what, text, got)
	}
}

// emulateMedia makes the page's CSS media type media ("print", or "" for
// the screen) and its prefers-color-scheme scheme ("" for the system's).
func (b *browserSession) emulateMedia(media, scheme string) {
	b.t.Helper()
	features := []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}
	if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media, Features: features}); err != nil {
		b.t.Fatalf("browser: emulate %q media: %v", media, err)
	}
}

func (b *browserSession) string(js string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		b.t.Fatalf("browser: %s: %v", js, err)
	}
	return v
}

// styled checks that the stylesheet applied: the policy let it in.
func (b *browserSession) styled() {
	b.t.Helper()
	font, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).fontFamily`))
	if err != nil {
		b.t.Fatal(err)
	}
	if !strings.Contains(font, "Georgia") {
		b.t.Errorf("the stylesheet did not apply: body font is %q", font)
	}
}

// contrastJS is the lowest WCAG contrast ratio between the text of any
// element on the page and the page's background.
const contrastJS = `(() => {
  const lum = c => {
    const [r, g, b] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map(v => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const bg = lum(getComputedStyle(document.body).backgroundColor);
  let worst = 21;
  for (const el of document.querySelectorAll("body *")) {
    if (!el.textContent.trim() || el.closest("button")) continue;
    const fg = lum(getComputedStyle(el).color);
    worst = Math.min(worst, (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05));
  }
  return worst;
})()`

// readable checks contrast (WCAG AA, 4.5:1, for all text) and that body
// text is at least 16 px.
func (b *browserSession) readable(what string) {
	b.t.Helper()
	if worst := b.number(contrastJS); worst < 4.5 {
		b.t.Errorf("%s: some text has a contrast of only %.1f:1", what, worst)
	}
	if size := b.number(`parseFloat(getComputedStyle(document.querySelector("main p:not([class])")).fontSize)`); size < 16 {
		b.t.Errorf("%s: body text is %.1f px", what, size)
	}
}

func (b *browserSession) screenshot(name string) {
	b.t.Helper()
	dir := os.Getenv(screenshotsEnv)
	if dir == "" {
		return
	}
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot()) // what the window shows
	if err != nil {
		b.t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// serveAtOwnAddress serves the archive with its public URL set to its own
// loopback address, so a browser follows its links; with the email
// sign-up when the fixture's archive has it.
func (f *fixture) serveAtOwnAddress() string {
	f.t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	a, err := New(context.Background(), Options{PublicURL: base, SiteName: f.cfg.Bot.Name, Bot: f.bot, Store: f.store, Build: "test",
		Email: f.archive.email})
	if err != nil {
		f.t.Fatal(err)
	}
	mux := http.NewServeMux()
	a.Mount(mux)
	srv.Config.Handler = mux
	srv.Start()
	f.t.Cleanup(srv.Close)
	return base
}

// importDigests imports the newsletter's real past editions.
func importDigests(t testing.TB, f *fixture) {
	t.Helper()
	for _, e := range archivetest.RealEditions(t, "../../shared/testdata/digests", f.cfg.DigestSectors()) {
		if _, err := f.store.ImportEdition(context.Background(), e.Edition()); err != nil {
			t.Fatal(err)
		}
	}
}
