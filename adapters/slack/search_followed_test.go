package slack

import (
	"strings"
	"testing"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
)

// TestSearchWithNothingMatchingShowsTheSuggestionsStories: on the
// newsletter's past editions, `/shared search colaboration` matched
// nothing and answered only "Did you mean *collaboration*?", so the reader
// had to type again. It now lists the stories for "collaboration", says
// so, and still offers the suggestion in Slack's markup.
func TestSearchWithNothingMatchingShowsTheSuggestionsStories(t *testing.T) {
	f := newFixture(t)
	adaptertest.ImportRealEditions(t, f.store)
	ans := allText(f.command(memberID, "search colaboration"))
	for _, want := range []string{
		"Search: colaboration",
		"Nothing matches “colaboration”: these are the stories for “collaboration”.",
		"Only collaborative leadership can make communities succeed",
		"Did you mean *collaboration*?",
	} {
		if !strings.Contains(ans, want) {
			t.Errorf("search colaboration lacks %q:\n%s", want, ans)
		}
	}
	if strings.Contains(ans, "Nothing in the archive matches") {
		t.Errorf("search colaboration says nothing matched:\n%s", ans)
	}
}

// TestSearchNamesTheEditionInSlacksMarkup: words only an editor's intro
// has ("CoSocius", in the November 2014 edition's) are answered with that
// edition and the command that shows it, set as code in Slack's markup so
// it can be copied as it stands.
func TestSearchNamesTheEditionInSlacksMarkup(t *testing.T) {
	f := newFixture(t)
	adaptertest.ImportRealEditions(t, f.store)
	ans := allText(f.command(memberID, "search CoSocius"))
	for _, want := range []string{
		"No story matches “CoSocius”, but the editor's words in edition ",
		"Read it with `/shared edition ",
	} {
		if !strings.Contains(ans, want) {
			t.Errorf("search CoSocius lacks %q:\n%s", want, ans)
		}
	}
	if strings.Contains(ans, "Nothing in the archive matches") {
		t.Errorf("search CoSocius says nothing matched:\n%s", ans)
	}
}
