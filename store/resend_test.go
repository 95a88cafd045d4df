package store

import (
	"context"
	"testing"
	"time"
)

// settle claims a delivery as worker w and settles it: "delivered",
// "failed" (with parts posted first), or left pending after a failed try.
func settle(t *testing.T, s *Store, now time.Time, d Delivery, how string, parts int) {
	t.Helper()
	ctx := context.Background()
	const w = "worker-1"
	if _, ok, err := s.ClaimDelivery(ctx, d.ID, w, now, time.Minute); !ok || err != nil {
		t.Fatalf("claim %s: %v %v", d.ChannelID, ok, err)
	}
	if parts > 0 {
		if err := s.RecordDeliveryPart(ctx, d.ID, w, parts, d.ChannelID+"/1.0", now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	switch how {
	case "delivered":
		err = s.FinishDelivery(ctx, d.ID, w, parts, d.ChannelID+"/1.0")
	case "failed":
		err = s.FailDelivery(ctx, d.ID, w, "the bot is not a member of the channel (Slack error not_in_channel)")
	}
	if err != nil {
		t.Fatal(err)
	}
}

// byChannel is an edition's ledger by channel.
func byChannel(t *testing.T, s *Store, editionID int64) map[string]Delivery {
	t.Helper()
	ds, err := s.Deliveries(context.Background(), editionID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Delivery{}
	for _, d := range ds {
		out[d.ChannelID] = d
	}
	return out
}

// TestSubscribingAgainSendsTheFailedCopy: a channel whose copy of an
// edition failed for good (the bot removed from it) could never get that
// edition: subscribing it again, once the cause is fixed, changed
// nothing. Now it puts the failed copy of the latest edition back in the
// queue, due at once with a fresh set of tries, its parts already posted
// and its error kept (so that the worker looks in the channel before
// posting the rest), and reported again should it fail again. It does so
// once; never for an older edition, nor for a copy delivered or skipped
// because the channel unsubscribed.
func TestSubscribingAgainSendsTheFailedCopy(t *testing.T) {
	s, now := openTest(t)
	ctx := context.Background()
	first := publishTo(t, s, *now, "CFAILED", "COLD", "COK", "CLEFT", "CBLANK")
	ds := byChannel(t, s, first.Edition.Edition.ID)
	settle(t, s, *now, ds["COLD"], "failed", 0)
	settle(t, s, *now, ds["COK"], "delivered", 1)
	settle(t, s, *now, ds["CFAILED"], "delivered", 1)
	settle(t, s, *now, ds["CLEFT"], "delivered", 1)
	settle(t, s, *now, ds["CBLANK"], "delivered", 1)
	if _, err := s.ClaimFailureReports(ctx, nil, time.Now(), time.Minute); err != nil {
		t.Fatal(err)
	}
	// A week later, edition 2: COLD's copy of it arrives; CFAILED's copy
	// fails after its first part, on 26 Nov; CLEFT unsubscribes before
	// its copy is sent.
	*now = now.AddDate(0, 0, 7)
	st := submit(t, s, "https://example.org/two", "health")
	if _, err := s.Approve(ctx, Decision{StoryID: st.ID, By: ed}); err != nil {
		t.Fatal(err)
	}
	second, err := s.Publish(ctx, Publication{Title: "T2", Date: *now})
	if err != nil {
		t.Fatal(err)
	}
	ds = byChannel(t, s, second.Edition.Edition.ID)
	settle(t, s, *now, ds["COLD"], "delivered", 1)
	settle(t, s, *now, ds["CFAILED"], "failed", 1)
	settle(t, s, *now, ds["COK"], "delivered", 1)
	if err := s.Unsubscribe(ctx, "slack", "CLEFT"); err != nil {
		t.Fatal(err)
	}
	// CBLANK's copy failed without a word (a reason the worker could not
	// put into one).
	if _, ok, err := s.ClaimDelivery(ctx, ds["CBLANK"].ID, "worker-1", *now, time.Minute); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if err := s.FailDelivery(ctx, ds["CBLANK"].ID, "worker-1", ""); err != nil {
		t.Fatal(err)
	}
	if failed, err := s.ClaimFailureReports(ctx, nil, time.Now(), time.Minute); err != nil || len(failed) != 2 {
		t.Fatalf("reported %+v, %v", failed, err)
	}

	*now = now.Add(26 * time.Hour)
	r, err := s.Subscribe(ctx, Subscription{Platform: "slack", ChannelID: "CFAILED"})
	if err != nil || r.Edition != 2 || !r.FailedAt.Equal(now.Add(-26*time.Hour)) {
		t.Fatalf("resubscribing CFAILED: %+v, %v; want edition 2, failed a day before", r, err)
	}
	d := byChannel(t, s, second.Edition.Edition.ID)["CFAILED"]
	if d.State != DeliveryPending || d.Attempts != 0 || d.PartsSent != 1 || d.MessageRef != "CFAILED/1.0" || d.Error == "" ||
		!d.NextAttempt.IsZero() || !d.UpdatedAt.Equal(*now) {
		t.Errorf("the copy sent again: %+v", d)
	}
	if r, err := s.Subscribe(ctx, Subscription{Platform: "slack", ChannelID: "CFAILED"}); err != nil || r.Edition != 0 {
		t.Errorf("subscribing again while it is on its way: %+v, %v", r, err)
	}
	// Sent again, a copy that failed without a word is marked all the
	// same, so that the worker looks in the channel before posting.
	if r, err := s.Subscribe(ctx, Subscription{Platform: "slack", ChannelID: "CBLANK"}); err != nil || r.Edition != 2 {
		t.Errorf("resubscribing CBLANK: %+v, %v", r, err)
	}
	if d := byChannel(t, s, second.Edition.Edition.ID)["CBLANK"]; d.State != DeliveryPending || d.Error != resentNote {
		t.Errorf("CBLANK sent again: %s %q", d.State, d.Error)
	}
	// Older editions, and copies delivered or skipped, are not sent again.
	for _, ch := range []string{"COLD", "COK", "CLEFT"} {
		if r, err := s.Subscribe(ctx, Subscription{Platform: "slack", ChannelID: ch}); err != nil || r.Edition != 0 {
			t.Errorf("%s: %+v, %v; want nothing sent again", ch, r, err)
		}
	}
	if d := byChannel(t, s, first.Edition.Edition.ID)["COLD"]; d.State != DeliveryFailed {
		t.Errorf("edition 1 to COLD: %s", d.State)
	}
	if d := byChannel(t, s, second.Edition.Edition.ID)["CLEFT"]; d.State != DeliverySkipped || d.Error != ChannelUnsubscribed {
		t.Errorf("edition 2 to CLEFT: %s %q", d.State, d.Error)
	}
	// Failing again, it is reported again (once the edition's other
	// copies are settled).
	settle(t, s, *now, d, "failed", 1)
	settle(t, s, *now, byChannel(t, s, second.Edition.Edition.ID)["CBLANK"], "delivered", 1)
	if failed, err := s.ClaimFailureReports(ctx, nil, time.Now(), time.Minute); err != nil || len(failed) != 1 || failed[0].ChannelID != "CFAILED" {
		t.Errorf("the second failure reported: %+v, %v", failed, err)
	}
}
