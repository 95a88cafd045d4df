package classify

import (
	"cmp"
	"context"
	"math"
	"slices"
	"sync/atomic"

	"github.com/sharednews/sharednews/digest"
)

// maxWords is how many deciding words a Result lists.
const maxWords = 10

// Pseudo-words in Result.Words for evidence that is not a word of the
// story. The parentheses keep them apart from real words, which never
// contain any.
const (
	HintWord  = "(feed hint)"
	PriorWord = "(sector's share of past stories)"
)

// Input is what a sector is suggested from.
type Input struct {
	Headline string
	Summary  string
	Source   string // publisher, e.g. "BBC News"
	// Hint is the sector the story's feed is configured with (slug, name
	// or alias); "" for none. One that matches no sector is ignored.
	Hint string
}

// Result is a suggestion and why it was made.
type Result struct {
	Sector string // slug; "" only when no sector is configured
	// Confidence is the probability that Sector is the editor's choice,
	// 0–1, calibrated on held-out stories (see Calibrate): of suggestions
	// made with confidence 0.7, about seven in ten are right.
	Confidence float64
	// Words are the features that favoured Sector over the runner-up most,
	// strongest first, at most ten; Weight is each one's share of the log
	// odds between the two, in nats. Bigrams appear as two words.
	Words []WordWeight

	scores []float64 // per sector, before the temperature; for calibration
}

// WordWeight is one word's part in a decision.
type WordWeight struct {
	Word   string  `json:"word"`
	Weight float64 `json:"weight"`
}

// Suggest implements the bot's Suggester: the sector for a story, taking
// the feed's hint from ctx (see WithHint). It is Classify's Sector, without
// the confidence and the explanation, which the newswire does not show:
// it suggests a sector for every story it reads.
func (m *Model) Suggest(ctx context.Context, s digest.Story) string {
	if len(m.sectors) == 0 {
		return ""
	}
	in := Input{Headline: s.Headline, Summary: s.Summary, Source: s.Source, Hint: HintFrom(ctx)}
	// The features are only read here, so their memory is reused from
	// story to story.
	fs, _ := m.scratch.Get().(*featureSet)
	if fs == nil {
		fs = &featureSet{memo: wordMemo{}}
	}
	defer m.scratch.Put(fs)
	fs.list, fs.keys = fs.list[:0], fs.keys[:0]
	feats := m.gather(fs, in)
	hint := m.hintIndex(in.Hint)
	m.mu.RLock()
	defer m.mu.RUnlock()
	scores := m.scores(feats, fs.lead, hint, nil)
	return m.sectors[m.argmax(scores, hint, -1)].Slug
}

// Confidence implements the bot's Judge: the calibrated probability that
// sector is the editor's choice for s, with the feed's hint from ctx.
func (m *Model) Confidence(ctx context.Context, s digest.Story, sector string) float64 {
	r := m.Classify(Input{Headline: s.Headline, Summary: s.Summary, Source: s.Source, Hint: HintFrom(ctx)})
	i := m.sectors.Index(sector)
	if i == len(m.sectors) || len(r.scores) == 0 {
		return 0
	}
	return posterior(r.scores, i, m.params.Temperature)
}

// Classify suggests a sector for in. A story with no word the model knows
// (empty, or in another language) gets the prior: with no decisions
// learned that is every sector equally, so the confidence is 1/number of
// sectors and the suggestion is the hinted sector, else "other", else the
// last sector.
func (m *Model) Classify(in Input) Result {
	if len(m.sectors) == 0 {
		return Result{}
	}
	feats, lead := m.storyFeatures(in, true)
	hint := m.hintIndex(in.Hint)
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.score(feats, lead, hint)
}

// hintIndex is the index of the sector hint names, -1 for none.
func (m *Model) hintIndex(hint string) int {
	if hint == "" {
		return -1
	}
	if sec, err := m.sectors.Resolve(hint); err == nil {
		return m.sectors.Index(sec.Slug)
	}
	return -1
}

// knownFeature is a feature of the story being classified that the model
// has counts for.
type knownFeature struct {
	feature
	row int32
	// extra is what it counts beyond Params.counted: the lead word's
	// LeadWeight, else 0.
	extra int32
	// weight multiplies what it counts: its share of the story's
	// evidence by rarity (Params.IDFPower), 1 without.
	weight float64
}

// score computes the posterior over sectors, and the words that explain
// it. The caller holds m.mu for reading, or owns m alone.
func (m *Model) score(feats []feature, lead leadWord, hint int) Result {
	var known []knownFeature
	scores := m.scores(feats, lead, hint, &known)
	best := m.argmax(scores, hint, -1)
	res := Result{Sector: m.sectors[best].Slug, Confidence: posterior(scores, best, m.params.Temperature), scores: scores}
	if len(m.sectors) > 1 {
		runnerUp := m.argmax(scores, hint, best)
		res.Words = m.explain(known, best, runnerUp, m.evidence(m.denoms()), m.priors(), hint)
	}
	return res
}

// scores returns each sector's score for a story's features: its prior,
// the hint's boost, and the evidence of each feature the model knows,
// added in the order of feats, the headline's lead word counting
// lead.extra more. Words no sector has seen carry no evidence
// either way and are left out, as usual for naive Bayes. When known is
// not nil, the features that counted are appended to it. The caller holds
// m.mu for reading, or owns m alone.
func (m *Model) scores(feats []feature, lead leadWord, hint int, known *[]knownFeature) []float64 {
	scores := m.priors()
	if hint >= 0 && m.params.HintBoost > 0 {
		scores[hint] += math.Log(m.params.HintBoost)
	}
	ev := m.evidence(m.denoms())
	// With IDFPower the features' evidence is gathered apart, to be scaled
	// once their weights' mean is known.
	into, byRarity := scores, m.params.IDFPower > 0 && m.stories > 0
	var logStories1, sumWeights float64
	var nKnown, first int
	if byRarity {
		into, logStories1 = make([]float64, len(scores)), math.Log(float64(m.stories)+1)
	}
	if known != nil {
		first = len(*known)
	}
	for _, f := range feats {
		row, ok := m.rows[f.key]
		if !ok || m.rowSums[row] == 0 {
			continue
		}
		kf := knownFeature{feature: f, row: row, weight: 1}
		if lead.extra != 0 && f.key == lead.key {
			kf.extra = lead.extra
		}
		if byRarity {
			kf.weight = rarity(1+logStories1-m.logStoryDF[row], m.params.IDFPower)
			sumWeights += kf.weight
			nKnown++
		}
		if known != nil {
			*known = append(*known, kf)
		}
		ev.addTo(into, kf)
	}
	if byRarity && nKnown > 0 {
		scale := float64(nKnown) / sumWeights
		for c := range scores {
			scores[c] += scale * into[c]
		}
		if known != nil {
			for i := range (*known)[first:] {
				(*known)[first+i].weight *= scale
			}
		}
	}
	return scores
}

// rarity is a feature's weight for its smoothed inverse document frequency
// idf (at least 1) at power p: the powers in use are worked out by square
// roots, math.Pow being ten times as costly for the newswire, which scores
// every feature of every story it reads.
func rarity(idf, p float64) float64 {
	switch p {
	case 1:
		return idf
	case 0.5:
		return math.Sqrt(idf)
	case 0.25:
		return math.Sqrt(math.Sqrt(idf))
	}
	return math.Pow(idf, p)
}

// priors returns, per sector, the log of its share of the documents.
func (m *Model) priors() []float64 {
	docs := 0
	for _, d := range m.docs {
		docs += d
	}
	prior := make([]float64, len(m.sectors))
	for c := range prior {
		prior[c] = math.Log(float64(m.docs[c]) / float64(docs))
	}
	return prior
}

// denoms returns, per sector, the log of its smoothed total count.
func (m *Model) denoms() []float64 {
	denom := make([]float64, len(m.sectors))
	for c := range denom {
		denom[c] = math.Log(float64(m.totals[c]) + m.params.Alpha*float64(m.vocab))
	}
	return denom
}

// evidence computes what one feature adds to a sector's score.
type evidence struct {
	m     *Model
	denom []float64 // per sector: log of its smoothed total count
	// complementDenom is, per sector, the log of the other sectors'
	// smoothed total count.
	complementDenom []float64
}

func (m *Model) evidence(denom []float64) evidence {
	ev := evidence{m: m, denom: denom}
	if m.params.Complement {
		var all int64
		for _, t := range m.totals {
			all += t
		}
		ev.complementDenom = make([]float64, len(m.sectors))
		for c, t := range m.totals {
			ev.complementDenom[c] = math.Log(float64(all-t) + m.params.Alpha*float64(m.vocab))
		}
	}
	return ev
}

// of is feature f's part in sector c's score: with Complement, minus the
// log-likelihood of f among the other sectors' examples (a word common in
// the others counts against c), else the log-likelihood of f in c's own.
func (ev evidence) of(f knownFeature, c int) float64 {
	m := ev.m
	n := float64(m.params.counted(f.n)+f.extra) * f.weight
	if m.params.Complement {
		return -n * (m.complementLog(int(f.row), c) - ev.complementDenom[c])
	}
	return n * m.logLikelihood(int(f.row), c, ev.denom)
}

// addTo adds feature f's part to every sector's score, as of does for one:
// the newswire scores every feature of every story it reads for every
// sector, so what f counts is worked out once for them all.
func (ev evidence) addTo(scores []float64, f knownFeature) {
	m := ev.m
	n := float64(m.params.counted(f.n)+f.extra) * f.weight
	if m.params.Complement {
		// The logs are read here, and only the ones not yet computed are
		// left to complementLog, which is too large to be inlined.
		cached := m.logOther[int(f.row)*len(scores):][:len(scores)]
		for c := range scores {
			var l float64
			if bits := atomic.LoadUint64(&cached[c]); bits != unknownLog {
				l = math.Float64frombits(bits)
			} else {
				l = m.complementLog(int(f.row), c)
			}
			scores[c] += -n * (l - ev.complementDenom[c])
		}
		return
	}
	for c := range scores {
		scores[c] += n * m.logLikelihood(int(f.row), c, ev.denom)
	}
}

// logLikelihood is log P(feature | sector) with Laplace smoothing.
func (m *Model) logLikelihood(row, c int, denom []float64) float64 {
	return math.Log(float64(m.counts[row*len(m.sectors)+c])+m.params.Alpha) - denom[c]
}

// argmax returns the best-scoring sector other than skip. Scores equal to
// within rounding are tied; a tie goes to the hinted sector, then to the
// fallback ("other"), then to the earlier sector in display order.
func (m *Model) argmax(scores []float64, hint, skip int) int {
	top := math.Inf(-1)
	for i, s := range scores {
		if i != skip && s > top {
			top = s
		}
	}
	const tie = 1e-9
	for _, i := range []int{hint, m.fallback} {
		if i >= 0 && i != skip && scores[i] >= top-tie {
			return i
		}
	}
	for i, s := range scores {
		if i != skip && s >= top-tie {
			return i
		}
	}
	return 0
}

// posterior is the softmax of scores divided by temperature, at i,
// computed stably.
func posterior(scores []float64, i int, temperature float64) float64 {
	if temperature <= 0 {
		temperature = 1
	}
	top := slices.Max(scores)
	sum := 0.0
	for _, s := range scores {
		sum += math.Exp((s - top) / temperature)
	}
	return math.Exp((scores[i]-top)/temperature) / sum
}

// explain lists the evidence that favoured best over runnerUp: each known
// feature's term in the log odds between them, plus the hint and the prior
// when they helped.
func (m *Model) explain(known []knownFeature, best, runnerUp int, ev evidence, prior []float64, hint int) []WordWeight {
	var words []WordWeight
	for _, f := range known {
		w := ev.of(f, best) - ev.of(f, runnerUp)
		if w > 0 {
			words = append(words, WordWeight{Word: f.surface, Weight: w})
		}
	}
	if hint == best && m.params.HintBoost > 1 {
		words = append(words, WordWeight{Word: HintWord, Weight: math.Log(m.params.HintBoost)})
	}
	if w := prior[best] - prior[runnerUp]; w > 0 {
		words = append(words, WordWeight{Word: PriorWord, Weight: w})
	}
	slices.SortStableFunc(words, func(a, b WordWeight) int { return cmp.Compare(b.Weight, a.Weight) })
	if len(words) > maxWords {
		words = words[:maxWords]
	}
	return words
}
