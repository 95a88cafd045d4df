package email_test

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sharednews/sharednews/archive/archivetest"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/email/smtptest"
	"github.com/sharednews/sharednews/internal/browsertest"
	"github.com/sharednews/sharednews/store"
)

// The tests in this file read the email edition as a reader's mail
// client does: the newsletter's real past editions, imported as `sharednews
// import` imports them, mailed through a real SMTP server, and read back
// from the bytes it received.

// importedEditions imports the newsletter's real past editions into f's
// store and returns each as the delivery worker hands it to the email
// edition.
func importedEditions(t *testing.T, f *fixture) []digest.Edition {
	t.Helper()
	ctx := context.Background()
	var numbers []int
	for _, e := range archivetest.RealEditions(t, "../../shared/testdata/digests", config.Default().DigestSectors()) {
		imp, err := f.store.ImportEdition(ctx, e.Edition())
		if err != nil {
			t.Fatal(err)
		}
		numbers = append(numbers, imp.Number)
	}
	var out []digest.Edition
	for n := 1; n <= len(numbers); n++ { // numbers follow dates, whatever the import's order
		rec, err := f.store.Edition(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		e := rec.Edition
		e.Lead, e.Sections = digest.Arrange(f.sectors, rec.Layout, rec.Stories)
		out = append(out, e)
	}
	return out
}

// inboxChecks holds one mail to what a mail client and a receiving
// provider hold a newsletter to, beyond the wire's standards (checkWire):
// the list headers of RFC 2369 and RFC 8058 with one https link, the
// automatic-mail headers that keep out-of-office replies away (RFC 3834),
// and an HTML part that a webmail shows as sent, styled inline, with no
// markup it strips or resources it fetches, and links that lead somewhere
// from any inbox.
func inboxChecks(t *testing.T, m smtptest.Message) wireMail {
	t.Helper()
	w := checkWire(t, m)
	h := w.header
	if got := h.Get("List-Unsubscribe"); !regexp.MustCompile(`^<https://[^<>\s]+>$`).MatchString(got) {
		t.Errorf("List-Unsubscribe %q, want one https link", got)
	}
	if got := h.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post %q", got)
	}
	if got := h.Get("Auto-Submitted"); got != "auto-generated" {
		t.Errorf("Auto-Submitted %q, want auto-generated (RFC 3834: no automatic replies)", got)
	}
	if got := h.Get("Precedence"); got != "list" && got != "bulk" {
		t.Errorf("Precedence %q, want list or bulk", got)
	}
	html := strings.ToLower(w.html)
	for _, banned := range []string{"<style", "<script", "<link", "<iframe", "<object", "<embed", "<form", "url(", "@import", "javascript:"} {
		if strings.Contains(html, banned) {
			t.Errorf("the HTML part has %q, which webmails strip or refuse", banned)
		}
	}
	for _, src := range regexp.MustCompile(`\ssrc\s*=\s*"([^"]*)"`).FindAllStringSubmatch(w.html, -1) {
		t.Errorf("the HTML part loads %q, a resource fetched from outside the mail", src[1])
	}
	for _, img := range regexp.MustCompile(`<img\b[^>]*>`).FindAllString(w.html, -1) {
		if !regexp.MustCompile(`\salt="[^"]+"`).MatchString(img) {
			t.Errorf("an image without alt text: %s", img)
		}
	}
	for _, href := range regexp.MustCompile(`\shref="([^"]*)"`).FindAllStringSubmatch(w.html, -1) {
		if !strings.HasPrefix(href[1], "https://") && !strings.HasPrefix(href[1], "http://") && !strings.HasPrefix(href[1], "mailto:") {
			t.Errorf("the link %q leads nowhere from an inbox: not absolute", href[1])
		}
	}
	for _, tag := range regexp.MustCompile(`<(p|h[1-6]|td|div|a|span)\b[^>]*>`).FindAllString(w.html, -1) {
		if !strings.Contains(tag, ` style="`) && !strings.HasPrefix(tag, "<div") && !strings.HasPrefix(tag, "<span") {
			t.Errorf("an element without inline style, which a webmail that drops styles shows unstyled: %s", tag)
		}
	}
	return w
}

// TestPastEditionsReadInAnInbox mails each of the newsletter's real past
// editions to two readers and reads every mail as a mail client does:
// each reader's mail has a Message-ID of its own, a retry of one the same;
// the text part has every sector as a heading of its own, between the
// rules the newsletter always drew.
func TestPastEditionsReadInAnInbox(t *testing.T) {
	f := newFixture(t, smtptest.Options{})
	f.importReaders("ana@example.org", "ben@example.org")
	ids := map[string]string{}
	editions := importedEditions(t, f)
	for _, e := range editions {
		for _, reader := range []string{"ana@example.org", "ben@example.org"} {
			w := inboxChecks(t, f.postEdition(e, reader))
			id := w.header.Get("Message-Id")
			if other, ok := ids[id]; ok {
				t.Errorf("edition %d to %s has the Message-ID of %s's: %s", e.Number, reader, other, id)
			}
			ids[id] = fmt.Sprintf("edition %d to %s", e.Number, reader)
			lines := strings.Split(strings.ReplaceAll(w.text, "\r\n", "\n"), "\n")
			for _, sec := range e.Outline().Sections {
				if sec.Blank() {
					continue
				}
				at := slices.Index(lines, sec.Heading)
				if at < 1 || !sec.Unruled && lines[at-1] != digest.SectionRule || at+1 < len(lines) && lines[at+1] != "" {
					t.Errorf("edition %d: the text part has no heading %q on a line of its own under a rule", e.Number, sec.Heading)
				}
			}
		}
		again := checkWire(t, f.postEdition(e, "ana@example.org")) // a retry, after a crash before the ledger heard
		if id := again.header.Get("Message-Id"); ids[id] != fmt.Sprintf("edition %d to ana@example.org", e.Number) {
			t.Errorf("edition %d sent to ana again has the Message-ID %s, not the first mail's", e.Number, id)
		}
	}
	if len(ids) != 2*len(editions) {
		t.Errorf("%d distinct Message-IDs, want one for each of %d editions to 2 readers", len(ids), len(editions))
	}
}

// TestHardStoriesReadInAnInbox publishes, through the delivery worker, an
// edition of the stories a mail most often mangles (an emoji in a
// headline, a source named in a right-to-left script, a summary of 5,000
// characters, markup an editor typed as text) and reads the mail as a
// client does: the text part shows each story's link once; the HTML part
// shows the editor's "<b>" as the characters they typed; and neither the
// HTML of this edition nor of the real past ones, opened in headless
// Chromium at a phone's 360 px, scrolls sideways.
func TestHardStoriesReadInAnInbox(t *testing.T) {
	f := newFixture(t, smtptest.Options{})
	f.importReaders("ana@example.org")
	ctx := context.Background()
	editor := digest.Person{Platform: "console", ID: "ed"}
	long := strings.TrimSpace(strings.Repeat("The two councils expect to save £1m a year by 2027, and to keep every front-line post. ", 58))[:5000]
	stories := []digest.Story{
		{URL: "https://example.org/emoji?a=1&b=2", Headline: "Councils share a chief executive 🏛️👩🏽‍⚕️", Summary: "A first 🎉.", Sector: "health"},
		{URL: "https://example.org/rtl", Headline: "A partnership across the sea", Summary: "Reported from abroad.",
			Source: "مجلس مدينة الرياض", Sector: "health"},
		{URL: "https://example.org/long", Headline: "The business case in full", Summary: long, Sector: "housing",
			Commentary: "<b>Read this first</b> & then the rest."},
	}
	for _, st := range stories {
		st.Submitter = editor
		s, err := f.store.Submit(ctx, store.Submission{Limit: 100, Story: st})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.Approve(ctx, store.Decision{StoryID: s.ID, By: editor}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.store.Publish(ctx, store.Publication{Title: "Shared News — 19 November 2026 🏛️", Email: true}); err != nil {
		t.Fatal(err)
	}
	f.worker.Deliver(ctx)
	msgs := f.server.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d mails, want 1", len(msgs))
	}
	w := inboxChecks(t, msgs[0])
	if subject, err := new(mime.WordDecoder).DecodeHeader(w.header.Get("Subject")); err != nil || subject != "Shared News — 19 November 2026 🏛️" {
		t.Errorf("Subject decodes to %q (%v)", subject, err)
	}
	for _, st := range stories {
		if n := strings.Count(w.text, st.URL); n != 1 {
			t.Errorf("the text part shows %s %d times, want once", st.URL, n)
		}
		if !strings.Contains(w.html, `href="`+strings.ReplaceAll(st.URL, "&", "&amp;")+`"`) {
			t.Errorf("the HTML part does not link %s", st.URL)
		}
	}
	for _, want := range []string{"🏛️👩🏽‍⚕️", "مجلس مدينة الرياض", long, "<b>Read this first</b> & then the rest."} {
		if !strings.Contains(w.text, want) {
			t.Errorf("the text part lacks %q", clip(want))
		}
	}
	for _, want := range []string{"🏛️👩🏽‍⚕️", "مجلس مدينة الرياض", long, "&lt;b&gt;Read this first&lt;/b&gt; &amp; then the rest."} {
		if !strings.Contains(w.html, want) {
			t.Errorf("the HTML part lacks %q", clip(want))
		}
	}
	if strings.Contains(w.html, "<b>Read this first") {
		t.Error("the editor's typed <b> is markup in the HTML part, not text")
	}

	pages := []string{w.html}
	g := newFixture(t, smtptest.Options{})
	g.importReaders("ana@example.org")
	for _, e := range importedEditions(t, g) {
		pages = append(pages, checkWire(t, g.postEdition(e, "ana@example.org")).html)
	}
	b := browsertest.Start(t, 60*time.Second)
	for i, html := range pages {
		page := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) {
			rw.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(rw, html)
		}))
		if err := chromedp.Do(b, chromedp.EmulateViewport(360, 740), chromedp.Navigate(page.URL)); err != nil {
			t.Fatalf("browser: %v", err)
		}
		scroll := must(chromedp.Run(b, chromedp.Evaluate[float64](`document.scrollingElement.scrollWidth`)))(t)
		inner := must(chromedp.Run(b, chromedp.Evaluate[float64](`window.innerWidth`)))(t)
		if scroll > inner {
			t.Errorf("mail %d scrolls sideways at 360 px: %.0f px of mail in a %.0f px window", i, scroll, inner)
		}
		page.Close()
	}
}
