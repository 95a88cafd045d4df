package delivery

import (
	"errors"
	"fmt"
	"testing"
)

// TestRefusedWordsEachStatus: a platform's refusal of a post is worded
// for the editors by its status when the adapter knows no better reason,
// by the adapter's reason when it does, and left to the adapter (nil)
// when the status is no refusal or a rate limit, whose wait it reads.
func TestRefusedWordsEachStatus(t *testing.T) {
	cause := errors.New("the platform's answer")
	for _, c := range []struct {
		status    int
		why       string
		want      string
		permanent bool
	}{
		{403, "", "Chat does not let the bot post in the channel (HTTP 403)", true},
		{404, "", "the channel no longer exists (HTTP 404)", true},
		{400, "", "Chat refused the message (HTTP 400)", true},
		{403, "the bot cannot see the channel", "the bot cannot see the channel (HTTP 403)", true},
		{502, "", "Chat had a server error (HTTP 502)", false},
		{429, "", "", false},
		{200, "", "", false},
	} {
		ref := fmt.Sprintf("(HTTP %d)", c.status)
		err := Refused("Chat", c.status, c.why, ref, cause)
		var permanent *PermanentError
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%d: %v, want nil", c.status, err)
		case c.want == "":
		case err == nil || Reason("Chat", err) != c.want || errors.As(err, &permanent) != c.permanent || !errors.Is(err, cause):
			t.Errorf("%d %q: %v (%T), want %q", c.status, c.why, err, err, c.want)
		}
	}
}
