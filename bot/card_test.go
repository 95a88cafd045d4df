package bot

import (
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// TestReviewCardFacts: what every platform's card says about a story's
// sector and where it came from.
func TestReviewCardFacts(t *testing.T) {
	for _, c := range []struct {
		name              string
		card              ReviewCard
		suggestion, other string
	}{
		{"suggested", ReviewCard{Story: digest.Story{Sector: "health", SuggestedSector: "health"}}, "suggested", ""},
		{"not sure", ReviewCard{Story: digest.Story{Sector: "health", SuggestedSector: "health"}, NotSure: true}, "suggested, not sure", ""},
		{"filed elsewhere", ReviewCard{Story: digest.Story{Sector: "housing", SuggestedSector: "health"}, SuggestedName: "Health & Social Care"}, "", "Health & Social Care"},
		{"suggestion no longer configured", ReviewCard{Story: digest.Story{Sector: "housing", SuggestedSector: "gone"}}, "", "gone"},
		{"no suggestion", ReviewCard{Story: digest.Story{Sector: "housing"}}, "", ""},
	} {
		if got := c.card.Suggestion(); got != c.suggestion {
			t.Errorf("%s: Suggestion = %q, want %q", c.name, got, c.suggestion)
		}
		if got := c.card.OtherSuggestion(); got != c.other {
			t.Errorf("%s: OtherSuggestion = %q, want %q", c.name, got, c.other)
		}
	}
	if (ReviewCard{}).Waiting() != true || (ReviewCard{Outcome: "Approved by @ed into Housing"}).Waiting() {
		t.Error("a card waits exactly while it has no outcome")
	}
	at := time.Date(2024, 3, 3, 9, 15, 0, 0, time.UTC)
	member := digest.Story{Submitter: digest.Person{ID: "U1", Name: "Mason"}, CreatedAt: at}
	if got := Submitted(member, time.UTC); got != "submitted by @Mason on 3 Mar 09:15" {
		t.Errorf("Submitted(member) = %q", got)
	}
	if got := Submitted(digest.Story{CreatedAt: at}, time.UTC); got != "from the newswire" {
		t.Errorf("Submitted(newswire) = %q", got)
	}
}
