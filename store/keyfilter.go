package store

import (
	"context"
	"database/sql"
	"fmt"
	"hash/maphash"
	"maps"
	"math/rand/v2"
	"slices"
	"sync"
)

// The newswire's writer looks every entry's keys up before it stores the
// entry, and on a feed's first poll, or a feed of new stories, nearly none
// is recorded: the look-ups (a story's own GUID in stories_feed_guid, the
// keys in story_keys, URLs in stories under each spelling) were about a
// tenth of SQLite's work in cmd/feedbench's first pass. keyFilter is a set
// of 32-bit hashes of every key a story or story_keys holds, by its
// matchKey, kept in memory by each Store, so that an entry none of whose
// keys is in it is known to be new without asking SQLite; a key that is
// in it (or a hash that collides) is still looked up in SQL.
//
// The set must never miss a key the database holds, whichever process
// recorded it (`sharednews ingest` beside `run`). Every statement that
// records a key or stores a story records, in the same transaction, a new
// random token in key_changes (migration 0031): the set is current when
// the token it was last brought up to date with is still the table's, and
// is read again from the database otherwise. A transaction that rolled
// back leaves the table's older token, and the set is read again too.
// Triggers that copy keys into story_keys (a story deleted, its feed gone:
// migrations 0014 and 0029) copy a story's own URL or GUID, whose hashes
// the set already holds.
//
// The hashes are kept sorted in a slice, 4 bytes a key, with those added
// since in a small map folded into it now and then: a map of them all
// took 12–16 bytes a key and made cmd/feedbench's peak memory larger.
type keyFilter struct {
	mu     sync.Mutex
	seed   maphash.Seed
	loaded bool                // false: not read, or no longer current
	sorted []uint32            // hashes, sorted
	recent map[uint32]struct{} // hashes added since they were sorted
	token  int64               // key_changes.token the hashes are current with
}

// has reports whether h is in the set.
func (f *keyFilter) has(h uint32) bool {
	if _, ok := f.recent[h]; ok {
		return true
	}
	_, ok := slices.BinarySearch(f.sorted, h)
	return ok
}

// add adds h to the set, folding the recent hashes into the sorted ones
// once they are an eighth as many (a few thousand at least).
func (f *keyFilter) add(h uint32) {
	f.recent[h] = struct{}{}
	if len(f.recent) < max(4096, len(f.sorted)/8) {
		return
	}
	add := slices.Sorted(maps.Keys(f.recent))
	merged := make([]uint32, 0, len(f.sorted)+len(add))
	i, j := 0, 0
	for i < len(f.sorted) && j < len(add) {
		if f.sorted[i] <= add[j] {
			merged = append(merged, f.sorted[i])
			i++
		} else {
			merged = append(merged, add[j])
			j++
		}
	}
	merged = append(append(merged, f.sorted[i:]...), add[j:]...)
	f.sorted = slices.Compact(merged)
	clear(f.recent)
}

// drop empties the set until it is read again.
func (f *keyFilter) drop() {
	f.loaded, f.sorted, f.recent = false, nil, nil
}

// hash is p's entry in the set: of its matchKey, so that a page's spellings
// (http or https, www. or not, a last slash or not) are one. The kind is mixed in as a constant of its own,
// so that one text under two kinds never shares a hash.
func (f *keyFilter) hash(p keyPair) uint32 {
	p = p.matchKey()
	s := maphash.String(f.seed, p.key)
	switch p.kind {
	case keyGUID:
		s ^= 0x9e3779b97f4a7c15
	case keyHeadline:
		s ^= 0x3c6ef372fe94f82a
	}
	return uint32(s ^ s>>32)
}

// keysChanged records, in tx, that keys were recorded (or stories stored)
// there: key_changes gets a new token. When the filter was current until
// then, it takes the keys each yields and stays current with the new
// token; otherwise it is dropped, to be read again.
func (s *Store) keysChanged(ctx context.Context, tx *sql.Tx, each func(yield func(keyPair) bool)) error {
	next := rand.Int64()
	var prev int64
	if err := s.scanPrepared(ctx, tx, `UPDATE key_changes SET before = token, token = ? RETURNING before`, []any{next}, &prev); err != nil {
		return fmt.Errorf("note new story keys: %w", err)
	}
	f := &s.keys
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.loaded || f.token != prev {
		f.drop()
		return nil
	}
	for p := range each {
		f.add(f.hash(p))
	}
	f.token = next
	return nil
}

// mayBeKnown returns, of keys, those of which some key may be recorded,
// in order: the others are certainly not, and need no look-up. It reads
// the filter again, in tx, when the filter is not current.
func (s *Store) mayBeKnown(ctx context.Context, tx *sql.Tx, keys []storyKeys) ([]storyKeys, error) {
	var token int64
	if err := s.scanPrepared(ctx, tx, `SELECT token FROM key_changes`, nil, &token); err != nil {
		return nil, fmt.Errorf("read the story keys' token: %w", err)
	}
	f := &s.keys
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.loaded || f.token != token {
		if err := f.load(ctx, tx); err != nil {
			return nil, err
		}
		f.token = token
	}
	// A copy only once some key is certainly new: a feed polled again
	// in full has every entry known.
	var maybe []storyKeys
	copied := false
	for i, k := range keys {
		if f.mayHave(k) {
			if copied {
				maybe = append(maybe, k)
			}
		} else if !copied {
			maybe, copied = slices.Clone(keys[:i]), true
		}
	}
	if !copied {
		return keys, nil
	}
	return maybe, nil
}

// mayHave reports whether some key of k may be in the set.
func (f *keyFilter) mayHave(k storyKeys) bool {
	for p := range k.each {
		if f.has(f.hash(p)) {
			return true
		}
	}
	return false
}

// load reads every key the database holds into the filter: each story's
// URL, the GUID in its feed of each story with both, and story_keys.
func (f *keyFilter) load(ctx context.Context, tx *sql.Tx) error {
	f.drop()
	if f.seed == (maphash.Seed{}) {
		f.seed = maphash.MakeSeed()
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM stories) * 2 + (SELECT count(*) FROM story_keys)`).Scan(&n); err != nil {
		return fmt.Errorf("count story keys: %w", err)
	}
	hashes := make([]uint32, 0, n)
	add := func(kind string) func(*sql.Rows) error {
		return func(r *sql.Rows) error {
			p := keyPair{kind: kind}
			if err := r.Scan(&p.key); err != nil {
				return err
			}
			hashes = append(hashes, f.hash(p))
			return nil
		}
	}
	if err := eachRow(ctx, tx, add(keyURL), `SELECT url FROM stories`); err != nil {
		return fmt.Errorf("read stories' URLs: %w", err)
	}
	// As keysWith makes GUID keys: a feed, and a GUID.
	if err := eachRow(ctx, tx, add(keyGUID), `SELECT feed_id || ' ' || guid FROM stories WHERE guid <> '' AND feed_id <> 0`); err != nil {
		return fmt.Errorf("read stories' GUIDs: %w", err)
	}
	err := eachRow(ctx, tx, func(r *sql.Rows) error {
		var p keyPair
		if err := r.Scan(&p.kind, &p.key); err != nil {
			return err
		}
		hashes = append(hashes, f.hash(p))
		return nil
	}, `SELECT kind, key FROM story_keys`)
	if err != nil {
		return fmt.Errorf("read story keys: %w", err)
	}
	slices.Sort(hashes)
	f.sorted, f.recent, f.loaded = slices.Clip(slices.Compact(hashes)), map[uint32]struct{}{}, true
	return nil
}

// scanPrepared runs a query of one row in tx through the Store's prepared
// statements and scans it: the newswire's writer runs the two of key_changes
// in every transaction, and parsing them each time was a third of what
// keeping the filter cost it.
func (s *Store) scanPrepared(ctx context.Context, tx *sql.Tx, query string, args []any, dest ...any) error {
	st, err := s.prepared(ctx, query)
	if err != nil {
		return err
	}
	txst := tx.StmtContext(ctx, st)
	defer txst.Close()
	return txst.QueryRowContext(ctx, args...).Scan(dest...)
}
