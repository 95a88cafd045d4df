package search

import (
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestSearchAcronymThatIsAWord: "SEND" typed in capitals finds the
// stories of special educational needs and disabilities, whether they
// write the acronym or the words, and not those that send something;
// "send" in lower case is the verb.
func TestSearchAcronymThatIsAWord(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Special educational needs and disabilities support reviewed"},
		digest.Story{Headline: "SEND transport costs rise in Kent"},
		digest.Story{Headline: "Councils send support staff to flood areas"},
		digest.Story{Headline: "NICE guidance on social care published"},
		digest.Story{Headline: "A nice day for the county show"},
	)
	checkEachFullMatch(t, s, map[string][]string{
		"SEND":         {"SEND transport costs rise in Kent", "Special educational needs and disabilities support reviewed"},
		"SEND support": {"Special educational needs and disabilities support reviewed"},
		"send support": {"Councils send support staff to flood areas"},
		"NICE":         {"NICE guidance on social care published"},
	})
}
