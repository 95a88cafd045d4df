package classify

import (
	"context"
	"errors"
	"fmt"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// ExampleSource is where FromStore reads the editor's decisions;
// *store.Store is one.
type ExampleSource interface {
	TrainingExamples(ctx context.Context) ([]store.TrainingExample, error)
}

// FromStore builds the model the bot uses: the sectors' keywords plus every
// story the editor approved or published. Stories filed under a sector that
// is no longer configured are left out and counted in Stats().Ignored.
// Building reads the whole archive once (about 30 µs of CPU a story);
// afterwards keep the model current with LearnStory rather than
// rebuilding.
func FromStore(ctx context.Context, sectors []digest.Sector, src ExampleSource) (*Model, error) {
	exs, err := src.TrainingExamples(ctx)
	if err != nil {
		return nil, fmt.Errorf("build sector model: %w", err)
	}
	m := New(sectors)
	for i, ex := range exs {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("build sector model: %w", err)
			}
		}
		// A published story is final, so its words need not be kept for
		// a later change; that keeps a large archive's model small.
		frozen := ex.State == digest.StatePublished
		err := m.learn(Example{ID: ex.ID, Headline: ex.Headline, Summary: ex.Summary, Source: ex.Source, Sector: ex.Sector}, frozen)
		switch {
		case errors.Is(err, ErrUnknownSector):
			m.mu.Lock()
			m.ignored++
			m.mu.Unlock()
		case err != nil:
			return nil, fmt.Errorf("build sector model: %w", err)
		}
	}
	return m, nil
}
