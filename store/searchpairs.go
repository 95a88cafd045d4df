package store

import (
	"context"
	"database/sql"
	"fmt"
)

// WordPairStep is how many stories one step of IndexWordPairs writes the
// pairs of, in one write transaction: about a tenth of a second's work on
// a shared 2-core machine, so that the newswire's writer, arriving
// meanwhile, waits for one step at most.
const WordPairStep = 500

// IndexWordPairs writes the word pairs (terms.IndexRow) of the stories
// stored without them since it last ran, WordPairStep stories a step,
// each step its own write transaction, until every story has them or ctx
// ends (when it returns ctx's error, with the steps done kept). It returns
// how many stories it wrote. The running bot calls it before merging the
// index (the pairs make new segments), as commands that store many
// stories do at their end.
func (s *Store) IndexWordPairs(ctx context.Context) (int, error) {
	done := 0
	for {
		if err := ctx.Err(); err != nil {
			return done, fmt.Errorf("write the search index's word pairs: %w", err)
		}
		n, err := s.indexWordPairsStep(ctx, WordPairStep)
		done += n
		if err != nil || n == 0 {
			return done, err
		}
	}
}

// indexWordPairsStep writes the pairs of at most step stories after
// search_pairs.through, moves it past them, and returns how many.
func (s *Store) indexWordPairsStep(ctx context.Context, step int) (int, error) {
	n := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var through int64
		var last sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT p.through, max(s.id), count(s.id) FROM search_pairs p
			LEFT JOIN (SELECT id FROM stories WHERE id > (SELECT through FROM search_pairs) ORDER BY id LIMIT ?) s`, step).Scan(&through, &last, &n)
		if err != nil {
			return fmt.Errorf("read how far the word pairs are written: %w", err)
		}
		if !last.Valid {
			return nil
		}
		// REPLACE: a contentless-delete FTS5 table replaces a row by its
		// rowid, the story's words written again with its pairs.
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO story_terms (rowid, body)
			SELECT s.id, `+indexRowOf(`s.headline`)+` || ' `+fieldMark+` ' || `+indexRowOf(`s.summary`)+` || ' `+fieldMark+` ' ||
			       `+indexRowOf(`s.source`)+` || ' `+fieldMark+` ' || `+indexRowOf(indexedCommentary)+`
			FROM stories s`+joinAfterwords+` WHERE s.id > ? AND s.id <= ?`, through, last.Int64); err != nil {
			return fmt.Errorf("write the search index's word pairs: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE search_pairs SET through = ?`, last.Int64); err != nil {
			return fmt.Errorf("record how far the word pairs are written: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// indexRowOf is SQL for what the index holds for the text expr, its pairs
// with it (the triggers' function).
func indexRowOf(expr string) string { return indexTermsFunc + `(` + expr + `)` }
