package search

import (
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestSearchHyphenatedShortPlural: a hyphenated noun whose last word is a
// particle ("start-up", "top-up", "buy-in") finds its plural and the
// plural finds it, as any other noun's does. The stemmer leaves words of
// three letters alone, so "ups" never met "up": "shake-ups" found no
// story headed "... a radical shake-up", and "start-up" none of "tech
// start-ups". Words that only end so ("bus", "gas") are no particles'
// plurals.
func TestSearchHyphenatedShortPlural(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Council chiefs plan a radical shake-up of services"},
		digest.Story{Headline: "Tech start-ups join the county's digital hub"},
		digest.Story{Headline: "Social care top-ups capped"},
		digest.Story{Headline: "Partners' buy-in is key to shared services"},
		digest.Story{Headline: "Bendy-bus routes cut"},
	)
	checkEachFullMatch(t, s, map[string][]string{
		"shake-ups": {"Council chiefs plan a radical shake-up of services"},
		"start-up":  {"Tech start-ups join the county's digital hub"},
		"start-ups": {"Tech start-ups join the county's digital hub"},
		"top-up":    {"Social care top-ups capped"},
		"buy-ins":   {"Partners' buy-in is key to shared services"},
		"bendy-bus": {"Bendy-bus routes cut"},
	})
}
