package feeds

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store/storetest"
)

// FuzzFetchToStory serves arbitrary bytes, under an arbitrary
// Content-Type, from a loopback server and takes them through the whole
// path a feed takes: fetch, decoding, the XML check, parsing and entry
// conversion. Nothing may panic, every failure must be a sentence
// (*FetchError or *ParseError), and every story that comes out must be one
// the newswire can store and show. The seed corpus in
// testdata/fuzz/FuzzFetchToStory holds small real feeds, the encodings,
// prologs, truncations and dates of issue 12, and tricky cases; run with
// go test -fuzz FuzzFetchToStory -fuzztime 60s ./feeds/.
func FuzzFetchToStory(f *testing.F) {
	f.Add([]byte(`<rss version="2.0"><channel><title>T</title><link>https://x.example/</link><item><title>A &amp;amp; B</title><link>/a?utm_source=x</link><description>&lt;p&gt;Hi&lt;/p&gt;</description></item></channel></rss>`), "application/rss+xml")
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","url":"https://x.example/a","title":"A"},{"id":"2","url":"https://x.example/b","ti`), "application/feed+json")
	f.Add([]byte("<br />\n<b>Warning</b>: headers already sent<br />\n<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><item><title>A</title><link>https://x.example/a</link></item></channel></rss>"), "text/xml")
	var (
		mu      sync.Mutex
		serving = map[string]struct {
			body        []byte
			contentType string
		}{}
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		c := serving[r.URL.Path]
		mu.Unlock()
		w.Header()["Content-Type"] = nil
		if c.contentType != "" {
			w.Header().Set("Content-Type", c.contentType)
		}
		w.Write(c.body)
	}))
	f.Cleanup(srv.Close)
	cfg := feedsConfig()
	cfg.MaxBytes = 1 << 20
	p, err := New(Options{Feeds: cfg, Sectors: testSectors(), Store: storetest.Open(f, "")})
	if err != nil {
		f.Fatal(err)
	}
	fetched := time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC)
	var n atomic.Int64
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		if !utf8.ValidString(contentType) || strings.ContainsAny(contentType, "\r\n\x00") {
			return // not a header a server can send
		}
		path := fmt.Sprintf("/feed/%d", n.Add(1))
		mu.Lock()
		serving[path] = struct {
			body        []byte
			contentType string
		}{body, contentType}
		mu.Unlock()
		defer func() {
			mu.Lock()
			delete(serving, path)
			mu.Unlock()
		}()
		ctx := context.Background()
		resp, err := p.fetch(ctx, srv.URL+path, "", "", new(bodyMeter))
		if err != nil {
			var fe *FetchError
			if !errors.As(err, &fe) {
				t.Fatalf("fetch error %T %v is not a *FetchError", err, err)
			}
			return
		}
		src := &source{cfg: config.FeedSource{URL: srv.URL + path, Name: "Fuzz"}, filter: newFilter(nil, nil)}
		got, err := p.read(ctx, src, &resp, fetched)
		if err == nil {
			err = p.prepare(ctx, src, got.entries)
		}
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("read error %T %v is not a *ParseError", err, err)
			}
			return
		}
		// A JSON Feed's summary and content_text are plain text, and Atom
		// XHTML's escaped text is text, in which "<main>" is what they
		// say, as in a plain-text title.
		decoded := toUTF8(resp.body, resp.contentType)
		literal := bytes.HasPrefix(bytes.TrimLeft(decoded, " \t\r\n"), []byte("{")) || bytes.Contains(bytes.ToLower(decoded), []byte("xhtml"))
		for _, e := range got.entries {
			checkFuzzStory(t, e.Story, p.summaryChars, fetched, literal)
		}
	})
}

// checkFuzzStory fails unless s is a story the newswire can store and show.
func checkFuzzStory(t *testing.T, s digest.Story, summaryChars int, fetched time.Time, literalSummary bool) {
	t.Helper()
	u, err := url.Parse(s.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		t.Fatalf("link %q is not an absolute web address", s.URL)
	}
	if c, err := digest.Canonicalize(s.URL); err != nil || c != s.URL {
		t.Fatalf("link %q is not canonical: %q, %v", s.URL, c, err)
	}
	// A plain-text title may say "<main>": every renderer escapes it.
	checkText(t, "headline", s.Headline, maxHeadlineRunes, true)
	if s.Headline == "" || s.Headline == s.URL {
		t.Fatalf("headline %q for %s", s.Headline, s.URL)
	}
	checkText(t, "summary", s.Summary, summaryChars, literalSummary)
	if s.PublishedAt.IsZero() || s.PublishedAt.After(fetched.Add(24*time.Hour)) {
		t.Fatalf("published %v", s.PublishedAt)
	}
	if s.State != digest.StateNewswire && s.State != digest.StateQueued || s.Sector == "" {
		t.Fatalf("state %q, sector %q", s.State, s.Sector)
	}
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
