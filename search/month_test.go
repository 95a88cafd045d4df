package search

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

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

// TestSearchMonthWrittenOtherWays: a month with its year is the period
// searched however a reader writes it: in figures ("2014-07", "07/2014",
// "7/2014", "2014/07"), its year after an apostrophe ("Jul '14"), joined
// to its name ("July2014") or after a comma ("July, 2014"): the answer
// is that of "July 2014", that month's stories first, not a search for
// the words "07" or "July". A financial year ("2011/12", "2014-15") is no
// month.
func TestSearchMonthWrittenOtherWays(t *testing.T) {
	s := New(datedArchive(t,
		digest.Story{Headline: "Fire and police share a building", DecidedAt: day(2014, 11, 20)},
		digest.Story{Headline: "Fire deaths fall by 5%", DecidedAt: day(2014, 7, 10)},
		digest.Story{Headline: "Fire service budget for 2011/12 agreed", DecidedAt: day(2011, 12, 1)},
	))
	july := time.Date(2014, time.July, 1, 0, 0, 0, 0, time.UTC)
	want := search(t, s, "July 2014 fire")
	if got := headlines(want.Hits); len(got) == 0 || got[0] != "Fire deaths fall by 5%" || want.Note() != "" {
		t.Fatalf("July 2014 fire: %q (%s), want July's story first", got, want.Note())
	}
	for _, typed := range []string{"2014-07", "07/2014", "7/2014", "2014/07", "2014/7", "Jul '14", "July ’14",
		"July2014", "July, 2014", "10 July, 2014"} {
		res := search(t, s, typed+" fire")
		if got := headlines(res.Hits); !res.Query.Period.From.Equal(july) || res.Query.Period.Typed != typed ||
			!slices.Equal(got, headlines(want.Hits)) || res.Note() != "" {
			t.Errorf("%q: period %q from %s, %q (%s); want July 2014's, %q", typed+" fire",
				res.Query.Period.Typed, res.Query.Period.From.Format("2006-01"), got, res.Note(), headlines(want.Hits))
		}
	}
	for _, typed := range []string{"2011/12", "2014-15"} {
		if res := search(t, s, typed+" fire"); !res.Query.Period.To.IsZero() {
			t.Errorf("%q: read as the period %q", typed+" fire", res.Query.Period.Typed)
		}
	}
}

// TestSearchMonthMisspeltWithItsYear: a long month's name typed with a
// slip before its year ("Novmber 2014", "Febuary 2015", "Septmeber
// 2014") is that month, as no story is dated by a word: the answer is
// that of the month spelt right, and its note says how the month was
// read. A word that is no slip of a month's long name is no month
// ("Novel 2014", "Octopus 2014"), nor a slip typed without a year.
func TestSearchMonthMisspeltWithItsYear(t *testing.T) {
	s := New(datedArchive(t,
		digest.Story{Headline: "Fire and police share a building", DecidedAt: day(2014, 11, 20)},
		digest.Story{Headline: "Fire deaths fall by 5%", DecidedAt: day(2014, 7, 10)},
		digest.Story{Headline: "Fire service budget agreed", DecidedAt: day(2015, 2, 5)},
	))
	for typed, month := range map[string]string{"Novmber 2014": "November 2014", "novemeber 2014": "November 2014",
		"20th Novmber 2014": "November 2014", "Febuary 2015": "February 2015", "Feburary, 2015": "February 2015"} {
		want := search(t, s, month+" fire")
		res := search(t, s, typed+" fire")
		note := "“" + typed + "” is read as " + month + "."
		if res.Query.Period.From != want.Query.Period.From || !slices.Equal(headlines(res.Hits), headlines(want.Hits)) ||
			res.Note() != note {
			t.Errorf("%q: period %q, %q (%s); want %s's, %q (%s)", typed+" fire", res.Query.Period.Typed, headlines(res.Hits),
				res.Note(), month, headlines(want.Hits), note)
		}
	}
	// A month with its year alone finds the stories dated then.
	want := search(t, s, "November 2014")
	res := search(t, s, "Novmber 2014")
	note := strings.TrimSpace("“Novmber 2014” is read as November 2014. " + want.Note())
	if !slices.Equal(headlines(res.Hits), headlines(want.Hits)) || res.Note() != note {
		t.Errorf("Novmber 2014: %q (%s); want November 2014's, %q (%s)", headlines(res.Hits), res.Note(), headlines(want.Hits), note)
	}
	for _, typed := range []string{"Novel 2014 fire", "Octopus 2014 fire", "Novmber fire", "Jully 2014 fire"} {
		if res := search(t, s, typed); !res.Query.Period.To.IsZero() {
			t.Errorf("%q: read as the period %q", typed, res.Query.Period.Typed)
		}
	}
}

// TestShortYearAsDatesInFigures: a year typed after an apostrophe ("Jul
// '14") is read as a date in figures reads its year's last two figures
// (digest.FullYear), one pivot for both.
func TestShortYearAsDatesInFigures(t *testing.T) {
	for _, yy := range []int{0, 14, 68, 69, 99} {
		if got, want := shortYear(fmt.Sprintf("%02d", yy)), digest.FullYear(yy); got != want {
			t.Errorf("'%02d: %d, want %d", yy, got, want)
		}
	}
}
