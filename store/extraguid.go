package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
)

// extraGUIDKeys bounds the GUID keys a feed's entries record for a stored
// story that is not their own: one a feed and story. An entry known by its
// link (or held back by its headline) under a GUID never seen records its
// GUID, so that the next poll knows it at once, even under a new link:
// a feed that changed its GUIDs' scheme records each story's new GUID
// once. A feed that makes up new GUIDs at every request (a session in
// them, the time, a random UUID) gave each story a key more at every poll
// answered in full, without end: story_keys, and every Store's key
// filter, grew by one key an entry a poll. Past the first, its entries
// are known by their links, as they were.
type extraGUIDKeys map[int64]map[int64]bool // feed → stories with a GUID key of that feed

// record reports whether an entry of feed, known as story, may record its
// GUID as a key of that story, and notes that it does.
func (e extraGUIDKeys) record(feed, story int64) bool {
	if feed == 0 || e[feed][story] {
		return false
	}
	if e[feed] == nil {
		e[feed] = map[int64]bool{}
	}
	e[feed][story] = true
	return true
}

// extraGUIDs reads, in tx, the stories that have a GUID key of the feeds
// whose entries of outs are about to record one for a stored story: an
// index range of story_keys a feed (its GUID keys start with its ID), read
// only in a poll that brings a known story a GUID never seen.
func extraGUIDs(ctx context.Context, tx *sql.Tx, items []newswireItem, keys []storyKeys, outs []outcome) (extraGUIDKeys, error) {
	e := extraGUIDKeys{}
	for _, o := range outs {
		feed := items[o.i].feedID
		if o.added || o.of >= 0 || keys[o.i].guid == "" || feed == 0 {
			continue
		}
		if _, read := e[feed]; read {
			continue
		}
		e[feed] = map[int64]bool{}
		prefix := strconv.FormatInt(feed, 10)
		// "<feed> " up to "<feed>!", the byte after the space.
		rows, err := tx.QueryContext(ctx, `SELECT story_id FROM story_keys WHERE kind = 'guid' AND key > ? AND key < ?`, prefix+" ", prefix+"!")
		if err != nil {
			return nil, fmt.Errorf("read the GUID keys of feed %d: %w", feed, err)
		}
		err = func() error {
			defer rows.Close()
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					return err
				}
				e[feed][id] = true
			}
			return rows.Err()
		}()
		if err != nil {
			return nil, fmt.Errorf("read the GUID keys of feed %d: %w", feed, err)
		}
	}
	return e, nil
}
