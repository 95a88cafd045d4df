package search

import (
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestSearchSuggestsANameAsTheArchiveWritesIt: the did-you-mean for
// "dorest" offered "dorset", as typed in lower case; a name the archive
// writes with its capital (where no sentence begins, and never in lower
// case) is offered so, and an acronym in capitals. An everyday word is
// offered in lower case, though a headline begins with it.
func TestSearchSuggestsANameAsTheArchiveWritesIt(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Three Dorset councils propose shared working", Summary: "Dorset and Poole talk."},
		digest.Story{Headline: "Police in Dorset merge control rooms"},
		digest.Story{Headline: "Funding cut by HEFCE", Summary: "Universities respond to HEFCE."},
		digest.Story{Headline: "Devolution deal signed", Summary: "Devolution comes to the north."},
	)
	for typed, want := range map[string]string{
		"dorest":            "Dorset",
		"dorest councils":   "Dorset councils",
		"DOREST":            "DORSET",
		"hefec":             "HEFCE",
		"devoluton":         "devolution",
		`"dorest councils"`: `"Dorset councils"`,
	} {
		res := search(t, s, typed)
		if res.Suggestion == nil || res.Suggestion.Query != want {
			t.Errorf("%s: suggestion %+v, want %q", typed, res.Suggestion, want)
		}
	}
}
