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
// renumbered) empties it. Its size is bounded: when full it forgets the
// pages least recently asked for.
type pageCache struct {
	mu      sync.Mutex
	version string
	pages   *lru[string, cachedPage]
}

type cachedPage struct {
	contentType string
	body        []byte
	// gzip is body compressed, once a reader who takes gzip asked for
	// it; nil before.
	gzip []byte
}

// pageCacheBytes bounds the cache: every page of an archive of a few
// hundred editions of the newsletter's size. A page it has forgotten is
// put together again from the edition kept in the editionCache.
const pageCacheBytes = 32 << 20

func newPageCache(maxBytes int) *pageCache {
	return &pageCache{pages: newLRU[string, cachedPage](maxBytes)}
}

func (c *pageCache) get(version, key string) (cachedPage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return cachedPage{}, false
	}
	return c.pages.get(key)
}

func (c *pageCache) put(version, key string, p cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		c.version = version
		c.pages.clear(c.pages.maxBytes)
	}
	c.pages.put(key, p, len(key)+len(p.body)+len(p.gzip)+len(p.contentType))
}

// limit sets the cache's size bound and empties it; 0 turns it off.
func (c *pageCache) limit(maxBytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.version = ""
	c.pages.clear(maxBytes)
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
