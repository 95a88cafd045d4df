package discord

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/sharednews/sharednews/archive"
)

// TestSearchWithNothingMatchingShowsTheSuggestionsStories: on the
// newsletter's past editions, /shared search colaboration answers with the
// stories for "collaboration", says so, and offers the suggestion in
// Discord's markup.
func TestSearchWithNothingMatchingShowsTheSuggestionsStories(t *testing.T) {
	f := newFixture(t, nil)
	files, err := filepath.Glob("../../../shared/testdata/digests/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no digests: %v", err)
	}
	for _, name := range files {
		r, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		eds, err := archive.Parser{Sectors: f.bot.Sectors()}.Parse(name, r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range eds {
			if _, err := f.store.ImportEdition(context.Background(), e.Edition()); err != nil {
				t.Fatal(err)
			}
		}
	}
	expect(t, "search colaboration", f.say(member, "search", str("words", "colaboration")), true,
		"Search: colaboration", "Nothing matches “colaboration”: these are the stories for “collaboration”.",
		"Only collaborative leadership can make communities succeed", "Did you mean **collaboration**?")
}
