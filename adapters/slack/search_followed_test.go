package slack

import (
	"strings"
	"testing"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
)

// searchAnswers runs `/shared search WORDS` on the newsletter's past
// editions and checks that the answer, in Slack's markup, has every one
// of want and does not say that nothing in the archive matches.
func searchAnswers(t *testing.T, words string, want ...string) {
	t.Helper()
	f := newFixture(t)
	adaptertest.ImportRealEditions(t, f.store)
	ans := allText(f.command(memberID, "search "+words))
	for _, w := range want {
		if !strings.Contains(ans, w) {
			t.Errorf("search %s lacks %q:\n%s", words, w, ans)
		}
	}
	if strings.Contains(ans, "Nothing in the archive matches") {
		t.Errorf("search %s says nothing matched:\n%s", words, ans)
	}
}

// TestSearchWithNothingMatchingShowsTheSuggestionsStories: on the
// newsletter's past editions, `/shared search colaboration` matched
// nothing and answered only "Did you mean *collaboration*?", so the reader
// had to type again. It now lists the stories for "collaboration", says
// so, and still offers the suggestion in Slack's markup.
func TestSearchWithNothingMatchingShowsTheSuggestionsStories(t *testing.T) {
	searchAnswers(t, "colaboration",
		"Search: colaboration",
		"Nothing matches “colaboration”: these are the stories for “collaboration”.",
		"Only collaborative leadership can make communities succeed",
		"Did you mean *collaboration*?")
}

// TestSearchNamesTheEditionInSlacksMarkup: words only an editor's intro
// has ("CoSocius", in the November 2014 edition's) are answered with that
// edition and the command that shows it, set as code in Slack's markup so
// it can be copied as it stands.
func TestSearchNamesTheEditionInSlacksMarkup(t *testing.T) {
	searchAnswers(t, "CoSocius",
		"No story matches “CoSocius”, but the editor's words in edition ",
		"Read it with `/shared edition ")
}
