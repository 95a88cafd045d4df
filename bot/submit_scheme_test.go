package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/store"
)

// TestSubmitOfTheOtherSchemeIsADuplicate: a member who submits the https
// spelling of a link stored as http (or the other way round) names the
// same page: it is a duplicate, not a second story.
func TestSubmitOfTheOtherSchemeIsADuplicate(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t)
	if r := f.say(member, "submit "+page.URL+"/story health"); tone(r) != Success {
		t.Fatalf("submit: %q", text(r))
	}
	r := f.say(editor, "submit "+strings.Replace(page.URL, "http://", "https://", 1)+"/story")
	if tone(r) != Problem || !strings.Contains(text(r), "Already in the queue as #1, submitted by @ana on") {
		t.Errorf("https spelling: %q", text(r))
	}
}

// TestResubmitOfAHashBangLinkStoredBefore: a release before dropped every
// fragment, so a member's "…/story#!/news/41" was stored as "…/story"; after
// the upgrade, which keeps such a route, the same link submitted again is
// that story, not a second copy in the queue. A route of the page whose
// headline is another is a story of its own.
func TestResubmitOfAHashBangLinkStoredBefore(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t)
	// As the release before stored "…/story#!/news/41".
	if r := f.say(member, "submit "+page.URL+"/story health"); tone(r) != Success {
		t.Fatalf("submit: %q", text(r))
	}
	r := f.say(member, "submit "+page.URL+"/story#!/news/41")
	if tone(r) != Problem || !strings.Contains(text(r), "Already in the queue as #1, submitted by @ana on") {
		t.Errorf("the same link after the upgrade: %q", text(r))
	}
	if r := f.say(member, "submit "+page.URL+"/other health"); tone(r) != Success {
		t.Fatalf("submit: %q", text(r))
	}
	other := "Another headline"
	if _, err := f.store.EditStory(context.Background(), 2, store.StoryEdit{Headline: &other}); err != nil {
		t.Fatal(err)
	}
	if r := f.say(member, "submit "+page.URL+"/other#!/news/42"); tone(r) != Success || !strings.Contains(text(r), "Queued as #3") {
		t.Errorf("another route: %q", text(r))
	}
}
