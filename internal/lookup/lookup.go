// Package lookup keeps what a slow service answered about someone (a chat
// platform's user, the members of a group) for a while, so that a busy
// channel costs the service almost no look-ups, and looks each key up
// once however many callers ask for it at a time. It knows no platform.
package lookup

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// Cache keeps values by key for ttl by the clock now; each look-up is
// given timeout, whatever its caller's context allows. It is safe for
// concurrent use.
type Cache[V any] struct {
	ttl, timeout time.Duration
	now          func() time.Time
	flight       singleflight.Group
	mu           sync.Mutex
	kept         map[string]kept[V]
}

type kept[V any] struct {
	v  V
	at time.Time
}

// New makes a cache whose values last ttl and whose look-ups take at most
// timeout.
func New[V any](ttl, timeout time.Duration, now func() time.Time) *Cache[V] {
	return &Cache[V]{ttl: ttl, timeout: timeout, now: now, kept: map[string]kept[V]{}}
}

// Get returns the value of key: the one kept, while it is younger than
// ttl, else what fetch looks up, which is kept. When the look-up fails,
// Get returns its error with the value kept before, if any (the zero
// value if none): the caller decides whether a stale value stands.
func (c *Cache[V]) Get(ctx context.Context, key string, fetch func(ctx context.Context) (V, error)) (V, error) {
	c.mu.Lock()
	k, ok := c.kept[key]
	c.mu.Unlock()
	if ok && c.now().Sub(k.at) < c.ttl {
		return k.v, nil
	}
	v, err, _ := c.flight.Do(key, func() (any, error) {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.timeout)
		defer cancel()
		v, err := fetch(ctx)
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		c.kept[key] = kept[V]{v: v, at: c.now()}
		c.mu.Unlock()
		return v, nil
	})
	if err != nil {
		return k.v, err
	}
	return v.(V), nil
}
