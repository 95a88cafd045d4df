package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// The search index is an FTS5 table, which keeps what it indexes in
// segments: every statement that writes rows adds one, and FTS5's
// automerge only merges a level once it holds several. A search looks each
// of its words up in every segment, so an index left in many segments (a
// bulk import, or months of newswire polls) answers common words several
// times slower than the same index in one. MergeSearchIndex merges them in
// steps, each its own short write transaction, so that the one writer (the
// newswire, a command) waits for one step at most, never for the whole.

// MergeStepPages is the work of one step: FTS5 writes about this many
// pages of merged index per step.
//
// At 100,000 generated stories (BenchmarkSearchLargeArchive's archive, an
// index of about 12 MB) a step of 200 pages holds the write lock for about
// 35–40 ms on a shared 2-core machine, and the whole merge takes 13 such
// steps: a writer that arrives meanwhile is delayed by one step, far under
// the busy timeout. Merging everything at once (FTS5's 'optimize') would
// hold it for the whole merge, a quarter to half a second.
const MergeStepPages = 200

// IndexMerge is what MergeSearchIndex did.
type IndexMerge struct {
	Steps   int           // steps that merged something
	Longest time.Duration // the longest step, write transaction included
	Total   time.Duration // all steps together
}

// MergeSearchIndex merges the search index's segments, MergeStepPages
// pages a step, each step in its own write transaction, until FTS5
// reports no more work or ctx ends (when it returns ctx's error, with the
// steps done so far kept: each is complete in itself).
func (s *Store) MergeSearchIndex(ctx context.Context) (IndexMerge, error) {
	return s.mergeSearchIndex(ctx, MergeStepPages)
}

// mergeSearchIndex is MergeSearchIndex with steps of the given pages.
func (s *Store) mergeSearchIndex(ctx context.Context, pages int) (IndexMerge, error) {
	var m IndexMerge
	for {
		if err := ctx.Err(); err != nil {
			return m, fmt.Errorf("merge the search index: %w", err)
		}
		start := time.Now()
		merged, err := s.mergeSearchIndexStep(ctx, pages)
		if err != nil {
			return m, err
		}
		if !merged {
			return m, nil
		}
		took := time.Since(start)
		m.Steps++
		m.Total += took
		m.Longest = max(m.Longest, took)
		s.watch.merged()
	}
}

// mergeSearchIndexStep does one step of MergeSearchIndex and reports
// whether it merged anything.
//
// A negative page count makes FTS5 merge whatever segments there are,
// however few and on whichever levels (a positive one would leave fewer
// than 'usermerge' segments on a level alone, and a bulk load's are spread
// over levels). FTS5 has no answer saying whether there was work: its
// documentation says to compare sqlite3_total_changes() before and after,
// a difference under 2 meaning the command did nothing. total_changes()
// counts the connection's changes, and the transaction keeps all three
// statements on one connection.
func (s *Store) mergeSearchIndexStep(ctx context.Context, pages int) (bool, error) {
	var before, after int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&before); err != nil {
			return fmt.Errorf("count changes: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO story_terms (story_terms, rank) VALUES ('merge', ?)`, -pages); err != nil {
			return fmt.Errorf("merge the search index: %w", err)
		}
		if err := tx.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&after); err != nil {
			return fmt.Errorf("count changes: %w", err)
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	return after-before >= 2, nil
}
