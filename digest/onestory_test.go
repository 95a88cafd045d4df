package digest

import "testing"

// TestMayBeOneStory: two texts are one story's when their summaries are
// the same (whatever the case and punctuation) or their headlines share
// half the long words of the shorter; they are two stories' when neither,
// with a summary on each side or not; and without a long word in each
// headline, nothing tells them apart.
func TestMayBeOneStory(t *testing.T) {
	story := func(headline, summary string) Story { return Story{Headline: headline, Summary: summary} }
	for _, c := range []struct {
		name string
		a, b Story
		want bool
	}{
		{"same summary, another headline",
			story("Two councils share a chief executive", "The two districts agreed on Tuesday."),
			story("Library services go to a trust", "the two districts agreed on tuesday"), true},
		{"headline reworded",
			story("Two councils share a chief executive", "The two districts agreed on Tuesday."),
			story("Two councils agree to share one chief executive", "A new summary, written since."), true},
		{"half the shorter's long words",
			story("Councils share chief executive", "One."),
			story("Councils merge their libraries and chief officers", "Two."), true},
		{"fewer than half",
			story("Councils share chief executive officers", "One."),
			story("Councils merge libraries", "Two."), false},
		{"other text altogether",
			story("Two councils share a chief executive", "The two districts agreed on Tuesday."),
			story("Library services go to a trust", "The county's libraries will be run by a charity."), false},
		{"no summary on one side",
			story("Two councils share a chief executive", ""),
			story("Library services go to a trust", "The county's libraries will be run by a charity."), false},
		{"no summary on either side",
			story("Two councils share a chief executive", ""),
			story("Library services go to a trust", ""), false},
		{"no summary, headline reworded",
			story("Two councils share a chief executive", ""),
			story("Two councils agree to share one chief executive", "A summary, written since."), true},
		{"no long word in a headline",
			story("A bus to go", "One."),
			story("Library services go to a trust", "Two."), true},
		{"short words do not count",
			story("Two new bus lanes for city", "One."),
			story("Two new bus stops for town", "Two."), false},
	} {
		if got := MayBeOneStory(c.a, c.b); got != c.want {
			t.Errorf("%s: MayBeOneStory = %v, want %v", c.name, got, c.want)
		}
		if got := MayBeOneStory(c.b, c.a); got != c.want {
			t.Errorf("%s (the other way): MayBeOneStory = %v, want %v", c.name, got, c.want)
		}
	}
}
