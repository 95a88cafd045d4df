package store

import (
	"context"
	"testing"
)

// TestAnEditionRecordsWhetherItWasPublishedByHand: an edition published
// with Publication.ByHand reads back as published by hand, one published
// without it as the schedule's, and so does one published before the
// column was kept (0041): the time after it publishes as it always did.
func TestAnEditionRecordsWhetherItWasPublishedByHand(t *testing.T) {
	ctx := context.Background()
	s := openBefore(t, "edition_by_hand")
	if _, err := s.db.ExecContext(ctx, `INSERT INTO editions (number, state, title, date, created_at, published_at)
		VALUES (1, 'published', 'Before', '2026-11-19', 1, ?)`, day("2026-11-19").Unix()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if latest, err := s.LatestEdition(ctx); err != nil || latest.ByHand {
		t.Errorf("the edition published before 0041: by hand %t, %v", latest.ByHand, err)
	}
	for i, byHand := range []bool{true, false} {
		approve(t, s, "https://example.org/"+string(rune('a'+i)), "health")
		pub, err := s.Publish(ctx, Publication{Title: "T", Date: day("2026-11-26").AddDate(0, 0, 7*i), ByHand: byHand})
		if err != nil {
			t.Fatal(err)
		}
		latest, err := s.LatestEdition(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if pub.Edition.ByHand != byHand || latest.ByHand != byHand || latest.Edition.Number != i+2 {
			t.Errorf("edition %d published by hand %t reads back %t (latest %d, %t)", pub.Edition.Edition.Number, byHand, pub.Edition.ByHand, latest.Edition.Number, latest.ByHand)
		}
	}
}
