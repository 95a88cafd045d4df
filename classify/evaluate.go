package classify

import (
	"fmt"

	"github.com/sharednews/sharednews/digest"
)

// Evaluation is a count of top-1 suggestions that matched the editor's
// sector.
type Evaluation struct {
	Correct, Total int
	Misses         []Miss
}

// Miss is an example the model got wrong.
type Miss struct {
	Example    Example
	Got        string
	Confidence float64
}

// Accuracy is Correct/Total, or 0 for no examples.
func (e Evaluation) Accuracy() float64 {
	if e.Total == 0 {
		return 0
	}
	return float64(e.Correct) / float64(e.Total)
}

// String gives the figure as "17/24 (70.8%)".
func (e Evaluation) String() string {
	return fmt.Sprintf("%d/%d (%.1f%%)", e.Correct, e.Total, 100*e.Accuracy())
}

func (e *Evaluation) record(ex Example, r Result) {
	e.Total++
	if r.Sector == ex.Sector {
		e.Correct++
		return
	}
	e.Misses = append(e.Misses, Miss{Example: ex, Got: r.Sector, Confidence: r.Confidence})
}

// Evaluate classifies each example with m as it stands (without learning
// from them) and counts the hits.
func Evaluate(m *Model, examples []Example) Evaluation {
	var e Evaluation
	for _, ex := range examples {
		e.record(ex, m.Classify(Input{Headline: ex.Headline, Summary: ex.Summary, Source: ex.Source}))
	}
	return e
}

// LeaveOneOut estimates how well the model does once it has learned from
// the editor: each example in turn is classified by a model of the
// sectors' keywords plus all the other examples. It is an honest estimate
// because no example is ever scored by a model that has seen it.
func LeaveOneOut(sectors []digest.Sector, p Params, examples []Example) (Evaluation, error) {
	m := NewWithParams(sectors, p)
	classes := make([]int, len(examples))
	feats := make([][]feature, len(examples))
	for i, ex := range examples {
		classes[i] = m.sectors.Index(ex.Sector)
		if classes[i] == len(m.sectors) {
			return Evaluation{}, fmt.Errorf("leave-one-out: example %d %q: %q: %w", i, ex.Headline, ex.Sector, ErrUnknownSector)
		}
		feats[i] = m.features(Input{Headline: ex.Headline, Summary: ex.Summary, Source: ex.Source}, false)
		m.add(classes[i], feats[i], 1)
	}
	// m is private here, so it is used without its lock. Removing an
	// example and adding it back restores the counts exactly.
	var e Evaluation
	for i, ex := range examples {
		m.add(classes[i], feats[i], -1)
		e.record(ex, m.score(feats[i], -1))
		m.add(classes[i], feats[i], 1)
	}
	return e, nil
}
