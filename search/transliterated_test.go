package search

import (
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestSearchTransliteratedNameAnySpelling: a Ukrainian name that each
// paper spells its own way ("Zelensky", "Zelenskiy", "Zelenskyy", as the
// real feeds of the BBC, the Guardian and Sky do) is found by any of its
// spellings, so that "zelensky UN security council" finds the Guardian's
// and Sky's reports of the speech beside the BBC's.
func TestSearchTransliteratedNameAnySpelling(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Zelenskyy tells UN Security Council Russia wants to turn Ukrainian people into 'silent slaves'"},
		digest.Story{Headline: "Zelenskiy tells UN Russian leaders ‘must be brought to justice for war crimes’"},
		digest.Story{Headline: "Ukraine war: Many more cities like Bucha says President Zelensky"},
		digest.Story{Headline: "Why Ukraine may struggle to get Russia thrown out of the UN Security Council"},
	)
	all := []string{
		"Ukraine war: Many more cities like Bucha says President Zelensky",
		"Zelenskiy tells UN Russian leaders ‘must be brought to justice for war crimes’",
		"Zelenskyy tells UN Security Council Russia wants to turn Ukrainian people into 'silent slaves'",
	}
	checkEachFullMatch(t, s, map[string][]string{
		"zelensky":            all,
		"Zelenskiy":           all,
		"zelenskyy's":         all,
		"zelenskyy UN":        all[1:],
		"zelensky bucha":      all[:1],
		"president zelenskiy": all[:1],
		"zelensky war crimes": all[1:2],
	})
}
