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
