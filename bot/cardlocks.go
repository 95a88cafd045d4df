package bot

import "sync"

// cardLocks lets one redraw of a story's review cards run at a time, so
// that redraws reach the platform in the order the story changed: an
// edit's redraw (buttons and all) cannot land after a decision's.
type cardLocks struct {
	mu   sync.Mutex
	held map[int64]*cardLock
}

type cardLock struct {
	sync.Mutex
	users int // goroutines holding or waiting for it
}

// lock takes story id's lock and returns its release.
func (c *cardLocks) lock(id int64) func() {
	c.mu.Lock()
	if c.held == nil {
		c.held = map[int64]*cardLock{}
	}
	l := c.held[id]
	if l == nil {
		l = &cardLock{}
		c.held[id] = l
	}
	l.users++
	c.mu.Unlock()
	l.Lock()
	return func() {
		l.Unlock()
		c.mu.Lock()
		if l.users--; l.users == 0 {
			delete(c.held, id)
		}
		c.mu.Unlock()
	}
}
