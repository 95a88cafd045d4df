package slack

import (
	"context"
	"strings"
	"testing"
)

// TestSubmitWithTheLinkAfterWords: members write a submission as a
// sentence, "/shared submit Look at this <https://…>" (Slack sends the link
// in angle brackets). They were told "Only http and https links can be
// submitted.", which reads as wrong to someone who gave an https link. The
// refusal now says the link comes first, naming it, and nothing is queued.
func TestSubmitWithTheLinkAfterWords(t *testing.T) {
	f := newFixture(t)
	got := allText(f.command(memberID, "submit Look at this <https://news.example.org/story|news.example.org/story>, health"))
	want := "Only http and https links can be submitted. The link comes first: `/shared submit https://news.example.org/story`, then the sector and a note if you like."
	if !strings.Contains(got, want) {
		t.Errorf("answer:\n%s\nwant %q", got, want)
	}
	// A first word with no link after it is refused as before.
	if got := allText(f.command(memberID, "submit health")); strings.Contains(got, "comes first") ||
		!strings.Contains(got, "Only http and https links can be submitted.") {
		t.Errorf("submit health: %s", got)
	}
	if n, _ := f.store.QueueSize(context.Background()); n != 0 {
		t.Errorf("%d stories queued by refused submissions", n)
	}
}
