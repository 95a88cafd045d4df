package search

import (
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestSearchInvisibleCharacterInsideAWord: a soft hyphen, a zero-width
// space, a word joiner or a byte order mark pasted inside a word (from a
// document, a web page or a mail) is no break in it, as stored stories
// have them removed (digest.Unprintable): "Peter\u00adborough" is
// Peterborough, found whole with no note that only some words matched,
// not "Peter" and "borough". Between words it still parts them.
func TestSearchInvisibleCharacterInsideAWord(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Peterborough CCG contract signed"},
		digest.Story{Headline: "Borough council shares staff"},
		digest.Story{Headline: "Peter Smith named chief executive"},
		digest.Story{Headline: "Fire deaths fall by 5%"},
	)
	for _, query := range []string{"Peter\u00adborough", "Peter\u200bborough", "Peter\u2060borough", "\ufeffPeter\u00adborough\u200b"} {
		res := search(t, s, query)
		if len(res.Query.Parts) != 1 || res.Query.Parts[0].Typed != "Peterborough" {
			t.Errorf("%q: parts %+v, want one, Peterborough", query, res.Query.Parts)
		}
		if got := fullMatches(res); len(got) != 1 || got[0] != "Peterborough CCG contract signed" || res.Note() != "" {
			t.Errorf("%q: %q, note %q; want the Peterborough story alone, no note", query, got, res.Note())
		}
	}
	checkEachFullMatch(t, s, map[string][]string{
		"fire\u200b deaths": {"Fire deaths fall by 5%"},
		"fire \u00addeaths": {"Fire deaths fall by 5%"},
	})
}
