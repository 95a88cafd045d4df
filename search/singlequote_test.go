package search

import (
	"slices"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestSearchSingleQuotesQuoteAPhrase: 'social care', typed in single
// quotes as many people type a phrase, was two words anywhere in a story;
// it is the phrase, as "social care" is, straight or typographic, and
// with a minus it leaves the phrase out. An apostrophe in a word or after
// a plural is the word's, as before.
func TestSearchSingleQuotesQuoteAPhrase(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Money for social care"},
		digest.Story{Headline: "Social workers care for children"},
		digest.Story{Headline: "Council's budget agreed"},
		digest.Story{Headline: "O'Brien named chief executive"},
		digest.Story{Headline: "City deal for devolution"},
		digest.Story{Headline: "Devolution talks stall"},
	)
	for q, want := range map[string][]string{
		`"social care"`:           {"Money for social care"},
		`'social care'`:           {"Money for social care"},
		`‘social care’`:           {"Money for social care"},
		`'social care' money`:     {"Money for social care"},
		`children -'social care'`: {"Social workers care for children"},
		`devolution -‘city deal’`: {"Devolution talks stall"},
		`council's budget`:        {"Council's budget agreed"},
		`councils' budgets`:       {"Council's budget agreed"},
		`O'Brien`:                 {"O'Brien named chief executive"},
		`'O'Brien'`:               {"O'Brien named chief executive"},
	} {
		res := search(t, s, q)
		if got := headlines(res.Hits); !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", q, got, want)
		}
	}
	if got := Quote(`'social care'`); got != "“social care”" {
		t.Errorf("Quote('social care') = %s, want “social care”", got)
	}
}
