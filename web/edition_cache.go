package web

import (
	"context"
	"fmt"
	"sync"

	"golang.org/x/sync/singleflight"

	"github.com/sharednews/sharednews/store"
)

// editionCache keeps published editions as rendered, across archive
// versions. A published edition is frozen: what the pages and the feed show
// of it changes only with its number (the "Edition N" it shows, the feed
// entry's title and updated time) and with the archive's configuration
// (public URL, site name, sectors, the program), which is fixed for the
// life of an Archive: a new configuration makes a new Archive and an empty
// cache. So a key of the edition's id, number and renumbering time is its
// render version, and a publication renders one edition, not every edition
// on the pages it changes. Bounded in bytes, least recently used first out.
type editionCache struct {
	mu      sync.Mutex
	kept    *lru[editionKey, *renderedEdition]
	renders int // editions rendered from the store, for tests
	// flight makes concurrent requests for one edition not yet kept (a
	// crowd of feed readers after a publication) render it once.
	flight singleflight.Group
}

// editionCacheBytes bounds the kept renderings: every edition of an
// archive of a few hundred editions of the newsletter's size, with the feed
// entries of the newest.
const editionCacheBytes = 64 << 20

func newEditionCache(maxBytes int) *editionCache {
	return &editionCache{kept: newLRU[editionKey, *renderedEdition](maxBytes)}
}

// editionKey is an edition's render version (see editionCache).
type editionKey struct {
	id           int64
	number       int
	renumberedAt int64
}

func keyOf(s store.EditionSummary) editionKey {
	return editionKey{id: s.ID, number: s.Number, renumberedAt: s.RenumberedAt.Unix()}
}

func (k editionKey) String() string { return fmt.Sprintf("%d/%d/%d", k.id, k.number, k.renumberedAt) }

func (c *editionCache) get(k editionKey) (*renderedEdition, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.kept.get(k)
}

func (c *editionCache) put(k editionKey, e *renderedEdition) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.kept.put(k, e, e.size())
}

// forget drops one edition's rendering.
func (c *editionCache) forget(k editionKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.kept.remove(k)
}

// limit sets the bound and empties the cache; 0 turns it off.
func (c *editionCache) limit(maxBytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.kept.clear(maxBytes)
}

func (c *editionCache) rendered() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.renders
}

// keptEdition returns the edition s names as rendered, rendering it from
// the store only when it is not kept; with entry, its feed entry too.
func (a *Archive) keptEdition(ctx context.Context, s store.EditionSummary, entry bool) (*renderedEdition, error) {
	k := keyOf(s)
	if e, ok := a.editions.get(k); ok && (!entry || e.Entry != nil) {
		return e, nil
	}
	flight := k.String()
	if entry {
		flight += "/entry"
	}
	// The render is shared by every request waiting for it, so one that
	// leaves must not cancel it for the others: it is one edition's work.
	ctx = context.WithoutCancel(ctx)
	v, err, _ := a.editions.flight.Do(flight, func() (any, error) {
		e, ok := a.editions.get(k)
		if !ok {
			var err error
			if e, err = a.renderEdition(ctx, s.Number); err != nil {
				return nil, err
			}
			a.editions.mu.Lock()
			a.editions.renders++
			a.editions.mu.Unlock()
			if e.ID != s.ID {
				// Renumbered between the two reads: a page shows what is
				// at its number now; a feed entry must be the edition
				// listed. Nothing is kept under a key that is not its own.
				if entry {
					return nil, fmt.Errorf("edition %d was renumbered while it was read", s.Number)
				}
				return e, nil
			}
		}
		if entry && e.Entry == nil {
			withEntry := *e
			var err error
			if withEntry.Entry, err = a.feedEntry(&withEntry, s); err != nil {
				return nil, err
			}
			e = &withEntry
		}
		a.editions.put(k, e)
		return e, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*renderedEdition), nil
}
