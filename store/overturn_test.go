package store

import (
	"context"
	"errors"
	"testing"
	"time"

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
	s, w := openWatched(t)
	ann := digest.Person{Platform: "discord", ID: "D9", Name: "ann"}
	st := submit(t, s, "https://example.org/a", "health")
	var rejected bool
	w.changed = func(id int64) {
		if !rejected {
			rejected = true
			if _, err := s.Reject(ctx, Decision{StoryID: id, By: ann, Reason: "Covered last week"}); err != nil {
				t.Errorf("the rejection right after: %v", err)
			}
		}
	}
	a, err := s.Approve(ctx, Decision{StoryID: st.ID, By: ed, Sector: "housing"})
	if err != nil {
		t.Fatal(err)
	}
	got := a.Story
	if got.State != digest.StateApproved || got.DecidedBy != ed || got.Sector != "housing" {
		t.Errorf("Approve returned %s by %+v, not the story it left", got.State, got.DecidedBy)
	}
	if now, _ := s.Story(ctx, st.ID); now.State != digest.StateRejected {
		t.Errorf("stored: %s", now.State)
	}
}

// TestApproveAfterRejection: a story an editor rejected (by mistake, or
// thought better of) is approved after all into the draft, at the end of
// its running order; the approval says whose rejection it overturned, and
// the rejection's reason is gone with it. A waiting card's Approve
// (Decision.Waiting) still refuses it, and a published story stays
// refused however it is asked.
func TestApproveAfterRejection(t *testing.T) {
	ctx := context.Background()
	s, now := openTest(t)
	ann := digest.Person{Platform: "discord", ID: "D9", Name: "ann"}
	first := submit(t, s, "https://example.org/first", "health")
	rejected := submit(t, s, "https://example.org/rejected", "health")
	if _, err := s.Approve(ctx, Decision{StoryID: first.ID, By: ed}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Reject(ctx, Decision{StoryID: rejected.ID, By: ann, Reason: "Covered last week"}); err != nil {
		t.Fatal(err)
	}
	var se *StateError
	if _, err := s.Approve(ctx, Decision{StoryID: rejected.ID, By: ed, Waiting: true}); !errors.As(err, &se) || se.Story.State != digest.StateRejected {
		t.Fatalf("a waiting card's Approve of a rejected story: %v", err)
	}

	*now = now.Add(time.Hour)
	a, err := s.Approve(ctx, Decision{StoryID: rejected.ID, By: ed, Sector: "housing"})
	if err != nil {
		t.Fatalf("approving a rejected story after all: %v", err)
	}
	if !a.Overturned() || a.Before.DecidedBy != ann || a.Before.RejectReason != "Covered last week" {
		t.Errorf("the approval's story before: overturned %v, %+v", a.Overturned(), a.Before)
	}
	got := a.Story
	if got.State != digest.StateApproved || got.Sector != "housing" || got.DecidedBy != ed || !got.DecidedAt.Equal(*now) || got.RejectReason != "" {
		t.Errorf("approved after all: %+v", got)
	}
	draft, err := s.Draft(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(draft.Stories) != 2 || draft.Stories[1].ID != rejected.ID {
		t.Fatalf("draft after the approval: %+v", draft.Stories)
	}
	if plain, err := s.Approve(ctx, Decision{StoryID: submit(t, s, "https://example.org/plain", "health").ID, By: ed}); err != nil || plain.Overturned() {
		t.Errorf("an approval of a waiting story overturned something: %v, %+v", err, plain.Before)
	}

	if _, err := s.Publish(ctx, Publication{Title: "t"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Reject(ctx, Decision{StoryID: rejected.ID, By: ann}); !errors.As(err, &se) {
		t.Fatalf("rejecting a published story: %v", err)
	}
	if _, err := s.Approve(ctx, Decision{StoryID: rejected.ID, By: ed}); !errors.As(err, &se) || se.Story.State != digest.StatePublished {
		t.Fatalf("approving a published story: %v", err)
	}
}
