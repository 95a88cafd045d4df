package search

import (
	"slices"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestSearchQuestionTypedAsASentence: a search typed as a question
// ("what is happening with devolution in Greater Manchester?", "Is there
// any news on shared services?") finds the stories of what it asks
// about: the words that ask ("happening", "news", "latest") count against
// no story and are not corrected. Typed as no question, or alone, they
// are searched for as any word is.
func TestSearchQuestionTypedAsASentence(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Greater Manchester devolution deal signed", Summary: "Powers over transport move to the combined authority."},
		digest.Story{Headline: "Councils committed to shared services", Summary: "Leaders sign a charter."},
		digest.Story{Headline: "New shared services centre opens", Summary: "Three districts pool payroll."},
		digest.Story{Headline: "Fake news about bin collections", Summary: "The council corrects a rumour."},
	)
	shared := []string{"Councils committed to shared services", "New shared services centre opens"}
	for query, want := range map[string][]string{
		"what is happening with devolution in Greater Manchester?": {"Greater Manchester devolution deal signed"},
		"Is there any news on shared services?":                    shared,
		"any news on shared services":                              shared,
		"What's the latest on devolution?":                         {"Greater Manchester devolution deal signed"},
		"Has anything happened with shared services":               shared,
		"Which stories mention devolution?":                        {"Greater Manchester devolution deal signed"},
	} {
		res := search(t, s, query)
		if got := fullMatches(res); !slices.Equal(got, want) || len(res.Missing) > 0 || res.Suggestion != nil {
			t.Errorf("%q: %q, missing %q, suggestion %+v; want %q", query, got, res.Missing, res.Suggestion, want)
		}
	}
	// In an archive without "news", it is not corrected to "new".
	s, _ = archiveOf(t, digest.Story{Headline: "New shared services centre opens"})
	if res := search(t, s, "Is there any news on shared services?"); len(res.Hits) != 1 || res.Suggestion != nil || len(res.Missing) > 0 {
		t.Errorf("without news: %q, missing %q, suggestion %+v", headlines(res.Hits), res.Missing, res.Suggestion)
	}
	s, _ = archiveOf(t, digest.Story{Headline: "Fake news about bin collections"})
	checkEachFullMatch(t, s, map[string][]string{
		"fake news":  {"Fake news about bin collections"},
		"news":       {"Fake news about bin collections"},
		"What news?": {"Fake news about bin collections"},
	})
}
