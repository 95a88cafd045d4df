package bot

import (
	"context"
	"strings"
	"unicode"

	"github.com/sharednews/sharednews/digest"
)

// KeywordSuggester proposes the sector whose configured keywords and aliases
// appear most often in a story's headline and summary; headline words count
// double because headlines are chosen to say what a story is about. With no
// match it proposes "other" if configured, else the last sector.
type KeywordSuggester struct {
	Sectors digest.Sectors
}

// Suggest implements Suggester.
func (k KeywordSuggester) Suggest(_ context.Context, s digest.Story) string {
	if len(k.Sectors) == 0 {
		return ""
	}
	headline := " " + normaliseWords(s.Headline) + " "
	summary := " " + normaliseWords(s.Summary) + " "
	best, bestScore := "", 0
	for _, sec := range k.Sectors {
		score := 0
		for _, kw := range append(append([]string{}, sec.Keywords...), sec.Aliases...) {
			kw = normaliseWords(kw)
			if kw == "" {
				continue
			}
			needle := " " + kw + " "
			score += 2*strings.Count(headline, needle) + strings.Count(summary, needle)
		}
		if score > bestScore {
			best, bestScore = sec.Slug, score
		}
	}
	if best != "" {
		return best
	}
	if _, ok := k.Sectors.Lookup("other"); ok {
		return "other"
	}
	return k.Sectors[len(k.Sectors)-1].Slug
}

// normaliseWords lower-cases s and turns punctuation into single spaces so
// keywords match whole words only.
func normaliseWords(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}
