package search

import (
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestSearchQuotedPhraseWrittenOtherwise: quotes keep words in a row, but
// a word written whole, apart or with a hyphen is the same word: a quoted
// phrase that no story has as typed finds the stories that write it so
// otherwise, whether a story joins two of its words, splits one, or
// hyphenates one (its halves a letter or a small word: "e-mail",
// "co-operation", "well-being").
func TestSearchQuotedPhraseWrittenOtherwise(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Fire and police co-operation agreement signed"},
		digest.Story{Headline: "Cooperation between Welsh councils praised"},
		digest.Story{Headline: "Health care workers win pay rise"},
		digest.Story{Headline: "Healthcare partnership formed in Devon"},
		digest.Story{Headline: "Well-being board to tackle loneliness"},
		digest.Story{Headline: "E-mail system shared by three boroughs"},
		digest.Story{Headline: "Work force plan for social care"},
	)
	checkEachFullMatch(t, s, map[string][]string{
		`"cooperation agreement"`:   {"Fire and police co-operation agreement signed"},
		`"co-operation between"`:    {"Cooperation between Welsh councils praised"},
		`"healthcare workers"`:      {"Health care workers win pay rise"},
		`"health care partnership"`: {"Healthcare partnership formed in Devon"},
		`"wellbeing board"`:         {"Well-being board to tackle loneliness"},
		`"email system"`:            {"E-mail system shared by three boroughs"},
		`"workforce plan"`:          {"Work force plan for social care"},
		`"workforce" care`:          {"Work force plan for social care"},
	})
	// Still a phrase: its words apart in a story are not it.
	checkFullMatches(t, s, `"cooperation pay"`, nil, []string{`"cooperation pay"`})
}
