package store

import (
	"context"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestADecisionReturnsTheStoryItLeft: another editor's decision that lands
// just after a decision committed (a /shared reject of the story just
// approved) does not come back as that decision's story: the bot would
// show it under the first decision's words (a card saying "Approved by
// @ed" over a story rejected since, and the submitter told last that it
// was approved).
func TestADecisionReturnsTheStoryItLeft(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	ann := digest.Person{Platform: "discord", ID: "D9", Name: "ann"}
	st := submit(t, s, "https://example.org/a", "health")
	var rejected bool
	s.changed = func(id int64) {
		if !rejected {
			rejected = true
			if _, err := s.Reject(ctx, Decision{StoryID: id, By: ann, Reason: "Covered last week"}); err != nil {
				t.Errorf("the rejection right after: %v", err)
			}
		}
	}
	got, err := s.Approve(ctx, Decision{StoryID: st.ID, By: ed, Sector: "housing"})
	if err != nil {
		t.Fatal(err)
	}
	if got.State != digest.StateApproved || got.DecidedBy != ed || got.Sector != "housing" {
		t.Errorf("Approve returned %s by %+v, not the story it left", got.State, got.DecidedBy)
	}
	if now, _ := s.Story(ctx, st.ID); now.State != digest.StateRejected {
		t.Errorf("stored: %s", now.State)
	}
}
