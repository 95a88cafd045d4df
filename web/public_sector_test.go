package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/sharednews/sharednews/internal/browsertest"
)

// wcagJS lists what a page fails of WCAG 2.2 AA as a script can tell from
// the rendered page: a landmark missing (header, nav, main, footer); text
// under 4.5:1 against the background it is drawn on (the nearest element
// with a background, as a note's panel or a button's face, not the
// page's alone); a link told from its sentence by colour alone (1.4.1:
// the site's name, set apart in the header, is the one link without an
// underline); and a pointer target under 24 by 24 px whose 24 px circle
// reaches another target (2.5.8; a link inside a sentence is exempt).
const wcagJS = `(() => {
  const out = [];
  for (const l of ["header", "nav", "main", "footer"]) if (!document.querySelector(l)) out.push("no <" + l + "> landmark");
  const rgba = c => (c.match(/[\d.]+/g) || [0, 0, 0, 0]).map(Number);
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const behind = el => { for (let e = el; e; e = e.parentElement) { const c = rgba(getComputedStyle(e).backgroundColor); if (c.length < 4 || c[3] > 0) return c; } return [255, 255, 255]; };
  for (const el of document.querySelectorAll("body *")) {
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.bottom < -100) continue; // the skip link waits out of sight
    const fg = lum(rgba(getComputedStyle(el).color)), bg = lum(behind(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) out.push("contrast " + ratio.toFixed(2) + ":1: <" + el.tagName.toLowerCase() + " class=" + el.className + "> " + el.textContent.trim().slice(0, 40));
  }
  for (const a of document.querySelectorAll("a[href]")) {
    if (!a.closest(".site-name, .skip-link") && !getComputedStyle(a).textDecorationLine.includes("underline"))
      out.push("a link not underlined: " + a.textContent.trim().slice(0, 40));
  }
  const targets = [...document.querySelectorAll("a[href], button, input:not([type=hidden])")].filter(e => e.getBoundingClientRect().width > 0 && !e.closest(".skip-link"));
  for (const el of targets) {
    const r = el.getBoundingClientRect();
    if (r.width >= 24 && r.height >= 24) continue;
    const block = el.closest("p, li, label");
    if (el.tagName === "A" && block && block.textContent.trim().length > el.textContent.trim().length + 3) continue;
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    for (const o of targets) {
      if (o === el || o.contains(el) || el.contains(o) || (el.closest("label") && el.closest("label").contains(o))) continue;
      const q = o.getBoundingClientRect();
      if (Math.hypot(Math.max(q.left - cx, 0, cx - q.right), Math.max(q.top - cy, 0, cy - q.bottom)) < 12) {
        out.push("a target of " + r.width.toFixed(0) + "x" + r.height.toFixed(0) + " px (" + el.textContent.trim().slice(0, 30) + ") is within 12 px of another (" + o.textContent.trim().slice(0, 30) + ")");
        break;
      }
    }
  }
  return out.join("\n");
})()`

// focusJS is how the focused element shows that it has the focus: its
// outline's style, width and colour, and its contrast against the page.
const focusJS = `(() => {
  const e = document.activeElement, s = getComputedStyle(e);
  return JSON.stringify([e.tagName + " " + (e.getAttribute("href") || e.type || ""), s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]);
})()`

// TestAsAPublicSectorSiteInARealBrowser reads the archive of the real past
// editions, with the email sign-up, in headless Chromium as a UK public
// body's accessibility and IT checks would: every page, in the light and
// the dark scheme, at a desktop's 1280 px, at 640 px (1280 px at 200%
// zoom) and at 320 px, passes wcagJS; every stop Tab makes shows a focus
// outline of at least 2 px; nothing moves for a reader who asked for
// reduced motion; the browser reports no Content-Security-Policy
// violation; another site can neither frame a page nor send the sign-up
// form; and a reader who signs up and then goes back and forward sees the
// pages, not the browser's "Confirm Form Resubmission", and is sent one
// mail.
func TestAsAPublicSectorSiteInARealBrowser(t *testing.T) {
	browser := browsertest.Start(t, 5*time.Minute, chromedp.WindowSize(1280, 900))
	f := newEmailFixture(t)
	importDigests(t, f.fixture)
	base := f.serveAtOwnAddress()
	b := &browserSession{t: t, ctx: browser, base: base}

	var mu sync.Mutex
	var console []string
	messages := chromedp.Console(browser)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			mu.Lock()
			console = append(console, m.Source+": "+m.Text)
			mu.Unlock()
		}
	}()
	consoleSays := func(part string) []string {
		mu.Lock()
		defer mu.Unlock()
		var found []string
		for _, m := range console {
			if strings.Contains(m, part) {
				found = append(found, m)
			}
		}
		return found
	}

	pages := []string{"/", "/editions", "/editions/1", "/sectors/health", "/search?q=merger", "/search?q=zzqx", "/subscribe",
		"/no-such-page", "/unsubscribe?t=u.1.x", "/subscribe/confirm?t=x"}
	for _, scheme := range []string{"light", "dark"} {
		b.emulateMedia("", scheme)
		for _, width := range []int64{1280, 640, 320} {
			b.do(chromedp.EmulateViewport(width, 800))
			for _, p := range pages {
				b.do(chromedp.Navigate(base+p), chromedp.WaitVisible("main h1"))
				if problems := b.string(wcagJS); problems != "" {
					t.Errorf("%s in the %s scheme at %d px:\n%s", p, scheme, width, problems)
				}
				b.noSidewaysScroll(fmt.Sprintf("%s at %d px", p, width))
			}
		}
	}
	b.emulateMedia("", "")

	// Every stop of the keyboard shows where it is.
	b.do(chromedp.EmulateViewport(1280, 800))
	for _, p := range pages {
		b.do(chromedp.Navigate(base+p), chromedp.WaitVisible("main h1"))
		stops := b.count(`a[href], button, input:not([type=hidden])`)
		for range stops {
			b.do(chromedp.KeyEvent(kb.Tab))
			var el, style, colour string
			var width float64
			if err := json.Unmarshal([]byte(b.string(focusJS)), &[]any{&el, &style, &width, &colour}); err != nil {
				t.Fatal(err)
			}
			if style == "none" || width < 2 {
				t.Errorf("%s: %s shows no focus outline (%s %.0f px %s)", p, el, style, width, colour)
			}
		}
	}

	// A reader who asked for reduced motion: nothing animates, and
	// nothing scrolls smoothly.
	if _, err := chromedp.Call(browser, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}}); err != nil {
		t.Fatal(err)
	}
	b.do(chromedp.Navigate(base+"/"), chromedp.WaitVisible("main h1"))
	if moving := b.string(`[...document.querySelectorAll("*")].filter(e => { const s = getComputedStyle(e);
		return parseFloat(s.transitionDuration) > 0 || parseFloat(s.animationDuration) > 0 || s.scrollBehavior === "smooth"; })
		.map(e => e.tagName).join(" ")`); moving != "" {
		t.Errorf("elements move for a reader who asked for reduced motion: %s", moving)
	}
	b.emulateMedia("", "")

	if v := consoleSays("Content Security Policy"); len(v) > 0 {
		t.Errorf("the pages break their own Content-Security-Policy:\n%s", strings.Join(v, "\n"))
	}

	// Another site: it frames a page, and sends the sign-up form from
	// its own page, as a visitor's browser would.
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/frame" {
			fmt.Fprintf(w, `<!DOCTYPE html><title>Framed</title><iframe src="%s/subscribe"></iframe>`, base)
			return
		}
		fmt.Fprintf(w, `<!DOCTYPE html><title>Win a prize</title><form method="post" action="%s/subscribe"><input name="address" value="victim@example.org"></form>
<script>document.forms[0].submit()</script>`, base)
	}))
	defer other.Close()
	otherSite := strings.Replace(other.URL, "127.0.0.1", "localhost", 1) // another site, not only another port
	b.do(chromedp.Navigate(otherSite + "/frame"))
	deadline := time.Now().Add(10 * time.Second)
	for len(consoleSays("frame-ancestors")) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if len(consoleSays("frame-ancestors")) == 0 {
		t.Error("another site framed the sign-up page: the browser refused nothing")
	}
	b.do(chromedp.Navigate(otherSite + "/prize"))
	b.waitFor("This form came from another site")
	if n := len(f.smtp.Messages()); n != 0 {
		t.Errorf("another site's form had %d confirmation mails sent", n)
	}

	// The reader's own sign-up; then Back, to the form; then Forward, to
	// the answer again, which is a page, not the browser's question
	// whether to send the form again; then Reload.
	b.do(chromedp.Navigate(base+"/subscribe"), chromedp.WaitVisible("main h1"))
	b.do(chromedp.SendKeys("#subscribe-address", "reader@example.org"), chromedp.Click(`form.subscribe button[type="submit"]`))
	b.waitFor("Check your inbox")
	// By script, as the toolbar's buttons: a page the browser keeps
	// (its back/forward cache) comes back without a load event, which
	// chromedp's NavigateBack would wait for.
	b.string(`history.back(), ""`)
	b.waitFor("Get Shared News by email")
	b.string(`history.forward(), ""`)
	b.waitFor("Check your inbox")
	b.do(chromedp.Reload())
	b.waitFor("Check your inbox")
	if n := len(f.smtp.Messages()); n != 1 {
		t.Errorf("signing up, Back, Forward and Reload sent %d confirmation mails, want 1", n)
	}
}
