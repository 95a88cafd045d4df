package search

import (
	"strings"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestSearchSaysAWordIsTooLong: a run of letters longer than any word the
// index holds (terms.MaxWordBytes: glued words, a pasted token) was
// dropped from the query without a word said about it. Typed alone it was
// answered "There are no words to search for there", though there was
// one; typed with others, the stories with the others were the answer,
// with no note that one word was not searched. It is named: alone, as
// too long to search for; with others, as a word no story has.
func TestSearchSaysAWordIsTooLong(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "District councils agree a merger"},
		digest.Story{Headline: "Fire and police share a headquarters"},
	)
	long := strings.Repeat("merger", 12) // 72 letters

	res := search(t, s, long)
	if !strings.Contains(res.Query.Problem, "“"+long+"” is longer than any word") {
		t.Errorf("%s alone: problem %q, want it named as too long", long, res.Query.Problem)
	}
	// An exclusion beside it changes nothing: the long word is the trouble.
	if res := search(t, s, long+" -police"); !strings.Contains(res.Query.Problem, "is longer than any word") {
		t.Errorf("%s -police: problem %q, want the word named as too long", long, res.Query.Problem)
	}

	res = search(t, s, "merger "+long)
	if got := fullMatches(res); len(res.Hits) != 1 || res.Hits[0].Story.Headline != "District councils agree a merger" {
		t.Fatalf("merger %s: %q, want the merger story", long, got)
	}
	if want := "Only some of your words matched: no story has “" + long + "”."; res.Note() != want {
		t.Errorf("merger %s: note %q, want %q", long, res.Note(), want)
	}
	// Typed twice, it is named once, as a word typed twice is searched once.
	if want := "Only some of your words matched: no story has “" + long + "”."; search(t, s, "merger "+long+" "+strings.ToUpper(long)).Note() != want {
		t.Errorf("merger %s %s: note %q, want %q", long, strings.ToUpper(long), search(t, s, "merger "+long+" "+strings.ToUpper(long)).Note(), want)
	}
	if res := search(t, s, long+` "`+long+`"`); !strings.Contains(res.Query.Problem, "“"+long+"” is longer than any word") {
		t.Errorf("%s \"%s\": problem %q, want the word named once as too long", long, long, res.Query.Problem)
	}
	// A long word left out with a minus is left out, not reported.
	if res := search(t, s, "merger -"+long); res.Note() != "" || len(res.Hits) != 1 {
		t.Errorf("merger -%s: %d hits, note %q; want the merger story, no note", long, len(res.Hits), res.Note())
	}
}
