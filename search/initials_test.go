package search

import (
	"slices"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestSearchQuotedInitialsSaid: "A and E" in quotes found nothing, though
// A and E unquoted finds A&E: a story that writes "A&E" has the one word,
// not three. Quoted, initials said apart are the phrase as typed or the
// word they spell, in a row with the phrase's other words; with a minus
// before it, it leaves out the stories with either.
func TestSearchQuotedInitialsSaid(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "A&E waits grow"},
		digest.Story{Headline: "Plan A and B for the budget"},
		digest.Story{Headline: "Waits for hip operations grow"},
	)
	for q, want := range map[string][]string{
		`A and E`:          {"A&E waits grow"},
		`"A and E"`:        {"A&E waits grow"},
		`“a and e”`:        {"A&E waits grow"},
		`"A & E"`:          {"A&E waits grow"},
		`'A and E'`:        {"A&E waits grow"},
		`"A and E waits"`:  {"A&E waits grow"},
		`"plan A and B"`:   {"Plan A and B for the budget"},
		`waits -"A and E"`: {"Waits for hip operations grow"},
		`waits -'a & e'`:   {"Waits for hip operations grow"},
	} {
		res := search(t, s, q)
		if got := headlines(res.Hits); !slices.Equal(got, want) || res.Partial {
			t.Errorf("%s: %q (partial %v), want %q", q, got, res.Partial, want)
		}
	}
}

// TestSearchNameAfterALetterTypedAlone: a name that stories write with an
// apostrophe after its first letter ("O'Neill", "D'Souza") is found when
// typed with a space for it, or both, where the letter alone, a small
// word, was left out and the rest is in no story; "a" and "i", words of
// their own, are not joined to the word after them.
func TestSearchNameAfterALetterTypedAlone(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "O'Neill to lead combined authority review"},
		digest.Story{Headline: "D’Souza appointed director of adult services"},
		digest.Story{Headline: "Councils set apart funds for flood defences"},
		digest.Story{Headline: "Part of the county to get a new depot"},
	)
	checkEachFullMatch(t, s, map[string][]string{
		"O Neill":              {"O'Neill to lead combined authority review"},
		"o neill review":       {"O'Neill to lead combined authority review"},
		"O' Neill":             {"O'Neill to lead combined authority review"},
		"D Souza adult":        {"D’Souza appointed director of adult services"},
		"a part of the county": {"Part of the county to get a new depot"},
	})
}
