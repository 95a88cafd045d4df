package email_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/email/smtptest"
	"github.com/sharednews/sharednews/internal/browsertest"
	"github.com/sharednews/sharednews/store"
)

// TestEditionMailFitsAPhoneWithLongLinks opens the HTML part of an edition
// mail in headless Chromium, as a webmail shows it, at a phone's width and
// a desktop's. A story queued under its link keeps the link as its
// headline until an editor edits it, and a summary may quote a long
// address: such a link (a council's document with a session ID) widened
// the mail's 600 px column to 913 px, at a phone's width and a desktop's,
// so a reader scrolled sideways to read every line.
func TestEditionMailFitsAPhoneWithLongLinks(t *testing.T) {
	b := browsertest.Start(t, 60*time.Second)
	link := "https://democracy.council.example/documents/s41257/SharedChiefExecutiveBusinessCaseFinalVersionAppendixB.pdf?" +
		"SessionID=" + strings.Repeat("9F3A0C7E", 8)
	page := mailedEditionPage(t, digest.Story{URL: link, Headline: link, Summary: "The report is at " + link + " for all to read.",
		Source: "www.council.example"})
	for _, width := range []int64{360, 1280} {
		if err := chromedp.Do(b, chromedp.EmulateViewport(width, 800), chromedp.Navigate(page)); err != nil {
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

// TestEditionMailReadsRightToLeftStories opens an edition mail holding a
// story in Hebrew in headless Chromium: its headline and summary read
// from the right edge, the headline's final "!" at the left. The mail is
// lang="en" and left to right, and such a story was laid out as part of
// an English paragraph, from the left, its "!" at the right.
func TestEditionMailReadsRightToLeftStories(t *testing.T) {
	b := browsertest.Start(t, 60*time.Second)
	const headline = "מועצת העיר משתפת פעולה עם 3 מועצות!"
	page := mailedEditionPage(t, digest.Story{URL: "https://www.example.org/rtl", Headline: headline,
		Summary: "שירותים משותפים יחסכו 5 מיליון ליש\"ט.", Source: "Example News"})
	if err := chromedp.Do(b, chromedp.EmulateViewport(600, 800), chromedp.Navigate(page)); err != nil {
		t.Fatalf("browser: %v", err)
	}
	got := must(chromedp.Run(b, chromedp.Evaluate[string](`(() => {
  const a = document.querySelector("h3 a"), t = a.firstChild, r = document.createRange();
  const box = a.parentElement.getBoundingClientRect();
  r.setStart(t, 0); r.setEnd(t, 1);
  const first = r.getBoundingClientRect();
  r.setStart(t, t.length - 1); r.setEnd(t, t.length);
  const last = r.getBoundingClientRect();
  const summary = document.querySelector(".story p").firstChild;
  r.setStart(summary, 0); r.setEnd(summary, 1);
  const start = r.getBoundingClientRect(), para = summary.parentElement.getBoundingClientRect();
  const wrong = [];
  if (Math.abs(first.right - box.right) > 2) wrong.push("the headline's first letter ends " + Math.round(box.right - first.right) + " px short of the right edge");
  if (last.right > first.left) wrong.push("the headline's final \"!\" is right of its first letter");
  if (Math.abs(start.right - para.right) > 2) wrong.push("the summary's first letter ends " + Math.round(para.right - start.right) + " px short of the right edge");
  return wrong.join("; ");
})()`)))(t)
	if got != "" {
		t.Errorf("the mail shows the Hebrew story wrongly: %s", got)
	}
}

// mailedEditionPage publishes an edition of story (in Health & Social
// Care) to one reader and serves the HTML part of the mail they receive on
// loopback, as a webmail shows it; it returns the page's address.
func mailedEditionPage(t *testing.T, story digest.Story) string {
	t.Helper()
	f := newFixture(t, smtptest.Options{})
	f.importReaders("ana@example.org")
	ctx := context.Background()
	editor := digest.Person{Platform: "console", ID: "ed"}
	story.Sector, story.Submitter = "health", editor
	s, err := f.store.Submit(ctx, store.Submission{Limit: 100, Story: story})
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
	t.Cleanup(page.Close)
	return page.URL
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
