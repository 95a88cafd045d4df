package bot

import (
	"context"
	"sync"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// editionCache composes each published edition once for all its
// deliveries. Editions are frozen, so entries never go stale.
type editionCache struct {
	b  *Bot
	mu sync.Mutex
	m  map[int64]digest.Edition
}

func newEditionCache(b *Bot) *editionCache {
	return &editionCache{b: b, m: map[int64]digest.Edition{}}
}

func (c *editionCache) get(ctx context.Context, id int64) (digest.Edition, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[id]; ok {
		return e, nil
	}
	rec, err := c.b.store.EditionByID(ctx, id)
	if err != nil {
		return digest.Edition{}, err
	}
	e := c.b.compose(rec)
	c.m[id] = e
	return e, nil
}

// channelEdition is the edition as delivery d posts it: the published
// edition composed once and filtered to the channel's sectors.
func (c *editionCache) channelEdition(ctx context.Context, d store.Delivery) (digest.Edition, error) {
	e, err := c.get(ctx, d.EditionID)
	if err != nil {
		return digest.Edition{}, err
	}
	return digest.FilterSectors(e, d.Sectors), nil
}

// DeliveredEdition is the edition as delivery d posts it. Harnesses use it
// to know what each channel should receive.
func (b *Bot) DeliveredEdition(ctx context.Context, d store.Delivery) (digest.Edition, error) {
	return newEditionCache(b).channelEdition(ctx, d)
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
