package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// publishTo publishes a one-story edition to the given Slack channels.
func publishTo(t *testing.T, s *Store, now time.Time, channels ...string) Published {
	t.Helper()
	ctx := context.Background()
	st := submit(t, s, "https://example.org/one", "health")
	if _, err := s.Approve(ctx, Decision{StoryID: st.ID, By: ed}); err != nil {
		t.Fatal(err)
	}
	for _, ch := range channels {
		if _, err := s.Subscribe(ctx, Subscription{Platform: "slack", ChannelID: ch}); err != nil {
			t.Fatal(err)
		}
	}
	pub, err := s.Publish(ctx, Publication{Title: "T", Date: now})
	if err != nil {
		t.Fatal(err)
	}
	return pub
}

// TestDeliveryLedgerLifecycle walks deliveries through the worker's states:
// claimed, in flight with parts recorded, retried later, delivered or
// failed, and failures reported once the edition's delivery is over.
func TestDeliveryLedgerLifecycle(t *testing.T) {
	s, now := openTest(t)
	ctx := context.Background()
	pub := publishTo(t, s, *now, "C1", "C2")
	const w, lease = "worker-1", time.Minute
	due, err := dueAt(t, s, *now)
	if err != nil || len(due) != 2 {
		t.Fatalf("due = %+v, %v", due, err)
	}
	d1, ok, err := s.ClaimDelivery(ctx, due[0].ID, w, *now, lease)
	if err != nil || !ok || d1.State != DeliverySending || d1.LeaseOwner != w || !d1.LeaseUntil.Equal(now.Add(lease)) || d1.Error != "" {
		t.Fatalf("claim = %+v %v %v", d1, ok, err)
	}
	d2, _, _ := s.ClaimDelivery(ctx, due[1].ID, w, *now, lease)
	if err := s.RecordDeliveryPart(ctx, d1.ID, w, 2, "C1/1.0", now.Add(2*lease)); err != nil {
		t.Fatal(err)
	}
	retryAt := now.Add(30 * time.Second)
	if err := s.RetryDelivery(ctx, d1.ID, w, retryAt, "502", RetryFailed); err != nil {
		t.Fatal(err)
	}
	if err := s.FailDelivery(ctx, d2.ID, w, "channel_not_found"); err != nil {
		t.Fatal(err)
	}
	if due, _ := dueAt(t, s, *now); len(due) != 0 {
		t.Errorf("due before the retry time: %+v", due)
	}
	if _, ok, _ := s.ClaimDelivery(ctx, d1.ID, w, *now, lease); ok {
		t.Error("claimed before its retry time")
	}
	if f, _ := s.ClaimFailureReports(ctx, nil, time.Now(), time.Minute); len(f) != 0 {
		t.Errorf("failures reported while the edition is still delivering: %+v", f)
	}
	d1, ok, err = s.ClaimDelivery(ctx, d1.ID, "worker-2", retryAt, lease)
	if err != nil || !ok || d1.PartsSent != 2 || d1.MessageRef != "C1/1.0" || d1.Attempts != 1 || d1.Error != "502" {
		t.Fatalf("retried delivery = %+v %v %v", d1, ok, err)
	}
	if err := s.FinishDelivery(ctx, d1.ID, w, 3, "C1/1.0"); !errors.Is(err, ErrLeaseLost) {
		t.Errorf("the first worker finished a delivery the second one holds: %v", err)
	}
	if err := s.FinishDelivery(ctx, d1.ID, "worker-2", 3, "C1/1.0"); err != nil {
		t.Fatal(err)
	}
	failed, err := s.ClaimFailureReports(ctx, nil, time.Now(), time.Minute)
	if err != nil || len(failed) != 1 || failed[0].ChannelID != "C2" {
		t.Fatalf("unreported = %+v, %v", failed, err)
	}
	if f, _ := s.ClaimFailureReports(ctx, nil, time.Now(), time.Minute); len(f) != 0 {
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
	if ds[0].State != DeliveryDelivered || ds[0].Attempts != 2 || ds[0].PartsSent != 3 || ds[0].LeaseOwner != "" ||
		ds[1].State != DeliveryFailed {
		t.Errorf("ledger = %+v", ds)
	}
}

// TestLeasesKeepDeliveriesToOneWorker: a claimed delivery cannot be claimed
// again while its lease runs, even by the same worker; a renewed lease
// holds it longer; once the lease runs out another worker takes it over,
// marked interrupted, and the first worker's writes are refused. A
// released delivery is taken over at once, whatever its last holder
// renews after.
func TestLeasesKeepDeliveriesToOneWorker(t *testing.T) {
	s, now := openTest(t)
	ctx := context.Background()
	publishTo(t, s, *now, "C1", "C2")
	due, _ := dueAt(t, s, *now)
	id := due[0].ID
	const lease = 10 * time.Second
	if _, ok, err := s.ClaimDelivery(ctx, id, "a", *now, lease); !ok || err != nil {
		t.Fatalf("first claim: %v %v", ok, err)
	}
	for _, w := range []string{"a", "b"} {
		if _, ok, _ := s.ClaimDelivery(ctx, id, w, now.Add(lease-time.Millisecond), lease); ok {
			t.Errorf("%s claimed a delivery under a running lease", w)
		}
	}
	if ids, err := s.RenewLeases(ctx, "a", now.Add(3*lease)); err != nil || len(ids) != 1 || ids[0] != id {
		t.Fatalf("renewed %v, %v", ids, err)
	}
	if _, ok, _ := s.ClaimDelivery(ctx, id, "b", now.Add(2*lease), lease); ok {
		t.Error("claimed a delivery whose lease was renewed")
	}
	if ids, err := s.RenewLeases(ctx, "b", now.Add(9*lease)); err != nil || len(ids) != 0 {
		t.Errorf("a worker renewed leases it never held: %v %v", ids, err)
	}
	d, ok, err := s.ClaimDelivery(ctx, id, "b", now.Add(3*lease), lease)
	if !ok || err != nil || d.LeaseOwner != "b" || d.Error != interruptedNote {
		t.Fatalf("takeover after the lease ran out = %+v %v %v", d, ok, err)
	}
	for name, write := range map[string]func() error{
		"record":  func() error { return s.RecordDeliveryPart(ctx, id, "a", 1, "x", now.Add(9*lease)) },
		"retry":   func() error { return s.RetryDelivery(ctx, id, "a", *now, "x", RetryFailed) },
		"fail":    func() error { return s.FailDelivery(ctx, id, "a", "x") },
		"release": func() error { return s.ReleaseDelivery(ctx, id, "a", time.Time{}) },
	} {
		if err := write(); !errors.Is(err, ErrLeaseLost) {
			t.Errorf("%s by the worker that lost the lease: %v", name, err)
		}
	}
	other := due[1].ID
	if _, ok, _ := s.ClaimDelivery(ctx, other, "a", *now, time.Hour); !ok {
		t.Fatal("claim of the second delivery")
	}
	if err := s.ReleaseDelivery(ctx, other, "a", time.Time{}); err != nil {
		t.Fatal(err)
	}
	// The worker that released it goes on renewing the claims it still
	// holds: that must not hold the released one again, or it waits out a
	// lease nobody works under, and for ever when that worker then stops.
	if ids, err := s.RenewLeases(ctx, "a", now.Add(time.Hour)); err != nil || len(ids) != 0 {
		t.Errorf("renewing its claims took back the delivery the worker released: %v %v", ids, err)
	}
	if d, ok, _ := s.ClaimDelivery(ctx, other, "b", *now, lease); !ok || d.Error != interruptedNote {
		t.Errorf("a released delivery was not taken over at once: %+v %v", d, ok)
	}
}

// TestDeliveryReleasedAsItsLeaseEndsWaitsForTheLease: a worker that stops
// an attempt because its lease is about to end before it could renew it
// (the database or the machine too slow) may have cancelled a post that
// still reaches the platform: the delivery is taken over only when the
// lease it was claimed under ends, so that the next worker's look in the
// channel finds that post rather than posting it again. Its last holder's
// renewals do not hold it again.
func TestDeliveryReleasedAsItsLeaseEndsWaitsForTheLease(t *testing.T) {
	s, now := openTest(t)
	ctx := context.Background()
	publishTo(t, s, *now, "C1")
	due, _ := dueAt(t, s, *now)
	id := due[0].ID
	const lease = 10 * time.Second
	if _, ok, err := s.ClaimDelivery(ctx, id, "a", *now, lease); !ok || err != nil {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if err := s.ReleaseDelivery(ctx, id, "a", now.Add(lease)); err != nil {
		t.Fatal(err)
	}
	if ids, err := s.RenewLeases(ctx, "a", now.Add(time.Hour)); err != nil || len(ids) != 0 {
		t.Errorf("renewing its claims took back the delivery the worker released: %v %v", ids, err)
	}
	if _, ok, _ := s.ClaimDelivery(ctx, id, "b", now.Add(lease-time.Millisecond), lease); ok {
		t.Error("a delivery released as its lease ended was taken over before the lease ended")
	}
	if d, ok, _ := s.ClaimDelivery(ctx, id, "b", now.Add(lease), lease); !ok || d.Error != interruptedNote {
		t.Errorf("a delivery released as its lease ended was not taken over once it had: %+v %v", d, ok)
	}
}

// TestDeliveryReleasedAsItsLeaseEndsIgnoresARenewalMeanwhile: a worker
// frozen past its lease stops an attempt for the lease it knew while its
// renewal, woken at the same moment, writes a new one: the delivery is
// taken over when the lease the worker knew ends, not the renewed one,
// under which nobody sends.
func TestDeliveryReleasedAsItsLeaseEndsIgnoresARenewalMeanwhile(t *testing.T) {
	s, now := openTest(t)
	ctx := context.Background()
	publishTo(t, s, *now, "C1")
	due, _ := dueAt(t, s, *now)
	id := due[0].ID
	const lease = 10 * time.Second
	if _, ok, err := s.ClaimDelivery(ctx, id, "a", *now, lease); !ok || err != nil {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if ids, err := s.RenewLeases(ctx, "a", now.Add(time.Hour)); err != nil || len(ids) != 1 {
		t.Fatalf("renew: %v %v", ids, err)
	}
	if err := s.ReleaseDelivery(ctx, id, "a", now.Add(lease)); err != nil {
		t.Fatal(err)
	}
	if d, ok, _ := s.ClaimDelivery(ctx, id, "b", now.Add(lease), lease); !ok || d.Error != interruptedNote {
		t.Errorf("a delivery released as the lease its worker knew ended was not taken over then: %+v %v", d, ok)
	}
}

// dueAt is what a worker could claim at a given time: the open deliveries
// (OpenDeliveries) whose next attempt has come.
func dueAt(t *testing.T, s *Store, at time.Time) ([]Delivery, error) {
	t.Helper()
	open, err := s.OpenDeliveries(context.Background())
	var due []Delivery
	for _, d := range open {
		if !d.NextAttempt.After(at) && !d.LeaseUntil.After(at) {
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

// TestUnsubscribingSkipsDeliveriesNotYetBegun: a channel unsubscribed while
// its copy of an edition waits (queued behind others, or backing off
// through an outage) is told "This channel will no longer receive Shared
// News.", so that copy is skipped, saying why, as a reader's unsubscribed
// mail is. A copy already begun (a part posted), being posted right now,
// or whose last try may have posted its first part (an error kept until
// the worker looks in the channel) is left: a half-posted edition would
// be worse (the worker skips the last kind once it finds nothing there).
func TestUnsubscribingSkipsDeliveriesNotYetBegun(t *testing.T) {
	s, now := openTest(t)
	ctx := context.Background()
	pub := publishTo(t, s, *now, "C1", "C2", "C3", "C4")
	ds := pub.Deliveries
	const w, lease = "worker-1", time.Minute
	// C2 failed once and waits for its retry; C3 posted a part and waits;
	// C4 is being posted.
	for _, d := range ds[1:] {
		if _, ok, err := s.ClaimDelivery(ctx, d.ID, w, *now, lease); !ok || err != nil {
			t.Fatalf("claim %s: %v %v", d.ChannelID, ok, err)
		}
	}
	if err := s.RetryDelivery(ctx, ds[1].ID, w, now.Add(time.Minute), "slack server error: 503", RetryFailed); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordDeliveryPart(ctx, ds[2].ID, w, 1, "C3/1.0", now.Add(lease)); err != nil {
		t.Fatal(err)
	}
	if err := s.RetryDelivery(ctx, ds[2].ID, w, now.Add(time.Minute), "slack server error: 503", RetryFailed); err != nil {
		t.Fatal(err)
	}
	for _, ch := range []string{"C1", "C2", "C3", "C4"} {
		if err := s.Unsubscribe(ctx, "slack", ch); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Deliveries(ctx, pub.Edition.Edition.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []DeliveryState{DeliverySkipped, DeliveryPending, DeliveryPending, DeliverySending}
	for i, d := range got {
		if d.State != want[i] {
			t.Errorf("%s: %s, want %s", d.ChannelID, d.State, want[i])
		}
		if d.State == DeliverySkipped && d.Error != "the channel unsubscribed" {
			t.Errorf("%s skipped saying %q", d.ChannelID, d.Error)
		}
	}
	if err := s.FinishDelivery(ctx, ds[3].ID, w, 1, "C4/1.0"); err != nil {
		t.Errorf("the delivery being posted could not finish: %v", err)
	}
}

// TestDeliveryWaitsAcrossClockStepBack steps the store's clock back an
// hour between a retry, a lease and the next look at them: each waits as
// long as it was set for, from the step, not the hour more its absolute
// time would make it, and the lease of a worker still sending holds
// against another worker for as long as it was taken.
func TestDeliveryWaitsAcrossClockStepBack(t *testing.T) {
	s, now := openTest(t)
	ctx := context.Background()
	publishTo(t, s, *now, "C1", "C2")
	ds, err := dueAt(t, s, *now)
	if err != nil || len(ds) != 2 {
		t.Fatalf("due = %+v, %v", ds, err)
	}
	const lease, retry = time.Minute, 5 * time.Minute
	for _, d := range ds {
		if _, ok, err := s.ClaimDelivery(ctx, d.ID, "a", *now, lease); !ok || err != nil {
			t.Fatalf("claim %d: %v %v", d.ID, ok, err)
		}
	}
	if err := s.RetryDelivery(ctx, ds[0].ID, "a", now.Add(retry), "502", RetryFailed); err != nil {
		t.Fatal(err)
	}
	*now = now.Add(-time.Hour) // an NTP correction
	stepped := *now
	if n, err := s.RebaseDeliveryWaits(ctx); err != nil || n != 2 {
		t.Fatalf("rebased %d, %v; want 2", n, err)
	}
	if n, err := s.RebaseDeliveryWaits(ctx); err != nil || n != 0 {
		t.Fatalf("rebased again %d, %v; want 0", n, err)
	}
	claim := func(id int64, owner string, at time.Duration) bool {
		t.Helper()
		_, ok, err := s.ClaimDelivery(ctx, id, owner, stepped.Add(at), lease)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if claim(ds[1].ID, "b", lease-time.Millisecond) {
		t.Error("another worker took a lease over before it ran out")
	}
	if claim(ds[0].ID, "b", retry-time.Millisecond) {
		t.Error("a retry was tried before its wait")
	}
	if !claim(ds[1].ID, "b", lease) {
		t.Errorf("a lease run out %s after the clock stepped back is still held", lease)
	}
	if !claim(ds[0].ID, "b", retry) {
		t.Errorf("a retry due %s after the clock stepped back is not tried", retry)
	}
}
