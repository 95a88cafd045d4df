package classify

import (
	"cmp"
	"slices"
	"strings"

	"github.com/sharednews/sharednews/stemmer"
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
	// memo, when not nil, remembers what addText made of words it saw
	// before (see wordMemo).
	memo wordMemo
	// lead is the first content word of the headline (see leadWord),
	// found by addText while findLead is set.
	lead     leadWord
	findLead bool
}

// leadWord is the first content word of a story's headline, which counts
// extra (Params.LeadWeight) in the story being classified: a news
// headline names what the story is about first ("Council contact centre to
// take calls for the fire service", "Irish councils complete shared payroll
// centre"), and the editor files a story under the organisations it is
// about, whatever the topic. A zero extra means none.
type leadWord struct {
	key   uint64 // unigramKey of its stem
	extra int32
}

// wordMemo remembers, by word as eachWord gives it, what addText makes of
// it: the newswire suggests a sector for every story it reads, and news
// copy says the same few thousand words again and again, so a look-up
// replaces telling stop words, stemming, hashing and looking for an
// acronym's expansions. At most maxMemoWords are kept; then it starts
// afresh.
type wordMemo map[string]memoWord

// maxMemoWords bounds a wordMemo (about 100 bytes a word).
const maxMemoWords = 1 << 13

// memoWord is what addText makes of a word.
type memoWord struct {
	content bool   // a content word (isContent); nothing else is set if not
	stem    string // stemmer.Stem of the word
	unigram uint64 // unigramKey(stem)
	before  uint64 // the hash bigramKey starts a bigram with when stem is first
	// expansions are the stems of the phrases the word stands for when it
	// is an acronym (terms.Expansions, looked up once), else nil.
	expansions [][]string
}

// word returns what addText makes of word, from the memo if it is there;
// a nil memo keeps nothing (Classify and training, which do not reuse a
// featureSet). A number is not kept: most say how much or which, once (the memo would
// fill with them), and stemming leaves them alone anyway.
func (m wordMemo) word(word string) memoWord {
	if w, ok := m[word]; ok {
		return w
	}
	if m == nil || '0' <= word[0] && word[0] <= '9' {
		return memoWordOf(word)
	}
	word = strings.Clone(word) // kept, so not a piece of the text it came from
	w := memoWordOf(word)
	if len(m) >= maxMemoWords {
		clear(m)
	}
	m[word] = w
	return w
}

// memoWordOf is what addText makes of word.
func memoWordOf(word string) memoWord {
	w := memoWord{content: isContent(word)}
	if w.content {
		w.stem = stemmer.Stem(word)
		w.unigram = unigramKey(w.stem)
		w.before = hashString(w.unigram, " ")
		w.expansions = terms.Expansions(expansionKey(w.stem, word))
	}
	return w
}

// maxRepeat is the heaviest feature featureSet writes as repeated keys;
// the weights in use are 1 and 2, and heavier ones (experiments) go the
// general way.
const maxRepeat = 4

// addText counts the words of text, and their bigrams if asked, weight
// times each, through fs.memo when there is one.
func (fs *featureSet) addText(text string, weight int, bigrams bool) {
	if weight <= 0 {
		return
	}
	var (
		prevBefore  uint64 // memoWord.before of the word before
		prevSurface string
	)
	eachWord(text, func(word string, follows bool) bool {
		w := fs.memo.word(word)
		if !w.content {
			return false
		}
		fs.add(w.unigram, weight, word, "")
		if fs.findLead {
			fs.lead.key, fs.findLead = w.unigram, false
		}
		if bigrams && follows {
			fs.add(hashString(prevBefore, w.stem), weight, prevSurface, word) // bigramKey of the two stems
		}
		// An acronym counts as the words it stands for too ("ACC" as
		// assistant chief constable): those words say what sector a
		// story is in, the acronym alone only once the model has seen it.
		fs.addExpansions(word, w.expansions)
		prevBefore, prevSurface = w.before, word
		return true
	})
}

// expansionKey is the stem under which terms.Expansions has the word
// written surface, whose stem is stem.
func expansionKey(stem, surface string) string {
	if strings.IndexByte(surface, '&') >= 0 {
		return terms.Stem(terms.Fold(surface)) // "A&E", which terms reads as "ae"
	}
	return stem
}

// addExpansions counts each word an acronym written surface stands for
// (its expansions, from terms.Expansions), once whatever the field's
// weight and however many names it has: "PCC" is not three times the
// evidence of "commissioner".
func (fs *featureSet) addExpansions(surface string, expansions [][]string) {
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
			fs.add(unigramKey(w), 1, surface, stands)
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
	feats, _ := m.storyFeatures(in, surfaces)
	return feats
}

// storyFeatures are a story's features and its headline's lead word, as
// a story being classified counts them.
func (m *Model) storyFeatures(in Input, surfaces bool) ([]feature, leadWord) {
	// News text gives about a feature (word or bigram) per five bytes.
	size := (len(in.Headline)+len(in.Summary)+len(in.Source))/5 + 8
	fs := featureSet{surfaces: surfaces, list: make([]feature, 0, size)}
	if !surfaces {
		fs.keys = make([]uint64, 0, size+size/4)
	}
	feats := m.gather(&fs, in)
	return feats, fs.lead
}

// gather adds in's text to fs and returns its features; fs.lead is then
// the headline's lead word.
func (m *Model) gather(fs *featureSet, in Input) []feature {
	p := m.params
	fs.lead, fs.findLead = leadWord{}, p.LeadWeight > 0 && p.HeadlineWeight > 0
	fs.addText(in.Headline, p.HeadlineWeight, p.Bigrams)
	if fs.findLead {
		fs.findLead = false // a headline of no content word has none
	} else if p.LeadWeight > 0 && p.HeadlineWeight > 0 {
		fs.lead.extra = int32(p.LeadWeight)
	}
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
