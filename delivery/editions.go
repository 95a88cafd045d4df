package delivery

import (
	"context"
	"fmt"
	"sync"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// Key names one delivery on the destinations: the edition's row and the
// channel, short enough for a Discord nonce's hash input and a Slack
// metadata field.
func Key(d store.Delivery) string {
	return fmt.Sprintf("e%d:%s:%s", d.EditionID, d.Platform, d.ChannelID)
}

// editionCache composes each published edition once for all its
// deliveries. Editions are frozen, but their numbers are not: importing an
// older edition moves every later one up. So the cache holds what it
// composed at one version of the archive (store.ArchiveVersion, one row to
// read), and starts again when the archive changes: a delivery made after
// a renumbering posts the edition's new number.
type editionCache struct {
	store     *store.Store
	sectors   digest.Sectors
	subscribe func(platform string) string // Options.Subscribe
	mu        sync.Mutex
	changes   int64 // the archive version the editions were composed at
	m         map[int64]digest.Edition
}

func newEditionCache(st *store.Store, sectors digest.Sectors, subscribe func(string) string) *editionCache {
	return &editionCache{store: st, sectors: sectors, subscribe: subscribe, m: map[int64]digest.Edition{}}
}

func (c *editionCache) get(ctx context.Context, id int64) (digest.Edition, error) {
	// Read before the edition, so that a change in between makes the next
	// get compose it again rather than keep a stale one.
	v, err := c.store.ArchiveVersion(ctx)
	if err != nil {
		return digest.Edition{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v.Changes != c.changes {
		c.changes, c.m = v.Changes, map[int64]digest.Edition{}
	}
	if e, ok := c.m[id]; ok {
		return e, nil
	}
	rec, err := c.store.EditionByID(ctx, id)
	if err != nil {
		return digest.Edition{}, err
	}
	// Laid out as published (its lead, its own section order), as every
	// other rendering of it is.
	e := rec.Edition
	e.Lead, e.Sections = digest.Arrange(c.sectors, rec.Layout, rec.Stories)
	c.m[id] = e
	return e, nil
}

// channelEdition is the edition as delivery d posts it: the published
// edition composed once, filtered to the channel's sectors, its footer
// saying how a chat channel's members subscribe theirs (Options.Subscribe).
func (c *editionCache) channelEdition(ctx context.Context, d store.Delivery) (digest.Edition, error) {
	e, err := c.get(ctx, d.EditionID)
	if err != nil {
		return digest.Edition{}, err
	}
	e = digest.FilterSectors(e, d.Sectors)
	if c.subscribe != nil && d.Platform != store.EmailPlatform {
		e.Subscribe = c.subscribe(d.Platform)
	}
	return e, nil
}

// ChannelEdition is the edition as delivery d posts it. Harnesses use it
// to know what each channel should receive.
func (w *Worker) ChannelEdition(ctx context.Context, d store.Delivery) (digest.Edition, error) {
	return newEditionCache(w.store, w.opts.Sectors, w.opts.Subscribe).channelEdition(ctx, d)
}

// interleave orders deliveries round-robin across platforms, keeping each
// platform's own order, so that a platform with slow limits does not hold
// the others' channels back behind it in the queue.
func interleave(ds []store.Delivery) []store.Delivery {
	var order []string
	by := map[string][]store.Delivery{}
	for _, d := range ds {
		if _, ok := by[d.Platform]; !ok {
			order = append(order, d.Platform)
		}
		by[d.Platform] = append(by[d.Platform], d)
	}
	out := make([]store.Delivery, 0, len(ds))
	for i := 0; len(out) < len(ds); i++ {
		for _, p := range order {
			if i < len(by[p]) {
				out = append(out, by[p][i])
			}
		}
	}
	return out
}
