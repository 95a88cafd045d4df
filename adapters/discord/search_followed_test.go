package discord

import (
	"testing"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
)

// TestSearchWithNothingMatchingShowsTheSuggestionsStories: on the
// newsletter's past editions, /shared search colaboration answers with the
// stories for "collaboration", says so, and offers the suggestion in
// Discord's markup.
func TestSearchWithNothingMatchingShowsTheSuggestionsStories(t *testing.T) {
	f := newFixture(t, nil)
	adaptertest.ImportRealEditions(t, f.store)
	expect(t, "search colaboration", f.say(member, "search", str("words", "colaboration")), true,
		"Search: colaboration", "Nothing matches “colaboration”: these are the stories for “collaboration”.",
		"Only collaborative leadership can make communities succeed", "Did you mean **collaboration**?")
}

// TestSearchNamesTheEditionInDiscordsMarkup: words only an editor's intro
// has ("CoSocius", in the November 2014 edition's) are answered with that
// edition and the command that shows it, set as code in Discord's markdown.
func TestSearchNamesTheEditionInDiscordsMarkup(t *testing.T) {
	f := newFixture(t, nil)
	adaptertest.ImportRealEditions(t, f.store)
	expect(t, "search CoSocius", f.say(member, "search", str("words", "CoSocius")), true,
		"No story matches “CoSocius”, but the editor's words in edition ", "Read it with `/shared edition ")
}
