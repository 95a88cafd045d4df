package search

import (
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestSearchCountyShortenedFindsItsName: officers shorten a county's name
// as the Post Office did ("Northants", "Herts", "Notts") and stories write
// it whole, or the other way round: either finds the other. A short name
// that is a word of its own ("Staffs", "Beds", "Wilts") is not one: it
// would find the staff, the hospital beds and the verges that wilt.
func TestSearchCountyShortenedFindsItsName(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Northamptonshire County Council to be replaced by two unitaries"},
		digest.Story{Headline: "Herts fire and police share a control room"},
		digest.Story{Headline: "Nottinghamshire districts pool revenues and benefits"},
		digest.Story{Headline: "Lincs councils agree shared chief executive"},
		digest.Story{Headline: "Staff at Wiltshire Council move to a new office"},
		digest.Story{Headline: "Hospital beds full across the county"},
	)
	checkEachFullMatch(t, s, map[string][]string{
		"Northants":                    {"Northamptonshire County Council to be replaced by two unitaries"},
		"northants unitaries":          {"Northamptonshire County Council to be replaced by two unitaries"},
		"Hertfordshire control room":   {"Herts fire and police share a control room"},
		"notts revenues and benefits":  {"Nottinghamshire districts pool revenues and benefits"},
		"Lincolnshire chief executive": {"Lincs councils agree shared chief executive"},
		"Wiltshire":                    {"Staff at Wiltshire Council move to a new office"},
		"beds":                         {"Hospital beds full across the county"},
	})
}

// TestSearchWelshNameFindsTheEnglish: a place with a Welsh and an English
// name is found by either ("Ynys Môn" and "Anglesey"), accents or none.
func TestSearchWelshNameFindsTheEnglish(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Ynys Môn and Gwynedd share a head of education"},
		digest.Story{Headline: "Anglesey council tax rises by 5%"},
		digest.Story{Headline: "Monmouthshire reviews its libraries"},
	)
	checkEachFullMatch(t, s, map[string][]string{
		"Anglesey education":   {"Ynys Môn and Gwynedd share a head of education"},
		"Ynys Mon council tax": {"Anglesey council tax rises by 5%"},
		"ynys môn":             {"Anglesey council tax rises by 5%", "Ynys Môn and Gwynedd share a head of education"},
	})
}

// TestSearchCountyShortNameThatIsAWord: a county's short name that is
// also a word ("Beds", "Staffs", "Wilts") is the county where its capital
// says it is a name, typed after the first word among words in lower case
// ("fire service Beds"), as well as the word; typed in lower case, first
// ("Beds shortage") or in a query typed in Title Case throughout
// ("Hospital Beds"), it is the word alone.
func TestSearchCountyShortNameThatIsAWord(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Bedfordshire fire service shares a control room"},
		digest.Story{Headline: "Beds fire service to merge control rooms"},
		digest.Story{Headline: "Hospital beds shortage in the county"},
		digest.Story{Headline: "Staffordshire councils share legal services"},
		digest.Story{Headline: "Council staff share legal services"},
		digest.Story{Headline: "Wiltshire Council pools its payroll"},
	)
	checkEachFullMatch(t, s, map[string][]string{
		"fire service Beds": {"Bedfordshire fire service shares a control room", "Beds fire service to merge control rooms"},
		// The word is still searched too: a story's "Staffs" may be the
		// county's, and the index folds case.
		"legal services Staffs": {"Council staff share legal services", "Staffordshire councils share legal services"},
		"payroll in Wilts":      {"Wiltshire Council pools its payroll"},
		"fire service beds":     {"Beds fire service to merge control rooms"},
		"Beds shortage":         {"Hospital beds shortage in the county"},
		"Hospital Beds":         {"Hospital beds shortage in the county"},
		"legal services staffs": {"Council staff share legal services"},
	})
	if res := search(t, s, "legal services Staffs"); len(res.Hits) == 0 || res.Hits[0].Story.Headline != "Staffordshire councils share legal services" {
		t.Errorf("legal services Staffs: %q, want Staffordshire first", headlines(res.Hits))
	}
}

// TestSearchNationsOwnNames: a nation's name in its own language
// ("Cymru") and the names of its parliament by the building or the word
// its people use ("Senedd", "Holyrood", "Stormont") find the stories that
// write them in English ("Wales", "Welsh councils", "the Welsh Assembly",
// "the Scottish Parliament"), and the other way round.
func TestSearchNationsOwnNames(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "First two Welsh councils move closer to voluntary merger"},
		digest.Story{Headline: "Councils in Wales share a payroll service"},
		digest.Story{Headline: "Welsh Assembly backs plan for fewer councils"},
		digest.Story{Headline: "Senedd committee questions health board merger"},
		digest.Story{Headline: "Scottish Parliament passes community empowerment bill"},
		digest.Story{Headline: "Holyrood votes on police merger"},
		digest.Story{Headline: "Northern Ireland Assembly agrees council reform"},
		digest.Story{Headline: "Fresh plans to merge council services revealed"},
	)
	checkEachFullMatch(t, s, map[string][]string{
		"Cymru councils":             {"Councils in Wales share a payroll service", "First two Welsh councils move closer to voluntary merger", "Welsh Assembly backs plan for fewer councils"},
		"Senedd councils":            {"Welsh Assembly backs plan for fewer councils"},
		"welsh parliament merger":    {"Senedd committee questions health board merger"},
		"Holyrood community bill":    {"Scottish Parliament passes community empowerment bill"},
		"scottish parliament merger": {"Holyrood votes on police merger"},
		"Stormont council reform":    {"Northern Ireland Assembly agrees council reform"},
	})
	checkEachFirst(t, s, map[string]string{"Cymru councils merge": "First two Welsh councils move closer to voluntary merger"})
}
