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

// TestSearchRoleWrittenAnyWay: a role written with -man, -woman, -person
// or neither finds the others ("chairman" finds "the chair", "chair" the
// "chairwoman", "spokesperson" the "spokesman"), and "digitisation" finds
// "digitalisation", as councils write either for the same programmes.
func TestSearchRoleWrittenAnyWay(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "New chair for the combined authority"},
		digest.Story{Headline: "Chairwoman of the trust steps down"},
		digest.Story{Headline: "Chairman of the fire authority re-elected"},
		digest.Story{Headline: "Spokesman for the county says talks continue"},
		digest.Story{Headline: "Digitalisation of council services saves £2m"},
		digest.Story{Headline: "Councils digitise planning records"},
		digest.Story{Headline: "Armchair guide to the spending review"},
	)
	checkEachFullMatch(t, s, map[string][]string{
		"chairman combined authority": {"New chair for the combined authority"},
		"chair trust":                 {"Chairwoman of the trust steps down"},
		"chairperson fire":            {"Chairman of the fire authority re-elected"},
		"chairwoman":                  {"Chairman of the fire authority re-elected", "Chairwoman of the trust steps down", "New chair for the combined authority"},
		"spokesperson county":         {"Spokesman for the county says talks continue"},
		"digitisation":                {"Councils digitise planning records", "Digitalisation of council services saves £2m"},
		"digitalise planning":         {"Councils digitise planning records"},
	})
	checkEachFirst(t, s, map[string]string{"chairman": "Chairman of the fire authority re-elected"})
}
