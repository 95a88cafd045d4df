package web

import (
	"context"
	"errors"
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
// on the pages it changes.
//
// Renderings and feed entries are kept apart, each bounded in bytes and
// least recently used first out, so that a crawl of every old edition page
// cannot push the feed's entries out: the feed, read by every feed reader
// after each publication, keeps its own.
type editionCache struct {
	mu       sync.Mutex
	editions *lru[editionKey, *renderedEdition]
	entries  *lru[editionKey, string] // Atom <entry> elements, encoded
	renders  int                      // editions rendered from the store, for tests
	// flight makes concurrent requests for one edition not yet kept (a
	// crowd of feed readers after a publication) render it once.
	flight singleflight.Group
}

// The bounds: every edition of an archive of a few hundred editions of the
// newsletter's size, and the entries of many pages of its feed.
const (
	editionCacheBytes = 48 << 20
	entryCacheBytes   = 16 << 20
)

func newEditionCache(editionBytes, entryBytes int) *editionCache {
	return &editionCache{editions: newLRU[editionKey, *renderedEdition](editionBytes),
		entries: newLRU[editionKey, string](entryBytes)}
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

func (c *editionCache) edition(k editionKey) (*renderedEdition, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.editions.get(k)
}

func (c *editionCache) entry(k editionKey) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.entries.get(k)
}

func (c *editionCache) putEntry(k editionKey, entry string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries.put(k, entry, len(entry))
}

// forget drops one edition's rendering and entry.
func (c *editionCache) forget(k editionKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.editions.remove(k)
	c.entries.remove(k)
}

// limit sets the bounds and empties the cache; 0 keeps nothing.
func (c *editionCache) limit(editionBytes, entryBytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.editions.clear(editionBytes)
	c.entries.clear(entryBytes)
}

func (c *editionCache) rendered() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.renders
}

// keptEdition returns the edition s names as rendered, rendering it from
// the store only when it is not kept.
func (a *Archive) keptEdition(ctx context.Context, s store.EditionSummary) (*renderedEdition, error) {
	k := keyOf(s)
	// The render is shared by every request waiting for it, so one that
	// leaves must not cancel it for the others: it is one edition's work.
	ctx = context.WithoutCancel(ctx)
	kept := func() (*renderedEdition, bool) { return a.editions.edition(k) }
	return keptOrBuilt(&a.editions.flight, "edition "+k.String(), kept, func() (*renderedEdition, error) {
		e, err := a.renderEdition(ctx, s.Number)
		if err != nil {
			return nil, err
		}
		c := a.editions
		c.mu.Lock()
		defer c.mu.Unlock()
		c.renders++
		// An edition renumbered between the two reads is shown as it is
		// now, and not kept under a key that is not its own.
		if e.ID == s.ID {
			c.editions.put(k, e, e.size())
		}
		return e, nil
	})
}

// keptOrBuilt returns what kept finds, or else what build returns: built
// once however many requests ask for it at the same time (flight, under
// name). The request that builds looks again first, in case it was built
// and kept between its first look and its turn.
func keptOrBuilt[T any](flight *singleflight.Group, name string, kept func() (T, bool), build func() (T, error)) (T, error) {
	if v, ok := kept(); ok {
		return v, nil
	}
	v, err, _ := flight.Do(name, func() (any, error) {
		if v, ok := kept(); ok {
			return v, nil // built while this request waited
		}
		return build()
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
}

// keptEntry returns the feed entry of the edition s names: kept in
// memory, or else kept in the database (see kept_entries.go), or else
// encoded from the edition rendered, and then kept in both.
func (a *Archive) keptEntry(ctx context.Context, s store.EditionSummary) (string, error) {
	k := keyOf(s)
	// Shared by every request waiting for it, as in keptEdition.
	ctx = context.WithoutCancel(ctx)
	kept := func() (string, bool) { return a.editions.entry(k) }
	return keptOrBuilt(&a.editions.flight, "entry "+k.String(), kept, func() (string, error) {
		version := a.entryVersions.of(s)
		if version != "" {
			entry, err := a.store.KeptFeedEntry(ctx, s.ID, version)
			if err == nil {
				a.editions.putEntry(k, entry)
				return entry, nil
			}
			if !errors.Is(err, store.ErrNotFound) {
				return "", err
			}
		}
		e, err := a.keptEdition(ctx, s)
		if err != nil {
			return "", err
		}
		if e.ID != s.ID {
			// The feed lists editions by id: an entry must be the one listed.
			return "", &renumberedError{number: s.Number}
		}
		entry, err := a.feedEntry(e, s)
		if err != nil {
			return "", err
		}
		a.editions.putEntry(k, entry)
		if version != "" {
			a.entryWriter.keep(ctx, store.FeedEntry{Edition: s, Version: version, Entry: entry})
		}
		return entry, nil
	})
}
