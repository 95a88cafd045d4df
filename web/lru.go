package web

import "container/list"

// lru is a map bounded in bytes that forgets its least recently used
// entries first. Its owner locks around every call.
type lru[K comparable, V any] struct {
	items    map[K]*list.Element
	order    list.List // of *lruItem; the front is the most recently used
	bytes    int
	maxBytes int // 0 keeps nothing
}

type lruItem[K comparable, V any] struct {
	key   K
	value V
	size  int
}

func newLRU[K comparable, V any](maxBytes int) *lru[K, V] {
	return &lru[K, V]{items: map[K]*list.Element{}, maxBytes: maxBytes}
}

func (c *lru[K, V]) get(key K) (V, bool) {
	el, ok := c.items[key]
	if !ok {
		var zero V
		return zero, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*lruItem[K, V]).value, true
}

// put keeps value under key, replacing what was there, and forgets the
// least recently used entries until the whole fits; a value larger than
// the bound is not kept.
func (c *lru[K, V]) put(key K, value V, size int) {
	c.remove(key)
	if size > c.maxBytes {
		return
	}
	for c.bytes+size > c.maxBytes {
		c.remove(c.order.Back().Value.(*lruItem[K, V]).key)
	}
	c.items[key] = c.order.PushFront(&lruItem[K, V]{key: key, value: value, size: size})
	c.bytes += size
}

func (c *lru[K, V]) remove(key K) {
	if el, ok := c.items[key]; ok {
		c.bytes -= el.Value.(*lruItem[K, V]).size
		c.order.Remove(el)
		delete(c.items, key)
	}
}

func (c *lru[K, V]) len() int { return len(c.items) }

// clear forgets everything and sets a new bound.
func (c *lru[K, V]) clear(maxBytes int) {
	c.items, c.bytes, c.maxBytes = map[K]*list.Element{}, 0, maxBytes
	c.order.Init()
}
