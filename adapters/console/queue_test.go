package console

import (
	"strings"
	"testing"
)

// TestQueueSaysWhenItShowsPart: a queue longer than the list asked for says
// how much of it is shown; a list of the whole queue does not.
func TestQueueSaysWhenItShowsPart(t *testing.T) {
	got := session(t,
		"/shared submit https://e.org/1 health First story",
		"/shared submit https://e.org/2 health Second story",
		"/shared submit https://e.org/3 health Third story",
		"/shared queue 2",
		"/shared queue",
	)
	if n := strings.Count(got, "Showing the oldest 2 of 3 queued stories."); n != 1 {
		t.Errorf("the paging line appears %d times, want once (for /shared queue 2 only):\n%s", n, got)
	}
	// A list's story has its note under its name; the review card printed
	// when the story was queued has it as a field, less indented.
	if n := strings.Count(got, "\n    Note: Third story"); n != 1 {
		t.Errorf("the third story is listed %d times, want once (in the whole queue):\n%s", n, got)
	}
}
