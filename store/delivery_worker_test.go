package store

import (
	"context"
	"testing"
	"time"
)

// TestDeliveryLedgerLifecycle walks deliveries through the worker's states:
// due, in flight with parts recorded, retried later, delivered or failed,
// and failures reported once the edition's delivery is over.
func TestDeliveryLedgerLifecycle(t *testing.T) {
	s, now := openTest(t)
	ctx := context.Background()
	st := submit(t, s, "https://example.org/one", "health")
	if _, err := s.Approve(ctx, Decision{StoryID: st.ID, By: ed}); err != nil {
		t.Fatal(err)
	}
	for _, ch := range []string{"C1", "C2"} {
		if err := s.Subscribe(ctx, Subscription{Platform: "slack", ChannelID: ch}); err != nil {
			t.Fatal(err)
		}
	}
	pub, err := s.Publish(ctx, Publication{Title: "T", Date: *now})
	if err != nil {
		t.Fatal(err)
	}
	due, err := dueAt(t, s, *now)
	if err != nil || len(due) != 2 {
		t.Fatalf("due = %+v, %v", due, err)
	}
	d1, d2 := due[0], due[1]
	if err := s.StartDelivery(ctx, d1.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordDeliveryPart(ctx, d1.ID, 2, "C1/1.0"); err != nil {
		t.Fatal(err)
	}
	retryAt := now.Add(30 * time.Second)
	if err := s.RetryDelivery(ctx, d1.ID, retryAt, "502", true); err != nil {
		t.Fatal(err)
	}
	if err := s.FailDelivery(ctx, d2.ID, "channel_not_found"); err != nil {
		t.Fatal(err)
	}
	if due, _ := dueAt(t, s, *now); len(due) != 0 {
		t.Errorf("due before the retry time: %+v", due)
	}
	if at, ok := nextAttempt(t, s); !ok || !at.Equal(retryAt) {
		t.Errorf("next attempt %v %v, want %v", at, ok, retryAt)
	}
	if f, _ := s.UnreportedFailures(ctx); len(f) != 0 {
		t.Errorf("failures reported while the edition is still delivering: %+v", f)
	}
	due, _ = dueAt(t, s, retryAt)
	if len(due) != 1 || due[0].PartsSent != 2 || due[0].MessageRef != "C1/1.0" || due[0].Attempts != 1 || due[0].Error != "502" {
		t.Fatalf("retried delivery = %+v", due)
	}
	if err := s.FinishDelivery(ctx, d1.ID, 3, "C1/1.0"); err != nil {
		t.Fatal(err)
	}
	failed, err := s.UnreportedFailures(ctx)
	if err != nil || len(failed) != 1 || failed[0].ChannelID != "C2" {
		t.Fatalf("unreported = %+v, %v", failed, err)
	}
	if err := s.MarkReported(ctx, []int64{failed[0].ID}); err != nil {
		t.Fatal(err)
	}
	if f, _ := s.UnreportedFailures(ctx); len(f) != 0 {
		t.Errorf("reported twice: %+v", f)
	}
	if _, ok := nextAttempt(t, s); ok {
		t.Error("an open delivery remains")
	}
	rec, err := s.EditionByID(ctx, pub.Edition.Edition.ID)
	if err != nil || rec.Edition.Number != 1 || len(rec.Stories) != 1 {
		t.Errorf("edition by id = %+v, %v", rec, err)
	}
	ds, _ := s.Deliveries(ctx, pub.Edition.Edition.ID)
	if ds[0].State != DeliveryDelivered || ds[0].Attempts != 2 || ds[0].PartsSent != 3 || ds[1].State != DeliveryFailed {
		t.Errorf("ledger = %+v", ds)
	}
}

// dueAt is what the delivery worker sends at a given time: the open
// deliveries (OpenDeliveries) whose next attempt has come.
func dueAt(t *testing.T, s *Store, at time.Time) ([]Delivery, error) {
	t.Helper()
	open, err := s.OpenDeliveries(context.Background())
	var due []Delivery
	for _, d := range open {
		if !d.NextAttempt.After(at) {
			due = append(due, d)
		}
	}
	return due, err
}

// nextAttempt is the earliest next attempt among open deliveries.
func nextAttempt(t *testing.T, s *Store) (time.Time, bool) {
	t.Helper()
	open, err := s.OpenDeliveries(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var at time.Time
	for i, d := range open {
		if i == 0 || d.NextAttempt.Before(at) {
			at = d.NextAttempt
		}
	}
	return at, len(open) > 0
}
