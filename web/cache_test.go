package web

import (
	"strings"
	"testing"
)

func TestPageCacheIsBoundedAndPerVersion(t *testing.T) {
	c := newPageCache(1000)
	page := func(size int) cachedPage {
		return cachedPage{contentType: "text/html", body: []byte(strings.Repeat("x", size))}
	}
	c.put("v1", "/editions/1", page(100))
	if got, ok := c.get("v1", "/editions/1"); !ok || len(got.body) != 100 {
		t.Fatal("a cached page is not found")
	}
	if _, ok := c.get("v2", "/editions/1"); ok {
		t.Fatal("another version's page was served")
	}
	c.put("v2", "/editions/2", page(100))
	if _, ok := c.get("v1", "/editions/1"); ok {
		t.Fatal("a new version kept the old version's pages")
	}
	for n := 3; n < 20; n++ {
		c.put("v2", "/editions/"+strings.Repeat("9", n), page(100))
		if c.pages.bytes > c.pages.maxBytes {
			t.Fatalf("the cache holds %d bytes, over its bound of %d", c.pages.bytes, c.pages.maxBytes)
		}
		// The page asked for most recently is kept as others come.
		if _, ok := c.get("v2", "/editions/"+strings.Repeat("9", 3)); !ok {
			t.Fatalf("the page read at every step was forgotten after %d others", n-3)
		}
	}
	c.put("v2", "/big", page(5000))
	if _, ok := c.get("v2", "/big"); ok {
		t.Fatal("a page larger than the whole cache was kept")
	}
	c.limit(0)
	c.put("v2", "/small", page(10))
	if _, ok := c.get("v2", "/small"); ok {
		t.Fatal("a cache turned off kept a page")
	}
}

func TestPagesShowANewEditionAtOnce(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	for _, p := range []string{"/", "/editions/3", "/feed.atom", "/editions"} {
		f.get(p) // fill the cache
	}
	st := f.story("A brand new shared service", "housing", "https://example.org/brand-new", "")
	if _, err := f.store.Reject(t.Context(), storeDecision(f, "SECRETDRAFT council merger")); err != nil {
		t.Fatal(err)
	}
	f.publish("2026-10-22", "", st)
	for _, p := range []string{"/", "/editions/4", "/feed.atom", "/editions"} {
		if r := f.get(p); r.status != 200 || !strings.Contains(r.body, "2026") || !strings.Contains(r.body, "22nd October 2026") {
			t.Errorf("%s after publishing edition 4 = %d, without it", p, r.status)
		}
	}
	if r := f.get("/"); !strings.Contains(r.body, "A brand new shared service") {
		t.Error("/ still shows the old latest edition")
	}
	if r := f.get("/editions/3"); !strings.Contains(r.body, "Edition 4 →") {
		t.Error("/editions/3 does not link its new neighbour")
	}
}

func TestACachedPageIsTheRenderedPage(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	// After the second of the last change: a page sent in it dates from the
	// second before until that second is over (toNextSecond), and this
	// compares the validators of requests that may fall either side of it.
	toNextSecond()
	for _, p := range []string{"/", "/editions/2", "/editions", "/sectors/health", "/feed.atom"} {
		head := f.do("HEAD", p) // rendered and kept by a HEAD
		first, second := f.get(p), f.get(p)
		if first.body != second.body || first.body == "" {
			t.Errorf("%s: the cached answer differs from the rendered one", p)
		}
		for _, h := range []string{"Content-Type", "Content-Length", "ETag", "Last-Modified", "Content-Security-Policy", "Cache-Control"} {
			if first.header.Get(h) != second.header.Get(h) || head.header.Get(h) != first.header.Get(h) {
				t.Errorf("%s: %s %q, then %q (HEAD %q)", p, h, first.header.Get(h), second.header.Get(h), head.header.Get(h))
			}
		}
	}
	f.archive.cache.mu.Lock()
	kept := f.archive.cache.pages.len()
	f.archive.cache.mu.Unlock()
	if kept != 5 {
		t.Errorf("the cache keeps %d pages, want 5", kept)
	}
	f.get("/search?q=merge")
	f.get("/nope")
	f.archive.cache.mu.Lock()
	defer f.archive.cache.mu.Unlock()
	if f.archive.cache.pages.len() != 5 {
		t.Errorf("a search or an error page was cached")
	}
}
