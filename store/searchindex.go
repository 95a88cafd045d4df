package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/terms"
)

// The search index (story_terms, migration 0005) and the vocabulary's
// story counts (search_vocabulary) are written here for new stories, in
// the transaction that inserts them: each story's stems are computed once,
// in Go, and a transaction writes the index rows of all its stories with
// one statement and adds to each stem's count once, however many of its
// stories have that stem (migration 0011 dropped the insert triggers that
// did this a story and a column at a time). Edits and deletes of stories
// still reach the index through 0005's triggers, which use the same terms
// functions through SQL.

// storyText is the text of a new story that the search index holds.
type storyText struct {
	id                                    int64
	headline, summary, source, commentary string
}

// indexStories adds new stories to the search index and counts their stems
// in the vocabulary. It must run in the transaction that inserted them.
//
// The index rows go in with one statement whatever their number: FTS5
// writes what it holds in memory to disk as a new segment when the next
// writing statement starts, so a statement per story would write a segment
// per story and keep merging them.
func (s *Store) indexStories(ctx context.Context, tx *sql.Tx, stories []storyText) error {
	if len(stories) == 0 {
		return nil
	}
	rows := make([][5]any, len(stories))
	counts := map[string]int{}
	seen := map[string]bool{}
	for i, st := range stories {
		row := [5]any{st.id, terms.Index(st.headline), terms.Index(st.summary), terms.Index(st.source), terms.Index(st.commentary)}
		rows[i] = row
		// A story counts each of its stems once, whichever fields have it.
		clear(seen)
		for _, col := range row[1:] {
			for stem := range strings.FieldsSeq(col.(string)) {
				if !seen[stem] {
					seen[stem] = true
					counts[stem]++
				}
			}
		}
	}
	if err := s.runJSON(ctx, tx, insertIndexRows, rows, nil); err != nil {
		return fmt.Errorf("index stories for search: %w", err)
	}
	// In the index's order, so that the upserts walk its pages once.
	stems := make([]string, 0, len(counts))
	for stem := range counts {
		stems = append(stems, stem)
	}
	slices.Sort(stems)
	vocab := make([][2]any, len(stems))
	for i, stem := range stems {
		vocab[i] = [2]any{stem, counts[stem]}
	}
	if err := s.runJSON(ctx, tx, countVocabulary, vocab, nil); err != nil {
		return fmt.Errorf("count the search vocabulary: %w", err)
	}
	return nil
}

// The statements of indexStories each take one JSON array of rows (see
// runJSON).
const (
	insertIndexRows = `INSERT INTO story_terms (rowid, headline, summary, source, commentary)
		SELECT value->>0, value->>1, value->>2, value->>3, value->>4 FROM jsonb_each(?)`
	// WHERE true: SQLite's grammar needs it between a SELECT and ON CONFLICT.
	countVocabulary = `INSERT INTO search_vocabulary (stem, stories)
		SELECT value->>0, value->>1 FROM jsonb_each(?) WHERE true
		ON CONFLICT (stem) DO UPDATE SET stories = stories + excluded.stories`
)

// textOf is the text of story st, stored as id, that the index holds.
func textOf(id int64, st digest.Story) storyText {
	return storyText{id: id, headline: st.Headline, summary: st.Summary, source: st.Source, commentary: st.Commentary}
}
