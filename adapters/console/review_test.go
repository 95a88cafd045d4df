package console

import (
	"strings"
	"testing"
)

// TestReviewLinesSayWhatChanged: the console is its own review channel,
// so each change to a story's card is a line. An edit to a waiting story
// printed "[review] #1: " and nothing else; it now says the story waits, as
// the edit left it, and who edited it.
func TestReviewLinesSayWhatChanged(t *testing.T) {
	got := session(t,
		"/shared submit https://e.org/1 health Two districts share a chief executive",
		"/shared edit 1 headline Two district councils agree to share a chief executive",
		"/shared edit 1 sector local-government",
		"/shared approve 1",
	)
	for _, want := range []string{
		"[review] #1 queued: https://e.org/1 (Health & Social Care)\n",
		"[review] #1 still queued: Two district councils agree to share a chief executive (Health & Social Care) — ",
		"[review] #1 still queued: Two district councils agree to share a chief executive (Local Government) — ",
		"[review] #1: Approved by @operator into Local Government\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the session lacks %q:\n%s", want, got)
		}
	}
	for _, line := range strings.Split(got, "\n") {
		if strings.HasPrefix(line, "[review]") && strings.HasSuffix(strings.TrimSpace(line), ":") {
			t.Errorf("a review line that says nothing: %q", line)
		}
	}
}
