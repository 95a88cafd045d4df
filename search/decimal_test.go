package search

import (
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestSearchAmountIsOneThing: an amount with decimals is one number, not
// two: "£5m" finds the £5m deal and not "£1.5m" nor "£5.5m", "5%" not
// "2.5%", and "£1.5m" finds the amount written every way ("£1.5 million",
// "£1,500,000") but not "£1m" or "£5m".
func TestSearchAmountIsOneThing(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Councils share £1.5m for road repairs"},
		digest.Story{Headline: "A £5.5m bid for a joint depot"},
		digest.Story{Headline: "Shared payroll saves £5m"},
		digest.Story{Headline: "Trust gets £1.5 million for mental health"},
		digest.Story{Headline: "A £1,500,000 grant for libraries"},
		digest.Story{Headline: "Council tax to rise 2.5%"},
		digest.Story{Headline: "Fire precept up 5%"},
		digest.Story{Headline: "Depot sale raises £1m"},
		digest.Story{Headline: "Version 10.07.2014 of the plan"},
	)
	checkEachFullMatch(t, s, map[string][]string{
		"£5m":   {"Shared payroll saves £5m"},
		"£5.0m": {"Shared payroll saves £5m"},
		"£1.5m": {"A £1,500,000 grant for libraries", "Councils share £1.5m for road repairs",
			"Trust gets £1.5 million for mental health"},
		"1,500,000": {"A £1,500,000 grant for libraries", "Councils share £1.5m for road repairs",
			"Trust gets £1.5 million for mental health"},
		"£5.5m": {"A £5.5m bid for a joint depot"},
		"5%":    {"Fire precept up 5%"},
		"2.5%":  {"Council tax to rise 2.5%"},
		"1.5":   {"Councils share £1.5m for road repairs", "Trust gets £1.5 million for mental health"},
		"million": {"A £5.5m bid for a joint depot", "Councils share £1.5m for road repairs", "Depot sale raises £1m",
			"Shared payroll saves £5m", "Trust gets £1.5 million for mental health"},
	})
}

// TestSearchAmountInAnyMagnitude: an amount finds the same amount written
// in another magnitude, as house styles differ and readers type what they
// remember: "£0.5bn" finds "£500m" and the other way about, "£20,000m"
// "£20 billion", "£1,500m" "£1.5bn", "£1bn" "£1,000m"; with its magnitude
// typed as a word apart ("£0.5 billion", "£20,000 million") too, or its
// short form after a currency sign ("£0.5 bn"). A different amount is
// still not found ("£5m" is not "£0.5bn").
func TestSearchAmountInAnyMagnitude(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Shared services can save £500m at most"},
		digest.Story{Headline: "A £0.5bn fund for joint working"},
		digest.Story{Headline: "NHS expects £20 billion of efficiency savings"},
		digest.Story{Headline: "Councils sign a £1.5bn waste deal"},
		digest.Story{Headline: "Shared payroll saves £5m"},
		digest.Story{Headline: "A £50m road fund"},
		digest.Story{Headline: "A £1,000m bill for adult care"},
	)
	half := []string{"A £0.5bn fund for joint working", "Shared services can save £500m at most"}
	checkEachFullMatch(t, s, map[string][]string{
		"£0.5bn":          half,
		"£500m":           half,
		"£500 million":    half,
		"£0.5 billion":    half,
		"500,000,000":     half,
		"£20,000m":        {"NHS expects £20 billion of efficiency savings"},
		"£20000m":         {"NHS expects £20 billion of efficiency savings"},
		"£20,000 million": {"NHS expects £20 billion of efficiency savings"},
		"£20bn":           {"NHS expects £20 billion of efficiency savings"},
		"£1,500m":         {"Councils sign a £1.5bn waste deal"},
		"£1500 million":   {"Councils sign a £1.5bn waste deal"},
		"£5m":             {"Shared payroll saves £5m"},
		"£0.05bn":         {"A £50m road fund"},
		"£1bn":            {"A £1,000m bill for adult care"},
		"£1 billion":      {"A £1,000m bill for adult care"},
		"£0.5 bn":         half,
		"£20,000 m":       {"NHS expects £20 billion of efficiency savings"},
	})
}
