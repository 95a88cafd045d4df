package classify

import (
	"cmp"
	"math"
	"slices"

	"github.com/sharednews/sharednews/digest"
)

// This file holds the candidates of issue 11's second round (see
// candidates): Rennie et al.'s (2003) refinements of complement naive
// Bayes (rarity weights and weight normalisation), and a blend of the
// shipped model with nearest neighbours over the imported stories.

// variant is how a candidate departs from the shipped model.
type variant struct {
	// idf weights each feature of the story being classified by its
	// inverse document frequency over the documents learned (the
	// sectors' keyword documents and the stories), raised to this power
	// and divided by the mean over the story's known features, so that
	// only the share of the evidence each feature carries changes; 0 for
	// none.
	idf float64
	// storiesOnly counts document frequencies over the learned stories
	// alone, not the sectors' keyword documents: on a fresh model every
	// feature then weighs the same, as in the shipped one.
	storiesOnly bool
	// smooth adds 1 to the inverse document frequency, so that a feature
	// of every learned story still counts (as with one story learned).
	smooth bool
	// normalise divides each sector's evidence by the sum of the
	// magnitudes of its weights over the vocabulary (times their mean
	// over the sectors, to keep the scale): Rennie et al.'s weight
	// normalisation, which keeps a sector whose complement is spread over
	// many words from being favoured.
	normalise bool
	// near and blend add blend × the log of the smoothed share of the
	// near most similar learned stories (cosine over binary TF-IDF
	// vectors of the same features) in each sector, to the probabilities
	// at the shipped temperature; near 0 for none.
	near  int
	blend float64
}

// cnbVariant is the shipped model, learning the editions' stories, changed
// as v says.
func cnbVariant(v variant) func([]digest.Sector, []pastEdition) func(Input) []float64 {
	return func(sectors []digest.Sector, editions []pastEdition) func(Input) []float64 {
		p := DefaultParams()
		p.IDFPower = 0
		m := NewWithParams(sectors, p)
		k := len(sectors)
		var docs [][]feature
		var classes []int
		for i, sec := range sectors {
			docs = append(docs, m.keywordFeatures(sec))
			classes = append(classes, i)
		}
		learnedFrom := len(docs)
		for _, e := range editions {
			for _, ex := range e.examples {
				if err := m.Learn(ex); err != nil {
					panic(err)
				}
				docs = append(docs, m.learnFeatures(ex))
				classes = append(classes, m.sectors.Index(ex.Sector))
			}
		}
		df := map[uint64]float64{}
		counted := docs
		if v.storiesOnly {
			counted = docs[learnedFrom:]
		}
		for _, d := range counted {
			for _, f := range d {
				df[f.key]++
			}
		}
		n := float64(len(counted))
		idf := func(key uint64) float64 {
			w := math.Log((n + 1) / (df[key] + 1))
			if v.smooth {
				w++
			}
			return w
		}

		scale := make([]float64, k)
		for c := range scale {
			scale[c] = 1
		}
		ev := m.evidence(m.denoms())
		if v.normalise {
			sums := make([]float64, k)
			for row := range m.rowSums {
				if m.rowSums[row] == 0 {
					continue
				}
				for c := range k {
					sums[c] += math.Abs(ev.of(knownFeature{feature: feature{n: 1}, row: int32(row), weight: 1}, c))
				}
			}
			mean := 0.0
			for _, s := range sums {
				mean += s / float64(k)
			}
			for c := range scale {
				scale[c] = mean / sums[c]
			}
		}

		type vec map[uint64]float64
		vector := func(fs []feature) vec {
			out := vec{}
			norm := 0.0
			for _, f := range fs {
				w := idf(f.key)
				out[f.key] = w
				norm += w * w
			}
			for key := range out {
				out[key] /= math.Sqrt(norm) + 1e-12
			}
			return out
		}
		var stories []vec
		if v.near > 0 {
			for _, d := range docs[learnedFrom:] {
				stories = append(stories, vector(d))
			}
		}

		return func(in Input) []float64 {
			feats, lead := m.storyFeatures(in, false)
			scores := m.priors()
			evidence := make([]float64, k)
			var known []knownFeature
			for _, f := range feats {
				row, ok := m.rows[f.key]
				if !ok || m.rowSums[row] == 0 {
					continue
				}
				kf := knownFeature{feature: f, row: row, weight: 1}
				if lead.extra != 0 && f.key == lead.key {
					kf.extra = lead.extra
				}
				known = append(known, kf)
			}
			weights := make([]float64, len(known))
			mean := 0.0
			for i, kf := range known {
				weights[i] = 1
				if v.idf > 0 && n > 0 {
					weights[i] = math.Pow(idf(kf.key), v.idf)
				}
				mean += weights[i] / float64(len(known))
			}
			one := make([]float64, k)
			for i, kf := range known {
				clear(one)
				ev.addTo(one, kf)
				for c := range k {
					evidence[c] += weights[i] / mean * one[c]
				}
			}
			for c := range k {
				scores[c] += scale[c] * evidence[c]
			}
			if v.near == 0 || len(stories) == 0 {
				return scores
			}
			q := vector(feats)
			type sim struct {
				cos   float64
				class int
			}
			sims := make([]sim, len(stories))
			for i, d := range stories {
				for key, w := range q {
					sims[i].cos += w * d[key]
				}
				sims[i].class = classes[learnedFrom+i]
			}
			slices.SortStableFunc(sims, func(a, b sim) int { return cmp.Compare(b.cos, a.cos) })
			votes := make([]float64, k)
			total := 0.0
			for _, x := range sims[:min(v.near, len(sims))] {
				votes[x.class] += x.cos
				total += x.cos
			}
			t := p.Temperature
			for c := range scores {
				scores[c] += t * v.blend * math.Log((votes[c]+0.1*total/float64(k)+1e-9)/(1.1*total+1e-9))
			}
			return scores
		}
	}
}

// variantCandidates are the second round's candidates, beside the shipped
// model's rarity weights ((1+idf)^0.5 over stories, Params.IDFPower), with
// the model before them as the base (IDFPower 0).
func variantCandidates() []candidate {
	return []candidate{
		{"rarity weights, idf^0.25 over stories", cnbVariant(variant{idf: 0.25, storiesOnly: true})},
		{"rarity weights, 1+idf over stories", cnbVariant(variant{idf: 1, storiesOnly: true, smooth: true})},
		{"rarity weights, (1+idf)^2 over stories", cnbVariant(variant{idf: 2, storiesOnly: true, smooth: true})},
		{"rarity weights, (1+idf)^0.25 over stories", cnbVariant(variant{idf: 0.25, storiesOnly: true, smooth: true})},
		{"rarity weights, idf^1 over stories", cnbVariant(variant{idf: 1, storiesOnly: true})},
		{"rarity weights, idf^0.5 with keyword docs", cnbVariant(variant{idf: 0.5})},
		{"weight-normalised sectors (WCNB)", cnbVariant(variant{normalise: true})},
		{"TWCNB: idf^1 with keyword docs + WCNB", cnbVariant(variant{idf: 1, normalise: true})},
		{"5 nearest neighbours blended 0.5", cnbVariant(variant{near: 5, blend: 0.5})},
	}
}
