package archive

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/stemmer"
)

// How a heading was matched to a sector, from the surest to the least sure.
type resolution int

const (
	byName     resolution = iota // its slug, name or alias
	byClose                      // a unique prefix or a typing slip of one ("Blue lights service")
	byPhrase                     // a sector's name or alias within it ("Blue Light Transformation")
	byModel                      // the sector model
	byFallback                   // none: the fallback sector
)

// minModelConfidence is how sure the sector model must be to file a
// heading: below it the heading goes to the fallback sector, where the
// operator finds it by the warning, rather than to a sector by a coin toss.
// With ten sectors a guess is 0.1; the shipped model gives "Europe" 0.33
// (International), "Welsh reorganisation" 0.32 (Local Government), "Jobs"
// and "Events" 0.1.
const minModelConfidence = 0.3

// resolveHeading finds the sector a section heading means.
func (r *roleReader) resolveHeading(heading string) (digest.Sector, resolution) {
	if sec, ok := r.names.lookup(heading); ok {
		return sec, byName
	}
	sectors := r.parser.Sectors
	if sec, err := sectors.Resolve(heading); err == nil {
		return sec, byClose
	} else {
		var unknown *digest.UnknownSectorError
		if errors.As(err, &unknown) && unknown.Suggestion != "" {
			if sec, ok := sectors.Lookup(unknown.Suggestion); ok {
				return sec, byClose
			}
		}
	}
	modelSec, confidence := r.model(heading)
	if sec, words, ok := r.names.within(heading); ok {
		// A name of several words ("blue light") is sure; a one-word alias
		// can mislead ("Care homes" holds Housing's "homes"), so a model
		// sure of another sector wins over it.
		if words > 1 || modelSec.Slug == "" || modelSec.Slug == sec.Slug || confidence < minSureModel {
			return sec, byPhrase
		}
	}
	if modelSec.Slug != "" && confidence >= minModelConfidence {
		return modelSec, byModel
	}
	return r.parser.fallback(), byFallback
}

// minSureModel is how sure the sector model must be to overrule a
// one-word alias found in a heading.
const minSureModel = 0.6

// model is the sector model's reading of a heading: its sector (none when
// there is no model or it names no configured sector) and confidence.
func (r *roleReader) model(heading string) (digest.Sector, float64) {
	if r.parser.Suggest == nil {
		return digest.Sector{}, 0
	}
	slug, confidence := r.parser.Suggest(heading)
	sec, ok := r.parser.Sectors.Lookup(slug)
	if !ok {
		return digest.Sector{}, 0
	}
	return sec, confidence
}

// reportHeading warns about a heading not matched by name.
func (r *roleReader) reportHeading(h *tok, how resolution) {
	sec := h.sector
	switch how {
	case byClose:
		r.warn(h.no, "section heading %q is not a configured sector; read as the closest one, %s (%s)", clip(h.text), sec.Name, sec.Slug)
	case byPhrase:
		r.warn(h.no, "section heading %q is not a configured sector; read as %s (%s), whose name it contains", clip(h.text), sec.Name, sec.Slug)
	case byModel:
		r.warn(h.no, "section heading %q is not a configured sector; the sector model reads it as %s (%s)", clip(h.text), sec.Name, sec.Slug)
	case byFallback:
		r.warn(h.no, "section heading %q names no configured sector; its stories are filed under %s (%s)", clip(h.text), sec.Name, sec.Slug)
	}
}

// sectorNames finds the sector a line names, by slug, name or alias,
// folded the way digest.Sectors.Resolve folds them. Unlike Resolve it does
// not complete prefixes: a line of commentary such as "Hi" must not become
// the heading "Higher Education".
type sectorNames struct {
	exact   map[string]digest.Sector
	phrases []sectorPhrase // every name and alias as stemmed words, longest first
}

type sectorPhrase struct {
	words  []string
	sector digest.Sector
}

// newSectorNames indexes the names of sectors; a slug wins over a name and
// a name over an alias, as in Resolve.
func newSectorNames(sectors digest.Sectors) sectorNames {
	names := sectorNames{exact: map[string]digest.Sector{}}
	add := func(key string, sec digest.Sector) {
		if k := foldName(key); k != "" {
			if _, taken := names.exact[k]; !taken {
				names.exact[k] = sec
			}
			names.phrases = append(names.phrases, sectorPhrase{words: stems(key), sector: sec})
		}
	}
	for _, sec := range sectors {
		add(sec.Slug, sec)
	}
	for _, sec := range sectors {
		add(sec.Name, sec)
	}
	for _, sec := range sectors {
		for _, a := range sec.Aliases {
			add(a, sec)
		}
	}
	return names
}

// lookup returns the sector s names exactly.
func (n sectorNames) lookup(s string) (digest.Sector, bool) {
	if len(n.exact) == 0 || utf8.RuneCountInString(s) > maxHeadingRunes {
		return digest.Sector{}, false
	}
	sec, ok := n.exact[foldName(undecorated(s))]
	return sec, ok
}

// undecorated is s without the emoji an editor put before or after a
// heading ("🏛️ Local Government", "Health 🏥"): pictures, and the
// selectors, skin tones and joiners that make them up, at either end. They
// decorate the name; they do not make it another.
func undecorated(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r) || unicode.IsSpace(r) ||
			r == '\u200D' || unicode.Is(unicode.Variation_Selector, r)
	})
}

// within returns the sector whose name or alias appears in s as whole
// words, word forms folded ("Blue Light Transformation", "Fire and Rescue
// news"): the earliest in s, the longest there, and how many words it has.
// Words of two letters ("he", "lg") count only when s is that word alone.
func (n sectorNames) within(s string) (digest.Sector, int, bool) {
	words := stems(s)
	bestAt, bestLen := len(words), 0
	var best digest.Sector
	for _, p := range n.phrases {
		if len(p.words) == 1 && len(p.words[0]) < 3 {
			continue
		}
		for at := 0; at+len(p.words) <= len(words); at++ {
			if equalWords(words[at:at+len(p.words)], p.words) {
				if at < bestAt || at == bestAt && len(p.words) > bestLen {
					bestAt, bestLen, best = at, len(p.words), p.sector
				}
				break
			}
		}
	}
	return best, bestLen, bestLen > 0
}

// strayWords counts the words of s that are neither part of a sector's
// name or alias found in it nor the words that join names in a heading
// ("and", "of", "the"): "Highway Code notes" has one, "More on health
// below" three.
func (n sectorNames) strayWords(s string) int {
	words := stems(s)
	covered := make([]bool, len(words))
	for _, p := range n.phrases {
		for at := 0; at+len(p.words) <= len(words); at++ {
			if equalWords(words[at:at+len(p.words)], p.words) {
				for k := at; k < at+len(p.words); k++ {
					covered[k] = true
				}
			}
		}
	}
	stray := 0
	for i, w := range strings.Fields(foldName(s)) { // the words stems stemmed
		if w = strings.Trim(w, wordTrim); !covered[i] && w != "" && w != "and" && w != "of" && w != "the" {
			stray++
		}
	}
	return stray
}

func equalWords(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// stems returns the words of s folded as foldName does, each stemmed.
func stems(s string) []string {
	words := strings.Fields(foldName(s))
	for i, w := range words {
		words[i] = stemmer.Stem(strings.Trim(w, wordTrim))
	}
	return words
}

// wordTrim is the punctuation stems trims off a word.
const wordTrim = ".,;:!?'\"()[]‘’“”"

// foldName folds a sector name as digest.Sectors.Resolve does: lower case,
// "&" as "and", "-", "_" and "/" as spaces, single spaces.
func foldName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case '&':
			b.WriteString(" and ")
		case '-', '_', '/':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
