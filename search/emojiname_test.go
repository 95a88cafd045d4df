package search

import (
	"slices"
	"testing"
)

// TestSearchLeavesOutEmojiNames: an emoji written by its name, as Slack
// delivers every emoji in a command's text (":hospital:") and Discord a
// server's own ("<:fire:123…>"), is no word to search for, as an emoji
// typed as a character is not: the query finds what its words find, with
// nothing said to be missing. Read as words, ":hospital: NHS funds" put
// the story of Cambridge University Hospitals before the one about the
// NHS's funds, and ":rotating_light: organised crime" said no story has
// "rotating" or "light".
func TestSearchLeavesOutEmojiNames(t *testing.T) {
	s := New(importDigests(t))
	for _, tc := range []struct{ typed, words string }{
		{":hospital: NHS funds", "NHS funds"},
		{":rotating_light: organised crime", "organised crime"},
		{"Dorset :+1:", "Dorset"},
		{"fire deaths :fire::skin-tone-2:", "fire deaths"},
		{"<:fire:123456789012345678> deaths", "deaths"},
		{"<a:dance:123456789012345678> social care", "social care"},
	} {
		res, want := search(t, s, tc.typed), search(t, s, tc.words)
		if len(want.Hits) == 0 {
			t.Fatalf("%q finds nothing: the test compares nothing", tc.words)
		}
		if !slices.Equal(headlines(res.Hits), headlines(want.Hits)) || res.Partial != want.Partial || !slices.Equal(res.Missing, want.Missing) {
			t.Errorf("%q: %q, partial %v, missing %q; want %q, partial %v, missing %q as for %q", tc.typed, headlines(res.Hits), res.Partial,
				res.Missing, headlines(want.Hits), want.Partial, want.Missing, tc.words)
		}
	}
	// An emoji alone is nothing to search for.
	if q := Parse(":fire:"); q.Problem == "" || len(q.Parts) > 0 {
		t.Errorf(":fire: alone: parts %v, problem %q", q.Parts, q.Problem)
	}
	// Between colons but no emoji's name: a time, a ratio, a word with a
	// colon, an unclosed name; and a custom emoji's form without its ID.
	for _, typed := range []string{"10:30:", ":30:", "Care Act: funding", ":fire", "fire:", "<:fire:>", "<:fire:12a>", ":no spaces:"} {
		if q := Parse(typed); q.Text != typed {
			t.Errorf("%q is read as %q", typed, q.Text)
		}
	}
}
