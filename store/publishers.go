package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/sharednews/sharednews/digest"
)

// publishers is the set of publishers' names the newswire knows: every
// story's source (a feed's name, a submitted page's site name, an imported
// story's source) and every feed's name. A headline from a feed loses a
// trailing " - Name" for de-duplication only when Name is one of them or
// the feed's own (digest.HeadlineKeys). It is read from the database once
// per Store and then kept up to date with what this Store stores; another
// process's additions are seen after a restart, which at worst leaves a
// suffix on a headline key (a duplicate let through, never a story lost).
type publishers struct {
	mu     sync.Mutex
	loaded bool
	names  digest.Publishers
}

// loadPublishers reads the known publishers' names, once.
func (s *Store) loadPublishers(ctx context.Context) error {
	p := &s.publishers
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.loaded {
		return nil
	}
	names := digest.Publishers{}
	err := eachRow(ctx, s.db, func(r *sql.Rows) error {
		var n string
		if err := r.Scan(&n); err != nil {
			return err
		}
		names.Add(n)
		return nil
	}, `SELECT source FROM stories WHERE source <> '' GROUP BY source
		UNION SELECT name FROM feeds WHERE name <> ''`)
	if err != nil {
		return fmt.Errorf("load publishers' names: %w", err)
	}
	p.names, p.loaded = names, true
	return nil
}

// notePublishers adds names to the known publishers once they are loaded
// (before that, loading will find them in the database).
func (s *Store) notePublishers(names ...string) {
	p := &s.publishers
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.loaded {
		p.names.Add(names...)
	}
}

// isPublisher returns a test for publishers' names: the known ones and
// those in local (a feed's own names).
func (s *Store) isPublisher(local digest.Publishers) func(string) bool {
	return func(name string) bool {
		k := digest.PublisherKey(name)
		if _, ok := local[k]; ok {
			return true
		}
		p := &s.publishers
		p.mu.Lock()
		defer p.mu.Unlock()
		_, ok := p.names[k]
		return ok
	}
}
