package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

func TestTrainingExamples(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, "")
	got, err := st.TrainingExamples(ctx)
	if err != nil || len(got) != 0 {
		t.Fatalf("empty database: %v, %v", got, err)
	}

	stories := []digest.Story{
		{Headline: "Trusts merge", Summary: "Two NHS trusts merge.", Source: "HSJ", Sector: "health", SuggestedSector: "other", State: digest.StateApproved},
		{Headline: "Queued story", Sector: "housing", State: digest.StateQueued},
		{Headline: "Rejected story", Sector: "housing", State: digest.StateRejected},
		{Headline: "Newswire story", Sector: "housing", State: digest.StateNewswire},
		{Headline: "Police share HQ", Sector: "blue-light", State: digest.StatePublished},
		{Headline: "No sector", Sector: "", State: digest.StateApproved},
	}
	for i := range stories {
		stories[i].URL = fmt.Sprintf("https://example.org/%d", i)
	}
	if err := st.AddStories(ctx, stories); err != nil {
		t.Fatal(err)
	}
	got, err = st.TrainingExamples(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.TrainingExample{
		{ID: 1, Headline: "Trusts merge", Summary: "Two NHS trusts merge.", Source: "HSJ", Sector: "health", State: digest.StateApproved},
		{ID: 5, Headline: "Police share HQ", Sector: "blue-light", State: digest.StatePublished},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("TrainingExamples = %+v\nwant %+v", got, want)
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := st.TrainingExamples(cancelled); err == nil {
		t.Error("a cancelled context did not stop the query")
	}
}
