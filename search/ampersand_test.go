package search

import (
	"slices"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestSearchAmpersandBetweenWords: "fire&police", typed without spaces,
// was one word no story has; it is the two words, as "fire & police" is,
// and still finds a story that writes them so ("Fire&Rescue"). Initials
// joined by an ampersand ("A&E", "P&O", "AT&T") stay one word.
func TestSearchAmpersandBetweenWords(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Police and fire share a base"},
		digest.Story{Headline: "Fire & police merge in Essex"},
		digest.Story{Headline: "Fire&Rescue joint control room"},
		digest.Story{Headline: "Rescue boats for the fire service"},
		digest.Story{Headline: "A&E waits grow"},
		digest.Story{Headline: "P&O ferries cut jobs"},
		digest.Story{Headline: "AT&T buys a rival"},
	)
	for q, want := range map[string][]string{
		"fire&police":   {"Fire & police merge in Essex", "Police and fire share a base"},
		"Fire&Police":   {"Fire & police merge in Essex", "Police and fire share a base"},
		"fire & police": {"Fire & police merge in Essex", "Police and fire share a base"},
		"fire&rescue":   {"Fire&Rescue joint control room", "Rescue boats for the fire service"},
		"A&E":           {"A&E waits grow"},
		"P&O":           {"P&O ferries cut jobs"},
		"AT&T":          {"AT&T buys a rival"},
	} {
		checkFullMatches(t, s, q, want, nil)
	}
	if res := search(t, s, "fire&police"); !slices.Equal(res.Query.Parts[0].Words, []string{"fire"}) || len(res.Query.Parts) != 2 {
		t.Errorf("fire&police: parts %+v, want fire and police", res.Query.Parts)
	}
}

// TestSearchQuotedAmpersandBetweenWords: "fire&police" in quotes found
// only the stories that write it joined; it is the phrase as stories
// write it either way, "Fire & Police" and "Fire and Police" too.
func TestSearchQuotedAmpersandBetweenWords(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Fire & police merge in Essex"},
		digest.Story{Headline: "Fire and police share a base"},
		digest.Story{Headline: "Fire&Police HQ opens"},
		digest.Story{Headline: "Police chief backs fire plan"},
	)
	want := []string{"Fire & police merge in Essex", "Fire and police share a base", "Fire&Police HQ opens"}
	for _, q := range []string{`"fire&police"`, `'Fire&Police'`} {
		checkFullMatches(t, s, q, want, nil)
	}
}
