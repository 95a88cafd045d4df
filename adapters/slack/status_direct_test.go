package slack

import (
	"strings"
	"testing"
)

// TestStatusInADirectMessage: "/shared status" typed in a direct message
// said "This channel is not subscribed: `/shared subscribe` sends each
// edition here.", and the subscribe it offered is refused there (Slack
// lets the app post in no direct message between people). Status now says
// a direct message cannot receive the edition and where subscribe works.
func TestStatusInADirectMessage(t *testing.T) {
	f := newFixture(t)
	got := allText(f.commandIn(memberID, "D0DIRECT", "status"))
	if strings.Contains(got, "sends each edition here") ||
		!strings.Contains(got, "A direct message cannot receive the edition: `/shared subscribe` in a channel sends each edition there.") {
		t.Errorf("status in a direct message:\n%s", got)
	}
	if got := allText(f.command(memberID, "status")); !strings.Contains(got, "This channel is not subscribed: `/shared subscribe` sends each edition here.") {
		t.Errorf("status in a channel:\n%s", got)
	}
}
