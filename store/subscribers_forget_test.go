package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A reader who signs up again gets a new confirmation link, good for
// seven days from that mail (PRODUCT.md 11): the sign-up is forgotten
// seven days after the last confirmation mail, not the first.
func TestForgetUnconfirmedKeepsALinkSentThisWeek(t *testing.T) {
	ctx := context.Background()
	s, now := openTest(t)
	const week = 7 * 24 * time.Hour
	in := SignUp{Address: "reader@example.org", Window: 24 * time.Hour, PerWindow: 3}
	first, err := s.RecordSignUp(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	*now = now.Add(6 * 24 * time.Hour)
	again, err := s.RecordSignUp(ctx, in) // a new mail, with a link good until day 13
	if err != nil || !again.Send || again.Subscriber.ID != first.Subscriber.ID {
		t.Fatalf("second sign-up = %+v, %v", again, err)
	}
	*now = now.Add(2 * 24 * time.Hour) // day 8: the first link has expired, the second has not
	if n, err := s.ForgetUnconfirmed(ctx, now.Add(-week)); err != nil || n != 0 {
		t.Fatalf("ForgetUnconfirmed on day 8 forgot %d (%v); want none: a link mailed on day 6 is good until day 13", n, err)
	}
	if _, err := s.ConfirmSubscriber(ctx, first.Subscriber.ID, again.Subscriber.ConfirmNonce, nil); err != nil {
		t.Fatalf("the link mailed on day 6, used on day 8: %v", err)
	}
	// One never confirmed is forgotten a week after its last mail.
	other := SignUp{Address: "other@example.org", Window: 24 * time.Hour, PerWindow: 3}
	if _, err := s.RecordSignUp(ctx, other); err != nil {
		t.Fatal(err)
	}
	*now = now.Add(week + time.Second)
	if n, err := s.ForgetUnconfirmed(ctx, now.Add(-week)); err != nil || n != 1 {
		t.Errorf("a week after its only mail: forgot %d (%v), want 1", n, err)
	}
}

// A sign-up whose only confirmation mail the server refused for good is
// forgotten; a reader a mail did reach, or one confirmed already (changing
// their sectors), is kept whatever a later mail met.
func TestForgetRefusedSignUpKeepsReadersAMailReached(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	in := func(address string) SignUp { return SignUp{Address: address, Window: 24 * time.Hour, PerWindow: 3} }
	signUp := func(address string) Subscriber {
		t.Helper()
		res, err := s.RecordSignUp(ctx, in(address))
		if err != nil {
			t.Fatal(err)
		}
		return res.Subscriber
	}
	refused := signUp("nobody@example.org")
	reached := signUp("reader@example.org") // its first mail went
	signUp("reader@example.org")
	confirmed := signUp("ana@example.org")
	if _, err := s.ConfirmSubscriber(ctx, confirmed.ID, confirmed.ConfirmNonce, nil); err != nil {
		t.Fatal(err)
	}
	signUp("ana@example.org")
	for _, c := range []struct {
		sub  Subscriber
		want bool
	}{{refused, true}, {reached, false}, {confirmed, false}} {
		if err := s.ConfirmationUnsent(ctx, c.sub.ID); err != nil {
			t.Fatal(err)
		}
		if got, err := s.ForgetRefusedSignUp(ctx, c.sub.ID); err != nil || got != c.want {
			t.Errorf("%s: forgot %v (%v), want %v", c.sub.Address, got, err, c.want)
		}
	}
	if _, err := s.SubscriberByAddress(ctx, "nobody@example.org"); !errors.Is(err, ErrNotFound) {
		t.Errorf("the refused address is kept: %v", err)
	}
}
