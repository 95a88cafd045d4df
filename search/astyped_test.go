package search

import (
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestSearchAcronymsOfGovernmentAndTheNations: the short forms officers
// type for local government and the nations find the stories that write
// them out: "NI" Northern Ireland, or National Insurance, "LG" local
// government, "LA" a local authority, which a story calls a council, "C4"
// Channel 4, and "gov" government ("local gov" local government). Those
// that are also words or names ("Ni no Kuni", the maker LG, "la") are
// read so only in capitals, and then find the stories that write them in
// capitals too, but not a story that writes the word in lower case.
func TestSearchAcronymsOfGovernmentAndTheNations(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Northern Ireland councils face a budget gap"},
		digest.Story{Headline: "National Insurance rise hits council payrolls"},
		digest.Story{Headline: "Ni no Kuni budget sequel reviewed"},
		digest.Story{Headline: "Local government finance squeeze deepens"},
		digest.Story{Headline: "LG unveils a monitor on finance terms"},
		digest.Story{Headline: "Channel 4 sale goes ahead"},
		digest.Story{Headline: "Kent county council shares its legal team"},
		digest.Story{Headline: "Government agrees a cladding deal"},
		digest.Story{Headline: "Concert in la plaza shares the stage"},
	)
	checkEachFullMatch(t, s, map[string][]string{
		"NI budget":         {"Northern Ireland councils face a budget gap"},
		"NI rise":           {"National Insurance rise hits council payrolls"},
		"ni budget":         {"Ni no Kuni budget sequel reviewed"},
		"LG finance":        {"LG unveils a monitor on finance terms", "Local government finance squeeze deepens"},
		"local gov finance": {"Local government finance squeeze deepens"},
		"gov cladding":      {"Government agrees a cladding deal"},
		"C4 sale":           {"Channel 4 sale goes ahead"},
		"LA legal team":     {"Kent county council shares its legal team"},
		"la shares":         {"Concert in la plaza shares the stage"},
	})
}

// TestSearchPartyAndElectionNames: a party is found by the name it is
// called by, whichever the story wrote ("Tory", "Conservative"; "Lib
// Dem", "Liberal Democrat"), and "council elections" are local
// elections, either way round.
func TestSearchPartyAndElectionNames(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Tory MPs revolt over the sale"},
		digest.Story{Headline: "Conservatives take Kent"},
		digest.Story{Headline: "Lib Dems gain seats in Somerset"},
		digest.Story{Headline: "Liberal Democrat leader visits Bath"},
		digest.Story{Headline: "Local elections 2022: how to vote"},
		digest.Story{Headline: "Council elections postponed in Cumbria"},
	)
	tory := []string{"Conservatives take Kent", "Tory MPs revolt over the sale"}
	libDem := []string{"Lib Dems gain seats in Somerset", "Liberal Democrat leader visits Bath"}
	elections := []string{"Council elections postponed in Cumbria", "Local elections 2022: how to vote"}
	checkEachFullMatch(t, s, map[string][]string{
		"tories":            tory,
		"Tory":              tory,
		"conservative":      tory,
		"lib dems":          libDem,
		"Lib Dem":           libDem,
		"liberal democrats": libDem,
		"council elections": elections,
		"local elections":   elections,
		"local election":    elections,
		"council election":  elections,
	})
}

// TestSearchNumbersAsSaid: an amount or a number typed as it is said
// finds it as the story writes it: "half a billion" and "£.5bn" are
// £500m, "twenty two" and "twenty-two" 22 (and 22 them), and "5 pc" is
// 5%, whose story comes first.
func TestSearchNumbersAsSaid(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Dorset councils could save £500m"},
		digest.Story{Headline: "Fire deaths fall by 5% in past year"},
		digest.Story{Headline: "Shared bins save £5m in five years", Summary: "A PC for every depot."},
		digest.Story{Headline: "Wales to cut its 22 councils"},
		digest.Story{Headline: "Twenty-two councils may merge"},
		digest.Story{Headline: "Two councils share twenty staff"},
	)
	half := []string{"Dorset councils could save £500m"}
	twentyTwo := []string{"Twenty-two councils may merge", "Wales to cut its 22 councils"}
	checkEachFullMatch(t, s, map[string][]string{
		"half a billion":      half,
		"£.5bn":               half,
		"£0.5bn":              half,
		"twenty two councils": twentyTwo,
		"twenty-two councils": twentyTwo,
		"22 councils":         twentyTwo,
	})
	checkEachFirst(t, s, map[string]string{
		"5 pc":       "Fire deaths fall by 5% in past year",
		"5 per cent": "Fire deaths fall by 5% in past year",
	})
}
