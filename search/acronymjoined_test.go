package search

import (
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestSearchAcronymOfAHyphenatedWord: an acronym whose words have one
// written with a hyphen ("ASBO", an "anti-social behaviour order") finds
// the stories that write it as one word or apart ("antisocial", "anti
// social"), and those words typed, whole or not, find the acronym's stories.
func TestSearchAcronymOfAHyphenatedWord(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Antisocial behaviour orders replaced by injunctions"},
		digest.Story{Headline: "Councils issue fewer anti-social behaviour orders"},
		digest.Story{Headline: "Anti social behaviour order for fly-tipper"},
		digest.Story{Headline: "ASBO numbers fall in the county"},
		digest.Story{Headline: "Antisocial behaviour team shared by two districts"},
	)
	all := []string{"ASBO numbers fall in the county", "Anti social behaviour order for fly-tipper",
		"Antisocial behaviour orders replaced by injunctions", "Councils issue fewer anti-social behaviour orders"}
	checkEachFullMatch(t, s, map[string][]string{
		"ASBO":                         all,
		"asbos":                        all,
		"anti-social behaviour orders": all,
		// A word typed whole is also searched apart ("anti social").
		"antisocial behaviour order": all,
	})
}
