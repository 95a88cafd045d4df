package classify

import (
	"cmp"
	"slices"
	"strings"

	"github.com/sharednews/sharednews/terms"
)

// feature is a word stem or a pair of neighbouring stems, with the number
// of times it counts in one document. Features are known by a 64-bit hash
// of their text, which keeps the model small (a collision between two of a
// few million features is about a one-in-a-million chance, and would only
// blur two words together).
type feature struct {
	key     uint64
	n       int32
	surface string // how it was first written, kept only for explanations
}

// featureSet gathers a document's features.
type featureSet struct {
	list []feature
	// keys holds, when surfaces is off, each feature of weight up to
	// maxRepeat as its key written weight times: sorting plain integers
	// and counting the runs costs a third of sorting features with a
	// comparison function, and the newswire classifies every story it
	// reads.
	keys     []uint64
	surfaces bool // keep the written form of each feature, to explain a decision
}

// maxRepeat is the heaviest feature featureSet writes as repeated keys;
// the weights in use are 1 and 2, and heavier ones (experiments) go the
// general way.
const maxRepeat = 4

// addText counts the words of text, and their bigrams if asked, weight
// times each.
func (fs *featureSet) addText(text string, weight int, bigrams bool) {
	if weight <= 0 {
		return
	}
	var prev term
	eachTerm(text, func(t term) {
		fs.add(unigramKey(t.stem), weight, t.surface, "")
		if bigrams && t.follows {
			fs.add(bigramKey(prev.stem, t.stem), weight, prev.surface, t.surface)
		}
		// An acronym counts as the words it stands for too ("ACC" as
		// assistant chief constable): those words say what sector a
		// story is in, the acronym alone only once the model has seen it.
		fs.addExpansions(t)
		prev = t
	})
}

// addExpansions counts each word t stands for, when t is an acronym
// (terms.Expansions), once whatever the field's weight and however many
// names it has: "PCC" is not three times the evidence of "commissioner".
func (fs *featureSet) addExpansions(t term) {
	key := t.stem
	if strings.IndexByte(t.surface, '&') >= 0 {
		key = terms.Stem(terms.Fold(t.surface)) // "A&E", which terms reads as "ae"
	}
	expansions := terms.Expansions(key)
	if len(expansions) == 0 {
		return
	}
	var counted []string
	for _, words := range expansions {
		for _, w := range words {
			if terms.IsSmall(w) || slices.Contains(counted, w) {
				continue
			}
			counted = append(counted, w)
			stands := ""
			if fs.surfaces {
				stands = "(" + w + ")" // explained as "pcc (crime)"
			}
			fs.add(unigramKey(w), 1, t.surface, stands)
		}
	}
}

// addPhrase counts a configured keyword: its bigrams weight times each and
// its words wordWeight times each when it has several words and bigrams
// are on, else its words weight times each.
func (fs *featureSet) addPhrase(phrase string, weight, wordWeight int, bigrams bool) {
	ts := contentTerms(phrase)
	if !bigrams || len(ts) < 2 {
		fs.addText(phrase, weight, false)
		return
	}
	for i, t := range ts {
		if wordWeight > 0 {
			fs.add(unigramKey(t.stem), wordWeight, t.surface, "")
		}
		if t.follows && i > 0 && weight > 0 {
			fs.add(bigramKey(ts[i-1].stem, t.stem), weight, ts[i-1].surface, t.surface)
		}
	}
}

func (fs *featureSet) add(key uint64, n int, surface, second string) {
	if !fs.surfaces && n <= maxRepeat {
		for range n {
			fs.keys = append(fs.keys, key)
		}
		return
	}
	f := feature{key: key, n: int32(n)}
	if fs.surfaces {
		f.surface = surface
		if second != "" {
			f.surface += " " + second
		}
	}
	fs.list = append(fs.list, f)
}

// features returns the set's features, each once with its counts summed,
// in a fixed order (by key) so that sums over them are reproducible. A
// merged feature keeps the surface it was first written with.
func (fs *featureSet) features() []feature {
	if len(fs.keys) > 0 {
		slices.Sort(fs.keys)
		sorted := len(fs.list) == 0
		for i := 0; i < len(fs.keys); {
			j := i + 1
			for j < len(fs.keys) && fs.keys[j] == fs.keys[i] {
				j++
			}
			fs.list = append(fs.list, feature{key: fs.keys[i], n: int32(j - i)})
			i = j
		}
		if sorted {
			return fs.list
		}
	}
	byKey := func(a, b feature) int { return cmp.Compare(a.key, b.key) }
	if fs.surfaces {
		slices.SortStableFunc(fs.list, byKey) // the first surface leads
	} else {
		slices.SortFunc(fs.list, byKey)
	}
	out := fs.list[:0]
	for _, f := range fs.list {
		if n := len(out); n > 0 && out[n-1].key == f.key {
			out[n-1].n += f.n
			continue
		}
		out = append(out, f)
	}
	return slices.Clip(out)
}

// features are what the model counts for a story; surfaces says whether
// to keep the words' written forms for an explanation.
func (m *Model) features(in Input, surfaces bool) []feature {
	// News text gives about a feature (word or bigram) per five bytes.
	size := (len(in.Headline)+len(in.Summary)+len(in.Source))/5 + 8
	fs := featureSet{surfaces: surfaces, list: make([]feature, 0, size)}
	if !surfaces {
		fs.keys = make([]uint64, 0, size+size/4)
	}
	return m.gather(&fs, in)
}

// gather adds in's text to fs and returns its features.
func (m *Model) gather(fs *featureSet, in Input) []feature {
	p := m.params
	fs.addText(in.Headline, p.HeadlineWeight, p.Bigrams)
	fs.addText(in.Summary, p.SummaryWeight, p.Bigrams)
	fs.addText(in.Source, p.SourceWeight, p.Bigrams)
	return fs.features()
}

// FNV-1a, 64 bits.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func unigramKey(stem string) uint64 { return hashString(fnvOffset, stem) }

// bigramKey hashes "a b"; stems hold no spaces, so no bigram can collide
// with a unigram or another bigram by construction.
func bigramKey(a, b string) uint64 {
	return hashString(hashString(hashString(fnvOffset, a), " "), b)
}
