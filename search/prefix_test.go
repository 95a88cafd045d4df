package search

import (
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestSearchShortWordIsNoPrefix: "Ynys Mon", in an archive without Mon,
// listed the stories of "money" and "Monday" as partial matches: three
// letters were matched as the start of longer words. Four are ("devo"
// finds "devolution", "exec" "executive"), and a word the archive has is
// found whatever its length.
func TestSearchShortWordIsNoPrefix(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Money for social care"},
		digest.Story{Headline: "Council meets on Monday"},
		digest.Story{Headline: "Devolution deal signed"},
		digest.Story{Headline: "Councils share a chief executive"},
		digest.Story{Headline: "Tax bands for Ely"},
	)
	for _, q := range []string{"Mon", "mon", "dev", "exe"} {
		if res := search(t, s, q); len(res.Hits) != 0 {
			t.Errorf("%s: %q, want no hits", q, headlines(res.Hits))
		}
	}
	for q, want := range map[string][]string{
		"devo":       {"Devolution deal signed"},
		"chief exec": {"Councils share a chief executive"},
		"Ely":        {"Tax bands for Ely"},
	} {
		checkFullMatches(t, s, q, want, nil)
	}
	// "Mon" as the archive writes it, with or without its accent.
	st2, _ := archiveOf(t, digest.Story{Headline: "Money for social care"},
		digest.Story{Headline: "Ynys Môn council shares payroll"})
	for _, q := range []string{"Ynys Mon", "Mon", "Ynys Môn"} {
		checkFullMatches(t, st2, q, []string{"Ynys Môn council shares payroll"}, nil)
	}
}
