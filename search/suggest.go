package search

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/terms"
)

// Spelling suggestions come from the archive's own words: a word of the
// query that few or no stories have, in any form the search reads it
// (storiesOf), is compared with the index's stems
// that begin with the same letter, and the closest, weighted by how many
// stories have it, replaces it.
const (
	// rareStories is how few stories a word may have and still be taken
	// for a misspelling.
	rareStories = 2
	// minSuggestRunes: shorter words have too many neighbours to guess.
	minSuggestRunes = 4
	// editCost is what one more edit costs against how common a word is,
	// in log units: a word two edits away must be in e^2.3 ≈ 10 times as
	// many stories as one a single edit away to be preferred.
	editCost = 2.3
	// knownWordOdds is how many times as many stories a word one edit
	// away must have to replace a word the archive has.
	knownWordOdds = 20
	// vocabularyScan bounds the stems read for one word.
	vocabularyScan = 50_000
)

// maxEdits is how far a suggestion may be from a word of n letters.
func maxEdits(n int) int {
	switch {
	case n <= 5:
		return 1
	case n <= 9:
		return 2
	}
	return 3
}

// suggest returns a corrected query that finds more stories than q did, or
// nil.
func (s *Searcher) suggest(ctx context.Context, q Query, parts []matchPart) (*Suggestion, error) {
	var reps []replacement
	var sug Suggestion
	// offer replaces Text[start:end], typed, with written, in its case.
	offer := func(start, end int, typed, written string, common bool) {
		written = matchCase(written, typed)
		reps = append(reps, replacement{start, end, written, common})
		sug.Corrections = append(sug.Corrections, Correction{Typed: typed, Suggested: written})
	}
	for _, p := range parts {
		if p.prefix || p.named {
			continue
		}
		if p.part.Quoted || p.part.Phrase {
			// A phrase no story has may hold a slip: each rare word of
			// it is corrected in place, the phrase kept whole
			// (`"shared sevrices"`, "Stoke-on-Trnet").
			if p.known {
				continue
			}
			for _, w := range q.words(p.part.Start, p.part.End) {
				typed := q.Text[w.Start:w.End]
				written, common, err := s.phraseWord(ctx, w.Text)
				if err != nil {
					return nil, err
				}
				if written != "" {
					offer(w.Start, w.End, typed, written, common)
				}
			}
			continue
		}
		word, stem := p.part.Words[0], p.part.Stems[0]
		if !guessable(word) {
			continue
		}
		stories, err := s.spelledStories(ctx, stem, p.part.Spellings)
		if err != nil {
			return nil, err
		}
		if stories <= rareStories && p.known {
			// A word the search read in its other forms is no
			// misspelling for want of stories that write it as typed:
			// "bins" finds "rubbish collections" (synonyms), and is not
			// offered "bids" unless that is far commoner (nearest).
			n, err := s.storiesOf(ctx, p, rareStories+1)
			if err != nil {
				return nil, err
			}
			stories = max(stories, n)
		}
		if stories > rareStories {
			continue
		}
		written, common, err := s.correct(ctx, word, stem, stories)
		if err != nil {
			return nil, err
		}
		if written == "" {
			continue
		}
		offer(p.part.Start, p.part.End, p.part.Typed, written, common)
	}
	reps, sug.Corrections = keepWholeNames(q, parts, reps, sug.Corrections)
	if len(reps) == 0 {
		return nil, nil
	}
	var b strings.Builder
	at := 0
	for _, r := range reps {
		b.WriteString(q.Text[at:r.start])
		b.WriteString(r.word)
		at = r.end
	}
	b.WriteString(q.Text[at:])
	sug.Query = b.String()
	// Offer it only if it finds stories that the query as typed did not.
	cq := Parse(sug.Query)
	if cq.Problem != "" {
		return nil, nil
	}
	// One story answers that: the check reads no more than it (a search
	// that follows the suggestion reads its own candidates).
	cparts := make([]matchPart, len(cq.Parts))
	for i, p := range cq.Parts {
		cparts[i] = newMatchPart(p)
	}
	docs, err := s.matches(ctx, termMatch(cparts, len(cparts) > 1), 1)
	if err != nil || len(docs) == 0 {
		return nil, err
	}
	return &sug, nil
}

// correct returns the word of the archive that best replaces word, whose
// stem is in stories stories, as stories write it, and whether they write
// it in lower case (writtenForm); "" when there is none near enough.
func (s *Searcher) correct(ctx context.Context, word, stem string, stories int) (string, bool, error) {
	candidates, err := s.nearest(ctx, word, stem, stories)
	if err != nil {
		return "", false, err
	}
	edits := maxEdits(utf8.RuneCountInString(word))
	for _, better := range candidates {
		w, lower, name, capitals, err := s.writtenForm(ctx, better, word)
		if err != nil {
			return "", false, err
		}
		if w == "" {
			continue
		}
		// Stems can be nearer than the words people read: "wast",
		// the stem of "waste", is one edit from "want". Offer only a
		// word as near as the stems were allowed to be.
		if digest.EditDistance(word, w) <= edits {
			return nameCase(w, name, capitals), lower, nil
		}
		// The stories may write the word only in another of its forms
		// ("integrated" for "intergration", too far to offer): the
		// nearer stem with the typed word's ending, when that is a word
		// of it, is what was meant.
		if form := withEnding(better, word, stem); form != "" && digest.EditDistance(word, form) <= edits {
			return nameCase(form, name, capitals), lower, nil
		}
	}
	return "", false, nil
}

// withEnding returns better, a stem, with the derivational ending that
// the stemmer cut from word to leave stem ("integrat" and "ion" of
// "intergration"), when the stemmer folds the two back to better; ""
// when word does not begin with its stem (the stemmer changed more than an
// ending) or has none of those endings. Not a plural's s, a silent e or
// -ed: a stem with them is often no word ("want" and the e of "waste",
// "held" and the s of "helens"), where a noun's -ion, -ment or -ive
// follows a verb's stem.
func withEnding(better, word, stem string) string {
	ending, ok := strings.CutPrefix(word, stem)
	if !ok || !isDerivedEnding(ending) {
		return ""
	}
	if form := better + ending; terms.Stem(form) == better {
		return form
	}
	return ""
}

// phraseWord returns the correction of word, a folded word of a quoted
// phrase or a hyphenated name that no story has, as correct does, when
// the word is rare enough in the archive (in any of its spellings) to be a
// slip, and long enough to guess; "" otherwise. A small word is kept as
// typed: it is in every story.
func (s *Searcher) phraseWord(ctx context.Context, word string) (string, bool, error) {
	if terms.IsSmall(word) || !guessable(word) {
		return "", false, nil
	}
	stem := terms.Stem(word)
	stories, err := s.spelledStories(ctx, stem, terms.OtherSpellings(stem))
	if err != nil || stories > rareStories {
		return "", false, err
	}
	return s.correct(ctx, word, stem, stories)
}

// guessable reports whether word is long enough to guess a slip in, and
// has no figure (a number is no misspelling).
func guessable(word string) bool {
	return utf8.RuneCountInString(word) >= minSuggestRunes && !strings.ContainsFunc(word, unicode.IsDigit)
}

// spelledStories counts the stories with stem, and with each of its other
// spellings: a word spelt the other way is the same word ("labor",
// "labour").
func (s *Searcher) spelledStories(ctx context.Context, stem string, spellings []string) (int, error) {
	stories, err := s.stories(ctx, stem)
	if err != nil {
		return 0, err
	}
	for _, other := range spellings {
		n, err := s.stories(ctx, other)
		if err != nil {
			return 0, err
		}
		stories += n
	}
	return stories, nil
}

// replacement is a misspelt word of a query, Text[start:end], and the
// archive's word that replaces it.
type replacement struct {
	start, end int
	word       string
	// common is set when stories write word in lower case: it is no
	// name (writtenForm).
	common bool
}

// keepWholeNames drops the corrections of the words of a name typed
// (Query.Names: "Stoke on Trent") to words that stories write in lower
// case when another word of that name is in no story and has no
// correction: the archive lacks the name, and a word of it one letter from
// an everyday word is no misspelling ("Trent" is not "treat", which the
// answer would otherwise show as the stories for "Stoke on Treat", still
// without "Stoke"). Two misspelt words of a name the archive has are both
// corrected ("Malvren Wychavn"), and so is a name the archive has typed
// next to one it lacks ("Stoke Peterbrough": "Peterborough").
func keepWholeNames(q Query, parts []matchPart, reps []replacement, corrections []Correction) ([]replacement, []Correction) {
	corrected := func(p Part) bool {
		return slices.ContainsFunc(reps, func(r replacement) bool { return r.start == p.Start })
	}
	for _, name := range q.Names {
		in := func(p matchPart) bool { return p.part.Start >= name.Start && p.part.End <= name.End }
		if !slices.ContainsFunc(parts, func(p matchPart) bool { return in(p) && !p.known && !corrected(p.part) }) {
			continue
		}
		for i := 0; i < len(reps); {
			if reps[i].common && reps[i].start >= name.Start && reps[i].end <= name.End {
				reps, corrections = slices.Delete(reps, i, i+1), slices.Delete(corrections, i, i+1)
				continue
			}
			i++
		}
	}
	return reps, corrections
}

// stories returns how many stories the index has with stem.
func (s *Searcher) stories(ctx context.Context, stem string) (int, error) {
	tcs, err := s.archive.Vocabulary(ctx, stem, stem+"\x00", 1)
	if err != nil {
		return 0, fmt.Errorf("search: count the stories with %q: %w", stem, err)
	}
	if len(tcs) == 0 {
		return 0, nil
	}
	return tcs[0].Stories, nil
}

// storiesOf returns how many searchable stories have the part in any of the
// forms a search looks for (its spellings, synonyms, the words of an
// acronym, derived forms), counting at most limit.
func (s *Searcher) storiesOf(ctx context.Context, p matchPart, limit int) (int, error) {
	docs, err := s.matches(ctx, store.TermMatch{Groups: [][]store.TermPattern{p.patterns()}}, limit)
	return len(docs), err
}

// nearestCandidates is how many stems nearest offers: the vocabulary
// counts every story, so the best may be in none that the Searcher sees
// (a newswire story's word, for the published archive), and the next one
// is tried.
const nearestCandidates = 3

// nearest returns the stems of the index that best replace a word whose
// stem is in stories stories, best first, at most nearestCandidates.
func (s *Searcher) nearest(ctx context.Context, word, stem string, stories int) ([]string, error) {
	_, size := utf8.DecodeRuneInString(stem)
	vocab, err := s.beginningWith(ctx, stem[:size], vocabularyScan)
	if err != nil {
		return nil, fmt.Errorf("spelling suggestion: %w", err)
	}
	// A word some stories have is taken for a misspelling only next to a
	// word one edit away that is far more common.
	limit, minStories := maxEdits(utf8.RuneCountInString(word)), 1
	if stories > 0 {
		limit, minStories = 1, knownWordOdds*stories
	}
	type scored struct {
		stem  string
		score float64
	}
	var best []scored // best first
	for _, tc := range vocab {
		if tc.Stem == stem || tc.Stories < minStories || abs(len(tc.Stem)-len(stem)) > limit+2 ||
			terms.IsSmall(tc.Stem) || utf8.RuneCountInString(tc.Stem) < minSuggestRunes-1 {
			continue
		}
		d := min(digest.EditDistance(stem, tc.Stem), digest.EditDistance(word, tc.Stem))
		if d > limit {
			d = min(d, endingDistance(word, tc.Stem))
		}
		if d > limit {
			continue
		}
		c := scored{tc.Stem, math.Log(float64(tc.Stories)) - editCost*float64(d)}
		// Of equal scores the first in the vocabulary's order stays ahead.
		i, _ := slices.BinarySearchFunc(best, c, func(a, b scored) int {
			if a.score >= b.score {
				return -1
			}
			return 1
		})
		if i < nearestCandidates {
			best = slices.Insert(best, i, c)[:min(len(best)+1, nearestCandidates)]
		}
	}
	out := make([]string, len(best))
	for i, c := range best {
		out[i] = c.stem
	}
	return out, nil
}

// stemEndings are the endings the stemmer cuts that are long enough to
// hide a slip in them: a word misspelt there is no longer stemmed
// ("reorganisaton", "arrangemnts"), and is then as far from its stem
// ("reorganis", "arrang") as the ending is long.
var stemEndings = [...]string{"ion", "ions", "ation", "ations", "ment", "ments", "ing", "ings"}

// minEndingRunes is the shortest word endingDistance compares: a shorter
// one has no long ending to misspell, and the comparison is made with
// every stem of the word's first letter, which a search for a short
// misspelt word ("councl") need not pay for.
const minEndingRunes = 8

// endingDistance returns the fewest edits from word, which the stemmer
// left whole, to stem with one of the endings it cuts
// ("reorganisaton" is one from "reorganis" and "ation"); math.MaxInt
// for a word shorter than minEndingRunes.
func endingDistance(word, stem string) int {
	d := math.MaxInt
	if utf8.RuneCountInString(word) < minEndingRunes {
		return d
	}
	for _, e := range stemEndings {
		if abs(len(word)-len(stem)-len(e)) <= 1 {
			d = min(d, digest.EditDistance(word, stem+e))
		}
	}
	return d
}

// nameCase writes form, a word folded to lower case, as the archive writes
// it: a name in capitals when stories write it so (capitals: "NHS") and
// capitalised otherwise ("Dorset"), any other word in lower case. The
// did-you-mean for "dorest" offered "dorset".
func nameCase(form string, name, capitals bool) string {
	switch {
	case !name:
		return form
	case capitals:
		return strings.ToUpper(form)
	}
	return digest.UpperFirst(form)
}

// writtenForm returns the way stories write stem nearest to typed, the
// word it corrects ("merge" for "mergr", though "merging" is commoner),
// folded; of forms as near, the commonest in the newest stories that have
// it, then the shortest. It returns "" when no story the Searcher sees has
// stem. lower reports whether those stories write the stem in lower case
// somewhere: an everyday word, where a name is written with its capital.
// name reports whether they write it with a capital where a sentence does
// not begin, and never in lower case; capitals, whether such a name is
// written wholly in capitals wherever they have it (an acronym).
func (s *Searcher) writtenForm(ctx context.Context, stem, typed string) (form string, lower, name, capitals bool, err error) {
	docs, err := s.matches(ctx, store.TermMatch{Groups: [][]store.TermPattern{{{Stems: []string{stem}}}}}, 10)
	if err != nil || len(docs) == 0 {
		return "", false, false, false, err
	}
	capitals = true
	counts := map[string]int{}
	for _, d := range docs {
		for _, text := range []string{d.Headline, d.Summary, d.Source, d.Commentary} {
			terms.Each(text, func(w terms.Word) {
				if terms.Stem(w.Text) == stem {
					counts[w.Text]++
					first, _ := utf8.DecodeRuneInString(text[w.Start:])
					lower = lower || unicode.IsLower(first)
					if unicode.IsUpper(first) && !beginsSentence(text, w.Start) {
						name = true // a capital a sentence does not explain
					}
					capitals = capitals && isAcronym(text[w.Start:w.End])
				}
			})
		}
	}
	if len(counts) == 0 {
		// A word the index holds only as a hyphenated word written whole
		// ("reorganis", of "re-organisation") is offered whole: a search
		// for it finds the hyphenated one.
		for _, d := range docs {
			for _, text := range []string{d.Headline, d.Summary, d.Source, d.Commentary} {
				terms.EachCompound(text, func(joined string) {
					if terms.Stem(joined) == stem {
						counts[joined]++
					}
				})
			}
		}
	}
	name = name && !lower
	capitals = capitals && name
	if len(counts) == 0 {
		return stem, lower, false, false, nil
	}
	best, bestEdits := "", math.MaxInt
	for w, n := range counts {
		edits := digest.EditDistance(typed, w)
		if edits < bestEdits || edits == bestEdits && (n > counts[best] || n == counts[best] && (len(w) < len(best) || len(w) == len(best) && w < best)) {
			best, bestEdits = w, edits
		}
	}
	return best, lower, name, capitals, nil
}

// beginsSentence reports whether text[i:] begins a sentence: nothing but
// spaces, quotes and brackets before it, or those after a full stop, a
// question or exclamation mark or a colon. A headline's first word is
// capitalised whatever it is.
func beginsSentence(text string, i int) bool {
	before := strings.TrimRightFunc(text[:i], func(r rune) bool {
		return unicode.IsSpace(r) || isQuote(r) || strings.ContainsRune("'‘’([", r)
	})
	last, _ := utf8.DecodeLastRuneInString(before)
	return before == "" || strings.ContainsRune(".?!:", last)
}

// matchCase writes word as typed was written: in capitals, capitalised or
// in lower case.
func matchCase(word, typed string) string {
	switch first, _ := utf8.DecodeRuneInString(typed); {
	case isAcronym(typed) && utf8.RuneCountInString(typed) > 1:
		return strings.ToUpper(word)
	case unicode.IsUpper(first):
		return digest.UpperFirst(word)
	}
	return word
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// isDerivedEnding reports whether ending is one withEnding adds to a
// stem: a noun's -ion or -ment, an adjective's -ive, or their plurals.
func isDerivedEnding(ending string) bool {
	switch ending {
	case "ion", "ions", "ment", "ments", "ive", "ives":
		return true
	}
	return false
}
