package slack

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/archive"
)

// TestSearchWithNothingMatchingShowsTheSuggestionsStories: on the
// newsletter's past editions, `/shared search colaboration` matched
// nothing and answered only "Did you mean *collaboration*?", so the reader
// had to type again. It now lists the stories for "collaboration", says
// so, and still offers the suggestion in Slack's markup.
func TestSearchWithNothingMatchingShowsTheSuggestionsStories(t *testing.T) {
	f := newFixture(t)
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
