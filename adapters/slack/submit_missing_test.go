package slack

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestSubmitOfAMissingPageIsAnsweredAndStoresNothing: Slack's slash
// command is acknowledged at once and answered later through its
// response_url; a link whose page does not exist (the site answers 404)
// is answered there with the sentence that says so, and nothing is
// queued: no story, no review card.
func TestSubmitOfAMissingPageIsAnsweredAndStoresNothing(t *testing.T) {
	f := newFixture(t)
	site := httptest.NewServer(http.HandlerFunc(http.NotFound))
	t.Cleanup(site.Close)
	got := allText(f.command(memberID, "submit "+site.URL+"/nwes/1 health"))
	want := "I couldn't find that page (" + site.URL + "/nwes/1 answered 404 Not Found). Check the link and submit it again."
	if !strings.Contains(got, want) {
		t.Errorf("answer: %s\nwant %q", got, want)
	}
	if n, err := f.store.QueueSize(context.Background()); n != 0 || err != nil {
		t.Errorf("queue: %d (%v), want nothing queued", n, err)
	}
	time.Sleep(50 * time.Millisecond) // a card posted in error would show by now
	if posts := f.slack.Calls("chat.postMessage"); len(posts) != 0 {
		t.Errorf("posted %d messages (a review card?): %+v", len(posts), posts)
	}
}
