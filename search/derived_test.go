package search

import (
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestSearchNounFindsItsVerb: a noun in -ion whose stem is not its verb's
// with an ending ("devolution" and "devolved", "reductions" and
// "reduce", "decision" and "decide") finds the stories that write the
// other, either way, after those that write the word typed.
func TestSearchNounFindsItsVerb(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Devolved powers for Cornwall", Summary: "Cornwall Council gains control of bus franchising."},
		digest.Story{Headline: "Greater Manchester devolution deal signed", Summary: "Powers over transport move to the combined authority."},
		digest.Story{Headline: "Shared back office brings reductions in costs", Summary: "Three districts pool payroll."},
		digest.Story{Headline: "Councils told to reduce agency spending", Summary: "Ministers want fewer interim managers."},
		digest.Story{Headline: "Cabinet to decide on leisure trust", Summary: "A vote is due in June."},
		digest.Story{Headline: "Committee delays decision on merger", Summary: "Members want more figures."},
		digest.Story{Headline: "Hospital admissions rise in winter", Summary: "Beds are full across the county."},
		digest.Story{Headline: "Care Quality Commission inspects trust", Summary: "Inspectors visited in May."},
		digest.Story{Headline: "Councils committed to shared services", Summary: "Leaders sign a charter."},
	)
	checkEachFullMatch(t, s, map[string][]string{
		"devolution":          {"Devolved powers for Cornwall", "Greater Manchester devolution deal signed"},
		"devolve":             {"Devolved powers for Cornwall", "Greater Manchester devolution deal signed"},
		"devolution Cornwall": {"Devolved powers for Cornwall"},
		"reduce costs":        {"Shared back office brings reductions in costs"},
		"reductions":          {"Councils told to reduce agency spending", "Shared back office brings reductions in costs"},
		"decision leisure":    {"Cabinet to decide on leisure trust"},
		"decide merger":       {"Committee delays decision on merger"},
		"admitted":            {"Hospital admissions rise in winter"},
		// A commission is not what is committed.
		"commission": {"Care Quality Commission inspects trust"},
	})
	checkEachFirst(t, s, map[string]string{
		"devolution": "Greater Manchester devolution deal signed",
		"devolved":   "Devolved powers for Cornwall",
		"decision":   "Committee delays decision on merger",
	})
}

// TestSearchNessNounFindsItsAdjective: "homelessness" finds the stories of
// "homeless families", and "homeless" those of "homelessness", after the
// stories with the word typed; "business" is not "busy".
func TestSearchNessNounFindsItsAdjective(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Councils pool funds for homeless families"},
		digest.Story{Headline: "Homelessness strategy agreed by three boroughs"},
		digest.Story{Headline: "Review of the effectiveness of shared services"},
		digest.Story{Headline: "Busy week for the combined authority"},
		digest.Story{Headline: "Business rates pooled across the county"},
	)
	checkEachFullMatch(t, s, map[string][]string{
		"homelessness": {"Councils pool funds for homeless families", "Homelessness strategy agreed by three boroughs"},
		"homeless":     {"Councils pool funds for homeless families", "Homelessness strategy agreed by three boroughs"},
		"effective":    {"Review of the effectiveness of shared services"},
		"business":     {"Business rates pooled across the county"},
		"busy":         {"Busy week for the combined authority"},
	})
	checkEachFirst(t, s, map[string]string{"homelessness": "Homelessness strategy agreed by three boroughs"})
}

// TestSearchEncyNounFindsItsAdjective: "efficiency" finds "more
// efficient", "transparent" "transparency"; an agency is no agent.
func TestSearchEncyNounFindsItsAdjective(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Councils urged to be more transparent"},
		digest.Story{Headline: "Transparency code for local government updated"},
		digest.Story{Headline: "Shared payroll is more efficient, says review"},
		digest.Story{Headline: "Agency staff bill cut by a third"},
		digest.Story{Headline: "Estate agent chosen for county farms sale"},
	)
	checkEachFullMatch(t, s, map[string][]string{
		"transparency": {"Councils urged to be more transparent", "Transparency code for local government updated"},
		"transparent":  {"Councils urged to be more transparent", "Transparency code for local government updated"},
		"efficiency":   {"Shared payroll is more efficient, says review"},
		"agency":       {"Agency staff bill cut by a third"},
	})
}

// checkEachFirst checks that each query's first hit is the story headed
// as its want.
func checkEachFirst(t *testing.T, s *Searcher, cases map[string]string) {
	t.Helper()
	for query, first := range cases {
		if got := headlines(search(t, s, query).Hits); len(got) == 0 || got[0] != first {
			t.Errorf("%q: %q, want %q first", query, got, first)
		}
	}
}

// TestSearchEnceNounFindsItsAdjective: "compliance" finds "not
// compliant", "resilient" "resilience", "relevance" "relevant"; the
// assistance is no assistant, the residents no residence.
func TestSearchEnceNounFindsItsAdjective(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Half of councils not compliant with data rules"},
		digest.Story{Headline: "Compliance team shared by three districts"},
		digest.Story{Headline: "Building a resilient workforce"},
		digest.Story{Headline: "Flood resilience plan agreed"},
		digest.Story{Headline: "Is the county council still relevant?"},
		digest.Story{Headline: "Assistant director appointed"},
		digest.Story{Headline: "Financial assistance for care leavers"},
		digest.Story{Headline: "Residents asked about bins"},
		digest.Story{Headline: "Care home residence closes"},
	)
	checkEachFullMatch(t, s, map[string][]string{
		"compliance": {"Compliance team shared by three districts", "Half of councils not compliant with data rules"},
		"compliant":  {"Compliance team shared by three districts", "Half of councils not compliant with data rules"},
		"resilience": {"Building a resilient workforce", "Flood resilience plan agreed"},
		"resilient":  {"Building a resilient workforce", "Flood resilience plan agreed"},
		"relevance":  {"Is the county council still relevant?"},
		"assistance": {"Financial assistance for care leavers"},
		"assistant":  {"Assistant director appointed"},
		"residents":  {"Residents asked about bins"},
		"residence":  {"Care home residence closes"},
	})
}
