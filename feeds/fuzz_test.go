package feeds

import (
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
)

// FuzzEntryToStory feeds arbitrary bytes through parsing and entry
// conversion: nothing may panic, and every story that comes out must be
// one the newswire can store and show. The seed corpus in
// testdata/fuzz/FuzzEntryToStory holds small real feeds and tricky cases;
// run with go test -fuzz FuzzEntryToStory -fuzztime 30s ./feeds/.
func FuzzEntryToStory(f *testing.F) {
	f.Add([]byte(`<rss version="2.0"><channel><title>T</title><link>https://x.example/</link><item><title>A &amp;amp; B</title><link>/a?utm_source=x</link><description>&lt;p&gt;Hi&lt;/p&gt;</description></item></channel></rss>`), "application/rss+xml")
	feedURL, _ := url.Parse("https://feeds.example.org/news/rss.xml")
	fetched := time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC)
	const summaryChars = 120
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		feed, err := parseFeed(body, contentType, feedURL)
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("parse error %T %v is not a *ParseError", err, err)
			}
			return
		}
		ec := newEntryContext(feed, feedURL, "Fuzz", summaryChars, fetched)
		for i, item := range feed.Items {
			e, ok := ec.toEntry(item, feed.extras[i])
			if !ok {
				continue
			}
			s := e.story
			u, err := url.Parse(s.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				t.Fatalf("link %q is not an absolute web address", s.URL)
			}
			if c, err := digest.Canonicalize(s.URL); err != nil || c != s.URL {
				t.Fatalf("link %q is not canonical: %q, %v", s.URL, c, err)
			}
			// A plain-text title may say "<main>": renderers escape it.
			checkText(t, "headline", s.Headline, maxHeadlineRunes, feed.extras[i].textTitle)
			if s.Headline == "" {
				t.Fatal("empty headline")
			}
			checkText(t, "summary", s.Summary, summaryChars, false)
			if s.PublishedAt.IsZero() || s.PublishedAt.After(fetched.Add(24*time.Hour)) {
				t.Fatalf("published %v", s.PublishedAt)
			}
		}
	})
}

// checkText fails unless s is clean display text of at most max runes,
// with nothing that reads as a tag unless literal.
func checkText(t *testing.T, what, s string, max int, literal bool) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%s %q is not UTF-8", what, s)
	}
	if n := utf8.RuneCountInString(s); n > max {
		t.Fatalf("%s has %d characters, more than %d", what, n, max)
	}
	if s != strings.TrimSpace(s) || strings.Contains(s, "  ") {
		t.Fatalf("%s %q has stray spaces", what, s)
	}
	for i, r := range s {
		if unicode.IsControl(r) || r == utf8.RuneError || digest.Unprintable(r) {
			t.Fatalf("%s %q has %U", what, s, r)
		}
		if !literal && r == '<' && i+1 < len(s) && digest.StartsTag(rune(s[i+1])) {
			t.Fatalf("%s %q could read as markup", what, s)
		}
	}
}
