package bot

import (
	"strings"
	"testing"
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
