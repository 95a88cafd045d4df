package classify

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

func TestFromStore(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, "")
	var stories []digest.Story
	for i, s := range []struct {
		headline, sector string
		state            digest.State
	}{
		{"Durian growers share a depot", "housing", digest.StateApproved},
		{"Durian depot opens", "housing", digest.StatePublished},
		{"Durian tax for councils", "local-government", digest.StateRejected},
		{"Durian festival", "retired-sector", digest.StateApproved},
	} {
		stories = append(stories, digest.Story{URL: fmt.Sprintf("https://example.org/%d", i), Headline: s.headline, Sector: s.sector, State: s.state})
	}
	if err := st.AddStories(ctx, stories); err != nil {
		t.Fatal(err)
	}
	m, err := FromStore(ctx, defaultSectors(), st)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Stats(); got != (Stats{Examples: 2, Ignored: 1}) {
		t.Errorf("Stats = %+v, want 2 examples and 1 ignored", got)
	}
	if got := m.Classify(Input{Headline: "Durian news"}).Sector; got != "housing" {
		t.Errorf("after learning from the store: %s, want housing", got)
	}

	// Decisions after start-up replace what was read, never add to it:
	// the approved story #1 is re-sectored, the published #2 comes again.
	s1, err := st.Story(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	s1.Sector = "health"
	s2, err := st.Story(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []digest.Story{s1, s2} {
		if err := m.LearnStory(s); err != nil {
			t.Fatal(err)
		}
	}
	if got := m.Stats().Examples; got != 2 {
		t.Errorf("after later decisions: %d examples, want still 2", got)
	}
	want := New(defaultSectors())
	for _, ex := range []Example{{Headline: s1.Headline, Sector: "health"}, {Headline: s2.Headline, Sector: "housing"}} {
		if err := want.Learn(ex); err != nil {
			t.Fatal(err)
		}
	}
	assertSameModel(t, m, want)
}

type failingSource struct{}

func (failingSource) TrainingExamples(context.Context) ([]store.TrainingExample, error) {
	return nil, errors.New("disk on fire")
}

func TestFromStoreError(t *testing.T) {
	_, err := FromStore(context.Background(), defaultSectors(), failingSource{})
	if err == nil || err.Error() != "build sector model: disk on fire" {
		t.Errorf("err = %v", err)
	}
}
