package classify

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"testing"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

func defaultSectors() []digest.Sector { return config.Default().DigestSectors() }

// toySectors make evidence easy to reason about: each sector has one
// keyword of its own.
var toySectors = []digest.Sector{
	{Slug: "alpha", Name: "Alpha", Keywords: []string{"apples"}},
	{Slug: "beta", Name: "Beta", Aliases: []string{"b-team"}, Keywords: []string{"bananas"}},
	{Slug: "other", Name: "Other", Keywords: []string{"cherries"}},
}

func TestClassifyUsesConfiguredKeywords(t *testing.T) {
	m := New(defaultSectors())
	tests := []struct{ headline, summary, want string }{
		{"Hospital trusts share back-office services", "Two NHS foundation trusts will share payroll and HR for their hospitals.", "health"},
		{"Police and fire services share a control room", "The constabulary and the fire and rescue service open a joint control room.", "blue-light"},
		{"Universities club together on student records", "Three universities will run one student records system.", "education"},
		{"Housing associations merge repairs teams", "Two housing associations combine repairs for their tenants.", "housing"},
		{"Councils move IT to the cloud", "A G-Cloud framework lets councils buy cloud software.", "highway-code"},
	}
	for _, tt := range tests {
		r := m.Classify(Input{Headline: tt.headline, Summary: tt.summary})
		if r.Sector != tt.want {
			t.Errorf("Classify(%q) = %s (%.2f), want %s; words %v", tt.headline, r.Sector, r.Confidence, tt.want, r.Words)
		}
		if r.Confidence <= 0.5 || r.Confidence > 1 {
			t.Errorf("Classify(%q) confidence = %v, want a clear decision", tt.headline, r.Confidence)
		}
		if len(r.Words) == 0 {
			t.Errorf("Classify(%q) explained by no words", tt.headline)
		}
	}
}

// TestAcronymsCountAsTheirWords: a story that names a body only by its
// acronym gets the evidence of the words it stands for, once: "PCC" is
// the police and crime commissioner even on a fresh database, while the
// same story without it leans nowhere.
func TestAcronymsCountAsTheirWords(t *testing.T) {
	toy := []digest.Sector{
		{Slug: "police", Name: "Police", Keywords: []string{"crime"}},
		{Slug: "schools", Name: "Schools", Keywords: []string{"pupils"}},
	}
	m := New(toy)
	if r := m.Classify(Input{Headline: "PCC appoints a deputy"}); r.Sector != "police" || r.Confidence <= 0.5 {
		t.Errorf("PCC: %s (%.2f), words %v; want police", r.Sector, r.Confidence, r.Words)
	}
	plain := m.Classify(Input{Headline: "Board appoints a deputy"})
	spelt := m.Classify(Input{Headline: "Police and crime commissioner appoints a deputy"})
	acronym := m.Classify(Input{Headline: "PCC appoints a deputy"})
	if plain.Confidence > 0.55 || acronym.Confidence >= spelt.Confidence {
		t.Errorf("confidence without the acronym %.2f, with it %.2f, spelt out %.2f: the acronym must count once, not three times",
			plain.Confidence, acronym.Confidence, spelt.Confidence)
	}
}

// TestAcronymWordsCountOnce: an acronym of two names (DCMS, renamed)
// counts each word once, and "A&E", which the model reads as one word,
// stands for accident and emergency too.
func TestAcronymWordsCountOnce(t *testing.T) {
	count := func(text, stem string) int32 {
		var fs featureSet
		fs.addText(text, 2, true)
		for _, f := range fs.features() {
			if f.key == unigramKey(stem) {
				return f.n
			}
		}
		return 0
	}
	for _, tc := range []struct {
		text, stem string
		want       int32
	}{
		{"DCMS grants", "sport", 1}, {"DCMS grants", "digital", 1}, {"A&E waits", "emergency", 1},
		{"PCC elected", "commissioner", 1}, {"Police and crime commissioner elected", "commissioner", 2},
	} {
		if got := count(tc.text, tc.stem); got != tc.want {
			t.Errorf("%q counts %q %d times, want %d", tc.text, tc.stem, got, tc.want)
		}
	}
}

func TestLearningChangesSuggestion(t *testing.T) {
	m := New(defaultSectors())
	story := Input{Headline: "Wychavon and Malvern Hills agree joint waste contract"}
	before := m.Classify(story)
	if before.Sector == "highway-code" {
		t.Fatalf("the test needs a story that starts outside highway-code, got %+v", before)
	}
	// The editor files contract stories under highway-code (procurement).
	for i, h := range []string{
		"Joint contract saves districts £2m",
		"Neighbouring councils agree joint contract for payroll",
		"Contract awarded for shared revenues system",
	} {
		if err := m.Learn(Example{ID: int64(i + 1), Headline: h, Sector: "highway-code"}); err != nil {
			t.Fatal(err)
		}
	}
	after := m.Classify(story)
	if after.Sector != "highway-code" {
		t.Fatalf("after learning: %s (%.2f), want highway-code; before: %s (%.2f)", after.Sector, after.Confidence, before.Sector, before.Confidence)
	}
	if m.Stats().Examples != 3 {
		t.Errorf("Stats().Examples = %d, want 3", m.Stats().Examples)
	}
	if !hasWord(after.Words, "contract") {
		t.Errorf("explanation %v does not name the learned word \"contract\"", after.Words)
	}
}

// TestLearnedRepeatsCount: a learned story that says a word over and over
// is no more evidence for its sector than one that says it once in its
// headline, as for a story being classified (Binary): otherwise a long
// summary that keeps naming its subject outweighs the configured keywords.
func TestLearnedRepeatsCount(t *testing.T) {
	repeats, once := New(toySectors), New(toySectors)
	// Full stops keep the repeats from making bigrams of their own.
	if err := repeats.Learn(Example{Headline: "durian fair", Summary: "Durian. Durian. Durian, durian.", Sector: "alpha"}); err != nil {
		t.Fatal(err)
	}
	if err := once.Learn(Example{Headline: "durian fair", Sector: "alpha"}); err != nil {
		t.Fatal(err)
	}
	assertSameModel(t, repeats, once)
	for _, l := range []Labelled{
		{Example: Example{Headline: "durian fair", Summary: "Durian. Durian. Durian, durian.", Sector: "alpha"}, Edition: "a"},
		{Example: Example{Headline: "bananas", Sector: "beta"}, Edition: "b"},
	} {
		// The held-out measure learns through its own path; it must count
		// alike.
		got, err := HeldOutByEdition(toySectors, DefaultParams(), map[string][]Example{"a": {l.Example}, "b": {l.Example}}, []Labelled{l})
		if err != nil {
			t.Fatal(err)
		}
		m := New(toySectors)
		if err := m.Learn(l.Example); err != nil {
			t.Fatal(err)
		}
		want := Evaluate(m, []Example{l.Example})
		if got.Predictions[0].Confidence != want.Predictions[0].Confidence {
			t.Errorf("%q: held out by edition %.6f, learned %.6f", l.Headline, got.Predictions[0].Confidence, want.Predictions[0].Confidence)
		}
	}
}

func TestLearnReplacesAndForgets(t *testing.T) {
	m := New(toySectors)
	story := Input{Headline: "durian"}
	if err := m.Learn(Example{ID: 7, Headline: "durian news", Sector: "alpha"}); err != nil {
		t.Fatal(err)
	}
	if got := m.Classify(story).Sector; got != "alpha" {
		t.Fatalf("after approval into alpha: %s", got)
	}
	// The editor re-sectors story 7: it now counts for beta only.
	if err := m.Learn(Example{ID: 7, Headline: "durian news", Sector: "beta"}); err != nil {
		t.Fatal(err)
	}
	if got := m.Classify(story).Sector; got != "beta" {
		t.Fatalf("after re-sectoring into beta: %s", got)
	}
	if got := m.Stats().Examples; got != 1 {
		t.Errorf("Examples = %d after re-sectoring, want 1", got)
	}
	m.Forget(7)
	m.Forget(7) // forgetting twice is harmless
	if r := m.Classify(story); r.Sector != "other" || m.Stats().Examples != 0 {
		t.Errorf("after Forget: %+v, %d examples; want the fallback with nothing learned", r, m.Stats().Examples)
	}
	assertSameModel(t, m, New(toySectors))
}

func TestLearnStory(t *testing.T) {
	m := New(toySectors)
	count := func(want int, when string) {
		t.Helper()
		if got := m.Stats().Examples; got != want {
			t.Errorf("%s: %d examples, want %d", when, got, want)
		}
	}
	s := digest.Story{ID: 3, Headline: "durian", Sector: "beta", State: digest.StateQueued}
	if err := m.LearnStory(s); err != nil {
		t.Fatal(err)
	}
	count(0, "queued")
	s.State = digest.StateApproved
	if err := m.LearnStory(s); err != nil {
		t.Fatal(err)
	}
	count(1, "approved")
	s.Sector = "alpha" // the editor re-sectors the approved story
	if err := m.LearnStory(s); err != nil {
		t.Fatal(err)
	}
	count(1, "re-sectored")
	if got := m.Classify(Input{Headline: "durian"}).Sector; got != "alpha" {
		t.Errorf("after re-sectoring into alpha: %s", got)
	}
	s.State = digest.StateRejected
	if err := m.LearnStory(s); err != nil {
		t.Fatal(err)
	}
	count(0, "no longer approved")
	assertSameModel(t, m, New(toySectors))

	// Publishing is final: the story counts once, whatever comes after.
	p := digest.Story{ID: 4, Headline: "durian", Sector: "beta", State: digest.StateApproved}
	for _, st := range []digest.State{digest.StateApproved, digest.StatePublished, digest.StatePublished} {
		p.State = st
		if err := m.LearnStory(p); err != nil {
			t.Fatal(err)
		}
	}
	m.Forget(4)
	count(1, "published")
	if got := m.Classify(Input{Headline: "durian"}).Sector; got != "beta" {
		t.Errorf("after publishing into beta: %s", got)
	}

	err := m.Learn(Example{Headline: "x", Sector: "gamma"})
	if !errors.Is(err, ErrUnknownSector) {
		t.Errorf("learning an unknown sector: %v, want ErrUnknownSector", err)
	}
	if err := m.LearnStory(digest.Story{ID: 9, Sector: "gamma", State: digest.StatePublished}); !errors.Is(err, ErrUnknownSector) {
		t.Errorf("publishing into an unknown sector: %v", err)
	}
}

func TestHintBreaksTies(t *testing.T) {
	m := New(toySectors)
	// Its first word ("fruit") is no sector's, so apples and bananas
	// weigh the same (see TestLeadWordCountsMore).
	tied := Input{Headline: "Fruit: apples and bananas"}
	if r := m.Classify(tied); r.Sector != "alpha" {
		t.Fatalf("without a hint a tie goes to the first sector in display order, got %+v", r)
	}
	for _, hint := range []string{"beta", "Beta", "b-team"} {
		in := tied
		in.Hint = hint
		r := m.Classify(in)
		if r.Sector != "beta" {
			t.Errorf("hint %q: %s, want beta", hint, r.Sector)
		}
		if !hasWord(r.Words, HintWord) {
			t.Errorf("hint %q: explanation %v does not name the hint", hint, r.Words)
		}
	}
	// Through the bot's Suggester interface, the hint rides on the context.
	story := digest.Story{Headline: "Fruit: apples and bananas"}
	if got := m.Suggest(WithHint(context.Background(), "beta"), story); got != "beta" {
		t.Errorf("Suggest with hint in context = %s, want beta", got)
	}
	if got := m.Suggest(context.Background(), story); got != "alpha" {
		t.Errorf("Suggest without hint = %s, want alpha", got)
	}
	// A hint that names no sector is ignored.
	if got := m.Classify(Input{Headline: "Fruit: apples and bananas", Hint: "zebra"}).Sector; got != "alpha" {
		t.Errorf("unknown hint: %s, want alpha", got)
	}
	// A hint does not outweigh a headline that says otherwise.
	if got := m.Classify(Input{Headline: "apples", Hint: "beta"}).Sector; got != "alpha" {
		t.Errorf("hint beta on an apples headline: %s, want alpha", got)
	}
}

// TestLeadWordCountsMore checks that the first content word of a headline
// decides between words that are otherwise even, in Classify, Suggest and
// the explanation alike, and only in the headline.
func TestLeadWordCountsMore(t *testing.T) {
	m := New(toySectors)
	ctx := context.Background()
	for _, tc := range []struct{ headline, want string }{
		{"Apples and bananas", "alpha"},
		{"Bananas and apples", "beta"},
		{"The bananas, and then apples", "beta"}, // small words are not a lead
	} {
		r := m.Classify(Input{Headline: tc.headline})
		if r.Sector != tc.want {
			t.Errorf("%q: %s, want %s", tc.headline, r.Sector, tc.want)
		}
		if len(r.Words) != 1 || r.Words[0].Weight <= 0 {
			t.Errorf("%q: explained by %v, want the lead word alone", tc.headline, r.Words)
		}
		if got := m.Suggest(ctx, digest.Story{Headline: tc.headline}); got != tc.want {
			t.Errorf("%q: Suggest = %s, want %s", tc.headline, got, tc.want)
		}
	}
	// The summary has no lead word: its first word counts like any other.
	if got := m.Classify(Input{Summary: "Bananas and apples"}).Sector; got != "alpha" {
		t.Errorf("summary only: %s, want the tie's alpha", got)
	}
	// With LeadWeight 0 the headline is even again.
	p := DefaultParams()
	p.LeadWeight = 0
	if got := NewWithParams(toySectors, p).Classify(Input{Headline: "Bananas and apples"}).Sector; got != "alpha" {
		t.Errorf("LeadWeight 0: %s, want the tie's alpha", got)
	}
}

func TestEmptyStory(t *testing.T) {
	m := New(defaultSectors())
	r := m.Classify(Input{})
	if r.Sector != "other" {
		t.Errorf("empty story: %s, want the fallback sector other", r.Sector)
	}
	if want := 1.0 / 10; math.Abs(r.Confidence-want) > 1e-9 {
		t.Errorf("empty story confidence = %v, want %v (no evidence)", r.Confidence, want)
	}
	if len(r.Words) != 0 {
		t.Errorf("empty story explained by %v", r.Words)
	}
	if r := m.Classify(Input{Hint: "police"}); r.Sector != "blue-light" {
		t.Errorf("empty story with hint police: %s, want blue-light", r.Sector)
	}
	if got := New(nil).Classify(Input{Headline: "NHS"}); got.Sector != "" {
		t.Errorf("no sectors configured: %+v, want no suggestion", got)
	}
	if got := New(nil).Suggest(context.Background(), digest.Story{}); got != "" {
		t.Errorf("no sectors: Suggest = %q", got)
	}
}

func TestOtherLanguages(t *testing.T) {
	m := New(defaultSectors())
	for _, in := range []Input{
		{Headline: "پاکستان میں پولیس اور ہسپتالوں کا مشترکہ منصوبہ", Summary: "حکومت نے صحت کے شعبے میں نئی اصلاحات کا اعلان کیا ہے۔", Source: "بی بی سی اردو"},
		{Headline: "Stadtwerke und Landkreis gründen gemeinsame Gesellschaft", Summary: "Die Verwaltung will Kosten sparen und Aufgaben bündeln.", Source: "heise online"},
	} {
		r := m.Classify(in)
		if _, ok := digest.Sectors(defaultSectors()).Lookup(r.Sector); !ok {
			t.Errorf("%q: sector %q is not configured", in.Headline, r.Sector)
		}
		if r.Confidence >= 0.5 || math.IsNaN(r.Confidence) {
			t.Errorf("%q: confidence %v, want low", in.Headline, r.Confidence)
		}
	}
}

func TestConcurrentLearnAndClassify(t *testing.T) {
	m := New(defaultSectors())
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 50 {
				id := int64(g*1000 + i + 1) // 0 would be an anonymous example
				if err := m.Learn(Example{ID: id, Headline: fmt.Sprintf("Story %d about hospitals", i), Sector: "health"}); err != nil {
					t.Error(err)
					return
				}
				m.Suggest(WithHint(context.Background(), "health"), digest.Story{Headline: "NHS trust merger"})
				if i%2 == 0 {
					m.Forget(id)
				}
			}
		})
	}
	wg.Wait()
	if got := m.Stats().Examples; got != 100 {
		t.Errorf("Examples = %d, want 100", got)
	}
}

// assertSameModel checks that two models hold the same evidence.
func assertSameModel(t *testing.T, got, want *Model) {
	t.Helper()
	if got.vocab != want.vocab || !slices.Equal(got.docs, want.docs) || !slices.Equal(got.totals, want.totals) {
		t.Errorf("vocabulary %d, docs %v, totals %v; want %d, %v, %v", got.vocab, got.docs, got.totals, want.vocab, want.docs, want.totals)
	}
	k := len(want.sectors)
	for key, wr := range want.rows {
		gr, ok := got.rows[key]
		if !ok || !slices.Equal(got.counts[int(gr)*k:int(gr+1)*k], want.counts[int(wr)*k:int(wr+1)*k]) {
			t.Errorf("feature %x: counts differ", key)
		}
	}
}

func TestLeaveOneOutMatchesRetraining(t *testing.T) {
	examples := []Example{
		{Headline: "Hospital trusts merge", Sector: "health"},
		{Headline: "Police forces merge back offices", Sector: "blue-light"},
		{Headline: "Councils merge planning", Sector: "local-government"},
		{Headline: "Hospital and council share a building", Sector: "local-government"},
	}
	got, err := LeaveOneOut(defaultSectors(), DefaultParams(), examples)
	if err != nil {
		t.Fatal(err)
	}
	// The same figure, the slow way: a new model for every held-out story.
	var want Evaluation
	for i, held := range examples {
		m := New(defaultSectors())
		for j, ex := range examples {
			if j != i {
				if err := m.Learn(ex); err != nil {
					t.Fatal(err)
				}
			}
		}
		want.record(m, held, "", m.Classify(Input{Headline: held.Headline}))
	}
	if got.Correct != want.Correct || got.Total != want.Total || len(got.Misses) != len(want.Misses) {
		t.Errorf("LeaveOneOut = %s, retraining gives %s", got, want)
	}
	for i := range want.Misses {
		if got.Misses[i].Got != want.Misses[i].Got || math.Abs(got.Misses[i].Confidence-want.Misses[i].Confidence) > 1e-9 {
			t.Errorf("miss %d: %+v, want %+v", i, got.Misses[i], want.Misses[i])
		}
	}
	if _, err := LeaveOneOut(defaultSectors(), DefaultParams(), []Example{{Headline: "x", Sector: "nope"}}); !errors.Is(err, ErrUnknownSector) {
		t.Errorf("unknown sector: %v", err)
	}
}

func TestStoryExamples(t *testing.T) {
	stories := []digest.Story{{ID: 4, Headline: "h", Summary: "s", Source: "src", Sector: "health"}}
	got := StoryExamples(stories)
	want := Example{ID: 4, Headline: "h", Summary: "s", Source: "src", Sector: "health"}
	if len(got) != 1 || got[0] != want {
		t.Errorf("StoryExamples = %+v, want [%+v]", got, want)
	}
}

func hasWord(words []WordWeight, word string) bool {
	for _, w := range words {
		if w.Word == word {
			return true
		}
	}
	return false
}

func TestHeldOutByEditionMatchesRetraining(t *testing.T) {
	editions := map[string][]Example{
		"one":   {{Headline: "Hospital trusts merge", Sector: "health"}, {Headline: "Councils merge planning", Sector: "local-government"}},
		"two":   {{Headline: "Police forces merge back offices", Sector: "blue-light"}, {Headline: "Hospital and council share a building", Sector: "local-government"}},
		"three": {{Headline: "Council and hospital share a chief executive", Sector: "leadership"}},
	}
	labelled := []Labelled{
		{Example: Example{Headline: "Hospital and council merge offices", Sector: "local-government"}, Edition: "two"},
		{Example: Example{Headline: "Police and hospital share a building", Sector: "blue-light"}, Edition: "one"},
		{Example: Example{Headline: "Hospital trusts share a chief executive", Sector: "health"}, Edition: "three"},
		{Example: Example{Headline: "Councils share planning", Sector: "local-government"}, Edition: "not imported"},
	}
	got, err := HeldOutByEdition(defaultSectors(), DefaultParams(), editions, labelled)
	if err != nil {
		t.Fatal(err)
	}
	// The same figures, the slow way: a new model for every story.
	for i, l := range labelled {
		m := New(defaultSectors())
		for edition, exs := range editions {
			for _, ex := range exs {
				if edition != l.Edition {
					if err := m.Learn(ex); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		want := m.Classify(Input{Headline: l.Headline})
		p := got.Predictions[i]
		if p.Got != want.Sector || math.Abs(p.Confidence-want.Confidence) > 1e-9 || p.Group != l.Edition {
			t.Errorf("story %d: %+v, retraining gives %s %.6f", i, p, want.Sector, want.Confidence)
		}
	}
	if got.Total != len(labelled) {
		t.Errorf("total %d", got.Total)
	}
	// The whole archive as labelled stories: every story once, by edition.
	all := ArchiveLabelled(editions)
	if len(all) != 5 || all[0].Edition != "one" || all[4].Edition != "two" || all[4].Sector != "local-government" {
		t.Errorf("ArchiveLabelled = %+v", all)
	}
	editions["two"] = append(editions["two"], Example{Headline: "x", Sector: "nope"})
	if _, err := HeldOutByEdition(defaultSectors(), DefaultParams(), editions, labelled); !errors.Is(err, ErrUnknownSector) {
		t.Errorf("unknown sector: %v", err)
	}
}

func TestLogLossAndChanceECE(t *testing.T) {
	e := overconfident()
	// Three in four right at 0.99: −(3 ln 0.99 + ln 0.01)/4.
	want := -(3*math.Log(0.99) + math.Log(0.01)) / 4
	if got := e.LogLoss(1); math.Abs(got-want) > 1e-9 {
		t.Errorf("LogLoss = %v, want %v", got, want)
	}
	// At a higher temperature the confident mistakes cost less.
	if e.LogLoss(3) >= e.LogLoss(1) {
		t.Errorf("LogLoss(3) = %v, LogLoss(1) = %v", e.LogLoss(3), e.LogLoss(1))
	}
	// Forty suggestions at 0.99, right by chance 99 times in 100: the ECE
	// is |share right − 0.99|, a little over 0.01 on average.
	if got := e.ChanceECE(1); got < 0.005 || got > 0.03 {
		t.Errorf("ChanceECE = %v", got)
	}
	if e.ChanceECE(1) != e.ChanceECE(1) {
		t.Error("ChanceECE differs between runs")
	}
	// Confidences of one half on four stories: the share right is 0, ¼, ½,
	// ¾ or 1 with binomial odds, so the expected ECE is (2·½ + 8·¼)/16.
	var half Evaluation
	for range 4 {
		half.Predictions = append(half.Predictions, Prediction{Confidence: 0.5})
	}
	if got := half.ChanceECE(0); math.Abs(got-0.1875) > 0.02 {
		t.Errorf("ChanceECE of four coin tosses = %v, want 0.1875", got)
	}
}

// TestCachedLogsFollowLearning: what Classify computes once per feature
// and keeps (logOther) is computed again when learning or forgetting
// changes that feature's counts: a model that classified stories between
// its decisions scores every story exactly as a model that only learned
// the decisions that stand.
func TestCachedLogsFollowLearning(t *testing.T) {
	stories := []Input{
		{Headline: "NHS trust and council share a chief executive", Summary: "Hospitals and social care"},
		{Headline: "Fire and rescue service merges control rooms", Summary: "Police and fire"},
		{Headline: "Council shares waste collection", Summary: "Bins and recycling across the district"},
	}
	decisions := []Example{
		{ID: 1, Headline: "Hospital trusts merge back offices", Sector: "health"},
		{ID: 2, Headline: "Councils share waste collection and recycling", Sector: "local-government"},
		{ID: 3, Headline: "Fire service control room shared with police", Sector: "blue-light"},
	}
	busy, settled := New(defaultSectors()), New(defaultSectors())
	classifyAll := func(m *Model) []Result {
		var out []Result
		for _, in := range stories {
			out = append(out, m.Classify(in))
		}
		return out
	}
	for _, ex := range decisions {
		classifyAll(busy)
		if err := busy.Learn(ex); err != nil {
			t.Fatal(err)
		}
	}
	classifyAll(busy)
	busy.Forget(2)
	relabelled := decisions[0]
	relabelled.Sector = "local-government"
	if err := busy.Learn(relabelled); err != nil {
		t.Fatal(err)
	}
	for _, ex := range []Example{relabelled, decisions[2]} {
		if err := settled.Learn(ex); err != nil {
			t.Fatal(err)
		}
	}
	got, want := classifyAll(busy), classifyAll(settled)
	for i := range stories {
		if got[i].Sector != want[i].Sector || got[i].Confidence != want[i].Confidence || !slices.Equal(got[i].scores, want[i].scores) {
			t.Errorf("%q: %s %v %v, want %s %v %v", stories[i].Headline, got[i].Sector, got[i].Confidence, got[i].scores,
				want[i].Sector, want[i].Confidence, want[i].scores)
		}
	}
}

// A word most learned stories share says less about a story's sector than
// a word few have: with Params.IDFPower the rare word decides.
func TestRareWordsCountMore(t *testing.T) {
	learn := func(p Params) *Model {
		m := NewWithParams(toySectors, p)
		for _, ex := range []Example{
			{Summary: "harbour plums", Sector: "alpha"},
			{Summary: "harbour figs", Sector: "alpha"},
			{Summary: "harbour limes", Sector: "alpha"},
			{Summary: "harbour pears", Sector: "alpha"},
			{Summary: "harbour dates", Sector: "beta"},
			{Summary: "kiwis", Sector: "beta"},
			{Summary: "melons", Sector: "beta"},
			{Summary: "grapes", Sector: "beta"},
		} {
			if err := m.Learn(ex); err != nil {
				t.Fatal(err)
			}
		}
		return m
	}
	story := Input{Summary: "Dates and the harbour"}
	flat := DefaultParams()
	flat.IDFPower = 0
	if got := learn(flat).Classify(story).Sector; got != "alpha" {
		t.Fatalf("without rarity weights: %s, want alpha (the test's premise: harbour outweighs dates)", got)
	}
	m := learn(DefaultParams())
	r := m.Classify(story)
	if r.Sector != "beta" {
		t.Errorf("with rarity weights: %s, want beta", r.Sector)
	}
	if got := m.Suggest(context.Background(), digest.Story{Summary: story.Summary}); got != r.Sector {
		t.Errorf("Suggest = %s, Classify %s", got, r.Sector)
	}
	if len(r.Words) == 0 || r.Words[0].Word != "dates" {
		t.Errorf("explained by %v, want dates first", r.Words)
	}
}

// Rarity weights change nothing until stories are learned, and the words
// of the only story learned count: it is all the model has learned.
func TestRarityWeightsFreshAndFirstStory(t *testing.T) {
	flat := DefaultParams()
	flat.IDFPower = 0
	for _, in := range []Input{
		{Headline: "Apples and bananas"},
		{Headline: "Harbour", Summary: "bananas, cherries and apples, apples"},
	} {
		a, b := New(toySectors).Classify(in), NewWithParams(toySectors, flat).Classify(in)
		if !slices.Equal(a.scores, b.scores) {
			t.Errorf("%+v fresh: scores %v, %v without rarity weights", in, a.scores, b.scores)
		}
	}
	// One durian story learned: "durian" is in every story learned, yet
	// it moves a story towards beta about as much as without the weights.
	in := Input{Summary: "durian apples"}
	shift := func(p Params) float64 {
		fresh := NewWithParams(toySectors, p).Classify(in).scores
		m := NewWithParams(toySectors, p)
		if err := m.Learn(Example{Headline: "Durian growers share a depot", Sector: "beta"}); err != nil {
			t.Fatal(err)
		}
		s := m.Classify(in).scores
		return (s[1] - s[0]) - (fresh[1] - fresh[0])
	}
	if with, without := shift(DefaultParams()), shift(flat); with < without/2 {
		t.Errorf("one durian story learned moves durian apples towards beta by %.3f, %.3f without rarity weights", with, without)
	}
}
