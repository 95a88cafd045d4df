package store

import (
	"context"
	"fmt"

	"github.com/sharednews/sharednews/digest"
)

// TrainingExample is a story the editor approved or published, in the
// sector it ended up in: evidence for the sector suggester.
type TrainingExample struct {
	ID       int64
	Headline string
	Summary  string
	Source   string
	Sector   string
	State    digest.State // approved (may still change) or published (final)
}

// TrainingExamples returns every approved or published story with a
// sector, oldest first. Queued, rejected and newswire-only stories are not
// decisions about a sector and are left out.
func (s *Store) TrainingExamples(ctx context.Context) ([]TrainingExample, error) {
	out, err := queryAll(ctx, s.db, func(r rowScanner) (TrainingExample, error) {
		var ex TrainingExample
		var state string
		err := r.Scan(&ex.ID, &ex.Headline, &ex.Summary, &ex.Source, &ex.Sector, &state)
		ex.State = digest.State(state)
		return ex, err
	}, `SELECT id, headline, summary, source, sector, state FROM stories
		WHERE state IN ('approved', 'published') AND sector <> '' ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list training examples: %w", err)
	}
	return out, nil
}
