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
package relevance

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/sharednews/sharednews/stemmer"
)

// Field is one weighted part of a document: a hit in a field of weight 10
// counts as much as ten hits in a field of weight 1.
type Field struct {
	Text   string
	Weight float64
}

// Doc is one candidate.
type Doc struct {
	ID     int64
	Fields []Field
}

// BM25's usual parameters, as FTS5 uses them: k1 limits how much repeating
// a word adds; b how much a long document is discounted.
const (
	k1 = 1.2
	b  = 0.75
)

// Query is a search's words, stemmed once so that "councils" counts
// "council" as the index's Porter tokenizer matches it. The stems are the
// sector model's (package stemmer), close enough to Porter's that the words
// FTS5 matched are the words counted.
type Query struct {
	stems []string
}

// NewQuery splits words as the index does (letters and digits; case and
// accents ignored) and stems each; repeated words count once.
func NewQuery(words string) Query {
	var q Query
	forEachToken(words, func(tok string) {
		if s := stemmer.Stem(fold(tok)); !slices.Contains(q.stems, s) {
			q.stems = append(q.stems, s)
		}
	})
	return q
}

// Rank returns the IDs of at most limit docs, best first; equal scores put
// the higher (newer) ID first.
func (q Query) Rank(docs []Doc, limit int) []int64 {
	if len(docs) == 0 || limit <= 0 {
		return nil
	}
	type scored struct {
		id     int64
		length float64
		tf     []float64 // weighted hits per query stem
		score  float64
	}
	all := make([]scored, len(docs))
	containing := make([]int, len(q.stems)) // docs with at least one hit, per stem
	stems := map[string]string{}            // token → stem, for this call
	var totalLength float64
	for i, d := range docs {
		sc := scored{id: d.ID, tf: make([]float64, len(q.stems))}
		for _, f := range d.Fields {
			forEachToken(f.Text, func(tok string) {
				sc.length++
				if !q.mayMatch(tok) {
					return
				}
				s, ok := stems[tok]
				if !ok {
					s = stemmer.Stem(fold(tok))
					stems[tok] = s
				}
				for j, qs := range q.stems {
					if s == qs {
						sc.tf[j] += f.Weight
					}
				}
			})
		}
		for j, tf := range sc.tf {
			if tf > 0 {
				containing[j]++
			}
		}
		totalLength += sc.length
		all[i] = sc
	}
	n := float64(len(docs))
	avgLength := max(totalLength/n, 1)
	idf := make([]float64, len(q.stems))
	for j, c := range containing {
		// The "+1" form of BM25's IDF: always positive, so a word that every
		// candidate contains (as in an all-words search) still counts.
		idf[j] = math.Log(1 + (n-float64(c)+0.5)/(float64(c)+0.5))
	}
	for i, sc := range all {
		lengthNorm := k1 * (1 - b + b*sc.length/avgLength)
		for j, tf := range sc.tf {
			all[i].score += idf[j] * tf * (k1 + 1) / (tf + lengthNorm)
		}
	}
	slices.SortFunc(all, func(x, y scored) int {
		if c := cmp.Compare(y.score, x.score); c != 0 {
			return c
		}
		return cmp.Compare(y.id, x.id)
	})
	ids := make([]int64, 0, min(limit, len(all)))
	for _, sc := range all[:cap(ids)] {
		ids = append(ids, sc.id)
	}
	return ids
}

// mayMatch is a cheap test that lets most tokens skip folding and the
// stemmer: a word and its stem start with the same two letters (the stem is
// the word with an ending removed or changed), so a token whose first two
// letters begin no query stem cannot have one of them as its stem. Tokens
// that do not start with two ASCII letters or digits take the slow path.
func (q Query) mayMatch(tok string) bool {
	if len(tok) < 2 || tok[0] >= utf8.RuneSelf || tok[1] >= utf8.RuneSelf {
		return true
	}
	c0, c1 := lowerASCII(tok[0]), lowerASCII(tok[1])
	for _, s := range q.stems {
		if len(s) < 2 || (s[0] == c0 && s[1] == c1) {
			return true
		}
	}
	return false
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// forEachToken calls fn with each word of s as it stands in s: runs of
// letters and digits, as FTS5's unicode61 tokenizer splits text (so
// "chief-executive" and "O'Brien" are two words each).
func forEachToken(s string, fn func(tok string)) {
	start := -1
	for i := 0; i < len(s); {
		c := s[i]
		var word bool
		size := 1
		if c < utf8.RuneSelf {
			word = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			word = unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		}
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			fn(s[start:i])
			start = -1
		}
		i += size
	}
	if start >= 0 {
		fn(s[start:])
	}
}

// fold lower-cases a token and strips accents ("Café" → "cafe"), the
// ASCII case without allocating when already lower case.
func fold(tok string) string {
	ascii := true
	for i := 0; i < len(tok); i++ {
		if tok[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		if out, _, err := transform.String(t, tok); err == nil {
			tok = out
		}
	}
	return strings.ToLower(tok)
}
