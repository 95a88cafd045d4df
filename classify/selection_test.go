package classify

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// This file compares the shipped sector model with the alternatives issue
// 11 names, on the newsletter's past editions, each story classified by a
// model that never saw its edition:
//
//	go test ./classify -run TestModelSelection -v
//
// The alternatives live here, in test code, because none of them earned a
// place in the product; the test keeps the evidence for that decision
// runnable, and fails if the data ever shows an alternative clearly ahead.

// pastEdition is one imported edition: its stories as examples and the
// editor's own text, each with the sector of the section it stands in.
type pastEdition struct {
	date     string
	examples []Example
	text     []Example // commentary above a story, text after one, text under a heading
	headings []Example // the headings as the editor wrote them
}

func selectionEditions(t *testing.T, sectors []digest.Sector) []pastEdition {
	t.Helper()
	var out []pastEdition
	for date, e := range parsedEditions(t, sectors) {
		pe := pastEdition{date: date}
		for _, sec := range e.Sections {
			pe.examples = append(pe.examples, StoryExamples(sec.Stories)...)
			if sec.Heading != "" {
				pe.headings = append(pe.headings, Example{Headline: sec.Heading, Sector: sec.Sector.Slug})
			}
			if sec.Text != "" {
				pe.text = append(pe.text, Example{Summary: sec.Text, Sector: sec.Sector.Slug})
			}
			for _, st := range sec.Stories {
				if text := strings.TrimSpace(st.Commentary + "\n\n" + st.Afterword); text != "" {
					pe.text = append(pe.text, Example{Summary: text, Sector: sec.Sector.Slug})
				}
			}
		}
		out = append(out, pe)
	}
	slices.SortFunc(out, func(a, b pastEdition) int { return cmp.Compare(a.date, b.date) })
	return out
}

// candidate is a way of suggesting sectors: given the sectors and the past
// editions it may learn from, a function from a story to one score per
// sector (the highest wins; a softmax of them is the confidence).
type candidate struct {
	name  string
	train func(sectors []digest.Sector, editions []pastEdition) func(Input) []float64
}

// cnb is complement naive Bayes with params p, learning the editions'
// stories and, when asked, the editor's text and headings as further
// examples of their sections' sectors.
func cnb(p Params, withText, withHeadings, uniformPrior bool) func([]digest.Sector, []pastEdition) func(Input) []float64 {
	return func(sectors []digest.Sector, editions []pastEdition) func(Input) []float64 {
		m := NewWithParams(sectors, p)
		for _, e := range editions {
			exs := e.examples
			if withText {
				exs = append(slices.Clip(exs), e.text...)
			}
			if withHeadings {
				exs = append(slices.Clip(exs), e.headings...)
			}
			for _, ex := range exs {
				if err := m.Learn(ex); err != nil {
					panic(err)
				}
			}
		}
		return func(in Input) []float64 {
			s := m.Classify(in).scores
			if uniformPrior {
				docs := 0
				for _, d := range m.docs {
					docs += d
				}
				for c := range s {
					s[c] -= math.Log(float64(m.docs[c]) / float64(docs))
				}
			}
			return s
		}
	}
}

// logSoftmax is log of the softmax of s.
func logSoftmax(s []float64) []float64 {
	top := slices.Max(s)
	sum := 0.0
	for _, v := range s {
		sum += math.Exp(v - top)
	}
	out := make([]float64, len(s))
	for i, v := range s {
		out[i] = v - top - math.Log(sum)
	}
	return out
}

// experts multiplies the probabilities of two experts, each to the power
// one half: the keyword model alone (which learning cannot dilute) and the
// model that learned the editions.
func experts(sectors []digest.Sector, editions []pastEdition) func(Input) []float64 {
	seeds := New(sectors)
	learned := cnb(DefaultParams(), false, false, false)(sectors, editions)
	return func(in Input) []float64 {
		a, b := logSoftmax(seeds.Classify(in).scores), logSoftmax(learned(in))
		for i := range a {
			a[i] = (a[i] + b[i]) / 2
		}
		return a
	}
}

// logistic is multinomial logistic regression on the editions' stories
// whose prior is the keyword model: score = scale × the keyword model's
// score + bias + the learned weight of each feature, with a Gaussian prior
// (L2, λ = 1) pulling the weights and biases to zero and the scale to one,
// so that with nothing learned it is the keyword model. Fitted by full-batch
// Adam.
func logistic(sectors []digest.Sector, editions []pastEdition) func(Input) []float64 {
	const (
		lambda = 1.0
		steps  = 300
		rate   = 0.05
	)
	seeds := New(sectors)
	k := len(sectors)
	// A document is its features' places in params (each the first of k
	// weights), their counts, and the keyword model's scores.
	type doc struct {
		at     []int
		counts []float64
		prior  []float64
		class  int
	}
	at := map[uint64]int{}
	params := []float64{1} // the scale, then k biases, then k weights a feature
	params = append(params, make([]float64, k)...)
	toDoc := func(in Input, learn bool) doc {
		fs := seeds.features(in, false)
		d := doc{prior: seeds.score(fs, leadWord{}, -1).scores}
		for _, f := range fs {
			i, ok := at[f.key]
			if !ok && !learn {
				continue
			}
			if !ok {
				i = len(params)
				at[f.key] = i
				params = append(params, make([]float64, k)...)
			}
			d.at = append(d.at, i)
			d.counts = append(d.counts, float64(min(f.n, 2)))
		}
		return d
	}
	var docs []doc
	for _, e := range editions {
		for _, ex := range e.examples {
			d := toDoc(Input{Headline: ex.Headline, Summary: ex.Summary, Source: ex.Source}, true)
			d.class = seeds.sectors.Index(ex.Sector)
			docs = append(docs, d)
		}
	}
	scores := func(d doc, s []float64) {
		for c := range k {
			s[c] = params[0]*d.prior[c] + params[1+c]
		}
		for j, i := range d.at {
			for c := range k {
				s[c] += d.counts[j] * params[i+c]
			}
		}
	}
	m1, m2 := make([]float64, len(params)), make([]float64, len(params))
	grad := make([]float64, len(params))
	s, p := make([]float64, k), make([]float64, k)
	for step := 1; step <= steps && len(docs) > 0; step++ {
		for i := range grad {
			grad[i] = lambda * params[i]
		}
		grad[0] = lambda * (params[0] - 1)
		for _, d := range docs {
			scores(d, s)
			top := slices.Max(s)
			sum := 0.0
			for c := range k {
				p[c] = math.Exp(s[c] - top)
				sum += p[c]
			}
			for c := range k {
				g := p[c] / sum
				if c == d.class {
					g--
				}
				grad[0] += g * d.prior[c]
				grad[1+c] += g
				for j, i := range d.at {
					grad[i+c] += g * d.counts[j]
				}
			}
		}
		c1, c2 := 1-math.Pow(0.9, float64(step)), 1-math.Pow(0.999, float64(step))
		for i, g := range grad {
			m1[i] = 0.9*m1[i] + 0.1*g
			m2[i] = 0.999*m2[i] + 0.001*g*g
			params[i] -= rate * (m1[i] / c1) / (math.Sqrt(m2[i]/c2) + 1e-8)
		}
	}
	return func(in Input) []float64 {
		out := make([]float64, k)
		scores(toDoc(in, false), out)
		return out
	}
}

// neighbours adds to the keyword model's log probabilities the log share
// of the three most similar past stories (cosine over binary TF-IDF
// vectors of the same features) that are in each sector, smoothed.
func neighbours(sectors []digest.Sector, editions []pastEdition) func(Input) []float64 {
	const near = 3
	seeds := New(sectors)
	type doc struct {
		vec   map[uint64]float64
		class int
	}
	var raw [][]feature
	var classes []int
	df := map[uint64]float64{}
	for _, e := range editions {
		for _, ex := range e.examples {
			fs := seeds.features(Input{Headline: ex.Headline, Summary: ex.Summary, Source: ex.Source}, false)
			raw = append(raw, fs)
			classes = append(classes, seeds.sectors.Index(ex.Sector))
			for _, f := range fs {
				df[f.key]++
			}
		}
	}
	n := float64(len(raw))
	vector := func(fs []feature) map[uint64]float64 {
		v := map[uint64]float64{}
		norm := 0.0
		for _, f := range fs {
			w := math.Log((n + 1) / (df[f.key] + 1))
			v[f.key] = w
			norm += w * w
		}
		for key := range v {
			v[key] /= math.Sqrt(norm) + 1e-12
		}
		return v
	}
	docs := make([]doc, len(raw))
	for i, fs := range raw {
		docs[i] = doc{vector(fs), classes[i]}
	}
	return func(in Input) []float64 {
		s := logSoftmax(seeds.Classify(in).scores)
		if len(docs) == 0 {
			return s
		}
		q := vector(seeds.features(in, false))
		type sim struct {
			cos   float64
			class int
		}
		sims := make([]sim, len(docs))
		for i, d := range docs {
			for key, w := range q {
				sims[i].cos += w * d.vec[key]
			}
			sims[i].class = d.class
		}
		slices.SortStableFunc(sims, func(a, b sim) int { return cmp.Compare(b.cos, a.cos) })
		votes := make([]float64, len(s))
		total := 0.0
		for _, x := range sims[:min(near, len(sims))] {
			votes[x.class] += x.cos
			total += x.cos
		}
		for c := range s {
			s[c] += math.Log((votes[c] + 0.1*total/float64(len(s)) + 1e-9) / (1.1*total + 1e-9))
		}
		return s
	}
}

func candidates() []candidate {
	p := DefaultParams()
	// Keywords four times as strong against what is learned: every
	// keyword count and the smoothing times four, so a decision counts a
	// quarter as much as in the shipped model.
	strongSeeds := p
	strongSeeds.KeywordWeight *= 4
	strongSeeds.PhraseWordWeight *= 4
	strongSeeds.Alpha *= 4
	// The model before a story's features weighed by their rarity.
	flat := p
	flat.IDFPower = 0
	// The model before the headline's first word counted more.
	noLead := p
	noLead.LeadWeight = 0
	return append([]candidate{
		{"shipped: complement NB, keywords + stories", cnb(p, false, false, false)},
		{"without rarity weights (IDFPower 0)", cnb(flat, false, false, false)},
		{"without the lead word (LeadWeight 0)", cnb(noLead, false, false, false)},
		{"+ the editor's text as training", cnb(p, true, false, false)},
		{"+ the imported headings as training", cnb(p, false, true, false)},
		{"keywords 4x stronger than stories", cnb(strongSeeds, false, false, false)},
		{"no prior from sectors' shares", cnb(p, false, false, true)},
		{"keyword NB x learned NB (experts)", experts},
		{"logistic regression, keyword prior", logistic},
		{"3 nearest neighbours + keyword NB", neighbours},
	}, variantCandidates()...)
}

// heldOut classifies each story of the editions named in test by c trained
// on the editions named in train minus the story's own; it returns how
// many suggestions were right and the log loss of the softmax of the
// scores at temperature.
func heldOut(c candidate, sectors []digest.Sector, editions []pastEdition, test []string, temperature float64) (right, total int, logLoss float64) {
	ss := digest.Sectors(sectors)
	for _, date := range test {
		var others []pastEdition
		var own []Example
		for _, e := range editions {
			if e.date == date {
				own = e.examples
			} else {
				others = append(others, e)
			}
		}
		suggest := c.train(sectors, others)
		for _, ex := range own {
			s := suggest(Input{Headline: ex.Headline, Summary: ex.Summary, Source: ex.Source})
			want := ss.Index(ex.Sector)
			if top(s) == want {
				right++
			}
			for i := range s {
				s[i] /= temperature
			}
			logLoss -= logSoftmax(s)[want]
			total++
		}
	}
	return right, total, logLoss / float64(max(total, 1))
}

// top is the index of the highest score, the first of equal ones.
func top(s []float64) int {
	best := 0
	for i := range s {
		if s[i] > s[best]+1e-9 {
			best = i
		}
	}
	return best
}

func dates(editions []pastEdition) []string {
	out := make([]string, len(editions))
	for i, e := range editions {
		out[i] = e.date
	}
	return out
}

// TestModelSelection prints, for each candidate, the top-1 accuracy on a
// fresh database and with each story's own edition held out, over every
// story of the past editions (the labelled stories are a sample of them;
// the test says how many), and the held-out log loss at the shipped
// temperature. Then nested cross-validation: for each edition, the
// candidate that did best held out on the other editions alone (accuracy,
// then log loss) is trained on them and scored on the edition. That figure
// is what choosing among these candidates by the data would really give;
// the best single row above flatters itself, having been picked after
// seeing every story.
func TestModelSelection(t *testing.T) {
	sectors := config.Default().DigestSectors()
	editions := selectionEditions(t, sectors)
	labelled := loadLabelledWithEdition(t)
	all := dates(editions)
	temperature := DefaultParams().Temperature
	ss := digest.Sectors(sectors)

	stories, inLabelled := 0, 0
	for _, e := range editions {
		stories += len(e.examples)
		for _, ex := range e.examples {
			if slices.ContainsFunc(labelled, func(l Labelled) bool { return l.Edition == e.date && l.Headline == ex.Headline }) {
				inLabelled++
			}
		}
	}
	t.Logf("%d past editions, %d stories, %d of them among the %d labelled in %s",
		len(editions), stories, inLabelled, len(labelled), labelledPath)
	t.Logf("%-44s %9s %9s %9s", "candidate", "fresh", "held out", "log loss")
	type row struct {
		name         string
		right, total int
		loss         float64
	}
	var rows []row
	for _, c := range candidates() {
		fresh := c.train(sectors, nil)
		freshRight := 0
		for _, e := range editions {
			for _, ex := range e.examples {
				if top(fresh(Input{Headline: ex.Headline, Summary: ex.Summary})) == ss.Index(ex.Sector) {
					freshRight++
				}
			}
		}
		right, total, loss := heldOut(c, sectors, editions, all, temperature)
		rows = append(rows, row{name: c.name, right: right, total: total, loss: loss})
		t.Logf("%-44s %6d/%d %6d/%d %9.3f", c.name, freshRight, total, right, total, loss)
	}

	nestedRight, nestedTotal := 0, 0
	var chosen []string
	for _, outer := range all {
		var inner []pastEdition
		for _, e := range editions {
			if e.date != outer {
				inner = append(inner, e)
			}
		}
		best, bestRight, bestLoss := 0, -1, math.Inf(1)
		for i, c := range candidates() {
			right, _, loss := heldOut(c, sectors, inner, dates(inner), temperature)
			if right > bestRight || right == bestRight && loss < bestLoss {
				best, bestRight, bestLoss = i, right, loss
			}
		}
		c := candidates()[best]
		chosen = append(chosen, c.name)
		right, total, _ := heldOut(c, sectors, editions, []string{outer}, temperature)
		nestedRight += right
		nestedTotal += total
	}
	t.Logf("nested cross-validation (choose on the other editions, score on the edition): %d/%d, choosing %q",
		nestedRight, nestedTotal, chosen)

	// The evidence for keeping the shipped model: nothing beats it held
	// out by more than one story in 24, which is noise, and choosing by the
	// data does no better than keeping it. Should the data ever show an
	// alternative ahead by more than that, the choice needs revisiting.
	shipped := rows[0]
	for _, r := range rows[1:] {
		if r.right-shipped.right > max(1, shipped.total/20) {
			t.Errorf("%q gets %d/%d held out, the shipped model %d/%d: revisit the choice of model",
				r.name, r.right, r.total, shipped.right, shipped.total)
		}
	}
	if nestedRight-shipped.right > max(1, shipped.total/20) {
		t.Errorf("choosing a candidate by cross-validation gets %d/%d, the shipped model %d/%d: revisit the choice",
			nestedRight, nestedTotal, shipped.right, shipped.total)
	}
}
