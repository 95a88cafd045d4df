// TestModelComparison trains and scores some forty models on 162 stories:
// a measurement with no concurrency of its own, ten seconds plain and four
// times that under the race detector, which has nothing to find in it.
// `go test ./...` runs it; `go test -race` leaves it out.

//go:build !race

package classify

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// This file measures every candidate of selection_test.go on the
// development set as well as on the labelled stories, and how fast each
// learns as it is given more stories:
//
//	go test ./classify -run TestModelComparison -v
//
// The labelled stories are the whole archive we have (24 stories in five
// editions), so a candidate ahead on them by a story or two tells nothing;
// the 138 development stories, written blind to the model, are the
// measure a choice rests on, and the learning curve stands in for the
// larger archive a real installation imports.

// scored is a candidate's scores for one story, and the editor's sector.
type scored struct {
	scores []float64
	want   int
}

// scoreAll scores each example with suggest.
func scoreAll(suggest func(Input) []float64, ss digest.Sectors, exs []Example) []scored {
	out := make([]scored, len(exs))
	for i, ex := range exs {
		out[i] = scored{suggest(Input{Headline: ex.Headline, Summary: ex.Summary, Source: ex.Source}), ss.Index(ex.Sector)}
	}
	return out
}

// evaluation turns scores into an Evaluation at temperature, for its
// accuracy, calibration and log loss.
func evaluation(ss digest.Sectors, sc []scored, temperature float64) Evaluation {
	var e Evaluation
	for _, s := range sc {
		got := top(s.scores)
		p := Prediction{Want: ss[s.want].Slug, Got: ss[got].Slug, Confidence: posterior(s.scores, got, temperature),
			scores: s.scores, want: s.want, temperature: temperature}
		e.Predictions = append(e.Predictions, p)
		e.Total++
		if got == s.want {
			e.Correct++
		}
	}
	return e
}

// devHalves splits the development set in two, alternating within each
// sector so that both halves have every sector in the same proportions.
func devHalves(dev []Example) [2][]Example {
	var halves [2][]Example
	seen := map[string]int{}
	for _, ex := range dev {
		halves[seen[ex.Sector]%2] = append(halves[seen[ex.Sector]%2], ex)
		seen[ex.Sector]++
	}
	return halves
}

// asEdition makes stories an edition to learn from (with no editor's text
// or headings).
func asEdition(name string, exs []Example) pastEdition {
	return pastEdition{date: name, examples: exs}
}

// comparison is one candidate's figures.
type comparison struct {
	name string
	// fresh and heldOut are the labelled stories on a fresh model and with
	// each one's edition held out; heldOutDev is held out likewise with
	// the development set learned as well, as an archive larger than ours
	// would be; devFresh and devImported are the development set fresh and
	// after importing every edition; devCross is each half of the
	// development set scored by a model that learned every edition and the
	// other half.
	fresh, heldOut, heldOutDev, devFresh, devImported, devCross Evaluation
	// curve is the mean number of development stories right (of all of
	// them) after learning 0, 1, … 5 editions (every choice of that many,
	// averaged), then every edition and the other half of the development
	// set.
	curve []float64
	// realCurve is the mean number of labelled stories right, each with
	// its edition held out, after learning the other editions and none,
	// half (each half, averaged) and all of the development set: how
	// much learning more stories helps on real ones, whose sectors'
	// shares and wording the development set does not share.
	realCurve []float64
}

// all is the comparison's evaluations in the order of its table.
func (r comparison) all() []Evaluation {
	return []Evaluation{r.fresh, r.heldOut, r.heldOutDev, r.devFresh, r.devImported, r.devCross}
}

// compare measures candidate c. Its log losses and calibration are at
// temperature.
func compare(c candidate, sectors []digest.Sector, editions []pastEdition, dev []Example, temperature float64) comparison {
	ss := digest.Sectors(sectors)
	var labelled []Example
	for _, e := range editions {
		labelled = append(labelled, e.examples...)
	}
	eval := func(suggest func(Input) []float64, exs []Example) []scored { return scoreAll(suggest, ss, exs) }
	r := comparison{name: c.name}
	fresh := c.train(sectors, nil)
	r.fresh = evaluation(ss, eval(fresh, labelled), temperature)
	r.devFresh = evaluation(ss, eval(fresh, dev), temperature)
	r.devImported = evaluation(ss, eval(c.train(sectors, editions), dev), temperature)

	halves := devHalves(dev)
	var held, heldDev []scored
	halfRight := 0
	for i, e := range editions {
		others := slices.Concat(editions[:i], editions[i+1:])
		held = append(held, eval(c.train(sectors, others), e.examples)...)
		heldDev = append(heldDev, eval(c.train(sectors, append(others, asEdition("dev", dev))), e.examples)...)
		for _, half := range halves {
			halfRight += evaluation(ss, eval(c.train(sectors, append(others, asEdition("dev half", half))), e.examples), temperature).Correct
		}
	}
	r.heldOut = evaluation(ss, held, temperature)
	r.heldOutDev = evaluation(ss, heldDev, temperature)
	r.realCurve = []float64{float64(r.heldOut.Correct), float64(halfRight) / float64(len(halves)), float64(r.heldOutDev.Correct)}

	var cross []scored
	for h := range halves {
		train := append(slices.Clip(editions), asEdition("dev half", halves[1-h]))
		cross = append(cross, eval(c.train(sectors, train), halves[h])...)
	}
	r.devCross = evaluation(ss, cross, temperature)

	for k := 0; k <= len(editions); k++ {
		sum, n := 0.0, 0
		for _, subset := range choose(editions, k) {
			sum += float64(evaluation(ss, eval(c.train(sectors, subset), dev), temperature).Correct)
			n++
		}
		r.curve = append(r.curve, sum/float64(n))
	}
	r.curve = append(r.curve, float64(r.devCross.Correct))
	return r
}

// choose returns every choice of k editions, in order.
func choose(editions []pastEdition, k int) [][]pastEdition {
	if k == 0 {
		return [][]pastEdition{nil}
	}
	var out [][]pastEdition
	for i := range editions {
		for _, rest := range choose(editions[i+1:], k-1) {
			out = append(out, append([]pastEdition{editions[i]}, rest...))
		}
	}
	return out
}

// share is the share of exs in sector.
func share(exs []Example, sector string) float64 {
	n := 0
	for _, ex := range exs {
		if ex.Sector == sector {
			n++
		}
	}
	return float64(n) / float64(max(len(exs), 1))
}

// cell writes an evaluation as right/total and log loss.
func cell(e Evaluation) string {
	return fmt.Sprintf("%3d/%-3d %.3f", e.Correct, e.Total, e.LogLoss(0))
}

// flips counts the stories e gets right and base wrong (gained), and the
// reverse (lost): two models a few stories apart in total may differ on
// many, and a difference made of many gains and few losses is more than
// noise (a sign test on the stories that differ).
func flips(e, base Evaluation) (gained, lost int) {
	for i, p := range e.Predictions {
		right, baseRight := p.Got == p.Want, base.Predictions[i].Got == base.Predictions[i].Want
		switch {
		case right && !baseRight:
			gained++
		case !right && baseRight:
			lost++
		}
	}
	return gained, lost
}

func logComparison(t *testing.T, rows []comparison) {
	t.Helper()
	t.Logf("%-44s %-13s %-13s %-13s %-13s %-13s %-13s", "candidate (right, log loss)",
		"24 fresh", "24 held out", "24 h.o.+dev", "dev fresh", "dev imported", "dev 2-fold")
	for _, r := range rows {
		t.Logf("%-44s %s %s %s %s %s %s", r.name, cell(r.fresh), cell(r.heldOut), cell(r.heldOutDev),
			cell(r.devFresh), cell(r.devImported), cell(r.devCross))
	}
	t.Logf("calibration error (ECE) at the shipped temperature:")
	t.Logf("%-44s %-13s %-13s %-13s %-13s %-13s %-13s", "candidate", "24 fresh", "24 held out", "24 h.o.+dev", "dev fresh", "dev imported", "dev 2-fold")
	for _, r := range rows {
		var eces []string
		for _, e := range r.all() {
			_, ece := e.Calibration(0)
			eces = append(eces, fmt.Sprintf("%-13.3f", ece))
		}
		t.Logf("%-44s %s", r.name, strings.Join(eces, " "))
	}
	logCurve := func(title string, curve func(comparison) []float64) {
		t.Logf("%s", title)
		for _, r := range rows {
			c := curve(r)
			var pts []string
			for _, v := range c {
				pts = append(pts, fmt.Sprintf("%6.1f", v))
			}
			t.Logf("%-44s %s   rise %+.1f", r.name, strings.Join(pts, " "), c[len(c)-1]-c[0])
		}
	}
	logCurve("learning curve: development stories right (of 138) after learning 0–5 editions (mean over every choice), then the other half of the development set too:",
		func(r comparison) []float64 { return r.curve })
	logCurve("learning curve on real stories: labelled stories right (of 24), each with its edition held out, after learning the other editions and none, half, all of the development set:",
		func(r comparison) []float64 { return r.realCurve })
	t.Logf("stories gained/lost against the first row:")
	t.Logf("%-44s %-13s %-13s %-13s %-13s %-13s %-13s", "candidate", "24 fresh", "24 held out", "24 h.o.+dev", "dev fresh", "dev imported", "dev 2-fold")
	for _, r := range rows[1:] {
		var fs []string
		for i, e := range r.all() {
			g, l := flips(e, rows[0].all()[i])
			fs = append(fs, fmt.Sprintf("%-13s", fmt.Sprintf("+%d -%d", g, l)))
		}
		t.Logf("%-44s %s", r.name, strings.Join(fs, " "))
	}
}

// ownKeywordShare is the share of the stories' features that are features
// of their own sector's names, aliases and keywords.
func ownKeywordShare(sectors []digest.Sector, exs []Example) float64 {
	m := New(sectors)
	own := make([]map[uint64]bool, len(sectors))
	for i, sec := range sectors {
		own[i] = map[uint64]bool{}
		for _, f := range m.keywordFeatures(sec) {
			own[i][f.key] = true
		}
	}
	hits, all := 0, 0
	for _, ex := range exs {
		c := m.sectors.Index(ex.Sector)
		for _, f := range m.features(Input{Headline: ex.Headline, Summary: ex.Summary, Source: ex.Source}, false) {
			all++
			if c < len(sectors) && own[c][f.key] {
				hits++
			}
		}
	}
	return float64(hits) / float64(max(all, 1))
}

// withSharesOf is how many of test the shipped model gets right after
// learning editions when its prior is test's own shares of sectors (with
// one story added to each), not the editions': what is left of a gain from
// a flatter prior once the two sets' different shares are taken away.
func withSharesOf(sectors []digest.Sector, editions []pastEdition, test []Example) int {
	m := New(sectors)
	for _, e := range editions {
		for _, ex := range e.examples {
			if err := m.Learn(ex); err != nil {
				panic(err)
			}
		}
	}
	shares := make([]float64, len(sectors))
	for _, ex := range test {
		shares[m.sectors.Index(ex.Sector)]++
	}
	prior := m.priors()
	right := 0
	for _, ex := range test {
		s := m.Classify(Input{Headline: ex.Headline, Summary: ex.Summary, Source: ex.Source}).scores
		for c := range s {
			s[c] += math.Log((shares[c]+1)/float64(len(test)+len(sectors))) - prior[c]
		}
		if top(s) == m.sectors.Index(ex.Sector) {
			right++
		}
	}
	return right
}

// The shipped model's figures in TestModelComparison when it was written
// (stories right, and log loss held out and on the development set after
// import): a change that costs a story anywhere in the table, or makes the
// confidence worse where it is measured honestly, fails.
var shippedFloors = struct{ fresh, heldOut, heldOutDev, devFresh, devImported, devCross int }{
	fresh: 20, heldOut: 22, heldOutDev: 23, devFresh: 112, devImported: 116, devCross: 115,
}

const (
	heldOutLogLossCeiling     = 0.43 // 0.420 measured (0.431 before rarity weights, 0.488 before the lead word)
	devImportedLogLossCeiling = 0.62 // 0.602 measured (0.662 before rarity weights, 0.703 before the lead word)
	// The review card says "not sure" below 0.5, so the confidence must
	// stay calibrated: expected calibration errors at the shipped
	// temperature, where a perfectly calibrated model would show 0.120 on
	// the 24 and 0.050 on the 138 by chance alone. The ceiling on the 24
	// rose from 0.135 with rarity weights (0.165 measured): there one story
	// moving between two of the ten ranges moves the ECE by up to 0.04,
	// while the held-out log loss, which scores every confidence, fell
	// (0.431 -> 0.420), as it did on the development set (0.662 -> 0.602,
	// ECE 0.086 -> 0.088, and 0.076 -> 0.070 on both development sets).
	heldOutECECeiling     = 0.17 // 0.165 measured (0.135 before rarity weights, 0.114 before the lead word)
	devImportedECECeiling = 0.10 // 0.088 measured (0.086 before rarity weights, 0.080 before the lead word)
)

// TestModelComparison prints every candidate's figures on the labelled
// stories and the development set, with the log loss and calibration
// error at the shipped temperature, and each one's learning curves. It
// fails when the shipped model falls below its floors or above its
// ceilings of log loss and calibration error, or when another
// candidate is clearly ahead of it (four development stories or more
// after import and on the two-fold development set, and no fewer labelled
// stories held out): then the choice needs revisiting.
func TestModelComparison(t *testing.T) {
	sectors := config.Default().DigestSectors()
	editions := selectionEditions(t, sectors)
	dev := examplesOf(loadDev(t))
	temperature := DefaultParams().Temperature
	var rows []comparison
	for _, c := range candidates() {
		rows = append(rows, compare(c, sectors, editions, dev, temperature))
	}
	logComparison(t, rows)
	var archive []Example
	for _, e := range editions {
		archive = append(archive, e.examples...)
	}
	t.Logf("how the development set differs from the editions: Local Government %.0f%% of its stories (the editions: %.0f%%); its own sector's keywords %.1f%% of a story's features (the editions: %.1f%%); the shipped model after import with the development set's own shares as its prior: %d/%d",
		100*share(dev, "local-government"), 100*share(archive, "local-government"),
		100*ownKeywordShare(sectors, dev), 100*ownKeywordShare(sectors, archive), withSharesOf(sectors, editions, dev), len(dev))

	s := rows[0]
	for _, f := range []struct {
		name  string
		e     Evaluation
		floor int
	}{
		{"labelled, fresh", s.fresh, shippedFloors.fresh},
		{"labelled, held out", s.heldOut, shippedFloors.heldOut},
		{"labelled, held out, development set learned", s.heldOutDev, shippedFloors.heldOutDev},
		{"development set, fresh", s.devFresh, shippedFloors.devFresh},
		{"development set, after import", s.devImported, shippedFloors.devImported},
		{"development set, two-fold", s.devCross, shippedFloors.devCross},
	} {
		if f.e.Correct < f.floor {
			t.Errorf("shipped model, %s: %s, below its floor of %d", f.name, f.e, f.floor)
		}
	}
	if ll := s.heldOut.LogLoss(0); ll > heldOutLogLossCeiling {
		t.Errorf("shipped model, labelled, held out: log loss %.3f, above its ceiling of %.2f", ll, heldOutLogLossCeiling)
	}
	if ll := s.devImported.LogLoss(0); ll > devImportedLogLossCeiling {
		t.Errorf("shipped model, development set after import: log loss %.3f, above its ceiling of %.2f", ll, devImportedLogLossCeiling)
	}
	if _, ece := s.heldOut.Calibration(0); ece > heldOutECECeiling {
		t.Errorf("shipped model, labelled, held out: ECE %.3f, above its ceiling of %.3f", ece, heldOutECECeiling)
	}
	if _, ece := s.devImported.Calibration(0); ece > devImportedECECeiling {
		t.Errorf("shipped model, development set after import: ECE %.3f, above its ceiling of %.3f", ece, devImportedECECeiling)
	}
	const clear = 4
	for _, r := range rows[1:] {
		if r.devImported.Correct-s.devImported.Correct >= clear && r.devCross.Correct-s.devCross.Correct >= clear &&
			r.heldOut.Correct >= s.heldOut.Correct {
			t.Errorf("%q is clearly ahead of the shipped model (development set after import %s against %s, two-fold %s against %s; held out %s against %s): revisit the choice",
				r.name, r.devImported, s.devImported, r.devCross, s.devCross, r.heldOut, s.heldOut)
		}
	}
}
