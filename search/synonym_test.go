package search

import (
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestSearchSectorWordsForTheSameThing: the words public-sector news
// writes for the same thing find each other, after the stories with the
// word typed: a constabulary is the police, an amalgamation a merger,
// reductions are cuts.
func TestSearchSectorWordsForTheSameThing(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Constabulary shares headquarters with fire service"},
		digest.Story{Headline: "Police and fire control rooms to merge"},
		digest.Story{Headline: "Amalgamation of parish councils approved"},
		digest.Story{Headline: "Two district councils agree merger"},
		digest.Story{Headline: "Authority sets out £12 million in reductions"},
		digest.Story{Headline: "Library cuts approved by cabinet"},
		digest.Story{Headline: "Charity saves lives with defibrillators"},
	)
	checkEachFullMatch(t, s, map[string][]string{
		"police headquarters":   {"Constabulary shares headquarters with fire service"},
		"constabulary fire":     {"Constabulary shares headquarters with fire service", "Police and fire control rooms to merge"},
		"merger parish":         {"Amalgamation of parish councils approved"},
		"amalgamation district": {"Two district councils agree merger"},
		"amalgamate control":    {"Police and fire control rooms to merge"},
		"cuts":                  {"Authority sets out £12 million in reductions", "Library cuts approved by cabinet"},
		"reductions library":    {"Library cuts approved by cabinet"},
	})
	checkEachFirst(t, s, map[string]string{
		"cuts":         "Library cuts approved by cabinet",
		"amalgamation": "Amalgamation of parish councils approved",
		"police":       "Police and fire control rooms to merge",
	})
}
