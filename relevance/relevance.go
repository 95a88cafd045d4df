// Package relevance ranks the stories a full-text search matched, best first.
//
// SQLite's FTS5 finds the matches; this package orders them. FTS5's own
// bm25() would do both, but before scoring the first row it counts, over
// the whole index, how many stories contain each word (the word's rarity,
// its IDF). For a common word in a large archive that is a pass over tens
// of thousands of index entries on every search, most of a search's time.
// The store hands over only the newest few hundred matches instead, and this
// package scores them with the same BM25 formula, taking the word statistics
// from those candidates: a word that few of them contain counts for more.
//
// Text is split and stemmed by package terms, exactly as the index was
// built, so a word counted here is a word the index matched.
package relevance

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sharednews/sharednews/terms"
)

// Field is one weighted part of a document: a hit in a field of weight 10
// counts as much as ten hits in a field of weight 1.
type Field struct {
	Text   string
	Weight float64
	// Aside marks text about the document rather than of it, such as the
	// heading it is filed under: its hits count for their terms, but a
	// document that has a term only there ranks after those with as many
	// terms, as preferred, that have them in their own text. It is not
	// counted in the document's length, and words standing together there
	// count for no more.
	Aside bool
}

// Doc is one candidate.
type Doc struct {
	ID     int64
	Fields []Field
	// Preferred docs rank before the others with as many required terms:
	// those of the period a search named ("May 2014").
	Preferred bool
}

// Term is one thing a search asks for: a word (one stem) or a phrase
// (several stems in a row, within one field).
type Term struct {
	Stems []string
	// Variants are other stems that count for a one-word term at
	// variantWeight: "merger" for "merge".
	Variants []string
	// Prefix makes the last stem match any stem that begins with it.
	Prefix bool
	// Whole is, for a hyphenated name, the stem of its words written as
	// one ("reorganis" for "re-organisation"): a field with that word
	// has the term too.
	Whole string
	// Alternatives are, for a one-word term, the stems of other ways of
	// writing it, which count as the word itself: its other spelling
	// (British or American), or the word written together with the word
	// typed next to it ("frontline" for "front" in "front line"); and,
	// for a one-word term or a hyphenated word, the acronym of the words
	// it was typed among ("asbo" for "anti-social" in "anti-social
	// behaviour order").
	Alternatives []string
	// Phrases are, for a one-word term, other ways of writing it in
	// several words, stems in a row, which count as the word itself: the
	// words an acronym stands for ("local govern associ" for "LGA"); for
	// a phrase, another way of writing the phrase ("ae wait" for "a and
	// e wait").
	Phrases [][]string
	// Synonyms are, for a one-word term, the stems of words or phrases
	// that mean the same, in a row ("local author" for "council"), which
	// count for the word at variantWeight: a story that says what was
	// typed ranks before one that says it otherwise.
	Synonyms [][]string
	// Optional terms only order the results (a place name typed as
	// separate words ranks the stories that have it whole first); they are
	// left out of Ranked.Required.
	Optional bool
	// Capitals makes a one-word term's own stem count only where the word
	// is written in capitals: a small word typed as an acronym ("IT",
	// "US"), which the index, folding case, holds as the pronoun it also
	// is. Its phrases ("information technology") count anywhere.
	Capitals bool
}

// variantWeight is how much a variant's or a synonym's hit counts against
// the word's own: "merger" is close to "merge" but not the same word.
const variantWeight = 0.5

// BM25's usual parameters, as FTS5 uses them: k1 limits how much repeating
// a word adds; b how much a long document is discounted.
const (
	k1 = 1.2
	b  = 0.75
)

// Ranked is a candidate's place in the ranking.
type Ranked struct {
	ID int64
	// Matched says which terms, by index, the document has.
	Matched []bool
	// Required is how many of the terms that are not optional it has.
	Required int
	Score    float64
	// Preferred is the Doc's: whether it is of the period a search named.
	Preferred bool

	said int // required terms it has outside Aside fields
}

// Rank returns at most limit docs, best first: those with more of the
// required terms first, then preferred ones, then those with more of them
// in their own text (Field.Aside), then by BM25 score; equal scores put the
// higher (newer) ID first.
func Rank(ts []Term, docs []Doc, limit int) []Ranked {
	if len(docs) == 0 || limit <= 0 || len(ts) == 0 {
		return nil
	}
	m := newMatcher(ts)
	all := make([]Ranked, len(docs))
	tfs := make([][]float64, len(docs))
	lengths := make([]float64, len(docs))
	containing := make([]int, len(ts)) // docs with at least one hit, per term
	near := make([]float64, len(ts))   // what standing together adds, per term
	top := make([]float64, len(ts))    // hits in the weightiest field, per term
	hits := make([]float64, len(ts))   // one field's hits, per term
	said := make([]bool, len(ts))      // whether a field not Aside has the term
	var totalLength float64
	// One allocation each for every doc's hits and matches, not two a doc.
	nt := len(ts)
	tfAll, matchedAll := make([]float64, len(docs)*nt), make([]bool, len(docs)*nt)
	for i, d := range docs {
		tf := tfAll[i*nt : (i+1)*nt : (i+1)*nt]
		clear(near)
		clear(top)
		clear(said)
		topWeight := 0.0
		for _, f := range d.Fields {
			if !f.Aside {
				topWeight = max(topWeight, f.Weight)
			}
		}
		for _, f := range d.Fields {
			clear(hits)
			if f.Aside {
				m.count(f, hits, nil)
			} else {
				lengths[i] += m.count(f, hits, near)
			}
			sum := tf
			if f.Weight == topWeight && !f.Aside {
				sum = top
			}
			for j, x := range hits {
				if x > 0 {
					sum[j] += x
					said[j] = said[j] || !f.Aside
				}
			}
		}
		addNear(tf, near, top, topWeight)
		r := Ranked{ID: d.ID, Matched: matchedAll[i*nt : (i+1)*nt : (i+1)*nt], Preferred: d.Preferred}
		for j, x := range tf {
			if x > 0 {
				r.Matched[j] = true
				containing[j]++
				if !ts[j].Optional {
					r.Required++
					if said[j] {
						r.said++
					}
				}
			}
		}
		totalLength += lengths[i]
		all[i], tfs[i] = r, tf
	}
	n := float64(len(docs))
	avgLength := max(totalLength/n, 1)
	idf := make([]float64, len(ts))
	for j, c := range containing {
		// The "+1" form of BM25's IDF: always positive, so a word that every
		// candidate contains (as in an all-words search) still counts.
		idf[j] = math.Log(1 + (n-float64(c)+0.5)/(float64(c)+0.5))
	}
	for i := range all {
		lengthNorm := k1 * (1 - b + b*lengths[i]/avgLength)
		for j, tf := range tfs[i] {
			all[i].Score += idf[j] * tf * (k1 + 1) / (tf + lengthNorm)
		}
	}
	slices.SortFunc(all, func(x, y Ranked) int {
		if c := cmp.Compare(y.Required, x.Required); c != 0 {
			return c
		}
		if x.Preferred != y.Preferred {
			if x.Preferred {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(y.said, x.said); c != 0 {
			return c
		}
		if c := cmp.Compare(y.Score, x.Score); c != 0 {
			return c
		}
		return cmp.Compare(y.ID, x.ID)
	})
	return all[:min(limit, len(all))]
}

// addNear adds to each term's hits in the other fields (tf) its hits in
// the weightiest field (top) and what standing together adds (near); for a
// term the weightiest field lacks, that only up to proximityCap times the
// field's weight.
func addNear(tf, near, top []float64, topWeight float64) {
	for j, x := range near {
		if x > 0 && top[j] == 0 {
			x = min(x, max(0, proximityCap*topWeight-tf[j]))
		}
		tf[j] += top[j] + x
	}
}

// matcher counts a query's terms in text.
type matcher struct {
	terms []Term
	// starts are the first two bytes of every stem the terms name: a word
	// and its stem start alike (the stem is the word with an ending removed
	// or changed), so a word that starts otherwise cannot match and skips
	// the stemmer.
	starts []string
	// asciiStarts holds the starts of two ASCII bytes as a bitmap: the
	// test of every word of every candidate (cannotMatch, stem) is then
	// one look-up, not a pass over starts.
	asciiStarts startSet
	short       bool // a stem of fewer than two bytes: every word must be stemmed
	stems       map[string]string
	seq         []string // the current field's stems; "" for words that cannot match
	// capitals is set when a term counts only in capitals (Term.Capitals);
	// lower then says, for each of the current field's words, whether it
	// has a letter in lower case.
	capitals bool
	lower    []bool
	// compounds are the stems of the current field's compounds written
	// whole that might match, found by finder.
	compounds []string
	finder    terms.CompoundFinder
	// together is set when the search has two or more required terms,
	// whose hits count for more where they stand together (closeness);
	// occ are the current field's hits of required terms, then.
	together bool
	occ      []occurrence
}

func newMatcher(ts []Term) *matcher {
	m := &matcher{terms: ts, stems: map[string]string{}}
	m.finder.Found = m.compound
	required := 0
	for _, t := range ts {
		if !t.Optional && len(t.Stems) > 0 {
			required++
		}
		m.capitals = m.capitals || t.Capitals
		stems := append(append(slices.Clone(t.Stems), t.Variants...), t.Alternatives...)
		for _, p := range slices.Concat(t.Phrases, t.Synonyms) {
			stems = append(stems, p...)
		}
		if t.Whole != "" {
			stems = append(stems, t.Whole)
		}
		for _, s := range stems {
			if len(s) < 2 {
				m.short = true
				continue
			}
			if !slices.Contains(m.starts, s[:2]) {
				m.starts = append(m.starts, s[:2])
				m.asciiStarts.add(s[0], s[1])
			}
		}
	}
	m.together = required > 1
	return m
}

// count adds the field's weighted hits per term to tf, and to near (unless
// nil) the more they count for standing together (closeness), and returns
// the field's length in words.
//
// It reads the field as the index holds it (terms.Index): its words' stems,
// then its hyphenated compounds written whole, each after a mark no term
// matches (those that cannot match left out). A term's Whole counts among
// the words only: a compound is also its words in a row, which the term's
// phrase has already counted.
func (m *matcher) count(f Field, tf, near []float64) float64 {
	m.seq, m.compounds, m.lower = m.seq[:0], m.compounds[:0], m.lower[:0]
	hyphens := m.mayMatchCompound(f.Text)
	if hyphens {
		m.finder.Text = f.Text
	}
	terms.Spans(f.Text, func(raw string, start, end int) {
		if hyphens {
			m.finder.Word(raw, start, end)
		}
		if !m.short && m.cannotMatch(raw) {
			m.seq = append(m.seq, "")
			m.addCase(raw)
			return
		}
		if w := terms.Fold(raw); w != "" {
			m.seq = append(m.seq, m.stem(w))
			m.addCase(raw)
		}
	})
	words := len(m.seq)
	if hyphens {
		m.finder.End()
		for _, stem := range m.compounds {
			m.seq = append(m.seq, "", stem) // "": the mark before each
		}
	}
	m.occ = m.occ[:0]
	for j := range m.terms {
		t := &m.terms[j]
		if len(t.Stems) == 0 {
			continue
		}
		for i, stem := range m.seq {
			if stem == "" {
				continue // a word that cannot match, or a compound's mark
			}
			if w, n := m.weightAt(t, i, words); w > 0 {
				tf[j] += f.Weight * w
				if m.together && !t.Optional && i < words {
					m.occ = append(m.occ, occurrence{term: j, start: i, end: i + n, weight: w})
				}
			}
		}
	}
	if near != nil {
		for k, o := range m.occ {
			if c := m.closeness(k); c > 0 {
				near[o.term] += f.Weight * o.weight * proximityBoost * c
			}
		}
	}
	return float64(words)
}

// proximityBoost is how much more a hit counts where another word of the
// search stands next to it, in the order typed: "transformation funding"
// said so is what was asked more surely than the two words apart, or one
// of them in another form ("funds … transform"). Rank caps what it adds
// (proximityCap).
const proximityBoost = 1.0

// proximityCap bounds what standing together adds to a word in a story
// whose weightiest field (the headline) lacks it: the word then counts at
// most this share of one hit there. Such a story, however its words stand,
// ranks after one of the same length with every word in its headline.
const proximityCap = 0.9

// proximityWindow is how many words may stand between two words of the
// search for them still to count as together ("cuts to council budgets"
// for "council cuts"); within it, the further apart, the less.
const proximityWindow = 3

// occurrence is where a required term stands among a field's words.
type occurrence struct {
	term       int
	start, end int // positions in the field's words; end is past the last
	weight     float64
}

// closeness is how near occurrence k of the current field stands to one
// of another required term, from 1 (next to it in the order typed, or
// with one word between, such as the small word "of" that a search leaves
// out) down to 0 (none within proximityWindow words); the other way round
// counts half.
func (m *matcher) closeness(k int) float64 {
	o, best := m.occ[k], 0.0
	for _, p := range m.occ {
		if p.term == o.term {
			continue
		}
		var gap int // words between the two
		inOrder := p.term > o.term
		switch {
		case p.start >= o.end:
			gap = p.start - o.end
		case o.start >= p.end:
			gap, inOrder = o.start-p.end, !inOrder
		default:
			continue // overlapping: one word matched twice ("LGA" and its words)
		}
		if gap > proximityWindow {
			continue
		}
		c := 1 / float64(max(gap, 1))
		if !inOrder {
			c /= 2
		}
		best = max(best, c)
	}
	return best
}

// weightAt returns how much term t counts at position i of the field (0
// when it does not stand there) and how many positions it takes there;
// words is where the field's words end and its compounds, each after a
// mark, begin. A term's Whole counts among the words only: a compound is
// also its words in a row, which the term's phrase has already counted.
func (m *matcher) weightAt(t *Term, i, words int) (float64, int) {
	switch {
	case m.matchesAt(t, i) && !(t.Capitals && m.lowerAt(i)):
		return 1, len(t.Stems)
	case t.Whole != "" && i < words && m.seq[i] == t.Whole:
		return 1, 1
	case len(t.Stems) != 1:
		// A phrase's other way of writing it: "a and e wait" is also
		// "ae wait" (A&E).
		if n := m.phraseAt(t.Phrases, i); n > 0 {
			return 1, n
		}
		if slices.Contains(t.Alternatives, m.seq[i]) {
			return 1, 1 // "ASBO" for "anti-social" in "anti-social behaviour order"
		}
		return 0, 0
	case slices.Contains(t.Alternatives, m.seq[i]):
		return 1, 1
	}
	if n := m.phraseAt(t.Phrases, i); n > 0 {
		return 1, n
	}
	if slices.Contains(t.Variants, m.seq[i]) {
		return variantWeight, 1
	}
	if n := m.phraseAt(t.Synonyms, i); n > 0 {
		return variantWeight, n
	}
	return 0, 0
}

// mayMatchCompound reports whether a compound of text might match a term:
// whether text has a hyphen after a word that begins as one of the terms'
// stems does, since a compound written whole begins as its first word
// does. Anything it cannot tell quickly (a Unicode hyphen, a word with an
// apostrophe or outside ASCII) counts as might. Fields without compounds
// that can match, most of them, skip looking for compounds at all.
func (m *matcher) mayMatchCompound(text string) bool {
	if m.short {
		return terms.MayHaveCompound(text)
	}
	for i := 0; ; i++ {
		j := strings.IndexByte(text[i:], '-')
		if j < 0 {
			break
		}
		i += j
		k := i // the word before the hyphen is text[k:i]
		for k > 0 && isASCIIAlnum(text[k-1]) {
			k--
		}
		switch {
		case k > 0 && (text[k-1] >= utf8.RuneSelf || text[k-1] == '\'' || text[k-1] == '&'),
			i-k == 1,
			i-k >= 2 && !m.cannotMatch(text[k:i]):
			return true
		}
	}
	return terms.HasUnicodeHyphen(text)
}

func isASCIIAlnum(c byte) bool {
	return 'a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9'
}

// compound takes a compound of the current field, as its words are
// written. Written whole, it begins as its first word does: one that cannot
// match is left out, as the index leaves out one too long to be a word.
// (Each stands alone after its mark, so where it stands does not matter.)
func (m *matcher) compound(parts []string) {
	if !m.short && m.cannotMatch(parts[0]) {
		return
	}
	if joined := terms.JoinCompound(parts); joined != "" {
		m.compounds = append(m.compounds, m.stem(joined))
	}
}

// cannotMatch is a quick test on a word as written, before folding: a
// word of ASCII letters and digits, short enough to be a word, whose first
// two letters in lower case begin no stem of the query. Anything else
// takes the slow path.
func (m *matcher) cannotMatch(raw string) bool {
	if len(raw) < 2 || len(raw) > terms.MaxWordBytes {
		return false
	}
	if !isASCIIAlnum(raw[0]) || !isASCIIAlnum(raw[1]) {
		return false
	}
	// Most words are ASCII throughout: one test for the rest of the word.
	var high byte
	for i := 2; i < len(raw); i++ {
		high |= raw[i]
	}
	if high >= utf8.RuneSelf {
		return false
	}
	return !m.asciiStarts.has(lowerASCII(raw[0]), lowerASCII(raw[1]))
}

// startSet is a set of two-byte starts of stems, both bytes ASCII, as a
// bitmap: a start with a byte outside ASCII is never in it.
type startSet [128 * 128 / 64]uint64

func (s *startSet) add(a, b byte) {
	if a < utf8.RuneSelf && b < utf8.RuneSelf {
		i := int(a)<<7 | int(b)
		s[i>>6] |= 1 << (i & 63)
	}
}

func (s *startSet) has(a, b byte) bool {
	if a >= utf8.RuneSelf || b >= utf8.RuneSelf {
		return false
	}
	i := int(a)<<7 | int(b)
	return s[i>>6]&(1<<(i&63)) != 0
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// addCase notes, when a term counts only in capitals, whether the word
// just read has a letter in lower case.
func (m *matcher) addCase(raw string) {
	if m.capitals {
		m.lower = append(m.lower, strings.ContainsFunc(raw, unicode.IsLower))
	}
}

// lowerAt reports whether the word at position i of the field has a letter
// in lower case; a compound written whole (past the words) counts as such.
func (m *matcher) lowerAt(i int) bool { return i >= len(m.lower) || m.lower[i] }

// stem returns a word's stem, or "" when it cannot match any term.
func (m *matcher) stem(w string) string {
	if !m.short && (len(w) < 2 || !m.startsStem(w)) {
		return ""
	}
	s, ok := m.stems[w]
	if !ok {
		s = terms.Stem(w)
		m.stems[w] = s
	}
	return s
}

// startsStem reports whether w, two bytes long or longer, begins as some
// stem of the terms does.
func (m *matcher) startsStem(w string) bool {
	if w[0] < utf8.RuneSelf && w[1] < utf8.RuneSelf {
		return m.asciiStarts.has(w[0], w[1])
	}
	return slices.Contains(m.starts, w[:2])
}

// phraseAt returns the length of the first of phrases that starts at
// position i of the field, or 0 when none does.
func (m *matcher) phraseAt(phrases [][]string, i int) int {
	for _, p := range phrases {
		if len(p) > 0 && i+len(p) <= len(m.seq) && slices.Equal(m.seq[i:i+len(p)], p) {
			return len(p)
		}
	}
	return 0
}

// matchesAt reports whether term t starts at position i of the field.
func (m *matcher) matchesAt(t *Term, i int) bool {
	if i+len(t.Stems) > len(m.seq) {
		return false
	}
	last := len(t.Stems) - 1
	for k, want := range t.Stems {
		got := m.seq[i+k]
		if got == want || k == last && t.Prefix && got != "" && strings.HasPrefix(got, want) {
			continue
		}
		return false
	}
	return true
}

// Locate returns the bytes of text where term t first stands, as Rank
// counts it (weightAt), or ok false when it does not stand there. It shows
// a reader where a story has what they searched for.
func Locate(t Term, text string) (start, end int, ok bool) {
	if len(t.Stems) == 0 {
		return 0, 0, false
	}
	m := newMatcher([]Term{t}) // words that cannot match are not stemmed
	var (
		spans [][2]int
		raws  []string
	)
	terms.Spans(text, func(raw string, start, end int) {
		if w := terms.Fold(raw); w != "" {
			m.seq = append(m.seq, m.stem(w))
			m.addCase(raw)
			spans = append(spans, [2]int{start, end})
			raws = append(raws, raw)
		}
	})
	// Then the hyphenated compounds written whole, each after a mark, as
	// the index holds them.
	words := len(m.seq)
	for i := 0; i < words; {
		j := i + 1
		for j < words && terms.IsHyphen(text[spans[j-1][1]:spans[j][0]]) {
			j++
		}
		if joined := terms.JoinCompound(raws[i:j]); j-i > 1 && joined != "" {
			m.seq = append(m.seq, "", m.stem(joined))
			spans = append(spans, [2]int{}, [2]int{spans[i][0], spans[j-1][1]})
		}
		i = j
	}
	for i := range m.seq {
		if w, n := m.weightAt(&t, i, words); w > 0 {
			return spans[i][0], spans[i+n-1][1], true
		}
	}
	return 0, 0, false
}
