package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
	"github.com/sharednews/sharednews/terms"
)

// archiveOf stores published stories, oldest first, each under a link of
// its own unless it has one, and returns a Searcher over them.
func archiveOf(t testing.TB, stories ...digest.Story) (*Searcher, *store.Store) {
	t.Helper()
	st := storetest.Open(t, "")
	base := time.Date(2014, 5, 1, 9, 0, 0, 0, time.UTC)
	for i := range stories {
		s := &stories[i]
		s.URL = cmp.Or(s.URL, fmt.Sprintf("https://news.example.org/%d", i))
		if s.Sector == "" {
			s.Sector = "other"
		}
		if s.State == "" {
			s.State = digest.StatePublished
		}
		s.DecidedAt = base.Add(time.Duration(i) * time.Hour)
		s.CreatedAt = s.DecidedAt
	}
	if err := st.AddStories(context.Background(), stories); err != nil {
		t.Fatal(err)
	}
	// As the bot's maintenance keeps the index: quoted phrases are asked
	// as word pairs (without them, as phrases of words: the store's
	// TestPhraseByPairsFindsWhatItsWordsDo and TestGeneratedArchiveAnswers
	// check that the two answer alike).
	if _, err := st.IndexWordPairs(context.Background()); err != nil {
		t.Fatal(err)
	}
	return New(st), st
}

// datedArchive stores stories with the dates they carry, each under a
// link of its own, in sector "other" and published unless they say
// otherwise.
func datedArchive(t testing.TB, stories ...digest.Story) *store.Store {
	t.Helper()
	st := storetest.Open(t, "")
	for i := range stories {
		stories[i].URL = fmt.Sprintf("https://news.example.org/%d", i)
		stories[i].Sector = cmp.Or(stories[i].Sector, "other")
		stories[i].State = cmp.Or(stories[i].State, digest.StatePublished)
	}
	if err := st.AddStories(context.Background(), stories); err != nil {
		t.Fatal(err)
	}
	return st
}

// day is 09:00 UTC on a day.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 0, 0, 0, time.UTC) }

func headlines(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Story.Headline)
	}
	return out
}

func search(t *testing.T, s *Searcher, q string) Result {
	t.Helper()
	res, err := s.Search(context.Background(), q, 10)
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return res
}

// newsroom is a small archive with the cases the issue reported.
func newsroom(t testing.TB) *Searcher {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Fire deaths fall by 5% in past year", Summary: "The number of fire deaths in England has fallen.",
			Commentary: "One of the deputy chiefs in the room was quick to point out the Fire Service has transformed."},
		digest.Story{Headline: "Emergency services' shared headquarters opens", Summary: "Police, fire and ambulance move in together."},
		digest.Story{Headline: "Fire chiefs could run English police forces", Summary: "Plans announced by the Home Secretary."},
		digest.Story{Headline: "Fresh plans to 'merge' council services revealed", Summary: "Radical plans in Malvern and Wychavon."},
		digest.Story{Headline: "First two Welsh councils move closer to voluntary merger", Summary: "Conwy and Denbighshire."},
		digest.Story{Headline: "Shared services: a brave new world?", Summary: "Universities look at shared services."},
		digest.Story{Headline: "Worcester won't share a boss", Summary: "The leader ruled out sharing a chief executive with Malvern."},
		digest.Story{Headline: "Devolution deal signed for Greater Manchester", Summary: "Powers move from Whitehall."},
		digest.Story{Headline: "Devolution talks stall", Summary: "Councils in the north wait."},
		digest.Story{Headline: "£800m Cambridge and Peterborough CCG contract signed", Summary: "A Peterborough trust leads."},
		digest.Story{Headline: "Stoke-on-Trent and Staffordshire share IT", Summary: "A joint ICT service."},
		digest.Story{Headline: "Trent valley trains", Summary: "Stoke station on the line; nothing about councils."},
		digest.Story{Headline: "Neath Port Talbot council joins Swansea bay deal", Summary: ""},
		digest.Story{Headline: "Port Talbot steelworks", Summary: "Neath residents worried."},
	)
	return s
}

func TestSearch(t *testing.T) {
	s := newsroom(t)
	for _, tc := range []struct {
		query string
		first string // the headline that must come first
		only  bool   // and no other story
	}{
		{"fire and police", "Fire chiefs could run English police forces", false},
		{"the devolution", "Devolution talks stall", false},
		{"mergers", "First two Welsh councils move closer to voluntary merger", false},
		{"merging councils", "Fresh plans to 'merge' council services revealed", false},
		{`"shared services"`, "Shared services: a brave new world?", true},
		{"“shared services”", "Shared services: a brave new world?", true},
		{"chief exec", "Worcester won't share a boss", false},
		{"Stoke-on-Trent", "Stoke-on-Trent and Staffordshire share IT", true},
		{"Neath Port Talbot", "Neath Port Talbot council joins Swansea bay deal", false},
		{"IT", "Stoke-on-Trent and Staffordshire share IT", true},
	} {
		t.Run(tc.query, func(t *testing.T) {
			res := search(t, s, tc.query)
			got := headlines(res.Hits)
			if len(got) == 0 || got[0] != tc.first || tc.only && len(got) != 1 {
				t.Errorf("found %q, want %q first", got, tc.first)
			}
		})
	}
}

func TestSearchMergersFindsEveryForm(t *testing.T) {
	res := search(t, newsroom(t), "mergers")
	got := headlines(res.Hits)
	for _, want := range []string{"Fresh plans to 'merge' council services revealed", "First two Welsh councils move closer to voluntary merger"} {
		if !slices.Contains(got, want) {
			t.Errorf("mergers: %q lacks %q", got, want)
		}
	}
	if res.Partial || res.Note() != "" {
		t.Errorf("every hit has the word: partial %v, note %q", res.Partial, res.Note())
	}
}

func TestSearchSaysWhenOnlySomeWordsMatched(t *testing.T) {
	s := newsroom(t)
	res := search(t, s, "chief exec")
	if got, want := res.Note(), "Only some of your words matched: after the first one the stories have only some of “chief” and “exec”."; got != want {
		t.Errorf("note %q, want %q", got, want)
	}
	if len(res.Hits) < 2 || !slices.Equal(res.Hits[0].Matched, []string{"chief", "exec"}) || !slices.Equal(res.Hits[1].Matched, []string{"chief"}) {
		t.Errorf("hits %+v", res.Hits)
	}
	res = search(t, s, "chief zebra")
	if !res.Partial || !slices.Equal(res.Missing, []string{"zebra"}) || len(res.Hits) == 0 {
		t.Fatalf("partial %v, missing %q, hits %q", res.Partial, res.Missing, headlines(res.Hits))
	}
	if got, want := res.Note(), "Only some of your words matched: no story has “zebra”."; got != want {
		t.Errorf("note %q, want %q", got, want)
	}
	// Every word is in the archive, but no story has them all.
	res = search(t, s, "Peterborough steelworks")
	if !res.Partial || len(res.Missing) != 0 || len(res.Hits) != 2 {
		t.Fatalf("partial %v, missing %q, hits %q", res.Partial, res.Missing, headlines(res.Hits))
	}
	if got, want := res.Note(), "Only some of your words matched: no story has all of “Peterborough” and “steelworks”."; got != want {
		t.Errorf("note %q, want %q", got, want)
	}
	for _, h := range res.Hits {
		if len(h.Matched) != 1 {
			t.Errorf("%q matched %q", h.Story.Headline, h.Matched)
		}
	}
}

func TestSearchSuggestsSpellingFromTheArchive(t *testing.T) {
	s := newsroom(t)
	for _, tc := range []struct{ query, want string }{
		{"devoluton", "devolution"},
		{"Peterbrough", "Peterborough"},
		{"the Devoluton deal", "the Devolution deal"},
		{"Peterbrough contract", "Peterborough contract"},
		// A slip inside quotes or a hyphenated name, which matched nothing
		// and was offered nothing.
		{`"shared sevrices"`, `"shared services"`},
		{"“Peterbrough”", "“Peterborough”"},
		{"Stoke-on-Trnet", "Stoke-on-Trent"},
		{`"fire cheifs" police`, `"fire chiefs" police`},
	} {
		res := search(t, s, tc.query)
		if res.Suggestion == nil || res.Suggestion.Query != tc.want {
			t.Errorf("%q: suggestion %+v, want %q", tc.query, res.Suggestion, tc.want)
		}
	}
	// A word the archive has is not "corrected", and nothing is suggested
	// for words nothing resembles.
	for _, q := range []string{"devolution", "zzzz qqqq", "Worcester", `"devolution deal"`, `"shared devolution"`} {
		if res := search(t, s, q); res.Suggestion != nil {
			t.Errorf("%q: suggested %+v", q, res.Suggestion)
		}
	}
	// A word is offered only when it, not just its stem, is near what was
	// typed: "waste" (stem "wast") is not offered "want" (found on the
	// past editions), nor "helens" "held".
	s, _ = archiveOf(t, digest.Story{Headline: "Councils want to share"}, digest.Story{Headline: "Talks held in secret"})
	for _, q := range []string{"waste", "st helens"} {
		if res := search(t, s, q); res.Suggestion != nil {
			t.Errorf("%q: suggested %+v", q, res.Suggestion)
		}
	}
	// A word found in its other forms is no misspelling for want of
	// stories that write it as typed: "bins" finds "rubbish collections"
	// and is not offered "bids" (synonyms), "mergers" finds "merge" and is
	// not offered it (a variant). A word nothing finds still is ("bims").
	s, _ = archiveOf(t, digest.Story{Headline: "Rubbish collections to be shared"},
		digest.Story{Headline: "Councils lodge bids for funding"},
		digest.Story{Headline: "Two councils merge"})
	for _, q := range []string{"bins", "mergers"} {
		if res := search(t, s, q); len(res.Hits) == 0 || res.Suggestion != nil {
			t.Errorf("%q: hits %q, suggested %+v", q, headlines(res.Hits), res.Suggestion)
		}
	}
	if res := search(t, s, "bims"); res.Suggestion == nil || res.Suggestion.Query != "bids" {
		t.Errorf("bims: suggestion %+v, want bids", res.Suggestion)
	}
	// Of the ways stories write the word, the one nearest to what was
	// typed: "merging" is commoner, "merge" is one edit from "mergr".
	s, _ = archiveOf(t, digest.Story{Headline: "Councils merging services"}, digest.Story{Headline: "Trusts merging"},
		digest.Story{Headline: "Two councils merge"})
	if res := search(t, s, "mergr"); res.Suggestion == nil || res.Suggestion.Query != "merge" {
		t.Errorf("mergr: suggestion %+v, want merge", res.Suggestion)
	}
}

// TestSearchRanksTheSuggestedWordFirst: a misspelt word typed among words
// the archive has leaves a partial answer, ranked by the other words, and a
// suggestion; the stories that have the suggested word come first, so that
// the story the reader meant is not on the second page under "Did you mean".
func TestSearchRanksTheSuggestedWordFirst(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Islington and Camden council chiefs accused of cover-up", Summary: "Leaked documents reveal plans."},
		digest.Story{Headline: "Council tax: councils agree council budgets", Summary: "Every council in the county."},
		digest.Story{Headline: "Gloucester councils propose sharing staff", Summary: "City and county councils."},
		digest.Story{Headline: "Welsh councils merge", Summary: "Councils move closer to council mergers."},
	)
	for _, tc := range []struct{ query, want, suggestion string }{
		{"Camdem council", "Islington and Camden council chiefs accused of cover-up", "Camden council"},
		{"Glouster councils", "Gloucester councils propose sharing staff", "Gloucester councils"},
	} {
		res := search(t, s, tc.query)
		if res.Suggestion == nil || res.Suggestion.Query != tc.suggestion {
			t.Errorf("%q: suggestion %+v, want %q", tc.query, res.Suggestion, tc.suggestion)
		}
		if got := headlines(res.Hits); len(got) == 0 || got[0] != tc.want {
			t.Errorf("%q: found %q, want %q first", tc.query, got, tc.want)
		}
		if !res.Partial || len(res.Missing) != 1 {
			t.Errorf("%q: partial %v, missing %q", tc.query, res.Partial, res.Missing)
		}
	}
}

// TestSuggestionIsAWordTheSearchCanFind: the vocabulary counts every
// story, so the commonest near word may be in none a Searcher sees (a
// newswire story's, for the published archive; a rejected story's, for
// /shared search). The next nearest is offered instead of nothing.
func TestSuggestionIsAWordTheSearchCanFind(t *testing.T) {
	stories := []digest.Story{{Headline: "Councils agree a housing plan"}}
	for i := range 30 {
		stories = append(stories,
			digest.Story{Headline: fmt.Sprintf("Web hosting costs rise %d", i), State: digest.StateApproved},
			digest.Story{Headline: fmt.Sprintf("Hosting firms merge %d", i), State: digest.StateRejected})
	}
	s, st := archiveOf(t, stories...)
	if res := search(t, s, "housting"); res.Suggestion == nil || res.Suggestion.Query != "hosting" {
		t.Errorf("housting: suggestion %+v, want the commoner hosting", res.Suggestion)
	}
	res, err := NewPublished(st).Search(context.Background(), "housting", 10)
	if err != nil {
		t.Fatal(err)
	}
	if res.Suggestion == nil || res.Suggestion.Query != "housing" {
		t.Errorf("housting, published only: suggestion %+v, want housing", res.Suggestion)
	}
	// Only rejected stories write "hosts": /shared search offers "housing".
	s, _ = archiveOf(t, append([]digest.Story{{Headline: "Councils agree a housing plan"}},
		slices.Repeat([]digest.Story{{Headline: "Hosting firms merge", State: digest.StateRejected}}, 40)...)...)
	if res := search(t, s, "housting"); res.Suggestion == nil || res.Suggestion.Query != "housing" {
		t.Errorf("housting, hosting only rejected: suggestion %+v, want housing", res.Suggestion)
	}
}

// TestSearchOperatorsAreNotWords: AND and OR typed in capitals, as other
// search boxes take them, are not acronyms: "fire AND police" is "fire
// police", and OR is not a word every story must have.
func TestSearchOperatorsAreNotWords(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Fire chiefs to run police forces"},
		digest.Story{Headline: "Police merger"},
		digest.Story{Headline: "Fire station closes"},
	)
	for _, q := range []string{"fire AND police", "fire OR police"} {
		res := search(t, s, q)
		if got := headlines(res.Hits); len(got) == 0 || got[0] != "Fire chiefs to run police forces" {
			t.Errorf("%q: found %q", q, got)
		}
		if strings.Contains(res.Note(), "AND") || strings.Contains(res.Note(), "OR") || len(res.Query.Parts) != 2 {
			t.Errorf("%q: parts %d, note %q", q, len(res.Query.Parts), res.Note())
		}
	}
	if res := search(t, s, "AND OR"); !strings.Contains(res.Query.Problem, "only small words") {
		t.Errorf("AND OR: problem %q", res.Query.Problem)
	}
}

// TestSearchInCapitalsLock: a query typed wholly in capitals says nothing
// about acronyms by its capitals; its small words are left out as in lower
// case ("WHAT IS THE SECRET OF SUCCESS" is "secret success"), while small
// words among short acronyms ("NHS IT") and alone ("WHO") are still
// searched for.
func TestSearchInCapitalsLock(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "When firms get together: the secret of success"},
		digest.Story{Headline: "Success for the shared IT team"},
		digest.Story{Headline: "NHS IT systems to merge"},
		digest.Story{Headline: "WHO warns on obesity"},
	)
	for _, tc := range []struct {
		query string
		parts int
		first string
	}{
		{"WHAT IS THE SECRET OF SUCCESS", 2, "When firms get together: the secret of success"},
		{"IS IT THE SECRET FOR FIRMS", 2, "When firms get together: the secret of success"},
		{"NHS IT", 2, "NHS IT systems to merge"},
		{"WHO", 1, "WHO warns on obesity"},
	} {
		res := search(t, s, tc.query)
		if len(res.Query.Parts) != tc.parts || len(res.Missing) > 0 {
			t.Errorf("%q: %d parts (%q ignored), missing %q", tc.query, len(res.Query.Parts), res.Query.Ignored, res.Missing)
		}
		if got := headlines(res.Hits); len(got) == 0 || got[0] != tc.first {
			t.Errorf("%q: found %q, want %q first", tc.query, got, tc.first)
		}
	}
}

// TestSearchInCapitalsAcronymList: a query of acronyms in capitals is
// not a query typed with caps lock on because one of them is long or one
// terms does not know ("GCSE IT", "NHSX IT", "COVID US"): with no small
// word such as THE or OF, which only a sentence has, the small words are
// acronyms as in "NHS IT", not left out.
func TestSearchInCapitalsAcronymList(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "GCSE IT results fall"},
		digest.Story{Headline: "GCSE results rise"},
		digest.Story{Headline: "NHSX IT systems to merge"},
		digest.Story{Headline: "NHSX publishes its plan"},
		digest.Story{Headline: "COVID US deaths"},
		digest.Story{Headline: "COVID in Wales"},
	)
	for _, tc := range []struct{ query, first string }{
		{"GCSE IT", "GCSE IT results fall"},
		{"NHSX IT", "NHSX IT systems to merge"},
		{"COVID US", "COVID US deaths"},
	} {
		res := search(t, s, tc.query)
		if len(res.Query.Parts) != 2 || len(res.Query.Ignored) > 0 {
			t.Errorf("%q: %d parts (%q ignored), want both searched", tc.query, len(res.Query.Parts), res.Query.Ignored)
		}
		if got := fullMatches(res); len(got) != 1 || got[0] != tc.first {
			t.Errorf("%q: %q have every word, want only %q", tc.query, got, tc.first)
		}
	}
}

// TestSearchBadInput: anything typed gets an answer or a sentence, never an
// error.
func TestSearchBadInput(t *testing.T) {
	s := newsroom(t)
	for _, tc := range []struct {
		query   string
		problem string // a part of the sentence, or "" for an answer
	}{
		{"the and of", "only small words"},
		{"?!... ---", "no words to search for"},
		{"", "no words to search for"},
		{"\x1b\x07\x00\u200b", "no words to search for"},
		{"\x1b[31mfire\x1b[0m", ""},
		{`NEAR(fire police)`, ""},
		{`fire*`, ""},
		{`^fire`, ""},
		{`headline:fire`, ""},
		{`fire OR police AND NOT`, ""},
		{`"unclosed phrase`, ""},
		{`""`, "no words to search for"},
		{"fire\x00police", ""},
		{"\xff\xfe fire", ""},
		{strings.Repeat("devolution ", 1500), "at most 200 characters"},
	} {
		t.Run(fmt.Sprintf("%.20q", tc.query), func(t *testing.T) {
			res := search(t, s, tc.query)
			switch {
			case tc.problem == "" && res.Query.Problem != "":
				t.Errorf("problem %q, want an answer", res.Query.Problem)
			case tc.problem != "" && !strings.Contains(res.Query.Problem, tc.problem):
				t.Errorf("problem %q, want one saying %q", res.Query.Problem, tc.problem)
			}
		})
	}
}

// TestSearchSkipsUnsearchableStories: a rejected story and a member's
// submission the editor has not decided are not searched; a feed's story
// waiting in the queue is, as one its filters left on the newswire is.
func TestSearchSkipsUnsearchableStories(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Payroll shared", State: digest.StateRejected},
		digest.Story{Headline: "Payroll submitted", State: digest.StateQueued, Submitter: digest.Person{Platform: "slack", ID: "U1", Name: "ana"}},
		digest.Story{Headline: "Payroll queued from a feed", State: digest.StateQueued},
		digest.Story{Headline: "Payroll on the wire", State: digest.StateNewswire},
	)
	got := headlines(search(t, s, "payroll").Hits)
	slices.Sort(got)
	if want := []string{"Payroll on the wire", "Payroll queued from a feed"}; !slices.Equal(got, want) {
		t.Errorf("found %q, want %q", got, want)
	}
}

// FuzzSearch: whatever is typed, a search of a real store answers or says
// why it cannot, and never fails.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"fire and police", `"shared services"`, "devoluton", "chief exec", "NEAR(", "*", "^", "col:",
		"£5m deal", "clinical commissioning group", "ONS", `"fire & rescue"`, "GPs", "back-office",
		"fire-police", "Stoke-on-Trent–Malvern—x", "a-b co-op -x-", "Highway Code", `"blue light services" fire`,
		"local government local government", "other collaborative items", `"collaborative items" other`,
		"devolution -wales", `council -"shared services"`, "-council", `councils -mergers -Gloucestershire -centre -"merge"`} {
		f.Add(s)
	}
	s := newsroom(f).WithSectors(config.Default().DigestSectors()) // as the bot searches
	f.Fuzz(func(t *testing.T, raw string) {
		res, err := s.Search(context.Background(), raw, 5)
		if err != nil {
			t.Fatalf("%q: %v", raw, err)
		}
		if res.Query.Problem == "" && len(res.Query.Parts) == 0 {
			t.Fatalf("%q: no parts, no problem", raw)
		}
		if len(res.Hits) > 5 {
			t.Fatalf("%q: %d hits", raw, len(res.Hits))
		}
		for _, a := range res.Apart {
			if strings.Contains(res.Query.Text, a) {
				t.Fatalf("%q: %q searched apart, but the search was %q", raw, a, res.Query.Text)
			}
		}
	})
}

// A word typed as the start of longer ones is asked for as the stems it
// begins when there are few (maxPrefixStems), and as a prefix when there
// are more; a stem that only a rejected story has does not make it known;
// a number, which the vocabulary leaves out, is asked of the index directly.
func TestSearchWordStartingFewOrManyWords(t *testing.T) {
	const letters = "bcdfgklmnprt"
	var stories []digest.Story
	for i := range maxPrefixStems + 8 {
		word := "zyxw" + string(letters[i/len(letters)]) + string(letters[i%len(letters)])
		stories = append(stories, digest.Story{Headline: "Quango renamed " + word})
	}
	stories = append(stories, digest.Story{Headline: "Qwerty keyboards for the council", State: digest.StateRejected},
		digest.Story{Headline: "Quango budget for 2027"})
	s, _ := archiveOf(t, stories...)
	for _, tc := range []struct {
		query string
		hits  int
	}{
		{"zyxw", 10},  // 40 stems begin so: a prefix query
		{"zyxwc", 10}, // 12: asked for by name
		{"zyxwdb", 1}, // one of them, as typed
		{"202", 1},    // a number, which the vocabulary does not hold
	} {
		res := search(t, s, tc.query)
		if len(res.Hits) != tc.hits || len(res.Missing) != 0 {
			t.Errorf("%q: %d hits, missing %q; want %d", tc.query, len(res.Hits), res.Missing, tc.hits)
		}
		for _, h := range res.Hits {
			if !strings.Contains(h.Story.Headline, " "+tc.query) {
				t.Errorf("%q found %q", tc.query, h.Story.Headline)
			}
		}
	}
	if res := search(t, s, "quango qwert"); !slices.Equal(res.Missing, []string{"qwert"}) || len(res.Hits) == 0 {
		t.Errorf("a word only a rejected story begins: missing %q, %d hits", res.Missing, len(res.Hits))
	}
}

func TestPrefixEnd(t *testing.T) {
	for _, tc := range [][2]string{{"exec", "exed"}, {"az", "a{"}, {"a\xff", "b"}, {"\xff\xff", ""}, {"", ""}} {
		if got := prefixEnd(tc[0]); got != tc[1] {
			t.Errorf("prefixEnd(%q) = %q, want %q", tc[0], got, tc[1])
		}
	}
}

// TestSearchCompoundsEitherWay: a word written with hyphens and the same
// word written whole find each other ("reorganisation" and
// "re-organisation"), a hyphenated name still finds its words written
// apart, and a word typed as the start of one written with hyphens finds
// it.
func TestSearchCompoundsEitherWay(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Plans for the re-organisation of councils"},
		digest.Story{Headline: "Reorganisation of fire services"},
		digest.Story{Headline: "A shake-up in Kent", Summary: "Back office jobs move."},
		digest.Story{Headline: "Stoke on Trent council shares services"},
		digest.Story{Headline: "Stoke-on-Trent merger talks"},
		digest.Story{Headline: "Reorganisation and its critics", Summary: "Back-office staff wait."},
	)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"reorganisation", []string{"Reorganisation and its critics", "Reorganisation of fire services", "Plans for the re-organisation of councils"}},
		{"re-organisation", []string{"Reorganisation and its critics", "Reorganisation of fire services", "Plans for the re-organisation of councils"}},
		{"shakeup", []string{"A shake-up in Kent"}},
		{"reorg", []string{"Reorganisation and its critics", "Reorganisation of fire services", "Plans for the re-organisation of councils"}},
		{"Stoke-on-Trent", []string{"Stoke-on-Trent merger talks", "Stoke on Trent council shares services"}},
		{"backoffice", []string{"Reorganisation and its critics", "A shake-up in Kent"}},
		{`"back office"`, []string{"Reorganisation and its critics", "A shake-up in Kent"}},
	} {
		res := search(t, s, tc.query)
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.Story.Headline)
		}
		slices.Sort(got)
		slices.Sort(tc.want)
		if !slices.Equal(got, tc.want) || len(res.Missing) != 0 {
			t.Errorf("%q: %q, missing %q; want %q", tc.query, got, res.Missing, tc.want)
		}
	}
	// With another word: the story with both first.
	if res := search(t, s, "re-organisation councils"); len(res.Hits) == 0 || res.Hits[0].Story.Headline != "Plans for the re-organisation of councils" {
		t.Errorf("re-organisation councils: %+v", res.Hits)
	}
}

// TestSearchOtherSpellings: a word typed with its American spelling finds
// the archive's British one, and the other way round, as the word itself.
func TestSearchOtherSpellings(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Council opens new leisure centre"},
		digest.Story{Headline: "Labour shortages in care homes"},
		digest.Story{Headline: "A programme for schools"},
		digest.Story{Headline: "US city opens community center"},
		digest.Story{Headline: "Neighbourhood policing teams merge"},
	)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"centre", []string{"Council opens new leisure centre", "US city opens community center"}},
		{"labor shortage", []string{"Labour shortages in care homes"}},
		{"program", []string{"A programme for schools"}},
		{"neighborhood policing", []string{"Neighbourhood policing teams merge"}},
	} {
		res := search(t, s, tc.query)
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.Story.Headline)
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.want) || len(res.Missing) != 0 || res.Suggestion != nil {
			t.Errorf("%q: %q, missing %q, suggestion %v; want %q", tc.query, got, res.Missing, res.Suggestion, tc.want)
		}
	}
	// With another word, the story with both first.
	if res := search(t, s, "leisure center"); len(res.Hits) == 0 || res.Hits[0].Story.Headline != "Council opens new leisure centre" {
		t.Errorf("leisure center: %+v", res.Hits)
	}
}

// TestSearchWordsWrittenAsOne: two words typed next to each other find a
// story that writes them as one word ("front line" finds "frontline"), and
// still find them apart; words with anything but spaces between are not
// joined.
func TestSearchWordsWrittenAsOne(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Protecting frontline services in Kent"},
		digest.Story{Headline: "Front line staff strike"},
		digest.Story{Headline: "A new website for residents"},
		digest.Story{Headline: "Healthcare partnership", Summary: "Front-line workers first."},
		digest.Story{Headline: "Care homes and health visitors"},
	)
	checkEachFullMatch(t, s, map[string][]string{
		"front line":               {"Front line staff strike", "Healthcare partnership", "Protecting frontline services in Kent"},
		"front  line services":     {"Protecting frontline services in Kent"},
		"front\u00a0line services": {"Protecting frontline services in Kent"},
		"web site":                 {"A new website for residents"},
		"health care":              {"Care homes and health visitors", "Healthcare partnership"},
		"health, care":             {"Care homes and health visitors"},
	})
	for _, q := range []string{"front, line", "front-line", "front \"line\"", "front of line"} {
		for _, p := range Parse(q).Parts {
			if p.Joined != nil {
				t.Errorf("%q: part %q joined as %q", q, p.Typed, p.Joined)
			}
		}
	}
	if q := Parse("social care home"); !slices.Equal(q.Parts[0].Joined, []string{"socialcar"}) ||
		!slices.Equal(q.Parts[1].Joined, []string{"socialcar", "carehom"}) || !slices.Equal(q.Parts[2].Joined, []string{"carehom"}) {
		t.Errorf("social care home: %+v", q.Parts)
	}
}

// TestSearchWordWrittenApart: a word no story has is found as the two
// words stories write apart ("healthcare" finds "health care"); a word
// whose halves the archive has but never in a row stays missing, and a
// word some story has finds those written apart too (TestSearchWordWrittenWholeFindsItApart).
func TestSearchWordWrittenApart(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Health care reform in Kent"},
		digest.Story{Headline: "Care for health visitors"},
		digest.Story{Headline: "Council web site relaunched"},
		digest.Story{Headline: "New website for Essex"},
	)
	for _, tc := range []struct {
		query   string
		want    []string
		missing []string
	}{
		{"healthcare", []string{"Health care reform in Kent"}, nil},
		{"healthcare kent", []string{"Health care reform in Kent"}, nil},
		{"carehealth", nil, []string{"carehealth"}},
		{"website", []string{"Council web site relaunched", "New website for Essex"}, nil},
	} {
		checkFullMatches(t, s, tc.query, tc.want, tc.missing)
	}
}

// TestSearchHyphenatedWordsApart: names joined with hyphens that no story
// writes so are searched again apart, and the note says so; a name some
// story writes so is not, nor a hyphenated word with a prefix for a piece
// ("co-operation" must not find "operation"), nor a quoted phrase.
func TestSearchHyphenatedWordsApart(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Malvern and Wychavon to share a chief executive"},
		digest.Story{Headline: "Wychavon recycling rates up"},
		digest.Story{Headline: "Stoke-on-Trent and Malvern compared"},
		digest.Story{Headline: "Police operation in Stoke"},
		digest.Story{Headline: "Agency staff costs soar"},
		digest.Story{Headline: "New ray unit opens"},
	)
	for _, tc := range []struct {
		query, searched string
		want            []string
		apart           []string
		note            string // how the note begins
	}{
		{"Malvern-Wychavon", "Malvern Wychavon", []string{"Malvern and Wychavon to share a chief executive"}, []string{"Malvern-Wychavon"},
			"No story has “Malvern-Wychavon” as written, so the words were searched apart."},
		{"Malvern–Wychavon chief", "Malvern Wychavon chief", []string{"Malvern and Wychavon to share a chief executive"}, []string{"Malvern–Wychavon"},
			"No story has “Malvern–Wychavon” as written, so the words were searched apart."},
		{"Stoke-on-Trent Malvern", "Stoke-on-Trent Malvern", []string{"Stoke-on-Trent and Malvern compared"}, nil, ""},
		{"co-operation", "co-operation", nil, nil, ""},
		// Typed twice, written apart both times: one part.
		{"Malvern-Wychavon malvern-wychavon", "Malvern Wychavon malvern wychavon", []string{"Malvern and Wychavon to share a chief executive"},
			[]string{"Malvern-Wychavon"}, "No story has “Malvern-Wychavon” as written"},
		// "multi" is in no story: apart, the search would be for "agency".
		{"multi-agency", "multi-agency", nil, nil, ""},
		{"x-ray-unit", "x-ray-unit", nil, nil, ""},
		// Both words are in stories, but in no story together: searched
		// apart, the stories with one of them, noted as partial
		// (TestSearchHyphenatedWordNoStoryHasWhole); none has both.
		{"Wychavon-Stoke", "Wychavon Stoke", nil, []string{"Wychavon-Stoke"},
			"No story has “Wychavon-Stoke” as written, so the words were searched apart. Only some of your words matched: no story has all of “Wychavon” and “Stoke”."},
		// Quoted, it stays a phrase even where the same name is typed
		// unquoted before it: no story has every part.
		{`Malvern-Wychavon "Malvern-Wychavon"`, `Malvern Wychavon "Malvern-Wychavon"`, nil,
			[]string{"Malvern-Wychavon"}, "No story has “Malvern-Wychavon” as written"},
		{`"Malvern-Wychavon"`, `"Malvern-Wychavon"`, nil, nil, ""},
	} {
		res := search(t, s, tc.query)
		if got := fullMatches(res); !slices.Equal(got, tc.want) || res.Query.Text != tc.searched ||
			!slices.Equal(res.Apart, tc.apart) || !strings.HasPrefix(res.Note(), tc.note) ||
			(tc.note == "") != !strings.Contains(res.Note(), "apart") {
			t.Errorf("%q: searched %q: %q, apart %q, note %q; want %q: %q, apart %q, note %q",
				tc.query, res.Query.Text, got, res.Apart, res.Note(), tc.searched, tc.want, tc.apart, tc.note)
		}
	}
}

// checkFullMatches searches s for query and fails the test unless the
// headlines of the hits with every part are want (sorted) and the parts no
// story has are missing, and the query has no problem.
func checkFullMatches(t *testing.T, s *Searcher, query string, want, missing []string) {
	t.Helper()
	res := search(t, s, query)
	if got := fullMatches(res); !slices.Equal(got, want) || !slices.Equal(res.Missing, missing) || res.Query.Problem != "" {
		t.Errorf("%q: %q, missing %q, problem %q; want %q, missing %q", query, got, res.Missing, res.Query.Problem, want, missing)
	}
}

// checkEachFullMatch is checkFullMatches for each query and its want,
// none of whose parts is missing.
func checkEachFullMatch(t *testing.T, s *Searcher, cases map[string][]string) {
	t.Helper()
	for query, want := range cases {
		checkFullMatches(t, s, query, want, nil)
	}
}

// fullMatches returns, sorted, the headlines of the hits of res that have
// every part of the query.
func fullMatches(res Result) []string {
	var got []string
	for _, h := range res.Hits {
		if len(h.Matched) == len(res.Query.Parts) {
			got = append(got, h.Story.Headline)
		}
	}
	slices.Sort(got)
	return got
}

// TestSearchWordForms: words written in two ways find each other whichever
// is typed. Initials with full stops and without ("UK" finds "U.K.", and
// typed in capitals as an acronym even where the letters spell a small
// word, "U.S."); numbers with commas between their thousands and without;
// plurals that no suffix rule folds and their singulars, written with or
// without an apostrophe; amounts with their magnitude as a word and in
// figures ("£5m" and "£5,000,000"), its number in words ("five million"),
// a decimal amount ("£1.2m" and "£1,200,000"); a decimal's two numbers in
// a row.
func TestSearchWordForms(t *testing.T) {
	for _, tc := range []struct {
		name    string
		stories []string
		want    map[string][]string
	}{
		{"initials", []string{"U.K. councils share a chief executive", "UK fire services merge control rooms",
			"U.S. cities copy the S.S.A. model", "Mr.Smith joins gov.wales"}, map[string][]string{
			"UK":            {"U.K. councils share a chief executive", "UK fire services merge control rooms"},
			"U.K.":          {"U.K. councils share a chief executive", "UK fire services merge control rooms"},
			"u.k. councils": {"U.K. councils share a chief executive"},
			"SSA":           {"U.S. cities copy the S.S.A. model"},
			"U.S. cities":   {"U.S. cities copy the S.S.A. model"},
			"smith":         {"Mr.Smith joins gov.wales"},
		}},
		{"thousands", []string{"Councils to build 5,000 homes", "5000 homes for the county",
			"A £1,250,000 shared service", "Only 5 homes, 000 plans"}, map[string][]string{
			"5000 homes":  {"5000 homes for the county", "Councils to build 5,000 homes"},
			"5,000 homes": {"5000 homes for the county", "Councils to build 5,000 homes"},
			"1250000":     {"A £1,250,000 shared service"},
			"£1,250,000":  {"A £1,250,000 shared service"},
		}},
		{"amounts", []string{"Shared bins save £5m in five years", "A £5 million deal for five councils",
			"Millions lost to late payments", "£2.5bn for social care", "Five councils save £5,000k",
			"A 5mb limit on attachments"}, map[string][]string{
			"£5m":         {"A £5 million deal for five councils", "Five councils save £5,000k", "Shared bins save £5m in five years"},
			"5 million":   {"A £5 million deal for five councils", "Five councils save £5,000k", "Shared bins save £5m in five years"},
			"millions":    {"A £5 million deal for five councils", "Millions lost to late payments", "Shared bins save £5m in five years"},
			"5000k":       {"A £5 million deal for five councils", "Five councils save £5,000k", "Shared bins save £5m in five years"},
			"2.5 billion": {"£2.5bn for social care"},
			"£2.5BN":      {"£2.5bn for social care"},
			"5MB":         {"A 5mb limit on attachments"},
		}},
		{"amounts in full", []string{"Trust signs £5,000,000 deal", "Council saves £5m on waste", "A £30,000 grant",
			"£30k for a playground", "£2bn plan", "A 2,000,000,000 pound plan", "5000000 visits"}, map[string][]string{
			"£5m":        {"5000000 visits", "Council saves £5m on waste", "Trust signs £5,000,000 deal"},
			"£5,000,000": {"5000000 visits", "Council saves £5m on waste", "Trust signs £5,000,000 deal"},
			"£30k":       {"A £30,000 grant", "£30k for a playground"},
			"30,000":     {"A £30,000 grant", "£30k for a playground"},
			"2bn":        {"A 2,000,000,000 pound plan", "£2bn plan"},
			"2000000000": {"A 2,000,000,000 pound plan", "£2bn plan"},
		}},
		{"amounts written otherwise", []string{"Council spends five million on new depot", "Depot sale raises £1,200,000",
			"Library sold for £1.2m", "£5.8bn funding gap for councils", "Five councils share a depot", "2020 budget set"}, map[string][]string{
			"£5m":            {"Council spends five million on new depot"},
			"5,000,000":      {"Council spends five million on new depot"},
			"£1.2m":          {"Depot sale raises £1,200,000", "Library sold for £1.2m"},
			"1,200,000":      {"Depot sale raises £1,200,000", "Library sold for £1.2m"},
			"£5,800,000,000": {"£5.8bn funding gap for councils"},
			"5.8bn":          {"£5.8bn funding gap for councils"},
			"2020":           {"2020 budget set"},
		}},
		{"decimals", []string{"Council saves £2.5m on waste", "Two councils save £5m", "Council tax to rise 1.99%",
			"2 councils with 99 staff and 1 percent"}, map[string][]string{
			"£2.5m": {"Council saves £2.5m on waste"},
			"2.5":   {"Council saves £2.5m on waste"},
			"1.99%": {"Council tax to rise 1.99%"},
		}},
		{"abbreviations", []string{"Cllr Smith quits the cabinet", "Councillor Jones elected leader",
			"Govt plans for councils", "Fire HQ to be shared", "New headquarters for two councils",
			"Universal Credit comes to Kent"}, map[string][]string{
			"councillor":   {"Cllr Smith quits the cabinet", "Councillor Jones elected leader"},
			"cllr":         {"Cllr Smith quits the cabinet", "Councillor Jones elected leader"},
			"government":   {"Govt plans for councils"},
			"headquarters": {"Fire HQ to be shared", "New headquarters for two councils"},
			"hq":           {"Fire HQ to be shared", "New headquarters for two councils"},
		}},
		{"acronyms", []string{"ONS figures show fire deaths fall", "Office for National Statistics reports a fall",
			"Local Government Association warns on funding", "LGA chair speaks", "Two CCGs merge",
			"Clinical commissioning groups to share staff", "It is an information day", "IT technology fair",
			"Trusts form a limited liability partnership", "Councils set up a joint venture for waste", "ALMO brought back in house",
			"A community interest company runs the libraries", "Special purpose vehicle for the depot"}, map[string][]string{
			// The forms a shared service takes, which news writes either way.
			"LLP":                                  {"Trusts form a limited liability partnership"},
			"joint ventures":                       {"Councils set up a joint venture for waste"},
			"JV":                                   {"Councils set up a joint venture for waste"},
			"arm's-length management organisation": {"ALMO brought back in house"},
			"CIC":                                  {"A community interest company runs the libraries"},
			"SPV":                                  {"Special purpose vehicle for the depot"},
			"ONS":                                  {"ONS figures show fire deaths fall", "Office for National Statistics reports a fall"},
			"lga":                                  {"LGA chair speaks", "Local Government Association warns on funding"},
			"CCG":                                  {"Clinical commissioning groups to share staff", "Two CCGs merge"},
			"CCGs":                                 {"Clinical commissioning groups to share staff", "Two CCGs merge"},
			"clinical commissioning groups":        {"Clinical commissioning groups to share staff", "Two CCGs merge"},
			"office for national statistics":       {"ONS figures show fire deaths fall", "Office for National Statistics reports a fall"},
			"local government association":         {"LGA chair speaks", "Local Government Association warns on funding"},
			"information technology":               nil, // "it" is everywhere: IT is not looked for
		}},
		{"acronym plurals", []string{"GPs back the plan", "A GP surgery closes", "MPs vote on devolution"}, map[string][]string{
			"GP":  {"A GP surgery closes", "GPs back the plan"},
			"gps": {"A GP surgery closes", "GPs back the plan"},
			"MP":  {"MPs vote on devolution"},
		}},
		{"numbers", []string{"Three Dorset councils share staff", "3 councils merge their back offices",
			"Two trusts merge", "One of the councils says no", "Suppliers to be paid within 30 days",
			"Fifty staff move to the shared service"}, map[string][]string{
			"3 councils":     {"3 councils merge their back offices", "Three Dorset councils share staff"},
			"three councils": {"3 councils merge their back offices", "Three Dorset councils share staff"},
			"2 trusts":       {"Two trusts merge"},
			// The tens, which news writes in figures and people may type
			// in words, or the other way.
			"thirty days": {"Suppliers to be paid within 30 days"},
			"50 staff":    {"Fifty staff move to the shared service"},
		}},
		{"per cent", []string{"Fire deaths fall by 5%", "Council tax up 5 per cent", "A 5 percent rise",
			"Five per centre staff"}, map[string][]string{
			"5%":         {"A 5 percent rise", "Council tax up 5 per cent", "Fire deaths fall by 5%"},
			"5 per cent": {"A 5 percent rise", "Council tax up 5 per cent", "Fire deaths fall by 5%"},
			"percent":    {"A 5 percent rise", "Council tax up 5 per cent", "Fire deaths fall by 5%"},
		}},
		{"chief executives", []string{"Councils share a chief executive", "CEO of the trust resigns", "Chief constable retires"},
			map[string][]string{
				"CEO":             {"CEO of the trust resigns", "Councils share a chief executive"},
				"shared CEO":      {"Councils share a chief executive"},
				"chief executive": {"Councils share a chief executive"},
			}},
		{"saints", []string{"St Helens council shares payroll", "Saint Helens hospice opens", "St. Albans plans homes",
			"High Street shops close"}, map[string][]string{
			"Saint Helens": {"Saint Helens hospice opens", "St Helens council shares payroll"},
			"St Helens":    {"Saint Helens hospice opens", "St Helens council shares payroll"},
			"Saint Albans": {"St. Albans plans homes"},
			"street":       {"High Street shops close"},
		}},
		{"financial years", []string{"Council budget for 2014/15 agreed", "15 councils set 2014 budgets",
			"Savings of 2014-15 published"}, map[string][]string{
			"2014/15 budget": {"Council budget for 2014/15 agreed"},
			"2014/15":        {"Council budget for 2014/15 agreed", "Savings of 2014-15 published"},
		}},
		{"ampersands", []string{"Fire & Rescue services merge", "Fire and Rescue control rooms", "A&E waits grow",
			"Rescue plan for fire-hit homes"}, map[string][]string{
			`"fire and rescue"`: {"Fire & Rescue services merge", "Fire and Rescue control rooms"},
			`"fire & rescue"`:   {"Fire & Rescue services merge", "Fire and Rescue control rooms"},
			"A&E":               {"A&E waits grow"},
			// Initials typed apart, as people say them: the word A&E,
			// not three small words to leave out.
			"A and E":      {"A&E waits grow"},
			"a & e":        {"A&E waits grow"},
			"A and E fire": nil, // no story has both
		}},
		{"nations", []string{"Welsh councils move closer to merger", "Councils in Wales told to merge",
			"Scottish councils share software", "Fire deaths fall in England", "English councils face cuts",
			"Cornish care project expands", "A welcome for whales"}, map[string][]string{
			"wales":             {"Councils in Wales told to merge", "Welsh councils move closer to merger"},
			"welsh":             {"Councils in Wales told to merge", "Welsh councils move closer to merger"},
			"Scotland councils": {"Scottish councils share software"},
			"england":           {"English councils face cuts", "Fire deaths fall in England"},
			"Cornwall":          {"Cornish care project expands"},
		}},
		{"counties", []string{"Gloucester councils share senior staff", "Gloucestershire fire service merges control rooms",
			"Worcester city leader says no", "Cheshire East and Cheshire West share a director",
			"Wiltshire council shares its legal team", "Council verges wilt in the heatwave"}, map[string][]string{
			"Gloucestershire": {"Gloucester councils share senior staff", "Gloucestershire fire service merges control rooms"},
			"gloucester":      {"Gloucester councils share senior staff"},
			"Worcestershire":  {"Worcester city leader says no"},
			"cheshire":        {"Cheshire East and Cheshire West share a director"},
			// Wiltshire is not named after a town "Wilt": wilting is
			// no story about it.
			"Wiltshire":         {"Wiltshire council shares its legal team"},
			"wiltshire council": {"Wiltshire council shares its legal team"},
		}},
		{"synonyms", []string{"Council chiefs accused of cover-up", "Local authorities join the network",
			"Shared waste collections save £5m", "Rubbish collections to be shared", "Bins emptied fortnightly",
			"Job cuts at the town hall", "Redundancies loom for 200 staff", "Funding crisis in social care",
			"Cash for roads", "Councils running out of money", "Police force merges control rooms",
			"Constabulary shares a headquarters", "Residents refused a hearing", "Authority to act"}, map[string][]string{
			"local authorities":   {"Council chiefs accused of cover-up", "Councils running out of money", "Local authorities join the network"},
			"council":             {"Council chiefs accused of cover-up", "Councils running out of money", "Local authorities join the network"},
			"waste":               {"Bins emptied fortnightly", "Rubbish collections to be shared", "Shared waste collections save £5m"},
			"rubbish collections": {"Rubbish collections to be shared", "Shared waste collections save £5m"},
			"bins":                {"Bins emptied fortnightly", "Rubbish collections to be shared", "Shared waste collections save £5m"},
			"job cuts":            {"Job cuts at the town hall", "Redundancies loom for 200 staff"},
			"redundancy":          {"Job cuts at the town hall", "Redundancies loom for 200 staff"},
			"money":               {"Cash for roads", "Councils running out of money", "Funding crisis in social care"},
			"funding":             {"Cash for roads", "Councils running out of money", "Funding crisis in social care"},
			"constabulary":        {"Constabulary shares a headquarters", "Police force merges control rooms"},
			"police force":        {"Constabulary shares a headquarters", "Police force merges control rooms"},
			"council boss":        {"Council chiefs accused of cover-up"},
		}},
		{"derived words", []string{"Councils transform their services", "Transformation funding for Dorset",
			"A consultation on bins", "Residents consulted on bins", "Disabled people face cuts", "Disability benefits reviewed",
			"Finance partnership for the NHS", "Partners sign a deal", "Proposals to share staff", "Councils propose to share staff",
			"Forms to fill in", "Format of the meeting", "Regional policing grows", "A region of the country"}, map[string][]string{
			"transformation": {"Councils transform their services", "Transformation funding for Dorset"},
			"transforming":   {"Councils transform their services"},
			"consultation":   {"A consultation on bins", "Residents consulted on bins"},
			"consulted":      {"Residents consulted on bins"},
			"disability":     {"Disability benefits reviewed", "Disabled people face cuts"},
			"disabled":       {"Disability benefits reviewed", "Disabled people face cuts"},
			"partners":       {"Finance partnership for the NHS", "Partners sign a deal"},
			"partnership":    {"Finance partnership for the NHS", "Partners sign a deal"},
			"proposal":       {"Councils propose to share staff", "Proposals to share staff"},
			"proposed":       {"Councils propose to share staff", "Proposals to share staff"},
			"regional":       {"A region of the country", "Regional policing grows"},
			"regions":        {"A region of the country", "Regional policing grows"},
			"form":           {"Forms to fill in"},
		}},
		// An ending is cut only where it makes a derived form: "digital"
		// is no "digit", "tribunal" no "tribune", "several" no "severe".
		// Counted as having the word, such a story ranked with the one
		// about it, and before it when that one lacked another word of
		// the query ("digital council services" put "Council services up
		// by double digits" first).
		{"words that only end like derived ones", []string{"Council services up by double digits",
			"Digital services for council residents", "Tribune readers back the merger", "Employment tribunal for council staff",
			"Severe weather closes schools", "Several councils share a director", "National fire figures", "A nation of shopkeepers",
			"Approval for the merger", "Councils approve the merger"}, map[string][]string{
			"digital council services": {"Digital services for council residents"},
			"digital":                  {"Digital services for council residents"},
			"tribunal":                 {"Employment tribunal for council staff"},
			"several":                  {"Several councils share a director"},
			"national":                 {"A nation of shopkeepers", "National fire figures"},
			"approval":                 {"Approval for the merger", "Councils approve the merger"},
		}},
		// -ate is cut only from a noun in -ation (or its -ative): a
		// "candidate" is not "candid", a "habitat" no "habit"; and only
		// where the verb takes -ation whole: "cooperation" is the noun of
		// "cooperate", not of "cooper", "foundation" no "found".
		{"words in -ate", []string{"Candid talk on cuts from the leader", "Candidates for mayor named",
			"Habit of a lifetime", "Wildlife habitat restored", "Fortune smiles on the county", "Fortunate few get grants",
			"Councils transform their services", "A transformative deal",
			"Cooper named chief constable", "Councils cooperate on bins", "Police cooperation across the region",
			"Inspectors found failings at the hospital", "Foundation trust merger agreed",
			"Councils consult on cuts", "Consultation on cuts"}, map[string][]string{
			"candidate":      {"Candidates for mayor named"},
			"habitats":       {"Wildlife habitat restored"},
			"fortunate":      {"Fortunate few get grants"},
			"transformation": {"A transformative deal", "Councils transform their services"},
			"transformative": {"A transformative deal", "Councils transform their services"},
			"cooperation":    {"Councils cooperate on bins", "Police cooperation across the region"},
			"cooperative":    {"Councils cooperate on bins", "Police cooperation across the region"},
			"foundation":     {"Foundation trust merger agreed"},
			"consultation":   {"Consultation on cuts", "Councils consult on cuts"},
		}},
		// The word left when -ship is cut is looked up by its stem, as
		// the index holds it ("apprentic").
		{"words in -ship", []string{"Apprentices start at the town hall", "Apprenticeship scheme for care staff",
			"Police relations improve"}, map[string][]string{
			"apprenticeships": {"Apprentices start at the town hall", "Apprenticeship scheme for care staff"},
			"relationship":    {"Police relations improve"},
		}},
		{"irregular plurals", []string{"Children's services merge across the county", "A child protection partnership",
			"Councils face a housing crisis", "Two crises, one plan"}, map[string][]string{
			"child":              {"A child protection partnership", "Children's services merge across the county"},
			"childrens services": {"Children's services merge across the county"},
			"crises":             {"Councils face a housing crisis", "Two crises, one plan"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stories := make([]digest.Story, len(tc.stories))
			for i, h := range tc.stories {
				stories[i] = digest.Story{Headline: h}
			}
			s, _ := archiveOf(t, stories...)
			checkEachFullMatch(t, s, tc.want)
		})
	}
}

// TestSearchFindsTheSectionNamed: a sector's name typed whole finds the
// stories filed under it, after those that say the words (and before
// those with only some of them), with no spelling suggestion for a word
// that only the name has ("blue" is not "blur"), also when it is typed
// short ("blue light"); a newswire story the
// model put there is not filed, nor, on the public archive, a story not
// yet published. A word of a name alone ("code"), and a sector's alias
// ("procurement"), do not name it.
func TestSearchFindsTheSectionNamed(t *testing.T) {
	_, st := archiveOf(t,
		digest.Story{Headline: "Late payment penalties could cost councils", Sector: "highway-code"},
		digest.Story{Headline: "Huddle connects councils", Sector: "highway-code", Commentary: "From our Highway Code session."},
		digest.Story{Headline: "Cloud software deal", Sector: "highway-code", State: digest.StateApproved},
		digest.Story{Headline: "Software on the newswire", Sector: "highway-code", State: digest.StateNewswire},
		digest.Story{Headline: "Code of conduct for councillors", Sector: "local-government"},
		digest.Story{Headline: "Fire deaths fall", Sector: "blue-light"},
		digest.Story{Headline: "Blur of boundaries in policing", Sector: "blue-light"},
	)
	sectors := config.Default().DigestSectors()
	s, public := New(st).WithSectors(sectors), NewPublished(st).WithSectors(sectors)
	for _, tc := range []struct {
		s     *Searcher
		query string
		first string   // the story that says the words, if any
		filed []string // then these, in any order; then none with every word
	}{
		{s, "Highway Code", "Huddle connects councils", []string{"Cloud software deal", "Late payment penalties could cost councils"}},
		{s, `"highway code"`, "Huddle connects councils", []string{"Cloud software deal", "Late payment penalties could cost councils"}},
		{public, "highway code", "Huddle connects councils", []string{"Late payment penalties could cost councils"}},
		{s, "highway code late payment", "", []string{"Late payment penalties could cost councils"}},
		{s, "blue light services", "", []string{"Blur of boundaries in policing", "Fire deaths fall"}},
		{s, "blue light", "", []string{"Blur of boundaries in policing", "Fire deaths fall"}},
		{s, `"blue light"`, "", []string{"Blur of boundaries in policing", "Fire deaths fall"}},
		{s, "code", "Code of conduct for councillors", []string{"Huddle connects councils"}},
	} {
		res := search(t, tc.s, tc.query)
		var got []string
		for _, h := range res.Hits {
			if len(h.Matched) == len(res.Query.Parts) {
				got = append(got, h.Story.Headline)
			}
		}
		if len(got) == 0 || tc.first != "" && got[0] != tc.first {
			t.Errorf("%s: %q, want %q first", tc.query, got, tc.first)
		} else if tc.first != "" {
			got = got[1:]
		}
		if !sameElements(got, tc.filed) {
			t.Errorf("%s: %q, want %q after %q", tc.query, got, tc.filed, tc.first)
		}
		if res.Suggestion != nil {
			t.Errorf("%s: suggested %+v", tc.query, res.Suggestion)
		}
	}
	if got := headlines(search(t, s, "procurement").Hits); len(got) != 0 {
		t.Errorf("procurement: %q, want nothing: an alias names no section", got)
	}
	// One word of a longer name alone, or two of a four-word name, name
	// nothing: "light" is not Blue Light Services.
	if got := headlines(search(t, s, "light").Hits); slices.Contains(got, "Fire deaths fall") {
		t.Errorf("light: %q, want no story filed under Blue Light Services", got)
	}
	// A Searcher without the sectors reads the words as words only.
	if got := fullMatches(search(t, New(st), "highway code")); !slices.Equal(got, []string{"Huddle connects councils"}) {
		t.Errorf("highway code, no sectors: %q", got)
	}
}

// TestSearchCountyRanksItsOwnNameFirst: a county found through its county
// town's name ranks the stories that name the county itself first.
func TestSearchCountyRanksItsOwnNameFirst(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Gloucestershire fire service merges control rooms"},
		digest.Story{Headline: "Gloucester councils share senior staff"},
	)
	got := headlines(search(t, s, "gloucestershire").Hits)
	want := []string{"Gloucestershire fire service merges control rooms", "Gloucester councils share senior staff"}
	if !slices.Equal(got, want) {
		t.Errorf("gloucestershire: %q, want %q", got, want)
	}
}

// TestSearchSynonymRanksAfterTheWord: a story that says it otherwise is
// found, after the stories that say what was typed, and a phrase typed in
// a row finds the one word that means it the same way.
func TestSearchSynonymRanksAfterTheWord(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Councils running out of money"},
		digest.Story{Headline: "Funding crisis in social care"},
		digest.Story{Headline: "Council to share its legal team"},
		digest.Story{Headline: "Local authorities share legal services"},
	)
	for query, want := range map[string][]string{
		"money":             {"Councils running out of money", "Funding crisis in social care"},
		"funding":           {"Funding crisis in social care", "Councils running out of money"},
		"local authorities": {"Local authorities share legal services", "Councils running out of money", "Council to share its legal team"},
	} {
		// After the first, stories that say it otherwise in any order.
		got := headlines(search(t, s, query).Hits)
		if len(got) != len(want) || got[0] != want[0] || !sameElements(got[1:], want[1:]) {
			t.Errorf("%s: %q, want %q", query, got, want)
		}
	}
}

func sameElements(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func TestDerivedForms(t *testing.T) {
	for word, want := range map[string][]string{
		"transformation":  {"transform"},
		"consultations":   {"consult"},
		"disability":      {"disabl"},
		"disabled":        {"disability"},
		"partnership":     {"partner"},
		"partners":        {"partnership"},
		"proposals":       {"propos"},
		"propose":         {"proposal"},
		"region":          {"regional"},
		"national":        {"nation"},
		"approval":        {"approv"},
		"renewal":         {"renew"},
		"digital":         nil,
		"tribunal":        nil,
		"several":         nil,
		"capital":         nil,
		"transformative":  {"transform"},
		"apprenticeships": {"apprentic"},
		"relationship":    {"relat"},
		"leadership":      {"leader"},
		"candidate":       nil,
		"habitat":         nil,
		"cooperation":     nil,
		"cooperative":     nil,
		"generation":      nil,
		"foundation":      nil,
		"plantation":      nil,
		"representative":  {"represent"},
		"adaptation":      {"adapt"},
		"recommendation":  {"recommend"},
		"directorate":     nil,
		"format":          nil,
		"climate":         nil,
		"hardship":        nil,
		"ability":         nil,
		"form":            nil,
		"devolution":      {"devolv"},
		"devolved":        {"devolut"},
		"resolutions":     {"resolv"},
		"reduce":          {"reduct"},
		"reductions":      {"reduc"},
		"decision":        {"decisional", "decid"},
		"decide":          {"decision"},
		"provision":       {"provisional", "provid"},
		"subscriptions":   {"subscrib"},
		"consumption":     {"consum"},
		"intervene":       {"intervent"},
		"admissions":      {"admit"},
		"submit":          {"submiss"},
		"retention":       {"retain"},
		"expand":          {"expans"},
		"commission":      nil,
		"commissioning":   nil,
		"committed":       nil,
		"product":         nil,
		"homelessness":    {"homeless"},
		"homeless":        {"homelessness"},
		"effectiveness":   {"effect"},
		"readiness":       {"ready"},
		"loneliness":      {"lone"},
		"business":        nil,
		"witness":         nil,
		"illness":         nil,
		"efficiency":      {"efficient"},
		"efficiently":     {"efficiency", "efficienc"},
		"transparent":     {"transparency", "transparenc"},
		"redundancies":    {"redundant"},
		"agency":          nil,
		"emergency":       nil,
		"current":         nil,
		"government":      nil,
		"compliance":      {"compliant"},
		"compliant":       {"compliancy", "complianc"},
		"resilience":      {"resilient"},
		"resilient":       {"resiliency", "resilienc"},
		"relevance":       {"relevant"},
		"relevant":        {"relevancy", "relevanc"},
		"significance":    {"significant"},
		"violence":        {"violent"},
		"assistance":      nil,
		"assistant":       nil,
		"residents":       nil,
		"residence":       nil,
		"patients":        nil,
		"evidence":        nil,
		"difference":      nil,
		"ambulance":       nil,
		"commence":        nil,
		"finance":         nil,
	} {
		if got := derivedForms(word, terms.Stem(word)); !slices.Equal(got, want) {
			t.Errorf("derivedForms(%s, %s) = %q, want %q", word, terms.Stem(word), got, want)
		}
	}
}

// TestSearchPeriodRanksItsStoriesFirst: stories of the month a query names
// rank first among those with as many of its words, even when many newer
// stories have them; stories of that month without its words do not come.
func TestSearchPeriodRanksItsStoriesFirst(t *testing.T) {
	july := time.Date(2014, 7, 10, 9, 0, 0, 0, time.UTC)
	stories := []digest.Story{
		{Headline: "Council mergers: poor services letting people down", DecidedAt: july},
		{Headline: "Fire deaths fall by 5% in past year", DecidedAt: july},
	}
	for i := range candidates + 10 {
		stories = append(stories, digest.Story{Headline: fmt.Sprintf("Council mergers in county %d", i), DecidedAt: july.AddDate(0, 4, i%20)})
	}
	st := datedArchive(t, stories...)
	s := New(st)
	res := search(t, s, "council mergers July 2014")
	if got := headlines(res.Hits); len(got) == 0 || got[0] != stories[0].Headline || slices.Contains(got, stories[1].Headline) {
		t.Errorf("council mergers July 2014: %q", got)
	}
	if res.Partial || len(res.Missing) > 0 {
		t.Errorf("the month is no word to miss: partial %v, missing %q", res.Partial, res.Missing)
	}
	if got := headlines(search(t, s, "council mergers").Hits); len(got) == 0 || got[0] == stories[0].Headline {
		t.Errorf("council mergers: %q, the newest first", got)
	}
}

// TestSearchMonthAlone: "November 2014" alone asks for that month's
// stories, whatever their words: those whose text says the month first,
// then the stories dated in it, newest first, then those with only some of
// its words, saying so; the public archive shows only published ones; a
// month without stories is searched as words.
func TestSearchMonthAlone(t *testing.T) {
	stories := []digest.Story{
		{Headline: "Fresh plans to merge council services", DecidedAt: day(2014, 11, 20)},
		{Headline: "Councils share a chief executive", DecidedAt: day(2014, 11, 21)},
		{Headline: "Fire deaths fall", DecidedAt: day(2014, 10, 31)},
		{Headline: "A review of the year", Summary: "What changed since November 2014.", DecidedAt: day(2016, 1, 5)},
		{Headline: "Police forces to merge", Summary: "The plan dates from 2014.", DecidedAt: day(2016, 2, 5)},
		{Headline: "Approved but not published", DecidedAt: day(2014, 11, 25), State: digest.StateApproved},
	}
	st := datedArchive(t, stories...)
	s := New(st)
	want := []string{"A review of the year", "Approved but not published", "Councils share a chief executive",
		"Fresh plans to merge council services", "Police forces to merge"}
	for _, q := range []string{"November 2014", "nov 2014"} {
		res := search(t, s, q)
		if got := headlines(res.Hits); !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", q, got, want)
		}
		if !strings.Contains(res.Note(), "after the first 4 the stories have only some of") || len(res.Missing) > 0 || res.Suggestion != nil {
			t.Errorf("%s: note %q, missing %q, suggestion %v", q, res.Note(), res.Missing, res.Suggestion)
		}
	}
	public := NewPublished(st)
	if got, want := headlines(search(t, public, "November 2014").Hits), []string{"A review of the year",
		"Councils share a chief executive", "Fresh plans to merge council services", "Police forces to merge"}; !slices.Equal(got, want) {
		t.Errorf("the public archive: %q, want %q", got, want)
	}
	// With a day, the whole month counts, as for a month among words: a
	// story that says the month without the day has only some of them.
	if got := headlines(search(t, s, "20th November 2014").Hits); !slices.Equal(got, slices.Concat(want[1:4], want[:1], want[4:])) {
		t.Errorf("20th November 2014: %q", got)
	}
	// A month without stories is words, and says which it lacks.
	if res := search(t, s, "December 2014"); !slices.Equal(res.Missing, []string{"December"}) ||
		!slices.Equal(headlines(res.Hits), []string{"Police forces to merge", "A review of the year"}) {
		t.Errorf("December 2014: %q, missing %q", headlines(res.Hits), res.Missing)
	}
	// Among other words the month orders the stories with them, as before.
	if got := headlines(search(t, s, "merge November 2014").Hits); len(got) != 2 || got[0] != "Fresh plans to merge council services" {
		t.Errorf("merge November 2014: %q", got)
	}
}

// TestSearchShortMonthIsNoPrefix: "Dec 2014", with no story of December
// 2014, matched "Dec" as the start of longer words, so that a story that
// says "decide" and "2014" had every word; the month's short name is the
// month, as "December 2014" is, and finds a story that writes it in full.
func TestSearchShortMonthIsNoPrefix(t *testing.T) {
	stories := []digest.Story{
		{Headline: "Councils decide on their 2014 budget", DecidedAt: day(2016, 3, 1)},
		{Headline: "A review of the year", Summary: "What changed since December 2014.", DecidedAt: day(2016, 1, 5)},
		{Headline: "Police forces share a HQ", Summary: "Agreed in Sept 2014.", DecidedAt: day(2016, 2, 5)},
		{Headline: "Fire services join up", DecidedAt: day(2014, 11, 20)},
	}
	s := New(datedArchive(t, stories...))
	for _, tc := range []struct{ query, first string }{
		{"Dec 2014", "A review of the year"},
		{"dec 2014", "A review of the year"},
		{"September 2014", "Police forces share a HQ"},
		{"sep 2014", "Police forces share a HQ"},
	} {
		res := search(t, s, tc.query)
		if got := headlines(res.Hits); len(got) == 0 || got[0] != tc.first {
			t.Errorf("%s: %q, want %q first", tc.query, got, tc.first)
		}
		for _, h := range res.Hits {
			if h.Story.Headline == "Councils decide on their 2014 budget" && len(h.Matched) != 1 {
				t.Errorf("%s: %q matched %q", tc.query, h.Story.Headline, h.Matched)
			}
		}
	}
}

// TestSearchMonthAloneRanksItsStoriesFirst: a month typed with its year
// alone asks for that month's stories: they, and the stories whose text
// says the month, rank before the stories that only have its words
// elsewhere ("since 2014", "in November … 2014"), as for a month typed
// among other words. "May" is a small word, so "May 2014" has one part,
// "2014": every story that mentioned the year anywhere, of any month and
// year, came before all of May's.
func TestSearchMonthAloneRanksItsStoriesFirst(t *testing.T) {
	stories := []digest.Story{
		{Headline: "Councils share a chief executive", DecidedAt: day(2014, 5, 15)},
		{Headline: "Fire services join up", DecidedAt: day(2014, 11, 20)},
		{Headline: "Police forces to merge", Summary: "The plan dates from 2014.", DecidedAt: day(2016, 2, 5)},
		{Headline: "Waste contract renewed", Summary: "Signed in November, it runs to 2014.", DecidedAt: day(2013, 12, 5)},
		{Headline: "A review of shared services", Summary: "What changed since May 2014.", DecidedAt: day(2016, 1, 5)},
	}
	st := datedArchive(t, stories...)
	s := New(st)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"May 2014", []string{"A review of shared services", "Councils share a chief executive"}},
		{"may 2014", []string{"A review of shared services", "Councils share a chief executive"}},
		{"November 2014", []string{"Fire services join up", "Waste contract renewed"}},
	} {
		got := headlines(search(t, s, tc.query).Hits)
		if len(got) < len(tc.want) || !slices.Equal(got[:len(tc.want)], tc.want) {
			t.Errorf("%s: %q, want %q first", tc.query, got, tc.want)
		}
	}
}

// TestSearchYear: a year typed as a word of its own is what the stories
// dated in it have, after those whose text says it: "housing 2019" finds
// the housing stories of 2019, not only those that write "2019", and not
// the other years' before them; "2019" alone lists that year's stories.
// A number that is not a year alone keeps to the words ("2,000 jobs").
func TestSearchYear(t *testing.T) {
	stories := []digest.Story{
		{Headline: "Housing associations merge", DecidedAt: day(2019, 3, 7)},
		{Headline: "Council housing repairs shared", DecidedAt: day(2019, 12, 31)},
		{Headline: "Housing plan for 2019 delayed", DecidedAt: day(2021, 6, 3)},
		{Headline: "Housing officers share a manager", DecidedAt: day(2020, 1, 1)},
		{Headline: "Housing waiting lists grow", DecidedAt: day(2018, 12, 31)},
		{Headline: "Fire services join up", DecidedAt: day(2019, 5, 5)},
		{Headline: "Councils cut 2,000 jobs", DecidedAt: day(2000, 5, 5)},
		{Headline: "Police share 2000 officers", DecidedAt: day(2019, 5, 6)},
	}
	st := datedArchive(t, stories...)
	s := New(st)
	// The first, then the rest in any order (ranking orders them).
	firstThen := func(got []string, first string, rest ...string) bool {
		return len(got) == 1+len(rest) && got[0] == first && slices.Equal(slices.Sorted(slices.Values(got[1:])), slices.Sorted(slices.Values(rest)))
	}
	res := search(t, s, "housing 2019")
	if got := headlines(res.Hits); len(got) < 3 || !firstThen(got[:3], "Housing plan for 2019 delayed", "Council housing repairs shared", "Housing associations merge") {
		t.Errorf("housing 2019: %q, want the one that says 2019, then 2019's", got)
	}
	if !strings.Contains(res.Note(), "after the first 3 the stories have only some of") {
		t.Errorf("housing 2019: note %q", res.Note())
	}
	if got := headlines(search(t, s, "2019").Hits); !firstThen(got, "Housing plan for 2019 delayed",
		"Council housing repairs shared", "Police share 2000 officers", "Fire services join up", "Housing associations merge") {
		t.Errorf("2019: %q", got)
	}
	if got := headlines(search(t, s, "2,000 jobs").Hits); len(got) == 0 || got[0] != "Councils cut 2,000 jobs" {
		t.Errorf("2,000 jobs: %q", got)
	}
	if got := headlines(search(t, s, "budget 2019/20 housing").Hits); slices.Contains(got, "Fire services join up") {
		t.Errorf("budget 2019/20 housing: %q", got)
	}
}

// TestSearchDateInFigures: a date written in figures, as copied from a
// letter or a spreadsheet ("10/07/2014", "2014-11-20"), was three numbers:
// alone, "2014-11-20" matched nothing, and among words it ranked no story
// of its month first. It is now read as its month, as "10 July 2014" is.
func TestSearchDateInFigures(t *testing.T) {
	stories := []digest.Story{
		{Headline: "Council mergers letting people down", DecidedAt: day(2014, 7, 10)},
		{Headline: "Fewer deaths", Summary: "Fire deaths fell in the year to March, the statisticians say, in every region.", DecidedAt: day(2014, 7, 10)},
		{Headline: "Fire deaths: the fire service review", Summary: "Fire deaths and fire prevention.", DecidedAt: day(2014, 11, 20)},
		{Headline: "Welsh councils merge", DecidedAt: day(2014, 11, 20)},
		{Headline: "Budget for 2015/16 set", DecidedAt: day(2015, 2, 1)},
	}
	s := New(datedArchive(t, stories...))
	for _, tc := range []struct {
		query string
		first []string // in any order
	}{
		{"10/07/2014", []string{"Council mergers letting people down", "Fewer deaths"}},
		{"10.7.2014", []string{"Council mergers letting people down", "Fewer deaths"}},
		{"2014-11-20", []string{"Fire deaths: the fire service review", "Welsh councils merge"}},
		{"fire deaths 10/07/2014", []string{"Fewer deaths"}},
		{"fire deaths 07/30/2014", []string{"Fewer deaths"}},
	} {
		got := headlines(search(t, s, tc.query).Hits)
		if len(got) < len(tc.first) || !sameElements(got[:len(tc.first)], tc.first) {
			t.Errorf("%s: %q, want %q first", tc.query, got, tc.first)
		}
	}
}

// TestSearchPeriodWithNoStoryOfItSaysSo: a search naming a month that no
// hit is of says so, rather than showing other months' stories as if
// they were that month's.
func TestSearchPeriodWithNoStoryOfItSaysSo(t *testing.T) {
	july := time.Date(2014, 7, 10, 9, 0, 0, 0, time.UTC)
	stories := []digest.Story{
		{Headline: "Council mergers: poor services letting people down", DecidedAt: july},
		{Headline: "Council mergers in the county", DecidedAt: july.AddDate(0, 4, 0)},
	}
	st := datedArchive(t, stories...)
	s := New(st)
	res := search(t, s, "council mergers 20th May 2014")
	if got := headlines(res.Hits); len(got) != 2 {
		t.Errorf("council mergers 20th May 2014: %q", got)
	}
	if got, want := res.Note(), "No story of May 2014 matched: these are of other months."; got != want {
		t.Errorf("note %q, want %q", got, want)
	}
	for _, q := range []string{"council mergers July 2014", "council mergers"} {
		if got := search(t, s, q).Note(); got != "" {
			t.Errorf("%s: note %q", q, got)
		}
	}
}

// TestSearchPeriodSaidInTheText: "Care Act April 2015" asks about the Care
// Act and April 2015, and a story that says "April 2015" is about that
// month whenever it was written: it ranks with the stories dated then, and
// before those that only are (its words count too), and it is no story of
// "other months". A story with neither comes after both.
func TestSearchPeriodSaidInTheText(t *testing.T) {
	stories := []digest.Story{
		{Headline: "Councils prepare for the Care Act", Summary: "The new duties start in April 2015.", DecidedAt: day(2014, 11, 20)},
		{Headline: "Care Act funding for councils announced", Summary: "A settlement for adult social care.", DecidedAt: day(2015, 4, 9)},
		{Headline: "Care Act guidance published", Summary: "Councils have a year to prepare.", DecidedAt: day(2014, 6, 1)},
		{Headline: "Care Act: what changes in Apr 2015", DecidedAt: day(2014, 12, 1)},
		{Headline: "The Care Act and carers", Summary: "Carers' assessments from 1 April 2016.", DecidedAt: day(2016, 3, 1)},
	}
	st := datedArchive(t, stories...)
	s := New(st)
	res := search(t, s, "Care Act April 2015")
	got := headlines(res.Hits)
	if len(got) != len(stories) {
		t.Fatalf("Care Act April 2015: %q", got)
	}
	saying := []string{stories[0].Headline, stories[3].Headline}
	if !slices.Contains(saying, got[0]) || !slices.Contains(saying, got[1]) || got[2] != stories[1].Headline {
		t.Errorf("Care Act April 2015: %q; want the stories saying April 2015 first, then the one dated then", got)
	}
	// Only saying it: no note that the hits are of other months.
	if note := search(t, s, "carers April 2016").Note(); note != "" {
		t.Errorf("carers April 2016: note %q, though the story says April 2016", note)
	}
}

// TestSearchForALink: a link pasted as the query finds the story stored
// under it, written as it was shared (tracking parameters, upper-case
// host, no scheme), and only a story the search may show; its words are
// not searched.
func TestSearchForALink(t *testing.T) {
	s, st := archiveOf(t,
		digest.Story{Headline: "Councils share a chief executive"},
		digest.Story{Headline: "A rejected story about news.example.org", State: digest.StateRejected},
		digest.Story{Headline: "An approved story", State: digest.StateApproved},
	)
	for _, tc := range []struct {
		query     string
		want      []string
		published []string
	}{
		{"https://news.example.org/0", []string{"Councils share a chief executive"}, []string{"Councils share a chief executive"}},
		{"  HTTPS://News.Example.org/0?utm_source=twitter ", []string{"Councils share a chief executive"}, []string{"Councils share a chief executive"}},
		{"https://news.example.org/1", nil, nil},
		{"https://news.example.org/2", []string{"An approved story"}, nil},
		{"https://news.example.org/9", nil, nil},
		// In angle brackets, as Discord users paste a link to stop its
		// preview and as submit takes it.
		{"<https://news.example.org/0>", []string{"Councils share a chief executive"}, []string{"Councils share a chief executive"}},
		// Without its scheme, as an address bar that hides it gives a
		// link or as one is typed from a page.
		{"news.example.org/0", []string{"Councils share a chief executive"}, []string{"Councils share a chief executive"}},
		{"News.Example.org/0?utm_source=twitter", []string{"Councils share a chief executive"}, []string{"Councils share a chief executive"}},
		{"news.example.org/9", nil, nil},
		// Longer than a query of words may be, as shared links often are.
		{"https://news.example.org/0?utm_campaign=" + strings.Repeat("x", MaxQueryRunes), []string{"Councils share a chief executive"},
			[]string{"Councils share a chief executive"}},
	} {
		if got := headlines(search(t, s, tc.query).Hits); !slices.Equal(got, tc.want) {
			t.Errorf("%q: %q, want %q", tc.query, got, tc.want)
		}
		res, err := NewPublished(st).Search(context.Background(), tc.query, 10)
		if err != nil {
			t.Fatal(err)
		}
		if got := headlines(res.Hits); !slices.Equal(got, tc.published) {
			t.Errorf("%q, published only: %q, want %q", tc.query, got, tc.published)
		}
	}
	// A link longer than a link may be is refused as a query too long.
	if q := Parse("https://news.example.org/" + strings.Repeat("x", digest.MaxURLLength)); q.Link != "" || q.Problem == "" {
		t.Errorf("a link over %d characters: link %q, problem %q", digest.MaxURLLength, q.Link, q.Problem)
	}
	// Words with a dot and a slash that are no host and path stay words.
	for _, text := range []string{"news.example.org", "2014/15", "St.Albans/Herts", "£0.5bn/year", "e.g./i.e."} {
		if q := Parse(text); q.Link != "" {
			t.Errorf("%q is read as the link %q", text, q.Link)
		}
	}
	// A link among other words is searched as words.
	if res := search(t, s, "chief https://news.example.org/0"); len(res.Hits) == 0 || res.Hits[0].Story.Headline != "Councils share a chief executive" {
		t.Errorf("a link among words: %q", headlines(res.Hits))
	}
}

// TestSearchFollowsTheSuggestionWhenNothingMatches: on the past editions,
// a misspelt search that matches nothing is answered with the stories of
// the spelling suggested, says so, and still offers the suggestion; a
// search some of whose words matched keeps its own hits.
func TestSearchFollowsTheSuggestionWhenNothingMatches(t *testing.T) {
	s := New(importDigests(t))
	for _, tc := range []struct{ typed, suggested string }{
		{"colaboration", "collaboration"},
		{"Peterbrough", "Peterborough"},
		{`"shared sevrices"`, `"shared services"`},
	} {
		res := search(t, s, tc.typed)
		if res.Suggestion == nil || res.Suggestion.Query != tc.suggested {
			t.Fatalf("%q: suggestion %+v, want %q", tc.typed, res.Suggestion, tc.suggested)
		}
		want := search(t, s, tc.suggested)
		if len(res.Hits) == 0 || !slices.Equal(headlines(res.Hits), headlines(want.Hits)) {
			t.Errorf("%q: found %q, want the stories of %q: %q", tc.typed, headlines(res.Hits), tc.suggested, headlines(want.Hits))
		}
		if res.Followed != tc.typed || res.Query.Text != tc.suggested {
			t.Errorf("%q: followed %q, query %q", tc.typed, res.Followed, res.Query.Text)
		}
		// A phrase quoted alone is quoted once, not “"shared sevrices"”.
		note := "Nothing matches “" + strings.Trim(tc.typed, `"`) + "”: these are the stories for “" + strings.Trim(tc.suggested, `"`) + "”."
		if !strings.HasPrefix(res.Note(), note) {
			t.Errorf("%q: note %q, want it to begin %q", tc.typed, res.Note(), note)
		}
	}
	// Some words matched: the hits are of what was typed, with the
	// suggestion offered beside them.
	res := search(t, s, "Peterbrough contract")
	if res.Followed != "" || len(res.Hits) == 0 || res.Suggestion == nil || !res.Partial {
		t.Errorf("Peterbrough contract: followed %q, partial %v, suggestion %+v, hits %q",
			res.Followed, res.Partial, res.Suggestion, headlines(res.Hits))
	}
	if strings.Contains(res.Note(), "Nothing matches") {
		t.Errorf("Peterbrough contract: note %q", res.Note())
	}
	// A suggestion two edits away may be no slip but a word the archive
	// lacks: it is offered, and its stories are not shown as the answer.
	// So may one that is the suggestion's stem with another ending.
	for typed, suggested := range map[string]string{"corner": "cover", "former": "formed"} {
		res = search(t, s, typed)
		if res.Followed != "" || len(res.Hits) != 0 || res.Suggestion == nil || res.Suggestion.Query != suggested {
			t.Errorf("%s: followed %q, suggestion %+v, hits %q", typed, res.Followed, res.Suggestion, headlines(res.Hits))
		}
	}
}

// TestSearchSuggestsForASlipInAWordsEnding: a long word misspelt in the
// ending the stemmer cuts ("reorganisaton") is not stemmed, and was as far
// from its stem ("reorganis") as the ending is long: nothing matched and
// nothing was suggested. Its stem is now compared with that ending too,
// and a word the stories write only hyphenated is offered whole.
func TestSearchSuggestsForASlipInAWordsEnding(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Right tier, right now", Summary: "Funding for the re-organisation of two tiers."},
		digest.Story{Headline: "Crime directorate to lead", Summary: "One of the largest specialist organisations."},
		digest.Story{Headline: "Shared service arrangements save millions"},
	)
	for typed, want := range map[string]struct{ suggested, first string }{
		"reorganisaton": {"reorganisation", "Right tier, right now"},
		"organisatons":  {"organisations", "Crime directorate to lead"},
		"arrangemnts":   {"arrangements", "Shared service arrangements save millions"},
	} {
		res := search(t, s, typed)
		if res.Suggestion == nil || res.Suggestion.Query != want.suggested || res.Followed != typed {
			t.Errorf("%s: suggestion %+v, followed %q; want %q followed", typed, res.Suggestion, res.Followed, want.suggested)
		}
		if got := headlines(res.Hits); len(got) == 0 || got[0] != want.first {
			t.Errorf("%s: %q, want %q first", typed, got, want.first)
		}
	}
}

// TestSearchNameTheArchiveLacksIsNoMisspelling: "Stoke on Trent", in an
// archive without Stoke, was answered "Nothing matches “Stoke on Trent”:
// these are the stories for “Stoke on Treat”" with a health story that
// says "expensive to treat": a word of a name typed whose other words no
// story has is not corrected to an everyday word. A name's words the
// archive has are still corrected, and so is a word typed alone.
func TestSearchNameTheArchiveLacksIsNoMisspelling(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "£800m Cambridge and Peterborough CCG contract signed",
			Summary: "Problems that are so expensive to treat."},
		digest.Story{Headline: "Malvern and Wychavon to share a chief executive"},
	)
	res := search(t, s, "Stoke on Trent")
	if res.Suggestion != nil || res.Followed != "" || len(res.Hits) != 0 {
		t.Errorf("Stoke on Trent: suggestion %+v, followed %q, hits %q", res.Suggestion, res.Followed, headlines(res.Hits))
	}
	if got := res.Note(); got != "" {
		t.Errorf("Stoke on Trent: note %q, want none (the bot says nothing matches)", got)
	}
	for typed, suggested := range map[string]string{
		"Malvren Wychavn":   "Malvern Wychavon",   // both misspelt: the archive has the name
		"Stoke Peterbrough": "Stoke Peterborough", // a name the archive has, next to one it lacks
		"Trent":             "Treat",              // a word alone: no other word says it is a name
	} {
		if res := search(t, s, typed); res.Suggestion == nil || res.Suggestion.Query != suggested {
			t.Errorf("%s: suggestion %+v, want %q", typed, res.Suggestion, suggested)
		}
	}
}

// TestSearchKeepsOwnErNounsApart: "officer" brought the back-office
// stories, and "former" every application form, as search reads a word in
// -er as the doer of the word without it; the nouns that are no such doer
// (terms.IsOwnErNoun) are now searched alone, either way, while "leader",
// "worker" and "merger" still find "lead", "working" and "merge".
func TestSearchKeepsOwnErNounsApart(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Councils merge back-office services", Summary: "One office for two districts."},
		digest.Story{Headline: "Chief fire officer appointed", Summary: "The new officer starts in May."},
		digest.Story{Headline: "Former chief executive joins trust", Summary: "She ran the county."},
		digest.Story{Headline: "Online form for bin collections", Summary: "Residents apply online."},
		digest.Story{Headline: "Councils tender for shared IT", Summary: "A joint tender opens."},
		digest.Story{Headline: "Trusts tend to share more", Summary: "A survey of trusts."},
		digest.Story{Headline: "Mayor to lead combined authority", Summary: "Powers agreed."},
		digest.Story{Headline: "Staff working across two councils", Summary: "Shared teams."},
		digest.Story{Headline: "Two districts to merge", Summary: "Savings expected."},
	)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"officer", []string{"Chief fire officer appointed"}},
		{"officers", []string{"Chief fire officer appointed"}},
		{"office", []string{"Councils merge back-office services"}},
		{"former", []string{"Former chief executive joins trust"}},
		{"form", []string{"Online form for bin collections"}},
		{"tender", []string{"Councils tender for shared IT"}},
		{"tend", []string{"Trusts tend to share more"}},
		{"leader", []string{"Mayor to lead combined authority"}},
		{"workers", []string{"Staff working across two councils"}},
		{"merger", []string{"Councils merge back-office services", "Two districts to merge"}},
	} {
		if got := headlines(search(t, s, tc.query).Hits); !sameElements(got, tc.want) {
			t.Errorf("%q found %q, want %q", tc.query, got, tc.want)
		}
	}
}

// TestSearchSmallWordAcronymInCapitals: "IT" typed in capitals found every
// story that says "it", as the index folds case; it now finds the stories
// that write it in capitals or say "information technology", or ICT,
// the name British public bodies give it; with other words, a story that
// merely says "it" is a hit only for the others.
func TestSearchSmallWordAcronymInCapitals(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Councils share IT team", Summary: "Two districts merge their IT."},
		digest.Story{Headline: "Information technology budgets cut", Summary: "Savings sought."},
		digest.Story{Headline: "It is time to merge, says leader", Summary: "It could save £1m."},
		digest.Story{Headline: "NHS trusts share back offices", Summary: "It is a first."},
		digest.Story{Headline: "WHO warns on obesity", Summary: "Who pays?"},
		digest.Story{Headline: "Who runs the county?", Summary: "A new leader."},
		digest.Story{Headline: "Districts join up their ICT", Summary: "One service desk."},
	)
	for _, tc := range []struct {
		query   string
		want    []string
		partial bool
	}{
		{"IT", []string{"Councils share IT team", "Information technology budgets cut", "Districts join up their ICT"}, false},
		{"NHS IT", []string{"NHS trusts share back offices", "Councils share IT team", "Information technology budgets cut",
			"Districts join up their ICT"}, true},
		{"WHO", []string{"WHO warns on obesity"}, false},
		{"IT merge", []string{"Councils share IT team", "Information technology budgets cut", "Districts join up their ICT",
			"It is time to merge, says leader"}, true},
		// ICT is IT too, but a story saying "it" is not about ICT.
		{"ICT", []string{"Districts join up their ICT", "Information technology budgets cut"}, false},
	} {
		res := search(t, s, tc.query)
		if got := headlines(res.Hits); !sameElements(got, tc.want) {
			t.Errorf("%q found %q, want %q", tc.query, got, tc.want)
		}
		if res.Partial != tc.partial {
			t.Errorf("%q: partial %v, want %v (%q)", tc.query, res.Partial, tc.partial, res.Note())
		}
	}
	// On the past editions, which never write "IT" in capitals, it finds
	// the one story about ICT rather than every story that says "it".
	res := search(t, New(importDigests(t)), "IT")
	if got, want := headlines(res.Hits), []string{"East Renfrewshire uses Huddle to connect with neighbouring councils"}; !slices.Equal(got, want) {
		t.Errorf("IT on the past editions found %q, want %q", got, want)
	}
}

// TestSearchSmallWordAcronymAmongManyPronouns: the index cannot tell "IT"
// from "it", so the newest stories with either were all that "IT" ranked:
// in an archive where the newest 200 say "it", the older stories about
// ICT and information technology were never read. They are asked for apart;
// an older one writing "IT" is still not found, as the index holds it as
// "it".
func TestSearchSmallWordAcronymAmongManyPronouns(t *testing.T) {
	stories := []digest.Story{
		{Headline: "Districts join up their ICT", Summary: "One service desk."},
		{Headline: "Information technology budgets cut", Summary: "Savings sought."},
		{Headline: "Councils share IT team", Summary: "Two districts."},
	}
	for i := range 2 * candidates {
		stories = append(stories, digest.Story{Headline: fmt.Sprintf("Council %d says it will merge", i), Summary: "It may."})
	}
	s, _ := archiveOf(t, stories...)
	for q, want := range map[string][]string{
		// "Councils share IT team" is not among them: only reading its
		// text tells its "IT" from "it", and the newest 150 say "it".
		"IT":           {"Districts join up their ICT", "Information technology budgets cut"},
		"IT districts": {"Districts join up their ICT"},
	} {
		got := headlines(search(t, s, q).Hits)
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("%q found %q, without %q", q, got, w)
			}
		}
		if slices.ContainsFunc(got, func(h string) bool { return strings.HasSuffix(h, "says it will merge") }) {
			t.Errorf("%q found %q", q, got)
		}
	}
}

// TestSearchForAHashBangLink: a single-page site's links that differ only
// in their hash-bang or client-side route are different stories, and a
// link pasted as the query finds its own; a place on the page
// ("#comments") is still the page.
func TestSearchForAHashBangLink(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{URL: "https://spa.example.org/#!/news/41", Headline: "Councils share a chief executive"},
		digest.Story{URL: "https://spa.example.org/#!/news/42", Headline: "Fire services merge control rooms"},
		digest.Story{URL: "https://spa.example.org/page", Headline: "Police share an estate"},
	)
	for query, want := range map[string][]string{
		"https://spa.example.org/#!/news/42":             {"Fire services merge control rooms"},
		"HTTP://SPA.example.org/?utm_source=x#!/news/41": {"Councils share a chief executive"},
		"https://spa.example.org/page#comments":          {"Police share an estate"},
		"https://spa.example.org/#!/news/43":             nil,
	} {
		if got := headlines(search(t, s, query).Hits); !slices.Equal(got, want) {
			t.Errorf("%q: %q, want %q", query, got, want)
		}
	}
}

// TestSearchForAHashBangLinkStoredBefore: a release before stored a story
// submitted as "https://spa.example.org/#!/news/41" under the page without
// its route, since it dropped every fragment; after the upgrade, the link
// the member pasted still finds it, while a route that has a story of its
// own finds that one.
func TestSearchForAHashBangLinkStoredBefore(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{URL: "https://spa.example.org/", Headline: "Councils share a chief executive"},
		digest.Story{URL: "https://spa.example.org/#!/news/42", Headline: "Fire services merge control rooms"},
	)
	for query, want := range map[string][]string{
		"https://spa.example.org/#!/news/41":   {"Councils share a chief executive"},
		"https://spa.example.org/#!/news/42":   {"Fire services merge control rooms"},
		"https://other.example.org/#!/news/41": nil,
	} {
		if got := headlines(search(t, s, query).Hits); !slices.Equal(got, want) {
			t.Errorf("%q: %q, want %q", query, got, want)
		}
	}
}

// TestSearchHyphenatedWordNoStoryHasWhole: a hyphenated word no story
// writes whole, whose words are each in some story but in none together
// ("Peterborough-based", "fire-and-police"), answered "Nothing matches"
// though "Peterborough" alone finds stories. It is now searched apart, and
// the answer has the stories with some of the words, noted as searched
// apart and as partial. A word of it in no story ("multi-agency") still
// keeps it whole.
func TestSearchHyphenatedWordNoStoryHasWhole(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Peterborough council shares a depot"},
		digest.Story{Headline: "Shared legal team based in Cambridge"},
		digest.Story{Headline: "Fire station closes"},
		digest.Story{Headline: "Police merge control rooms"},
		digest.Story{Headline: "Agency staff costs soar"},
	)
	for _, tc := range []struct {
		query, searched string
		hits            []string
		note            string
	}{
		{"Peterborough-based", "Peterborough based", []string{"Peterborough council shares a depot", "Shared legal team based in Cambridge"},
			"No story has “Peterborough-based” as written, so the words were searched apart. Only some of your words matched: no story has all of “Peterborough” and “based”."},
		{"fire-and-police", "fire and police", []string{"Fire station closes", "Police merge control rooms"},
			"No story has “fire-and-police” as written, so the words were searched apart. Only some of your words matched: no story has all of “fire” and “police”."},
		{"multi-agency", "multi-agency", nil, ""},
	} {
		res := search(t, s, tc.query)
		got := headlines(res.Hits)
		slices.Sort(got)
		if res.Query.Text != tc.searched || !slices.Equal(got, tc.hits) || tc.note != "" && (res.Note() != tc.note || !res.Partial) {
			t.Errorf("%q: searched %q: %q, partial %v, note %q; want %q: %q, note %q",
				tc.query, res.Query.Text, got, res.Partial, res.Note(), tc.searched, tc.hits, tc.note)
		}
	}
}
