package search

import (
	"slices"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestSearchMonthAloneFindsItsEditions: "November" alone found only the
// stories whose text says it, not the editions published in November, as
// a reader of an archive expects; its name in full or short finds the
// stories dated in it in any year, after those that say it, and nothing
// that merely begins so ("Novel"). A month no story
// is dated in or says finds nothing, and a month with its year finds that
// month's alone, as before.
func TestSearchMonthAloneFindsItsEditions(t *testing.T) {
	s := New(datedArchive(t,
		digest.Story{Headline: "Fire services join up", DecidedAt: day(2014, 11, 20)},
		digest.Story{Headline: "Councils share a director", DecidedAt: day(2014, 10, 30)},
		digest.Story{Headline: "Elections promised for November", DecidedAt: day(2015, 5, 2)},
		digest.Story{Headline: "Police forces share a HQ", DecidedAt: day(2016, 11, 3)},
		digest.Story{Headline: "A novel way to share bins", DecidedAt: day(2016, 6, 3)},
		digest.Story{Headline: "Rejected in November", DecidedAt: day(2016, 11, 4), State: digest.StateRejected},
	))
	for q, want := range map[string][]string{
		"November": {"Elections promised for November", "Fire services join up", "Police forces share a HQ"},
		"november": {"Elections promised for November", "Fire services join up", "Police forces share a HQ"},
		"Nov":      {"Elections promised for November", "Fire services join up", "Police forces share a HQ"},
		"October":  {"Councils share a director"},
		"oct":      {"Councils share a director"},
		"December": nil,
	} {
		res := search(t, s, q)
		got := headlines(res.Hits)
		if len(got) > 1 {
			slices.Sort(got[1:]) // the stories dated then, in the order ranking gives
		}
		if !slices.Equal(got, want) || res.Partial {
			t.Errorf("%s: %q (partial %v, %s), want %q", q, got, res.Partial, res.Note(), want)
		}
	}
	if got := headlines(search(t, s, "November 2014").Hits); len(got) == 0 || got[0] != "Fire services join up" {
		t.Errorf("November 2014: %q, want its story first", got)
	}
}
