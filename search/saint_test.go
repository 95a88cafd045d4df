package search

import (
	"slices"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestSearchSaintNamesNoPlaceAlone: "St Helens" in an archive without
// Helens listed the stories of St Albans and St Ives as partial matches;
// "St" or "Saint" alone says nothing of which place, so it counts only
// with the word after it. The saint's own places, and "St" alone, are
// found as before.
func TestSearchSaintNamesNoPlaceAlone(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "St Albans plans homes"},
		digest.Story{Headline: "St Ives harbour reopens"},
		digest.Story{Headline: "Saint Davids cathedral repairs"},
		digest.Story{Headline: "Council tax rises in St Edmundsbury"},
		digest.Story{Headline: "Council shares a chief executive"},
	)
	for _, q := range []string{"St Helens", `"St Helens"`, "Saint Helens", "St. Helens", "st helens", "‘St Helens’"} {
		if res := search(t, s, q); len(res.Hits) != 0 {
			t.Errorf("%s: want no hits, got %q (%s)", q, headlines(res.Hits), res.Note())
		}
	}
	res := search(t, s, "St Helens council")
	if len(res.Hits) != 2 {
		t.Errorf("St Helens council: want the two council stories, got %q", headlines(res.Hits))
	}
	for _, h := range res.Hits {
		if !slices.Equal(h.Matched, []string{"council"}) {
			t.Errorf("St Helens council: %q matched %q, want council alone", h.Story.Headline, h.Matched)
		}
	}
	for q, want := range map[string][]string{
		"St Albans":    {"St Albans plans homes"},
		"Saint Albans": {"St Albans plans homes"},
		"St Davids":    {"Saint Davids cathedral repairs"},
		"St":           {"Council tax rises in St Edmundsbury", "Saint Davids cathedral repairs", "St Albans plans homes", "St Ives harbour reopens"},
	} {
		checkFullMatches(t, s, q, want, nil)
	}
}
