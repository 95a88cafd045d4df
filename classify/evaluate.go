package classify

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/sharednews/sharednews/digest"
)

// Evaluation is a count of top-1 suggestions that matched the editor's
// sector, with every prediction for a confusion matrix and calibration.
type Evaluation struct {
	Correct, Total int
	Misses         []Miss
	Predictions    []Prediction
}

// Miss is an example the model got wrong.
type Miss struct {
	Example    Example
	Got        string
	Confidence float64
}

// Prediction is one suggestion for a labelled story.
type Prediction struct {
	Want, Got  string  // slugs: the editor's sector and the suggestion
	Confidence float64 // the suggestion's, at the model's temperature
	Group      string  // the story's edition, for cross-fitting
	scores     []float64
	// temperature is the model's, at which Confidence was computed.
	temperature float64
	want        int // Want's index in scores, or -1
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

func (e *Evaluation) record(m *Model, ex Example, group string, r Result) {
	e.Total++
	want := m.sectors.Index(ex.Sector)
	if want == len(m.sectors) {
		want = -1
	}
	e.Predictions = append(e.Predictions, Prediction{Want: ex.Sector, Got: r.Sector, Confidence: r.Confidence,
		Group: group, scores: r.scores, want: want, temperature: m.params.Temperature})
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
		e.record(m, ex, "", m.Classify(Input{Headline: ex.Headline, Summary: ex.Summary, Source: ex.Source}))
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
	leads := make([]leadWord, len(examples))
	for i, ex := range examples {
		classes[i] = m.sectors.Index(ex.Sector)
		if classes[i] == len(m.sectors) {
			return Evaluation{}, fmt.Errorf("leave-one-out: example %d %q: %q: %w", i, ex.Headline, ex.Sector, ErrUnknownSector)
		}
		feats[i] = m.learnFeatures(ex)
		_, leads[i] = m.storyFeatures(Input{Headline: ex.Headline}, false)
		m.add(classes[i], feats[i], 1)
	}
	// m is private here, so it is used without its lock. Removing an
	// example and adding it back restores the counts exactly.
	var e Evaluation
	for i, ex := range examples {
		m.add(classes[i], feats[i], -1)
		e.record(m, ex, "", m.score(feats[i], leads[i], -1))
		m.add(classes[i], feats[i], 1)
	}
	return e, nil
}

// Labelled is a story whose sector the editor chose in a past edition.
type Labelled struct {
	Example
	Edition string // the edition's date line, e.g. "Thursday 20 November 2014"
}

// ReadLabelled reads labelled stories as JSON: an array of objects with
// edition, headline, summary and sector (testdata/sectors/labelled-stories.json).
func ReadLabelled(r io.Reader) ([]Labelled, error) {
	var raw []struct{ Edition, Headline, Summary, Sector string }
	if err := json.NewDecoder(r).Decode(&raw); err != nil {
		return nil, fmt.Errorf("read labelled stories: %w", err)
	}
	out := make([]Labelled, len(raw))
	for i, l := range raw {
		out[i] = Labelled{Example: Example{Headline: l.Headline, Summary: l.Summary, Sector: l.Sector}, Edition: l.Edition}
	}
	return out, nil
}

// HeldOutByEdition estimates suggestions after importing past editions:
// each labelled story is classified by a model that learned the stories of
// every edition except its own (editions: date line → its stories), so no
// story is scored by a model that saw it or its edition's neighbours.
//
// It learns every edition once and, for each edition in turn, withdraws
// that edition's stories, classifies its labelled stories and learns them
// back; counts are integers, so each held-out model is exactly the one
// learning the other editions alone would give, at the cost of learning
// the archive once.
func HeldOutByEdition(sectors []digest.Sector, p Params, editions map[string][]Example, labelled []Labelled) (Evaluation, error) {
	m := NewWithParams(sectors, p)
	names := make([]string, 0, len(editions))
	for name := range editions {
		names = append(names, name)
	}
	sort.Strings(names)
	type learned struct {
		class int
		feats []feature
	}
	byEdition := make(map[string][]learned, len(editions))
	for _, name := range names {
		for _, ex := range editions[name] {
			c := m.sectors.Index(ex.Sector)
			if c == len(m.sectors) {
				return Evaluation{}, fmt.Errorf("held out by edition: %s: %q: %q: %w", name, ex.Headline, ex.Sector, ErrUnknownSector)
			}
			l := learned{class: c, feats: m.learnFeatures(ex)}
			// m is private here, so it is used without its lock.
			m.add(l.class, l.feats, 1)
			byEdition[name] = append(byEdition[name], l)
		}
	}
	results := make([]Result, len(labelled))
	// Labelled stories grouped by edition, so that each edition is
	// withdrawn once; the evaluation keeps the labelled order.
	at := map[string][]int{}
	for i, l := range labelled {
		at[l.Edition] = append(at[l.Edition], i)
	}
	for edition, idx := range at {
		for _, l := range byEdition[edition] {
			m.add(l.class, l.feats, -1)
		}
		for _, i := range idx {
			l := labelled[i]
			results[i] = m.Classify(Input{Headline: l.Headline, Summary: l.Summary, Source: l.Source})
		}
		for _, l := range byEdition[edition] {
			m.add(l.class, l.feats, 1)
		}
	}
	var e Evaluation
	for i, l := range labelled {
		e.record(m, l.Example, l.Edition, results[i])
	}
	return e, nil
}

// ArchiveLabelled turns past editions (date line → the stories of its
// sections) into labelled stories: every story, labelled with the sector
// of the section the editor put it in. With HeldOutByEdition it measures
// the model on the whole archive rather than on a labelled sample of it.
func ArchiveLabelled(editions map[string][]Example) []Labelled {
	names := make([]string, 0, len(editions))
	for name := range editions {
		names = append(names, name)
	}
	sort.Strings(names)
	var out []Labelled
	for _, name := range names {
		for _, ex := range editions[name] {
			out = append(out, Labelled{Example: ex, Edition: name})
		}
	}
	return out
}

// Confusion counts predictions by the editor's sector (rows) and the
// suggestion (columns).
func (e Evaluation) Confusion() map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, p := range e.Predictions {
		if out[p.Want] == nil {
			out[p.Want] = map[string]int{}
		}
		out[p.Want][p.Got]++
	}
	return out
}

// Bin is one range of confidence: how many suggestions fell in it, their
// mean confidence and the share that were right.
type Bin struct {
	Low, High      float64
	Count          int
	MeanConfidence float64
	Accuracy       float64
}

// calibrationBins is how many equal ranges of confidence ECE averages over.
const calibrationBins = 10

// Calibration groups the predictions by confidence, recomputed at
// temperature (0: as predicted), into ten equal ranges, and returns the
// ranges with predictions and the expected calibration error: the mean,
// weighted by count, of |accuracy − mean confidence| over the ranges.
func (e Evaluation) Calibration(temperature float64) ([]Bin, float64) {
	bins := make([]Bin, calibrationBins)
	for i := range bins {
		bins[i].Low, bins[i].High = float64(i)/calibrationBins, float64(i+1)/calibrationBins
	}
	for _, p := range e.Predictions {
		c := p.Confidence
		if temperature > 0 {
			c = p.at(temperature)
		}
		b := &bins[min(int(c*calibrationBins), calibrationBins-1)]
		b.Count++
		b.MeanConfidence += c
		if p.Got == p.Want {
			b.Accuracy++
		}
	}
	var out []Bin
	ece := 0.0
	for _, b := range bins {
		if b.Count == 0 {
			continue
		}
		b.MeanConfidence /= float64(b.Count)
		b.Accuracy /= float64(b.Count)
		ece += float64(b.Count) / float64(len(e.Predictions)) * math.Abs(b.Accuracy-b.MeanConfidence)
		out = append(out, b)
	}
	return out, ece
}

// LogLoss is the mean negative log probability the predictions gave the
// editor's sector, at temperature (0: the model's own), in nats: a proper
// score of the whole probability, which, unlike accuracy and ECE, does not
// throw away how sure each suggestion was, and so tells models apart on
// few stories. Guessing among the k sectors evenly scores ln k (2.30 for
// ten). Predictions of a sector the model does not know are left out.
func (e Evaluation) LogLoss(temperature float64) float64 {
	sum, n := 0.0, 0
	for _, p := range e.Predictions {
		if p.want < 0 || len(p.scores) == 0 {
			continue
		}
		t := temperature
		if t <= 0 {
			t = p.temperature
		}
		sum -= math.Log(max(posterior(p.scores, p.want, t), 1e-12))
		n++
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// ChanceECE is the expected calibration error that a perfectly calibrated
// model would still show on these predictions, whose confidences are
// recomputed at temperature (0: as predicted): the mean ECE over many
// draws in which each suggestion is right with exactly its confidence.
// On a few dozen stories it is far from zero, and an ECE near it is as
// good as the stories can show. The draws use a fixed seed, so the figure
// is the same on every run.
func (e Evaluation) ChanceECE(temperature float64) float64 {
	const draws = 2000
	conf := make([]float64, len(e.Predictions))
	for i, p := range e.Predictions {
		conf[i] = p.Confidence
		if temperature > 0 {
			conf[i] = p.at(temperature)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	sim := Evaluation{Predictions: make([]Prediction, len(conf))}
	total := 0.0
	for range draws {
		for i, c := range conf {
			sim.Predictions[i] = Prediction{Want: "right", Got: "wrong", Confidence: c}
			if rng.Float64() < c {
				sim.Predictions[i].Got = "right"
			}
		}
		_, ece := sim.Calibration(0)
		total += ece
	}
	return total / draws
}

// at is the prediction's confidence at another temperature.
func (p Prediction) at(temperature float64) float64 {
	best := 0
	for i, s := range p.scores {
		if s > p.scores[best] {
			best = i
		}
	}
	return posterior(p.scores, best, temperature)
}

// FitTemperature returns the temperature that makes the predictions'
// probabilities best explain the editor's sectors (the least negative
// log-likelihood, searched on a logarithmic grid from 0.05 to 100): the
// usual way to calibrate a classifier's confidence on held-out data.
func FitTemperature(preds []Prediction) float64 {
	best, bestLoss := 1.0, math.Inf(1)
	for t := 0.05; t <= 100; t *= 1.05 {
		loss := 0.0
		for _, p := range preds {
			if p.want < 0 || len(p.scores) == 0 {
				continue
			}
			loss -= math.Log(max(posterior(p.scores, p.want, t), 1e-12))
		}
		if loss < bestLoss {
			best, bestLoss = t, loss
		}
	}
	return best
}

// CrossFittedECE is the expected calibration error of the predictions when
// each group's (edition's) temperature is fitted on the other groups only,
// so that no prediction is calibrated on itself.
func (e Evaluation) CrossFittedECE() float64 {
	groups := map[string]bool{}
	for _, p := range e.Predictions {
		groups[p.Group] = true
	}
	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	sort.Strings(names)
	var refit Evaluation
	for _, g := range names {
		var others []Prediction
		for _, p := range e.Predictions {
			if p.Group != g {
				others = append(others, p)
			}
		}
		t := FitTemperature(others)
		for _, p := range e.Predictions {
			if p.Group == g {
				p.Confidence = p.at(t)
				refit.Predictions = append(refit.Predictions, p)
			}
		}
	}
	_, ece := refit.Calibration(0)
	return ece
}

// HeldOutForward estimates suggestions as the bot makes them: each
// labelled story is classified by a model that learned only the editions
// before its own (order names the editions oldest first), as this week's
// stories are suggested from what the weeks before taught; the first
// edition's stories get the keywords alone. HeldOutByEdition also learns
// the editions after a story's, which the bot never has. A story of no
// edition in order is classified once every edition is learned, as
// HeldOutByEdition classifies it.
func HeldOutForward(sectors []digest.Sector, p Params, editions map[string][]Example, order []string, labelled []Labelled) (Evaluation, error) {
	m := NewWithParams(sectors, p)
	at := map[string][]int{}
	for i, l := range labelled {
		at[l.Edition] = append(at[l.Edition], i)
	}
	results := make([]Result, len(labelled))
	classifyEdition := func(name string) {
		for _, i := range at[name] {
			l := labelled[i]
			results[i] = m.Classify(Input{Headline: l.Headline, Summary: l.Summary, Source: l.Source})
		}
		delete(at, name)
	}
	for _, name := range order {
		classifyEdition(name)
		for _, ex := range editions[name] {
			if err := m.Learn(ex); err != nil {
				return Evaluation{}, fmt.Errorf("held out forward: %s: %q: %w", name, ex.Headline, err)
			}
		}
	}
	for name := range at {
		classifyEdition(name)
	}
	var e Evaluation
	for i, l := range labelled {
		e.record(m, l.Example, l.Edition, results[i])
	}
	return e, nil
}
