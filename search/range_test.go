package search

import (
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestSearchRangeWrittenWithTo: a range typed with a hyphen between its
// numbers ("50-70%", "3-5 years") finds the story that writes it with
// "to" ("50 to 70%"), as news mostly does, as well as one that writes it
// with a hyphen; not a story that has the numbers apart.
func TestSearchRangeWrittenWithTo(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Between 50 to 70% of mergers fail"},
		digest.Story{Headline: "50-70% of shared services miss their savings"},
		digest.Story{Headline: "50 councils say 70% of staff moved"},
		digest.Story{Headline: "Savings take 3 to 5 years"},
		digest.Story{Headline: "A 3-5 year plan for the depot"},
	)
	checkEachFullMatch(t, s, map[string][]string{
		"50-70%":         {"50-70% of shared services miss their savings", "Between 50 to 70% of mergers fail"},
		"3-5 years":      {"A 3-5 year plan for the depot", "Savings take 3 to 5 years"},
		"50–70 per cent": {"50-70% of shared services miss their savings", "Between 50 to 70% of mergers fail"},
	})
}
