package bot

import (
	"strings"
	"testing"
)

// TestSubmitWhenTheReviewCardCannotBePosted: a member whose story was
// queued but whose review card the platform refused was told "The editor
// will review it", though no card shows it. The answer now says what is
// true: the story is queued, and the editor sees it in the queue command.
func TestSubmitWhenTheReviewCardCannotBePosted(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t)
	f.slack.cardsDown = true
	r := f.say(member, "submit "+page.URL+"/story health")
	want := "Thanks! Queued as #1: “Two NHS trusts agree to share a chief executive” (Health & Social Care). It is in the review queue, where the editor sees it with `/shared queue`."
	if tone(r) != Success || text(r) != want {
		t.Errorf("submit reply %q, want %q", text(r), want)
	}
	if strings.Contains(text(r), "will review it") {
		t.Errorf("submit reply promises a review no card shows: %q", text(r))
	}
	f.slack.cardsDown = false
	if r := f.say(member, "submit "+page.URL+"/other health"); !strings.HasSuffix(text(r), "The editor will review it.") {
		t.Errorf("with the card posted: %q", text(r))
	}
}
