package email_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/email/smtptest"
	"github.com/sharednews/sharednews/store"
)

// The browser tests' environment, as the web archive's (README, "Run the
// tests"): SHAREDNEWS_NO_BROWSER skips them, SHAREDNEWS_CHROMIUM names
// the browser.
const (
	noBrowserEnv = "SHAREDNEWS_NO_BROWSER"
	chromiumEnv  = "SHAREDNEWS_CHROMIUM"
)

// TestEditionMailFitsAPhoneWithLongLinks opens the HTML part of an edition
// mail in headless Chromium, as a webmail shows it, at a phone's width and
// a desktop's. A story queued under its link keeps the link as its
// headline until an editor edits it, and a summary may quote a long
// address: such a link (a council's document with a session ID) widened
// the mail's 600 px column to 913 px, at a phone's width and a desktop's,
// so a reader scrolled sideways to read every line.
func TestEditionMailFitsAPhoneWithLongLinks(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is not short")
	}
	if os.Getenv(noBrowserEnv) != "" {
		t.Skipf("%s is set", noBrowserEnv)
	}
	f := newFixture(t, smtptest.Options{})
	f.importReaders("ana@example.org")
	ctx := context.Background()
	editor := digest.Person{Platform: "console", ID: "ed"}
	link := "https://democracy.council.example/documents/s41257/SharedChiefExecutiveBusinessCaseFinalVersionAppendixB.pdf?" +
		"SessionID=" + strings.Repeat("9F3A0C7E", 8)
	s, err := f.store.Submit(ctx, store.Submission{Limit: 100, Story: digest.Story{URL: link, Headline: link,
		Summary: "The report is at " + link + " for all to read.", Source: "www.council.example", Sector: "health", Submitter: editor}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.Approve(ctx, store.Decision{StoryID: s.ID, By: editor}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.Publish(ctx, store.Publication{Title: "News Summary from 19th November 2014", Email: true}); err != nil {
		t.Fatal(err)
	}
	f.worker.Deliver(ctx)
	msgs := f.server.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d mails, want 1", len(msgs))
	}
	_, _, html := parts(t, msgs[0])
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, html)
	}))
	defer page.Close()

	b := startChromium(t)
	for _, width := range []int64{360, 1280} {
		if err := chromedp.Do(b, chromedp.EmulateViewport(width, 800), chromedp.Navigate(page.URL)); err != nil {
			t.Fatalf("browser: %v", err)
		}
		if !strings.Contains(must(chromedp.Run(b, chromedp.Text("h3")))(t), "SharedChiefExecutive") {
			t.Fatal("the mail does not show the story's headline")
		}
		scroll := must(chromedp.Run(b, chromedp.Evaluate[float64](`document.scrollingElement.scrollWidth`)))(t)
		inner := must(chromedp.Run(b, chromedp.Evaluate[float64](`window.innerWidth`)))(t)
		if scroll > inner {
			t.Errorf("at %d px the mail scrolls sideways: %.0f px of mail in a %.0f px window", width, scroll, inner)
		}
		column := must(chromedp.Run(b, chromedp.Evaluate[float64](`document.querySelector("h3").closest("table").getBoundingClientRect().width`)))(t)
		if column > 600 {
			t.Errorf("at %d px the mail's column is %.0f px wide, over its 600", width, column)
		}
	}
}

// must is a browser call's answer, or the end of the test.
func must[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatalf("browser: %v", err)
		}
		return v
	}
}

// startChromium starts headless Chromium for the test and returns its
// first tab, closed when the test ends.
func startChromium(t *testing.T) context.Context {
	t.Helper()
	chromium := os.Getenv(chromiumEnv)
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	t.Cleanup(cancelAlloc)
	b, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(b); err != nil {
		t.Fatalf("Chromium (%s) did not start: %v\nInstall Debian's chromium package, name another binary in %s, or set %s=1 to skip this test locally.",
			chromium, err, chromiumEnv, noBrowserEnv)
	}
	return b
}
