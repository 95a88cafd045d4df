package search

import (
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestSearchWordWrittenWholeFindsItApart: a word typed whole finds the
// stories that write it as two words, as well as those that write it
// whole or with a hyphen, though some story has it whole ("healthcare
// workers" found only "healthcare" and "health-care" and said the rest
// partial); and two words typed with "and" or "&" between them find a
// story that writes them joined by an ampersand ("Fire&Police"). A word
// is not cut into a small word ("well being") nor into letters ("e
// mail"), and not into words the archive does not have in a row.
func TestSearchWordWrittenWholeFindsItApart(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Healthcare workers to share training"},
		digest.Story{Headline: "Health care workers move to the council"},
		digest.Story{Headline: "Health-care workers strike"},
		digest.Story{Headline: "Antisocial behaviour team shared"},
		digest.Story{Headline: "Anti social behaviour orders rise"},
		digest.Story{Headline: "Cyber security pooled by three districts"},
		digest.Story{Headline: "Cybersecurity officer appointed"},
		digest.Story{Headline: "Ring fenced grant for libraries"},
		digest.Story{Headline: "Ringfenced budget cut"},
		digest.Story{Headline: "Fire&Police control room opens"},
		digest.Story{Headline: "Care for the health of staff"},
		digest.Story{Headline: "Police officer praised for fire rescue"},
	)
	checkEachFullMatch(t, s, map[string][]string{
		"healthcare workers": {"Health care workers move to the council", "Health-care workers strike", "Healthcare workers to share training"},
		"antisocial":         {"Anti social behaviour orders rise", "Antisocial behaviour team shared"},
		"cybersecurity":      {"Cyber security pooled by three districts", "Cybersecurity officer appointed"},
		"ringfenced":         {"Ring fenced grant for libraries", "Ringfenced budget cut"},
		"fire and police":    {"Fire&Police control room opens", "Police officer praised for fire rescue"},
		"Fire & Police":      {"Fire&Police control room opens", "Police officer praised for fire rescue"},
	})
	// "Care for the health of staff" has both words, not in a row.
	if res := search(t, s, "healthcare"); len(res.Hits) != 3 {
		t.Errorf("healthcare: %q, want the three stories of health care", headlines(res.Hits))
	}
}

// TestSearchQuotedPhraseFindsItWrittenWhole: a quoted phrase finds its
// words written as one, as well as in a row, though some story has them
// as quoted ("anti-social behaviour" found only "anti-social" and "anti
// social"); a word of it that no story writes whole adds nothing.
func TestSearchQuotedPhraseFindsItWrittenWhole(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Antisocial behaviour team shared"},
		digest.Story{Headline: "Anti-social behaviour orders rise"},
		digest.Story{Headline: "Anti social behaviour down in Kent"},
		digest.Story{Headline: "Staff wellbeing survey"},
		digest.Story{Headline: "Well-being board meets"},
		digest.Story{Headline: "Behaviour that is anti the social contract"},
	)
	all := []string{"Anti social behaviour down in Kent", "Anti-social behaviour orders rise", "Antisocial behaviour team shared"}
	checkEachFullMatch(t, s, map[string][]string{
		`"anti-social behaviour"`: all,
		`"anti social behaviour"`: all,
		`"antisocial behaviour"`:  all,
		`"well-being"`:            {"Staff wellbeing survey", "Well-being board meets"},
		`"well being"`:            {"Staff wellbeing survey", "Well-being board meets"},
	})
}
