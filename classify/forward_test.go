package classify

import (
	"math"
	"testing"
)

// TestHeldOutForwardLearnsOnlyEarlierEditions: each story is scored by a
// model that learned the editions before its own and none after, as the
// bot suggests this week's sectors from the weeks before: the same
// figures as a new model for every story that learns only those. The
// edition after "two" teaches that a shared chief executive is
// leadership; the story of "two" that has one is scored without it.
func TestHeldOutForwardLearnsOnlyEarlierEditions(t *testing.T) {
	editions := map[string][]Example{
		"one":   {{Headline: "Hospital trusts merge", Sector: "health"}, {Headline: "Councils merge planning", Sector: "local-government"}},
		"two":   {{Headline: "Police forces merge back offices", Sector: "blue-light"}, {Headline: "Hospital and council share a building", Sector: "local-government"}},
		"three": {{Headline: "Council and hospital share a chief executive", Sector: "leadership"}},
	}
	order := []string{"one", "two", "three"}
	labelled := []Labelled{
		{Example: Example{Headline: "Hospital and council share a chief executive", Sector: "leadership"}, Edition: "two"},
		{Example: Example{Headline: "Police and hospital share a building", Sector: "blue-light"}, Edition: "one"},
		{Example: Example{Headline: "Hospital trusts share a chief executive", Sector: "health"}, Edition: "three"},
		{Example: Example{Headline: "Councils share planning", Sector: "local-government"}, Edition: "not imported"},
	}
	got, err := HeldOutForward(defaultSectors(), DefaultParams(), editions, order, labelled)
	if err != nil {
		t.Fatal(err)
	}
	if got.Total != len(labelled) {
		t.Fatalf("total %d, want %d", got.Total, len(labelled))
	}
	for i, l := range labelled {
		// The slow way: a new model that learns the editions before the
		// story's own (every edition for a story of none).
		m := New(defaultSectors())
		for _, name := range order {
			if name == l.Edition {
				break
			}
			for _, ex := range editions[name] {
				if err := m.Learn(ex); err != nil {
					t.Fatal(err)
				}
			}
		}
		want := m.Classify(Input{Headline: l.Headline})
		p := got.Predictions[i]
		if p.Got != want.Sector || math.Abs(p.Confidence-want.Confidence) > 1e-9 || p.Group != l.Edition {
			t.Errorf("story %d (%s, edition %q): %s %.6f, learning only earlier editions gives %s %.6f", i, l.Headline, l.Edition, p.Got, p.Confidence, want.Sector, want.Confidence)
		}
	}
	if _, err := HeldOutForward(defaultSectors(), DefaultParams(), map[string][]Example{"one": {{Headline: "x", Sector: "nowhere"}}}, []string{"one"}, nil); err == nil {
		t.Error("an edition's story in an unknown sector: no error")
	}
}
