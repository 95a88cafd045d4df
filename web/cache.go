package web

import (
	"context"
	"net/http"
	"sync"
)

// pageCache keeps the pages rendered for one archive version, by address.
// Every page but the search is a function of the archive's version (and of
// the fingerprint inside it), so within a version an address always renders
// the same bytes; a new version (an edition published, imported or
// renumbered) empties it. Its size is bounded: when full it starts again.
type pageCache struct {
	mu       sync.Mutex
	version  string
	pages    map[string]cachedPage
	bytes    int
	maxBytes int // 0 turns the cache off (benchmarks of the cold path)
}

type cachedPage struct {
	contentType string
	body        []byte
}

// pageCacheBytes bounds the cache: every page of an archive of a few
// hundred editions of the newsletter's size.
const pageCacheBytes = 64 << 20

func (c *pageCache) get(version, key string) (cachedPage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return cachedPage{}, false
	}
	p, ok := c.pages[key]
	return p, ok
}

func (c *pageCache) put(version, key string, p cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	size := len(key) + len(p.body) + len(p.contentType)
	if c.maxBytes == 0 || size > c.maxBytes {
		return
	}
	if c.version != version || c.bytes+size > c.maxBytes {
		c.version, c.pages, c.bytes = version, map[string]cachedPage{}, 0
	}
	if _, ok := c.pages[key]; !ok {
		c.pages[key] = p
		c.bytes += size
	}
}

// limit sets the cache's size bound and empties it; 0 turns it off.
func (c *pageCache) limit(maxBytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.maxBytes, c.version, c.pages, c.bytes = maxBytes, "", nil, 0
}

// cacheableKey marks, in a request's context, that its route's answers
// may be cached: set for every route but the search (its addresses are
// endless) and the stylesheet (served from memory already).
type cacheableKey struct{}

func markCacheable(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), cacheableKey{}, true)))
	})
}

// cacheKey is r's address in the cache, or "" when its answer is not kept.
func cacheKey(r *http.Request) string {
	if ok, _ := r.Context().Value(cacheableKey{}).(bool); !ok {
		return ""
	}
	return r.URL.RequestURI()
}
