package bot

import (
	"strings"
	"testing"
)

// TestCountGivenTwiceIsRefused: `queue 5 5` listed five stories as if the
// second number were read, and `news 5 5` said "Unknown sector `5`"; each
// now says to give the number once. A count with a sector is as before.
func TestCountGivenTwiceIsRefused(t *testing.T) {
	f := newFixture(t, nil)
	for cmd, want := range map[string]string{
		"queue 5 5":        "Give one number: how many of the oldest stories to list, such as `queue 20`.",
		"queue 5 health":   "Give one number: how many of the oldest stories to list",
		"news 5 5":         "Give the number of stories once, after the sector if there is one: such as `news health 10`.",
		"news 10 health 5": "Give the number of stories once",
	} {
		if r := f.say(editor, cmd); tone(r) != Problem || !strings.Contains(text(r), want) {
			t.Errorf("%s: %v %q, want %q", cmd, tone(r), text(r), want)
		}
	}
	for _, cmd := range []string{"queue 5", "news health 5", "news 5 health", "news blue light 3", "news"} {
		if r := f.say(editor, cmd); tone(r) == Problem {
			t.Errorf("%s: %q", cmd, text(r))
		}
	}
}
