package console

import (
	"strings"
	"testing"
)

// TestReviewLinesSayWhatChanged: the console is its own review channel,
// so each change to a story's card prints the card again. An edit to a
// waiting story printed "[review] #1: " and nothing else; it now says the
// story waits, as the edit left it, and who edited it. The card says what
// Slack's and Discord's say (the outline's words), in the same order.
func TestReviewLinesSayWhatChanged(t *testing.T) {
	got := session(t,
		"/shared submit https://e.org/1 health Two districts share a chief executive",
		"/shared edit 1 headline Two district councils agree to share a chief executive",
		"/shared edit 1 sector local-government",
		"/shared approve 1",
	)
	rest := got
	for _, want := range []string{
		"[review] New in the review queue: #1\n  https://e.org/1\n",
		"  Note: Two districts share a chief executive\n  Sector: Health & Social Care (suggested",
		"[review] New in the review queue: #1\n  Two district councils agree to share a chief executive\n",
		"  Sector: Health & Social Care (suggested", "\nEdited by @operator\n",
		"[review] New in the review queue: #1\n  Two district councils agree to share a chief executive\n",
		"  Sector: Local Government (suggested", "\nSector changed by @operator\n",
		"[review] Approved by @operator into Local Government\n  Two district councils agree to share a chief executive\n",
		"  Sector: Local Government\n",
	} {
		i := strings.Index(rest, want)
		if i < 0 {
			t.Fatalf("the session lacks %q after what came before:\n%s", want, got)
		}
		rest = rest[i+len(want):]
	}
	for _, line := range strings.Split(got, "\n") {
		if strings.HasPrefix(line, "[review]") && strings.HasSuffix(strings.TrimSpace(line), ":") {
			t.Errorf("a review line that says nothing: %q", line)
		}
	}
}
