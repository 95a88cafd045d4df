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
// To a member, who may not subscribe a channel ("Only editors and channel
// admins can subscribe channels."), it offered subscribe as if they could:
// it now says who can.
func TestStatusInADirectMessage(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		user, channel, want string
	}{
		{editorID, "D0DIRECT", "A direct message cannot receive the edition: `/shared subscribe` in a channel sends each edition there."},
		{memberID, "D0DIRECT", "A direct message cannot receive the edition: an editor or a channel admin can send each edition to a channel with `/shared subscribe` there."},
		{editorID, "", "This channel is not subscribed: `/shared subscribe` sends each edition here."},
		{memberID, "", "This channel is not subscribed: an editor or a channel admin can send each edition here with `/shared subscribe`."},
	} {
		var got string
		if tc.channel == "" {
			got = allText(f.command(tc.user, "status"))
		} else {
			got = allText(f.commandIn(tc.user, tc.channel, "status"))
		}
		if !strings.Contains(got, tc.want) || tc.channel != "" && strings.Contains(got, "sends each edition here") {
			t.Errorf("status from %s in %q: want %q in\n%s", tc.user, tc.channel, tc.want, got)
		}
	}
}
